package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// serving runs `fieldwork serve` with args until the returned stop is called, and returns the
// address it serves on. stop returns serve's exit status and what it logged.
func serving(t *testing.T, db string, args ...string) (addr string, stop func() (int, string)) {
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
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve printed no address: %v (exit %d)", err, <-done)
	}
	go io.Copy(io.Discard, outR)
	m := regexp.MustCompile(`is at (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(line)
	if m == nil {
		cancel()
		t.Fatalf("serve printed %q", line)
	}
	return m[1], func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, <-logged
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
			return 0, ""
		}
	}
}

// TestServe starts the server with a password, signs in, restarts it, and is signed out (the
// sign-ins live in the server's memory), but the form the inspector had open still takes a
// sign-in: the key signing its token is kept beside the database (mode 0600).
func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "test.db")
	run(context.Background(), []string{"fieldwork", "--db", db, "init", "--framework", "pdu-2023", "--name", "Test PDU"}, strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
	pw := filepath.Join(dir, "password.txt")
	if err := os.WriteFile(pw, []byte("correct horse\n"), 0o600); err != nil {
		t.Fatal(err)
	}
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
