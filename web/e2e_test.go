package web

import (
	"context"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/e2e"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
)

// TestBrowser drives the entry form in Chromium through e2e/run.mjs (playwright-core and
// axe-core), reaching it as http://fieldwork-office:PORT/ as a team on a network does: sign in
// with the keyboard, answer a standard, save, see the progress change, then a second
// inspector's stale save and its conflict page; then what a shared server needs (see run.mjs),
// with a second inspection served on the same computer. Screenshots and an accessibility check
// of every page at two sizes are kept in e2e/output/. It needs Debian's chromium and `npm ci`
// in e2e/; without them it is skipped, except on CI (CI=true), where it fails.
func TestBrowser(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	s.now = time.Now()
	s.Server.now = time.Now
	other := newServer(t, otherInspection(t), "")
	other.Server.now = time.Now
	var urls []string
	for _, srv := range []*testServer{s, other} {
		hs := httptest.NewServer(srv.Server) // listens on 127.0.0.1 only
		defer hs.Close()
		_, port, _ := net.SplitHostPort(hs.Listener.Addr().String())
		urls = append(urls, "http://"+e2e.Host+":"+port)
	}
	out := e2e.Run(t, "run.mjs", "FIELDWORK_URL="+urls[0], "FIELDWORK_OTHER_URL="+urls[1], "FIELDWORK_CASE="+fresh)

	var results struct {
		Pages []struct {
			Name       string
			Violations []struct{ Impact string }
		}
		Failures []string
		Progress struct{ Before, After string }
	}
	e2e.ReadResults(t, out, &results)
	var pages []string
	for _, p := range results.Pages {
		pages = append(pages, p.Name)
		if _, err := os.Stat(filepath.Join(out, p.Name+".png")); err != nil {
			t.Errorf("no screenshot of %s", p.Name)
		}
	}
	want := []string{"01-sign-in", "02-sign-in-error", "03-cases", "04-case", "05-case-saved", "06-cases-after-save", "07-history", "08-results", "09-conflict", "10-case-saved-after-conflict",
		"11-saved-by-enter", "12-enter-without-javascript", "13-draft-offered", "14-case-dot-dot", "15-signed-out"}
	if d := cmp.Diff(want, pages); d != "" {
		t.Errorf("pages checked (-want +got):\n%s", d)
	}
	if len(results.Failures) > 0 || results.Progress.Before != "0 of 46" || results.Progress.After != "11 of 46" {
		t.Errorf("failures %q, progress %+v", results.Failures, results.Progress)
	}

	// What the browser saved is in the database, recorded as given by whoever gave it.
	stored, _, err := s.db.CaseAnswers(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for q, j := range stored {
		if strings.HasPrefix(q, "2.1.") || strings.HasPrefix(q, "2.2.1") || strings.HasPrefix(q, "2.3.1") {
			got[q] = j.Answer.String() + " by " + j.Inspector
		}
	}
	wantStored := map[string]string{"2.2.1": "no by Inspector B", "2.3.1": "yes by Inspector B"}
	for _, q := range []string{"2.1.1", "2.1.2", "2.1.3", "2.1.2a", "2.1.2b"} {
		wantStored[q] = "yes by Inspector A"
	}
	for _, q := range []string{"2.1.1a", "2.1.1b", "2.1.1c"} {
		wantStored[q] = "no by Inspector A"
	}
	for _, q := range []string{"2.1.3a", "2.1.3b", "2.1.3c"} {
		wantStored[q] = "n/a by Inspector A"
	}
	if d := cmp.Diff(wantStored, got); d != "" {
		t.Errorf("stored answers (-want +got):\n%s", d)
	}
	hist, err := s.db.History(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, h := range hist {
		if h.Question == "2.2.1" {
			trail = append(trail, h.Old.String()+"->"+h.New.String()+" "+h.Inspector)
		}
	}
	if d := cmp.Diff([]string{"->yes Inspector A", "yes->no Inspector B"}, trail); d != "" {
		t.Errorf("history of 2.2.1 (-want +got):\n%s", d)
	}

	// Saved by Enter, with JavaScript off, from a restored draft, and in the other inspection.
	later := map[string]string{}
	for _, q := range []string{"2.2.2", "2.3.2", "2.4.1"} {
		later[q] = stored[q].Answer.String() + " by " + stored[q].Inspector + " " + stored[q].Note
	}
	dots, _, err := other.db.CaseAnswers(context.Background(), "..")
	if err != nil {
		t.Fatal(err)
	}
	later[".. 2.1.1"] = dots["2.1.1"].Answer.String() + " by " + dots["2.1.1"].Inspector + " "
	wantLater := map[string]string{"2.2.2": "yes by Inspector A ", "2.3.2": "no by Inspector C ", "2.4.1": "no by Inspector A Reviewed with the SPO.", ".. 2.1.1": "yes by Inspector A "}
	if d := cmp.Diff(wantLater, later); d != "" {
		t.Errorf("stored after the team's steps (-want +got):\n%s", d)
	}
}

// otherInspection is a second inspection, served beside the first in TestBrowser, with a case
// whose id is "..".
func otherInspection(t *testing.T) *sqlite.DB {
	return inspectionOf(t, "Kirklees", casework.Case{ID: "..", Type: casework.Community}, casework.Case{ID: "KI001", Type: casework.Licence})
}
