package web

import (
	"bytes"
	"context"
	"html"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/e2e"
	bc "fieldwork/examples/bradford-calderdale"
	"fieldwork/sqlite"
)

// bradford makes an inspection database from the Bradford & Calderdale example, leaving out
// every answer of the cases in fresh, so they can be answered in the test.
func bradford(t *testing.T, fresh ...string) *sqlite.DB {
	t.Helper()
	db, err := bc.BuildWith(context.Background(), filepath.Join(t.TempDir(), "bradford.db"), bc.Options{Unanswered: fresh, WithoutRatings: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// syncBuffer is a log destination the server's goroutines may write to at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type testServer struct {
	*Server
	db  *sqlite.DB
	log *syncBuffer
	now time.Time
}

func newServer(t *testing.T, db *sqlite.DB, password string) *testServer {
	t.Helper()
	ts := &testServer{db: db, log: &syncBuffer{}, now: time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC)}
	srv, err := New(Config{
		DB: db, Password: password, Key: []byte("a fixed key for tests, 32 bytes!"),
		Hosts:    []string{"example.com", e2e.Host}, // httptest.NewRequest's, and the browser test's
		Instance: db.Path(),
		Log:      slog.New(slog.NewTextHandler(ts.log, nil)),
		Now:      func() time.Time { return ts.now },
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = srv
	return ts
}

// browser keeps cookies between requests to the handler and the CSRF token of the last page.
type browser struct {
	t       *testing.T
	srv     http.Handler
	cookies map[string]*http.Cookie
	csrf    string
	last    *response
	addr    string // the client's address; "" for httptest's 192.0.2.1:1234
}

type response struct {
	status int
	header http.Header
	body   string
}

func (s *testServer) browser(t *testing.T) *browser {
	return &browser{t: t, srv: s.Server, cookies: map[string]*http.Cookie{}}
}

func (b *browser) do(method, path string, form url.Values) *response {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	path, _, _ = strings.Cut(path, "#") // a browser keeps the fragment to itself
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.addr != "" {
		req.RemoteAddr = b.addr
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.srv.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(time.Unix(2, 0))) {
			delete(b.cookies, c.Name)
			continue
		}
		b.cookies[c.Name] = c
	}
	r := &response{status: res.StatusCode, header: res.Header, body: rec.Body.String()}
	if m := csrfRE.FindStringSubmatch(r.body); m != nil {
		b.csrf = m[1]
	}
	b.last = r
	return r
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) get(path string) *response { b.t.Helper(); return b.do(http.MethodGet, path, nil) }

// post sends a form with the CSRF token of the last page seen.
func (b *browser) post(path string, form url.Values) *response {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get(csrfField) == "" {
		form.Set(csrfField, b.csrf)
	}
	return b.do(http.MethodPost, path, form)
}

func (b *browser) signIn(name string) {
	b.t.Helper()
	b.get("/sign-in")
	r := b.post("/sign-in", url.Values{"name": {name}})
	if r.status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: status %d\n%s", name, r.status, r.body)
	}
}

// caseForm reads the case form of the page as the browser would post it: every checked radio,
// every note and hidden field.
func caseForm(t *testing.T, body string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(body, -1) {
		attrs := m[1]
		name, value := attr(attrs, "name"), attr(attrs, "value")
		switch attr(attrs, "type") {
		case "hidden":
			form.Set(name, value)
		case "radio":
			if strings.Contains(attrs, " checked") {
				form.Set(name, value)
			}
		}
	}
	for _, m := range textareaRE.FindAllStringSubmatch(body, -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return form
}

var (
	inputRE    = regexp.MustCompile(`<input([^>]*)>`)
	textareaRE = regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
)

func attr(attrs, name string) string {
	m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(attrs)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// checked says which answer the page shows selected for a question, "" for none.
func checked(t *testing.T, body, question string) string {
	t.Helper()
	return caseForm(t, body).Get(answerField + question)
}

func sortStrings(xs []string) { sort.Strings(xs) }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func newFormRequest(path string, form url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }

func htmlEscape(s string) string { return template.HTMLEscapeString(s) }

// inspectionOf makes a pdu-2023 inspection database named name holding cases.
func inspectionOf(t *testing.T, name string, cases ...casework.Case) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "inspection.db"), casework.Inspection{Name: name, Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.SaveCases(ctx, cases); err != nil {
		t.Fatal(err)
	}
	return db
}
