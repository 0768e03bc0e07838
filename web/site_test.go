package web

import (
	"crypto/tls"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHostNames: the server answers to loopback's names and those it was started for, and to
// no other, so a site posing as it through DNS rebinding gets nothing, not even the sign-in.
func TestHostNames(t *testing.T) {
	s := newServer(t, bradford(t), "")
	tests := []struct {
		host string
		want int
	}{
		{"127.0.0.1:8080", http.StatusOK},
		{"localhost:8080", http.StatusOK},
		{"LOCALHOST.:8080", http.StatusOK},
		{"[::1]:8080", http.StatusOK},
		{"127.0.0.2", http.StatusOK},
		{"fieldwork-office:8080", http.StatusOK},
		{"Fieldwork-Office", http.StatusOK},
		{"attacker.example:8080", http.StatusMisdirectedRequest},
		{"fieldwork-office.attacker.example", http.StatusMisdirectedRequest},
		{"192.168.1.20:8080", http.StatusMisdirectedRequest},
		{"", http.StatusMisdirectedRequest},
	}
	got, want := map[string]int{}, map[string]int{}
	for _, tt := range tests {
		req := newFormRequest("/sign-in", url.Values{})
		req.Method = http.MethodGet
		req.Host = tt.host
		rec := newRecorder()
		s.ServeHTTP(rec, req)
		got[tt.host], want[tt.host] = rec.Code, tt.want
		if rec.Code == http.StatusMisdirectedRequest && !strings.Contains(rec.Body.String(), "--host") {
			t.Errorf("Host %q: the refusal does not say how to allow the name:\n%s", tt.host, rec.Body)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("status by Host (-want +got):\n%s", d)
	}
	if !strings.Contains(s.log.String(), `host=attacker.example`) {
		t.Errorf("the log does not name the refused host:\n%s", s.log.String())
	}
}

// TestFormsFromThisSite: a form is taken by its browser headers only from a page of this
// server, whichever of them the browser sends: Sec-Fetch-Site to secure origins, Origin
// otherwise (never "null", which the server's own referrer policy used to cause).
func TestFormsFromThisSite(t *testing.T) {
	s := newServer(t, bradford(t), "")
	tests := []struct {
		name    string
		host    string
		tls     bool
		headers map[string]string
		ok      bool
	}{
		{"same origin by Sec-Fetch-Site", "127.0.0.1:8080", false, map[string]string{"Sec-Fetch-Site": "same-origin"}, true},
		{"cross-site by Sec-Fetch-Site", "127.0.0.1:8080", false, map[string]string{"Sec-Fetch-Site": "cross-site"}, false},
		{"another port of this computer", "127.0.0.1:8080", false, map[string]string{"Sec-Fetch-Site": "same-site"}, false},
		{"a host name over HTTP, with its Origin", "fieldwork-office:8080", false, map[string]string{"Origin": "http://fieldwork-office:8080"}, true},
		{"another allowed name of this server", "fieldwork-office:8080", false, map[string]string{"Origin": "http://localhost:8080"}, true},
		{"Origin null", "fieldwork-office:8080", false, map[string]string{"Origin": "null"}, false},
		{"another site's Origin", "fieldwork-office:8080", false, map[string]string{"Origin": "http://attacker.example:8080"}, false},
		{"another port's Origin", "fieldwork-office:8080", false, map[string]string{"Origin": "http://fieldwork-office:8081"}, false},
		{"an https Origin to plain HTTP", "fieldwork-office:8080", false, map[string]string{"Origin": "https://fieldwork-office:8080"}, false},
		{"an http Origin to HTTPS", "fieldwork-office:8443", true, map[string]string{"Origin": "http://fieldwork-office:8443"}, false},
		{"HTTPS with its Origin", "fieldwork-office:8443", true, map[string]string{"Origin": "https://fieldwork-office:8443"}, true},
		{"no header: left to the token", "fieldwork-office:8080", false, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := s.browser(t)
			b.get("/sign-in")
			req := newFormRequest("/sign-in", url.Values{"name": {"Inspector A"}, csrfField: {b.csrf}})
			req.Host = tt.host
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			for _, c := range b.cookies {
				req.AddCookie(c)
			}
			rec := newRecorder()
			s.ServeHTTP(rec, req)
			if got := rec.Code == http.StatusSeeOther; got != tt.ok {
				t.Errorf("signed in = %v (status %d), want %v\n%s", got, rec.Code, tt.ok, rec.Body)
			}
			if !tt.ok && !strings.Contains(rec.Body.String(), "sent from another site") {
				t.Errorf("the refusal does not say why:\n%s", rec.Body)
			}
		})
	}
}

// TestLocalPath: where signing in leads back to is a path on this site, never another site,
// however the address is disguised.
func TestLocalPath(t *testing.T) {
	tests := map[string]string{
		"/":                       "/",
		"/cases/BC001":            "/cases/BC001",
		"/cases/BC001?saved=2.1":  "/cases/BC001?saved=2.1",
		"/?inspector=Inspector+A": "/?inspector=Inspector+A",
		"/cases/a%2Fb/history":    "/cases/a%2Fb/history",
		"":                        "/",
		"cases/BC001":             "/",
		"//evil.example/":         "/",
		"/\t/evil.example/":       "/",
		"/\n/evil.example/":       "/",
		"/\r/evil.example/":       "/",
		"/ /evil.example/":        "/",
		"/\\evil.example/":        "/",
		"\\\\evil.example/":       "/",
		"/cases\\..\\..\\evil":    "/",
		"https://evil.example/":   "/",
		"javascript:alert(1)":     "/",
		"/\x00/evil.example":      "/",
		"/\u00a0/evil.example":    "/",
		"/\u2028/evil.example":    "/",
		"http:/evil.example":      "/",
		"/%09/evil.example/":      "/%09/evil.example/", // stays escaped: a path on this site
		"///evil.example/":        "/",
		"/\x7f/evil.example/":     "/",
	}
	got := map[string]string{}
	for in := range tests {
		got[in] = localPath(in)
	}
	if d := cmp.Diff(tests, got); d != "" {
		t.Errorf("localPath (-want +got):\n%s", d)
	}
}

// TestSignInNeverLeadsOffTheSite: the sign-in page, for an inspector already signed in,
// and the sign-in itself, send a disguised address to the case list.
func TestSignInNeverLeadsOffTheSite(t *testing.T) {
	s := newServer(t, bradford(t), "")
	b := s.browser(t)
	b.get("/sign-in?next=" + url.QueryEscape("/\t/evil.example/"))
	if r := b.post("/sign-in", url.Values{"name": {"Inspector A"}, "next": {"/\t/evil.example/"}}); r.header.Get("Location") != "/" {
		t.Errorf("signing in leads to %q, want /", r.header.Get("Location"))
	}
	if r := b.get("/sign-in?next=/%09/evil.example/"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Errorf("signed in, the sign-in page leads to %q (%d), want /", r.header.Get("Location"), r.status)
	}
}
