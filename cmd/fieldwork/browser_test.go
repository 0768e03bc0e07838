package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"

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
	out := e2e.Run(t, "https.mjs", "FIELDWORK_URL=https://"+net.JoinHostPort(e2e.Host, u.Port()),
		"FIELDWORK_SPKI="+base64.StdEncoding.EncodeToString(pin[:]), "FIELDWORK_PASSWORD=correct horse", "FIELDWORK_CASE="+fresh)

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
