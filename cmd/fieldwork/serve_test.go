package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldwork/web"
)

// serving runs `fieldwork serve` with args until the returned stop is called, and returns the
// address it serves on. stop returns serve's exit status and what it logged.
func serving(t *testing.T, db string, args ...string) (addr string, stop func() (int, string)) {
	t.Helper()
	addr, _, stop = servingSaid(t, db, args...)
	return addr, stop
}

// servingSaid is serving that also returns the lines serve printed before its address.
func servingSaid(t *testing.T, db string, args ...string) (addr string, said []string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	logR, logW := io.Pipe()
	logged := make(chan string)
	go func() {
		b, _ := io.ReadAll(logR)
		logged <- string(b)
	}()
	done := make(chan int)
	go func() {
		code := run(ctx, append([]string{"fieldwork", "--db", db, "serve"}, args...), strings.NewReader(""), outW, logW, func(string) string { return "" })
		outW.Close()
		logW.Close()
		done <- code
	}()
	out := bufio.NewReader(outR)
	var m []string
	for m == nil {
		line, err := out.ReadString('\n')
		if err != nil {
			cancel()
			t.Fatalf("serve printed no address: %v (exit %d), after %q", err, <-done, said)
		}
		if m = regexp.MustCompile(`is at (https?://127\.0\.0\.1:\d+)/`).FindStringSubmatch(line); m == nil {
			said = append(said, line)
		}
	}
	go io.Copy(io.Discard, out)
	var once sync.Once
	var code int
	var log string
	return m[1], said, func() (int, string) {
		once.Do(func() { // a deferred stop after an explicit one returns the same
			cancel()
			select {
			case code = <-done:
				log = <-logged
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop")
			}
		})
		return code, log
	}
}

// inspectionToServe makes an inspection database and a password file "correct horse".
func inspectionToServe(t *testing.T) (db, password string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "test.db")
	run(context.Background(), []string{"fieldwork", "--db", db, "init", "--framework", "pdu-2023", "--name", "Test PDU"}, strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
	password = filepath.Join(dir, "password.txt")
	if err := os.WriteFile(password, []byte("correct horse\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return db, password
}

// TestServe starts the server with a password, signs in, restarts it, and is signed out (the
// sign-ins live in the server's memory), but the form the inspector had open still takes a
// sign-in: the key signing its token is kept beside the database (mode 0600).
func TestServe(t *testing.T) {
	db, pw := inspectionToServe(t)
	base, stop := serving(t, db, "--addr", "127.0.0.1:0", "--password-file", pw)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(base + "/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), `id="password"`) {
		t.Fatalf("sign-in page: %d, password field shown = %v", res.StatusCode, strings.Contains(string(page), `id="password"`))
	}
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(page))[1]
	cookies := res.Cookies()
	post := func(password string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, base+"/sign-in", strings.NewReader(url.Values{"csrf": {token}, "name": {"Inspector A"}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := post("wrong"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a wrong password: %d, want 422", res.StatusCode)
	}
	res = post("correct horse")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the right password: %d, want 303", res.StatusCode)
	}
	cookies = append(cookies, res.Cookies()...)
	code, log := stop()
	if code != 0 || !strings.Contains(log, `route="POST /sign-in" status=303`) {
		t.Errorf("serve stopped with %d, log:\n%s", code, log)
	}
	if strings.Contains(log, "Inspector A") || strings.Contains(log, "correct horse") {
		t.Errorf("the log holds a name or the password:\n%s", log)
	}
	info, err := os.Stat(db + ".serve-key")
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, info.Mode())
	}

	base, stop = serving(t, db, "--addr", "127.0.0.1:0", "--password-file", pw)
	defer stop()
	req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/sign-in") {
		t.Errorf("after a restart, the case list: %d to %q, want 303 to sign in (signed out)", res.StatusCode, res.Header.Get("Location"))
	}
	if res := post("correct horse"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after a restart, the sign-in form opened before it: %d, want 303", res.StatusCode)
	}
}

// TestServeHTTPS: --tls-self-signed serves HTTPS with a certificate kept beside the database
// and prints its fingerprint, which is the one the server presents; cookies are Secure; a
// restart keeps the certificate.
func TestServeHTTPS(t *testing.T) {
	db, pw := inspectionToServe(t)
	args := []string{"--addr", "127.0.0.1:0", "--password-file", pw, "--tls-self-signed", "--host", "fieldwork-office"}
	fingerprintRE := regexp.MustCompile(`^fieldwork: its certificate \((made now, kept|kept) in .*test\.db\.tls-cert\.pem\) has the SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2}): check`)
	var prints []string
	for i, want := range []string{"made now, kept", "kept"} {
		base, said, stop := servingSaid(t, db, args...)
		var m []string
		for _, line := range said {
			if m == nil {
				m = fingerprintRE.FindStringSubmatch(line)
			}
		}
		if m == nil || m[1] != want || !strings.HasPrefix(base, "https://") {
			stop()
			t.Fatalf("start %d: %s, said %q", i+1, base, said)
		}
		prints = append(prints, m[2])
		presented := ""
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
			InsecureSkipVerify: true, // checked by its fingerprint just below, as the team does
			VerifyConnection: func(cs tls.ConnectionState) error {
				presented = web.Fingerprint(cs.PeerCertificates[0].Raw)
				return nil
			},
		}}}
		res, err := client.Get(base + "/sign-in")
		if err != nil {
			stop()
			t.Fatal(err)
		}
		res.Body.Close()
		if presented != m[2] {
			t.Errorf("start %d: the server presents %s, printed %s", i+1, presented, m[2])
		}
		for _, c := range res.Cookies() {
			if !c.Secure {
				t.Errorf("cookie %s is not Secure over HTTPS", c.Name)
			}
		}
		if len(res.Cookies()) == 0 {
			t.Errorf("the sign-in page sets no cookie")
		}
		if res, err := http.Get(strings.Replace(base, "https://", "http://", 1) + "/sign-in"); err == nil && res.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP to the HTTPS port is answered: %d", res.StatusCode)
		}
		if code, _ := stop(); code != 0 {
			t.Errorf("start %d: serve stopped with %d", i+1, code)
		}
	}
	if prints[0] != prints[1] {
		t.Errorf("a restart changed the certificate: %s, then %s", prints[0], prints[1])
	}
	if info, err := os.Stat(db + ".tls-key.pem"); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, mode %v", err, info.Mode())
	}
}
