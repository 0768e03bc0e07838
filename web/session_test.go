package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSignInsEnd: a copied session cookie stops working when its inspector signs out, when the
// server restarts (which is how a changed password takes effect), and after the idle time;
// use before then keeps it going.
func TestSignInsEnd(t *testing.T) {
	db := bradford(t)
	tests := []struct {
		name  string
		after func(s *testServer, b *browser) *testServer // what happens after signing in; returns the server then running
		ok    bool
	}{
		{"nothing", func(s *testServer, b *browser) *testServer { return s }, true},
		{"signed out", func(s *testServer, b *browser) *testServer {
			b.get("/")
			if r := b.post("/sign-out", nil); r.status != http.StatusSeeOther {
				t.Fatalf("sign out: %d", r.status)
			}
			return s
		}, false},
		{"a restart", func(s *testServer, b *browser) *testServer { return newServer(t, db, "") }, false},
		{"a restart with a new password", func(s *testServer, b *browser) *testServer { return newServer(t, db, "a new password") }, false},
		{"idle for 12 hours", func(s *testServer, b *browser) *testServer { s.now = s.now.Add(12*time.Hour + time.Second); return s }, false},
		{"used every 11 hours", func(s *testServer, b *browser) *testServer {
			for range 3 {
				s.now = s.now.Add(11 * time.Hour)
				b.get("/")
			}
			s.now = s.now.Add(11 * time.Hour)
			return s
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, db, "")
			b := s.browser(t)
			b.signIn("Inspector A")
			copied := *b.cookies[s.sessionCookie]
			now := tt.after(s, b)
			thief := now.browser(t)
			thief.cookies[copied.Name] = &copied
			r := thief.get("/")
			if got := r.status == http.StatusOK; got != tt.ok {
				t.Errorf("the copied cookie signs in = %v (status %d), want %v", got, r.status, tt.ok)
			}
		})
	}
}

// TestWrongPasswordsArePerClientAndName: one machine guessing wrong locks out only itself and
// the name it guesses for; a colleague elsewhere signs in as usual. The log names the address
// of every refused attempt, never the password.
func TestWrongPasswordsArePerClientAndName(t *testing.T) {
	s := newServer(t, bradford(t), "s3cret fieldwork")
	try := func(addr, name, password string) int {
		b := s.browser(t)
		b.addr = addr
		b.get("/sign-in")
		return b.post("/sign-in", url.Values{"name": {name}, "password": {password}}).status
	}
	for i := range maxWrongPasswords {
		try("192.0.2.66:4000", "Inspector A", fmt.Sprintf("guess %d", i))
	}
	got := map[string]int{
		"the guesser, right password":           try("192.0.2.66:4001", "Inspector Z", "s3cret fieldwork"),
		"the guessed name, from another client": try("192.0.2.10:4000", "inspector a", "s3cret fieldwork"),
		"a colleague elsewhere":                 try("192.0.2.11:4000", "Inspector B", "s3cret fieldwork"),
		"a colleague over IPv6":                 try("[2001:db8::1]:4000", "Inspector C", "s3cret fieldwork"),
	}
	want := map[string]int{
		"the guesser, right password":           http.StatusTooManyRequests,
		"the guessed name, from another client": http.StatusTooManyRequests,
		"a colleague elsewhere":                 http.StatusSeeOther,
		"a colleague over IPv6":                 http.StatusSeeOther,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sign-in status (-want +got):\n%s", d)
	}
	log := s.log.String()
	if n := strings.Count(log, `reason="wrong password" client=192.0.2.66`); n != maxWrongPasswords {
		t.Errorf("%d wrong passwords logged with the client's address, want %d:\n%s", n, maxWrongPasswords, log)
	}
	if !strings.Contains(log, `reason="too many wrong passwords" client=192.0.2.10`) {
		t.Errorf("the log lacks the refusal of 192.0.2.10:\n%s", log)
	}
	if strings.Contains(log, "guess") || strings.Contains(log, "s3cret") {
		t.Errorf("the log holds a password:\n%s", log)
	}
	s.now = s.now.Add(61 * time.Second)
	if got := try("192.0.2.66:4000", "Inspector A", "s3cret fieldwork"); got != http.StatusSeeOther {
		t.Errorf("the guesser a minute later: %d, want 303", got)
	}
}

// TestCookieNamesPerInspection: two inspections served on one computer (cookies are per host,
// not per port) have cookies of their own, so signing in to one does not sign out of the other.
func TestCookieNamesPerInspection(t *testing.T) {
	a1, c1 := cookieNames("/data/bradford.db")
	a2, c2 := cookieNames("/data/kirklees.db")
	got := []bool{a1 == a2, c1 == c2, a1 == c1, strings.HasPrefix(a1, "fieldwork-")}
	if d := cmp.Diff([]bool{false, false, false, true}, got); d != "" {
		t.Errorf("cookie names %q %q %q %q (-want +got):\n%s", a1, c1, a2, c2, d)
	}
}
