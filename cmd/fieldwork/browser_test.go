package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/e2e"
	bc "fieldwork/examples/bradford-calderdale"
	"fieldwork/sqlite"
	"fieldwork/web"

	"github.com/google/go-cmp/cmp"
)

// TestBrowserOverHTTPS serves the Bradford & Calderdale example as a team does,
// `fieldwork serve --tls-self-signed --host fieldwork-office --password-file F`, and drives it
// in Chromium through e2e/https.mjs at https://fieldwork-office:PORT/. Chromium is made to trust
// the one key of the certificate the server presents, once its fingerprint is checked against
// the one serve printed: what each inspector does the first time. Skipped without Chromium,
// node and e2e/node_modules, except on CI.
func TestBrowserOverHTTPS(t *testing.T) {
	const fresh = "BC079"
	dir := t.TempDir()
	path := filepath.Join(dir, "bradford.db")
	db, err := bc.BuildWith(context.Background(), path, bc.Options{Unanswered: []string{fresh}, WithoutRatings: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	pw := filepath.Join(dir, "password.txt")
	if err := os.WriteFile(pw, []byte("correct horse\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base, said, stop := servingSaid(t, path, "--addr", "127.0.0.1:0", "--password-file", pw, "--tls-self-signed", "--host", e2e.Host)
	defer stop()
	u, spki := pinnedCert(t, base, said)
	out := e2e.Run(t, "https.mjs", "FIELDWORK_URL=https://"+net.JoinHostPort(e2e.Host, u.Port()),
		"FIELDWORK_SPKI="+spki, "FIELDWORK_PASSWORD=correct horse", "FIELDWORK_CASE="+fresh)

	var results struct {
		Pages    []struct{ Name string }
		Failures []string
	}
	e2e.ReadResults(t, out, &results)
	var pages []string
	for _, p := range results.Pages {
		pages = append(pages, p.Name)
	}
	if d := cmp.Diff([]string{"https-01-sign-in", "https-02-cases", "https-03-case", "https-04-results"}, pages); d != "" {
		t.Errorf("pages checked (-want +got):\n%s", d)
	}
	if len(results.Failures) > 0 {
		t.Errorf("failures: %q", results.Failures)
	}
	stop()
	db, err = sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored, _, err := db.CaseAnswers(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for q, j := range stored {
		got[q] = j.Answer.String() + " by " + j.Inspector
	}
	want := map[string]string{"2.1.1": "yes by Inspector A", "2.1.2": "yes by Inspector A", "2.1.3": "yes by Inspector A", "2.2.1": "no by Inspector B"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("stored over HTTPS (-want +got):\n%s", d)
	}
}

// pinnedCert checks the certificate the server at base presents against the fingerprint serve
// printed (said) and the host name, and returns the server's URL and the SHA-256 of its public
// key, base64, for Chromium to trust that key alone.
func pinnedCert(t *testing.T, base string, said []string) (*url.URL, string) {
	t.Helper()
	var printed string
	for _, line := range said {
		if m := regexp.MustCompile(`SHA-256 fingerprint ([0-9A-F:]{95})`).FindStringSubmatch(line); m != nil {
			printed = m[1]
		}
	}
	u, _ := url.Parse(base)
	conn, err := tls.Dial("tcp", u.Host, &tls.Config{ServerName: e2e.Host, InsecureSkipVerify: true}) // checked by fingerprint below
	if err != nil {
		t.Fatal(err)
	}
	cert := conn.ConnectionState().PeerCertificates[0]
	conn.Close()
	if printed == "" || web.Fingerprint(cert.Raw) != printed {
		t.Fatalf("the server presents %s; serve printed %q", web.Fingerprint(cert.Raw), said)
	}
	if err := cert.VerifyHostname(e2e.Host); err != nil {
		t.Fatalf("the certificate is not for %s: %v", e2e.Host, err)
	}
	pin := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return u, base64.StdEncoding.EncodeToString(pin[:])
}

// TestBrowserTeam runs a team's round in Chromium over HTTPS through e2e/team.mjs: accounts
// added with `fieldwork users add` (the password on stdin), `fieldwork serve --tls-self-signed
// --host fieldwork-office`, the lead, two inspectors and a quality lead each in a browser
// context of their own. Afterwards the database holds each answer under the account that
// saved it, the second reading, the moderation and the sign-off. Skipped without Chromium, node
// and e2e/node_modules, except on CI.
func TestBrowserTeam(t *testing.T) {
	ctx := context.Background()
	one, two := "BC078", "BC079"
	dir := t.TempDir()
	path := filepath.Join(dir, "bradford.db")
	db, err := bc.BuildWith(ctx, path, bc.Options{Unanswered: []string{one, two}, WithoutRatings: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	const password = "correct horse battery"
	for name, role := range map[string]string{"Lee": "lead", "Ann": "inspector", "Bob": "inspector", "Quinn": "qa"} {
		var stdout, stderr strings.Builder
		if code := run(ctx, []string{"fieldwork", "--db", path, "users", "add", "--role", role, name}, strings.NewReader(password+"\n"), &stdout, &stderr, func(string) string { return "" }); code != 0 {
			t.Fatalf("users add %s: exit %d: %s", name, code, stderr.String())
		}
	}
	base, said, stop := servingSaid(t, path, "--addr", "127.0.0.1:0", "--tls-self-signed", "--host", e2e.Host)
	defer stop()
	u, spki := pinnedCert(t, base, said)
	out := e2e.Run(t, "team.mjs", "FIELDWORK_URL=https://"+net.JoinHostPort(e2e.Host, u.Port()),
		"FIELDWORK_SPKI="+spki, "FIELDWORK_PASSWORD="+password, "FIELDWORK_CASES="+one+","+two)
	var results struct {
		Pages []struct {
			Name       string
			Violations []any
		}
		Failures []string
	}
	e2e.ReadResults(t, out, &results)
	var pages []string
	for _, p := range results.Pages {
		pages = append(pages, p.Name)
	}
	want := []string{"team-01-sign-in", "team-02-cases-lead", "team-03-case-lead", "team-04-my-cases", "team-05-case-inspector",
		"team-06-colleagues-case", "team-07-second-reading", "team-08-check-answers", "team-09-signed-off", "team-10-refused",
		"team-11-qa", "team-12-evidence", "team-13-results", "team-14-history", "team-15-print"}
	if d := cmp.Diff(want, pages); d != "" {
		t.Errorf("pages checked (-want +got):\n%s", d)
	}
	if len(results.Failures) > 0 {
		t.Errorf("failures: %q", results.Failures)
	}
	stop()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := map[string]string{}
	for _, id := range []string{one, two} {
		stored, _, err := db.CaseAnswers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for q, j := range stored {
			got[id+" "+q] = j.Answer.String() + " by " + j.Inspector
		}
	}
	// 2.1.1 of the first case is the moderated answer; its inspector of record stays Ann.
	wantAnswers := map[string]string{one + " 2.1.1": "no by Ann", one + " 2.1.2": "yes by Ann", one + " 2.1.3": "yes by Ann",
		two + " 2.1.1": "no by Bob", two + " 2.1.2": "no by Bob", two + " 2.1.3": "no by Bob"}
	if d := cmp.Diff(wantAnswers, got); d != "" {
		t.Errorf("stored answers (-want +got):\n%s", d)
	}
	twice, err := db.ReadTwice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var readings []string
	for _, r := range twice {
		if r.CaseID == one {
			readings = append(readings, fmt.Sprintf("%s %s/%s %s by %s", r.Question, r.First, r.Second, r.Moderated, r.ModeratedBy))
		}
	}
	if d := cmp.Diff([]string{"2.1.1 yes/no no by Quinn", "2.1.2 yes/yes  by "}, readings); d != "" {
		t.Errorf("readings (-want +got):\n%s", d)
	}
	standings, err := db.Standings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]casework.Standing{one: {AllocatedTo: "Ann", SignedOffBy: "Lee"}, two: {AllocatedTo: "Bob"}}, standings); d != "" {
		t.Errorf("allocation and sign-off (-want +got):\n%s", d)
	}
}
