package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The lead adds and removes evidence in the form, stored as `fieldwork evidence` stores it; a
// refused entry keeps what was typed and says what is wrong; no one else reaches the page.
func TestEvidenceInTheForm(t *testing.T) {
	ctx := context.Background()
	db := bradford(t, fresh)
	withAccounts(t, db, team)
	before, err := db.Evidence(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, db, "")

	ann := s.browser(t)
	ann.mustSignInAs("Ann")
	if r := ann.get("/evidence"); r.status != http.StatusForbidden {
		t.Errorf("an inspector opening /evidence: status %d, want 403", r.status)
	}
	if r := ann.post("/evidence", url.Values{"standard": {"1.1"}, "kind": {"meeting"}, "summary": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("an inspector adding evidence: status %d, want 403", r.status)
	}

	lee := s.browser(t)
	lee.mustSignInAs("Lee")
	if r := lee.get("/evidence"); r.status != http.StatusOK || !strings.Contains(r.body, "Evidence recorded") {
		t.Fatalf("the lead opening /evidence: status %d\n%s", r.status, r.body)
	}
	r := lee.post("/evidence", url.Values{"standard": {"1.1"}, "kind": {"interview"}, "count": {"twelve"}, "summary": {"Interviews with managers"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "How many must be a whole number") || !strings.Contains(r.body, "Interviews with managers</textarea>") {
		t.Errorf("a bad count: status %d, want 400 with the message and the summary kept\n%s", r.status, r.body)
	}
	r = lee.post("/evidence", url.Values{"standard": {"1.1"}, "kind": {"interview"}, "count": {"12"}, "finding": {"strength"}, "summary": {"Interviews with managers"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/evidence?added=1" {
		t.Fatalf("adding evidence: status %d, location %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	after, err := db.Evidence(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Fatalf("%d pieces of evidence after adding one to %d", len(after), len(before))
	}
	added := after[len(after)-1]
	type row struct {
		Standard, Kind, Finding, Summary, By string
		Count                                int
		Publish                              bool
	}
	got := row{added.Standard, string(added.Kind), string(added.Finding), added.Summary, added.AddedBy, added.Count, added.Publish}
	if diff := cmp.Diff(row{"1.1", "interview", "strength", "Interviews with managers", "Lee", 12, false}, got); diff != "" {
		t.Errorf("evidence stored (-want +got):\n%s", diff)
	}
	if r := lee.get("/evidence?added=1"); !strings.Contains(r.body, "Evidence added") || !strings.Contains(r.body, "Interviews with managers") {
		t.Errorf("the page after adding does not show it:\n%s", r.body)
	}
	r = lee.post("/evidence/"+strconv.FormatInt(added.ID, 10)+"/remove", nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("removing evidence: status %d\n%s", r.status, r.body)
	}
	if now, _ := db.Evidence(ctx, ""); len(now) != len(before) {
		t.Errorf("%d pieces of evidence after removing the one added, want %d", len(now), len(before))
	}
	if r := lee.post("/evidence/99999/remove", nil); r.status != http.StatusNotFound {
		t.Errorf("removing evidence that does not exist: status %d, want 404", r.status)
	}
}
