package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
)

// fresh is the case the tests answer: the example's answers to it are left out.
const fresh = "BC079"

func TestSignInIsRequired(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	b := s.browser(t)
	for _, path := range []string{"/", "/cases/BC001", "/cases/BC001/history", "/results", "/?inspector=Inspector+A"} {
		r := b.get(path)
		want := "/sign-in?next=" + url.QueryEscape(path)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 303 to %q", path, r.status, r.header.Get("Location"), want)
		}
	}
	// A form posted with a valid token but no sign-in saves nothing and says so.
	b.get("/sign-in")
	r := b.post("/cases/"+fresh, url.Values{"version": {"0"}, "save": {"all"}, "a:2.1.1": {"yes"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "nothing was saved") {
		t.Errorf("POST without sign-in: %d\n%s", r.status, r.body)
	}
	assertUnanswered(t, s, fresh)
}

func assertUnanswered(t *testing.T, s *testServer, caseID string) {
	t.Helper()
	got, _, err := s.db.CaseAnswers(context.Background(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("case %s has %d answers, want none", caseID, len(got))
	}
}

func TestSignIn(t *testing.T) {
	tests := []struct {
		name, password string
		form           url.Values
		status         int
		location       string
		problems       []string
	}{
		{"a name", "", url.Values{"name": {"  Inspector   A "}}, http.StatusSeeOther, "/", nil},
		{"back to the page asked for", "", url.Values{"name": {"Inspector A"}, "next": {"/cases/BC001"}}, http.StatusSeeOther, "/cases/BC001", nil},
		{"never to another site", "", url.Values{"name": {"Inspector A"}, "next": {"//example.com/x"}}, http.StatusSeeOther, "/", nil},
		{"no name", "", url.Values{"name": {"  "}}, http.StatusUnprocessableEntity, "", []string{`<a href="#name">Enter your name</a>`}},
		{"too long a name", "", url.Values{"name": {strings.Repeat("x", 81)}}, http.StatusUnprocessableEntity, "", []string{`<a href="#name">Your name must be 80 characters or fewer</a>`}},
		{"a control character", "", url.Values{"name": {"Inspector\x07A"}}, http.StatusUnprocessableEntity, "", []string{`<a href="#name">Your name must be letters, spaces and punctuation only</a>`}},
		{"the password", "s3cret fieldwork", url.Values{"name": {"Inspector A"}, "password": {"s3cret fieldwork"}}, http.StatusSeeOther, "/", nil},
		{"a wrong password", "s3cret fieldwork", url.Values{"name": {"Inspector A"}, "password": {"guess"}}, http.StatusUnprocessableEntity, "", []string{`<a href="#password">Enter the inspection&#39;s password`}},
		{"no name and no password", "s3cret fieldwork", url.Values{}, http.StatusUnprocessableEntity, "", []string{`href="#name"`, `href="#password"`}},
	}
	db := bradford(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, db, tt.password)
			b := s.browser(t)
			page := b.get("/sign-in")
			if got := strings.Contains(page.body, `id="password"`); got != (tt.password != "") {
				t.Errorf("password field shown = %v, want %v", got, tt.password != "")
			}
			r := b.post("/sign-in", tt.form)
			if r.status != tt.status || r.header.Get("Location") != tt.location {
				t.Fatalf("status %d to %q, want %d to %q\n%s", r.status, r.header.Get("Location"), tt.status, tt.location, r.body)
			}
			for _, p := range tt.problems {
				if !strings.Contains(r.body, p) || !strings.Contains(r.body, `class="error-summary"`) {
					t.Errorf("the error summary lacks %s:\n%s", p, r.body)
				}
			}
			_, signedIn := b.cookies[s.sessionCookie]
			if signedIn != (tt.status == http.StatusSeeOther) {
				t.Errorf("signed in = %v", signedIn)
			}
			if signedIn {
				if r := b.get("/"); r.status != http.StatusOK || !strings.Contains(r.body, "Signed in as <strong>Inspector A</strong>") {
					t.Errorf("after signing in, the case list: %d\n%s", r.status, r.body)
				}
			}
		})
	}
}

func TestSessionCookieCannotBeForgedOrOutlive(t *testing.T) {
	s := newServer(t, bradford(t), "")
	flip := func(v string) string {
		b := []byte(v)
		b[len(b)/2] ^= 1
		return string(b)
	}
	tests := []struct {
		name  string
		value func(good string) string
		after time.Duration
		ok    bool
	}{
		{"as given", func(v string) string { return v }, 0, true},
		{"renewed by use", func(v string) string { return v }, sessionLifetime - time.Minute, true},
		{"made up", func(string) string { return "SW5zcGVjdG9yIEI.99999999999.bm90IGEgc2lnbmF0dXJl" }, 0, false},
		{"one character changed", flip, 0, false},
		{"cut short", func(v string) string { return v[:len(v)-1] }, 0, false},
		{"empty", func(string) string { return "" }, 0, false},
		{"expired", func(v string) string { return v }, sessionLifetime + time.Minute, false},
	}
	start := s.now
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.now = start
			defer func() { s.now = start }()
			b := s.browser(t)
			b.signIn("Inspector A")
			s.now = start.Add(tt.after)
			c := s.browser(t)
			c.cookies[s.sessionCookie] = &http.Cookie{Name: s.sessionCookie, Value: tt.value(b.cookies[s.sessionCookie].Value)}
			if r := c.get("/"); (r.status == http.StatusOK) != tt.ok {
				t.Errorf("GET / with this cookie: %d, want signed in = %v", r.status, tt.ok)
			}
		})
	}
}

func TestCSRF(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	a := s.browser(t)
	a.signIn("Inspector A")
	page := a.get("/cases/" + fresh)
	form := caseForm(t, page.body)
	form.Set("a:2.1.1", "yes")
	other := s.browser(t)
	other.get("/sign-in") // another browser, with a token of its own
	tests := []struct {
		name, path, token string
		noCookie          bool
	}{
		{"no token", "/cases/" + fresh, "", false},
		{"a made-up token", "/cases/" + fresh, "not-a-token", false},
		{"another browser's token", "/cases/" + fresh, other.csrf, false},
		{"no CSRF cookie", "/cases/" + fresh, a.csrf, true},
		{"sign out with no token", "/sign-out", "", false},
		{"sign in with no token", "/sign-in", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("name", "Mallory")
			f.Del(csrfField)
			if tt.token != "" {
				f.Set(csrfField, tt.token)
			}
			b := &browser{t: t, srv: s.Server, cookies: map[string]*http.Cookie{}}
			for k, c := range a.cookies {
				if !(tt.noCookie && k == s.csrfCookie) {
					b.cookies[k] = c
				}
			}
			r := b.do(http.MethodPost, tt.path, f)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, "Nothing was saved") {
				t.Errorf("status %d, want 403 with nothing saved\n%s", r.status, r.body)
			}
			if _, ok := b.cookies[s.sessionCookie]; !ok {
				t.Errorf("a refused sign-out still signed out")
			}
		})
	}
	// A page on another site posting with the browser's cookies is refused by its headers too.
	req := url.Values{"name": {"Mallory"}, csrfField: {a.csrf}}
	b := &browser{t: t, srv: s.Server, cookies: a.cookies}
	hr := crossSite(t, b, "/sign-in", req)
	if hr != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", hr)
	}
	assertUnanswered(t, s, fresh)
}

// crossSite posts as a browser does from another site: Sec-Fetch-Site says so.
func crossSite(t *testing.T, b *browser, path string, form url.Values) int {
	t.Helper()
	rec := newRecorder()
	req := newFormRequest(path, form)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	b.srv.ServeHTTP(rec, req)
	return rec.Code
}

func TestCaseList(t *testing.T) {
	s := newServer(t, bradford(t, fresh, "BC078"), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	fw, _ := casework.Builtin("pdu-2023")
	n := len(fw.Questions())
	all := b.get("/")
	rows := caseRows(all.body)
	if len(rows) != 79 {
		t.Fatalf("%d cases listed, want 79", len(rows))
	}
	if d := cmp.Diff([]string{"BC079", "community", "PO", "not started", "0 of " + itoa(n), "Not started"}, rows["BC079"]); d != "" {
		t.Errorf("row of BC079 (-want +got):\n%s", d)
	}
	if got := rows["BC001"]; got[3] != "Inspector A" || got[4] != itoa(n)+" of "+itoa(n) || got[5] != "Complete" {
		t.Errorf("row of BC001 = %q, want Inspector A, complete", got)
	}
	if want := "<strong>77</strong> of 79 cases complete"; !strings.Contains(all.body, want) {
		t.Errorf("the overall progress lacks %q", want)
	}
	if want := "<strong>" + itoa(77*n) + "</strong> of " + itoa(79*n) + " questions answered"; !strings.Contains(all.body, want) {
		t.Errorf("the overall progress lacks %q", want)
	}

	incomplete := caseRows(b.get("/?incomplete=1").body)
	if d := cmp.Diff([]string{"BC078", "BC079"}, keys(incomplete)); d != "" {
		t.Errorf("cases not complete (-want +got):\n%s", d)
	}
	byA := caseRows(b.get("/?inspector=Inspector+A").body)
	for id, row := range byA {
		if row[3] != "Inspector A" {
			t.Errorf("the filter by Inspector A lists %s, read by %s", id, row[3])
		}
	}
	if len(byA) == 0 || len(byA) == 79 {
		t.Errorf("the filter by Inspector A lists %d cases", len(byA))
	}
	if none := caseRows(b.get("/?inspector=Inspector+A&incomplete=1").body); len(none) != 0 {
		t.Errorf("Inspector A has no case left, but the list shows %v", keys(none))
	}
}

var rowRE = regexp.MustCompile(`(?s)<tr>\s*<th scope="row"><a href="/cases/[^"]+" class="link">([^<]+)</a></th>(.*?)</tr>`)
var cellRE = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
var tagRE = regexp.MustCompile(`<[^>]+>`)

// caseRows reads the case list's table: per case id, its cells as text.
func caseRows(body string) map[string][]string {
	out := map[string][]string{}
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		row := []string{m[1]}
		for _, c := range cellRE.FindAllStringSubmatch(m[2], -1) {
			row = append(row, strings.TrimSpace(tagRE.ReplaceAllString(c[1], "")))
		}
		out[m[1]] = row
	}
	return out
}

func keys(m map[string][]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sortStrings(ks)
	return ks
}

func TestSaveAStandard(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	page := b.get("/cases/" + fresh)
	if page.status != http.StatusOK || !strings.Contains(page.body, `href="/cases/`+fresh+`/history"`) {
		t.Fatalf("case page: %d, or no link to the history", page.status)
	}
	form := caseForm(t, page.body)
	answers := map[string]string{
		"2.1.1": "yes", "2.1.1a": "no", "2.1.1b": "no", "2.1.1c": "no",
		"2.1.2": "no", "2.1.2a": "yes", "2.1.2b": "yes",
		"2.1.3": "yes", "2.1.3a": "n/a", "2.1.3b": "yes", "2.1.3c": "n/a",
	}
	for q, a := range answers {
		form.Set(answerField+q, a)
	}
	form.Set(noteField+"2.1.1", "Read with the practitioner.\r\nSecond line.")
	form.Set("save", "2.1")
	r := b.post("/cases/"+fresh, form)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/cases/"+fresh+"?saved=2.1#standard-1" {
		t.Fatalf("save: %d to %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	stored, version, err := s.db.CaseAnswers(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for q, j := range stored {
		got[q] = j.Answer.String()
		if j.Inspector != "Inspector A" {
			t.Errorf("%s recorded as given by %q, want Inspector A", q, j.Inspector)
		}
	}
	if d := cmp.Diff(answers, got); d != "" {
		t.Errorf("stored answers (-want +got):\n%s", d)
	}
	if n := stored["2.1.1"].Note; n != "Read with the practitioner.\nSecond line." {
		t.Errorf("note = %q", n)
	}
	if version != 1 {
		t.Errorf("version %d after one save, want 1", version)
	}
	hist, err := s.db.History(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != len(answers) || hist[0].Source != "web" || hist[0].Inspector != "Inspector A" {
		t.Errorf("history: %d changes, first %+v", len(hist), hist[0])
	}

	after := b.get(r.header.Get("Location"))
	for _, want := range []string{
		"Saved: 2.1 Assessment",
		"Key question 2.1.1 is yes but every answered prompt (2.1.1a, 2.1.1b, 2.1.1c) is no",
		"Key question 2.1.2 is no but every answered prompt (2.1.2a, 2.1.2b) is yes",
		`<span id="case-progress">11 of 46</span>`,
		"Key question 2.2.1 is not answered",
		"Last answered by Inspector A",
	} {
		if !strings.Contains(after.body, want) {
			t.Errorf("the page after saving lacks %q", want)
		}
	}
	if got := checked(t, after.body, "2.1.3a"); got != "n/a" {
		t.Errorf("2.1.3a shows %q, want n/a", got)
	}
	if row := caseRows(b.get("/").body)[fresh]; row[4] != "11 of 46" || row[5] != "In progress" {
		t.Errorf("case list row after the save: %q", row)
	}
	hp := b.get("/cases/" + fresh + "/history")
	if hp.status != http.StatusOK || strings.Count(hp.body, "<td>Inspector A</td>") != len(answers) || !strings.Contains(hp.body, "Read with the practitioner.") {
		t.Errorf("history page: %d\n%s", hp.status, hp.body)
	}
}

// TestSavingOneStandardKeepsTheOthersOnThePage: changes to other standards are neither saved
// nor lost when one standard's button is pressed.
func TestSavingOneStandardKeepsTheOthersOnThePage(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	form := caseForm(t, b.get("/cases/"+fresh).body)
	form.Set("a:2.1.1", "yes")
	form.Set("a:2.2.1", "no")
	form.Set("n:oversight", "")
	form.Set("a:oversight", "n/a")
	form.Set("save", "2.1")
	saved := b.post("/cases/"+fresh, form)
	if saved.status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303 (to the page again, with unsaved changes kept)", saved.status)
	}
	r := b.get(saved.header.Get("Location"))
	stored, version, _ := s.db.CaseAnswers(context.Background(), fresh)
	if len(stored) != 1 || stored["2.1.1"].Answer != casework.Yes {
		t.Errorf("stored %v, want only 2.1.1", stored)
	}
	for _, want := range []string{"Saved: 2.1 Assessment", "Your changes to 2.2 Planning, Other judgements about the case are <strong>not saved yet</strong>", "Changed here, not saved yet"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	again := caseForm(t, r.body)
	if again.Get("a:2.2.1") != "no" || again.Get("a:oversight") != "n/a" || again.Get("version") != itoa(version) {
		t.Errorf("the page again: 2.2.1=%q oversight=%q version=%q (stored %d)", again.Get("a:2.2.1"), again.Get("a:oversight"), again.Get("version"), version)
	}
	again.Set("save", "all")
	if r := b.post("/cases/"+fresh, again); r.status != http.StatusSeeOther {
		t.Fatalf("saving the rest: %d\n%s", r.status, r.body)
	}
	stored, _, _ = s.db.CaseAnswers(context.Background(), fresh)
	if len(stored) != 3 || stored["2.2.1"].Answer != casework.No || stored["oversight"].Answer != casework.NotApplicable {
		t.Errorf("stored after saving the rest: %v", stored)
	}
}

func TestConflict(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	a, b := s.browser(t), s.browser(t)
	a.signIn("Inspector A")
	b.signIn("Inspector B")
	// A answers 2.1.1 and notes it; both open the case at that version.
	form := caseForm(t, a.get("/cases/"+fresh).body)
	form.Set("a:2.1.1", "yes")
	form.Set("a:2.1.2", "yes")
	form.Set("save", "all")
	if r := a.post("/cases/"+fresh, form); r.status != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.status)
	}
	stale := caseForm(t, b.get("/cases/"+fresh).body)
	aForm := caseForm(t, a.get("/cases/"+fresh).body)
	// A saves: 2.1.1 changes to no, 2.1.3 yes, a note on 2.1.2.
	aForm.Set("a:2.1.1", "no")
	aForm.Set("a:2.1.3", "yes")
	aForm.Set("n:2.1.2", "A's note")
	aForm.Set("save", "all")
	if r := a.post("/cases/"+fresh, aForm); r.status != http.StatusSeeOther {
		t.Fatalf("A's save: %d", r.status)
	}
	before, version, _ := s.db.CaseAnswers(context.Background(), fresh)
	// B saves the stale copy: 2.1.1 kept at yes (B did not touch it), 2.1.3 no, 2.2.1 yes,
	// and a different note on 2.1.2.
	stale.Set("a:2.1.3", "no")
	stale.Set("a:2.2.1", "yes")
	stale.Set("n:2.1.2", "B's note")
	stale.Set("save", "all")
	r := b.post("/cases/"+fresh, stale)
	if r.status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409\n%s", r.status, r.body)
	}
	after, versionAfter, _ := s.db.CaseAnswers(context.Background(), fresh)
	if d := cmp.Diff(before, after); d != "" || versionAfter != version {
		t.Errorf("the refused save changed the case (version %d -> %d):\n%s", version, versionAfter, d)
	}
	shown := caseForm(t, r.body)
	for q, want := range map[string]string{
		"2.1.1": "no",  // only A changed it: A's saved answer
		"2.1.2": "yes", // nobody changed it
		"2.1.3": "no",  // both changed it: B's unsaved answer, A's beside it
		"2.2.1": "yes", // only B changed it: B's unsaved answer
	} {
		if got := shown.Get(answerField + q); got != want {
			t.Errorf("the conflict page shows %s = %q, want %q", q, got, want)
		}
	}
	if shown.Get("version") != itoa(version) || shown.Get("n:2.1.2") != "B's note" {
		t.Errorf("the conflict page carries version %q (want %d) and note %q", shown.Get("version"), version, shown.Get("n:2.1.2"))
	}
	for _, want := range []string{
		"Not saved: Inspector A saved this case while you were working on it",
		"2.1.3: Inspector A saved Yes; your answer, not saved yet, is No",
		"2.1.2: Inspector A saved a different note from yours",
		"<strong>Inspector A saved Yes</strong> while you were working",
		"Changed by Inspector A while you were working: their answer is shown.",
		"A&#39;s note",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the conflict page lacks %q", want)
		}
	}
	// B has seen both and saves: B's choices are stored, A's untouched ones kept.
	if r := b.post("/cases/"+fresh, shown); r.status != http.StatusSeeOther {
		t.Fatalf("B's save after the conflict: %d\n%s", r.status, r.body)
	}
	final, _, _ := s.db.CaseAnswers(context.Background(), fresh)
	got := map[string]string{}
	for q, j := range final {
		got[q] = j.Answer.String() + " by " + j.Inspector
	}
	want := map[string]string{"2.1.1": "no by Inspector A", "2.1.2": "yes by Inspector B", "2.1.3": "no by Inspector B", "2.2.1": "yes by Inspector B"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("stored after B's second save (-want +got):\n%s", d)
	}
	hist, _ := s.db.History(context.Background(), fresh)
	var trail []string
	for _, h := range hist {
		if h.Question == "2.1.3" {
			trail = append(trail, h.Old.String()+"->"+h.New.String()+" "+h.Inspector)
		}
	}
	if d := cmp.Diff([]string{"->yes Inspector A", "yes->no Inspector B"}, trail); d != "" {
		t.Errorf("history of 2.1.3 (-want +got):\n%s", d)
	}
}

func TestBadFormValues(t *testing.T) {
	tests := []struct {
		name   string
		set    map[string]string
		status int
		want   []string
	}{
		{"n/a to a key question", map[string]string{"a:2.1.1": "n/a"}, http.StatusUnprocessableEntity,
			[]string{`<a href="#q0-yes">2.1.1: 2.1.1 is a key question: it is answered yes or no for every case, never n/a</a>`}},
		{"n/a where the prompt does not allow it", map[string]string{"a:2.1.1a": "n/a"}, http.StatusUnprocessableEntity,
			[]string{`<a href="#q1-yes">2.1.1a: 2.1.1a does not allow n/a (want yes or no)</a>`}},
		{"not an answer", map[string]string{"a:2.1.1": "maybe", "a:2.1.2": "yes"}, http.StatusUnprocessableEntity,
			[]string{`2.1.1: &#34;maybe&#34; is not an answer (want yes, no or n/a)`, `id="q0-error"`}},
		{"a note without an answer", map[string]string{"n:2.2.1": "a note"}, http.StatusUnprocessableEntity,
			[]string{`<a href="#q11-note">Answer 2.2.1 before saving a note on it</a>`}},
		{"too long a note", map[string]string{"a:2.1.1": "yes", "n:2.1.1": strings.Repeat("x", maxNote+1)}, http.StatusUnprocessableEntity,
			[]string{`The note on 2.1.1 must be 2000 characters or fewer (it has 2001)`}},
		{"no version", map[string]string{"version": "", "a:2.1.1": "yes"}, http.StatusBadRequest, []string{"no valid case version"}},
		{"a version that is not a number", map[string]string{"version": "abc", "a:2.1.1": "yes"}, http.StatusBadRequest, []string{"no valid case version"}},
		{"a button for no standard", map[string]string{"save": "9.9", "a:2.1.1": "yes"}, http.StatusBadRequest, []string{"The form asks to save &#34;9.9&#34;"}},
		{"a question not in the framework", map[string]string{"a:2.1.9": "yes"}, http.StatusBadRequest, []string{"The form has a field for &#34;2.1.9&#34;"}},
	}
	s := newServer(t, bradford(t, fresh), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := caseForm(t, b.get("/cases/"+fresh).body)
			form.Set("save", "all")
			for k, v := range tt.set {
				form.Set(k, v)
			}
			r := b.post("/cases/"+fresh, form)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tt.status, r.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("the page lacks %s", w)
				}
			}
			if tt.status == http.StatusUnprocessableEntity {
				// The form comes back as posted, with the version it was made from.
				back := caseForm(t, r.body)
				if back.Get("version") != form.Get("version") {
					t.Errorf("version %q on the page again, want %q", back.Get("version"), form.Get("version"))
				}
				for k, v := range tt.set {
					if strings.HasPrefix(k, answerField) && v != "maybe" && v != "n/a" && back.Get(k) != v {
						t.Errorf("%s = %q on the page again, want %q", k, back.Get(k), v)
					}
				}
				if !strings.Contains(r.body, `<title>Error: Case `+fresh) {
					t.Errorf("the title does not start with Error:")
				}
			}
			assertUnanswered(t, s, fresh)
		})
	}
}

func TestNotFound(t *testing.T) {
	s := newServer(t, bradford(t), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	for _, path := range []string{"/cases/NOPE", "/cases/NOPE/history", "/nowhere", "/static/none.css"} {
		if r := b.get(path); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
	if r := b.post("/cases/NOPE", url.Values{"version": {"0"}, "a:2.1.1": {"yes"}}); r.status != http.StatusNotFound {
		t.Errorf("POST to an unknown case: %d, want 404", r.status)
	}
}

func TestResults(t *testing.T) {
	s := newServer(t, bradford(t), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	r := b.get("/results")
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	// The report's figures for Bradford & Calderdale: 2.1.3 is 15 of 79 (19%) and rates 2.1
	// Inadequate.
	for _, re := range []string{
		`(?s)2\.1\.3 Does assessment focus sufficiently on keeping other people safe\? <span class="tag tag--grey">rates the standard</span></th>\s*<td class="numeric">15</td>\s*<td class="numeric">79</td>\s*<td class="numeric">19%</td>`,
		`(?s)<th scope="row">2\.1 Assessment</th>\s*<td><strong class="tag tag--red">Inadequate</strong>`,
		`Not yet: some standards are not rated`,
	} {
		if !regexp.MustCompile(re).MatchString(r.body) {
			t.Errorf("the results page does not match %s", re)
		}
	}
	// Live: the inspectors' ratings appear as soon as they are recorded.
	if err := s.db.SetRatings(context.Background(), []casework.GivenRating{
		{Standard: "1.1", Rating: casework.Inadequate}, {Standard: "1.2", Rating: casework.Inadequate},
		{Standard: "1.3", Rating: casework.RequiresImprovement, Reason: "decision guidance"},
	}, "Lead inspector"); err != nil {
		t.Fatal(err)
	}
	r = b.get("/results")
	for _, want := range []string{"1 out of 21", "<strong>Inadequate</strong>", "rated Requires improvement: decision guidance"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the results page lacks %q", want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newServer(t, bradford(t), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	for _, path := range []string{"/sign-in", "/", "/cases/BC001", "/cases/BC001/history", "/results", "/static/style.css", "/nowhere"} {
		r := b.get(path)
		for h, want := range map[string]string{
			"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "same-origin",
			"Cache-Control":           "no-store",
		} {
			if got := r.header.Get(h); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, h, got, want)
			}
		}
	}
	cookie := b.cookies[s.sessionCookie]
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Errorf("session cookie %+v, want HttpOnly and SameSite=Strict", cookie)
	}
}

// TestLogsHoldNoCaseIDOrAnswer runs a working session (sign in, list, open, save, conflict,
// history, results, errors) and reads the log: one line per request, and no case id, answer,
// note or inspector's name in any of it.
func TestLogsHoldNoCaseIDOrAnswer(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	a, b := s.browser(t), s.browser(t)
	a.signIn("Inspector Alpha")
	b.signIn("Inspector Bravo")
	a.get("/?inspector=Inspector+A")
	form := caseForm(t, a.get("/cases/"+fresh).body)
	stale := caseForm(t, b.get("/cases/"+fresh).body)
	form.Set("a:2.1.1", "yes")
	form.Set("a:2.1.3a", "n/a")
	form.Set("n:2.1.1", "Secret-note-text")
	form.Set("save", "2.1")
	a.post("/cases/"+fresh, form)
	stale.Set("a:2.1.1", "no")
	b.post("/cases/"+fresh, stale)
	a.get("/cases/" + fresh + "?saved=2.1")
	a.get("/cases/" + fresh + "/history")
	a.get("/cases/BC001")
	a.get("/cases/NOPE")
	a.get("/results")
	a.post("/cases/"+fresh, url.Values{"version": {"x"}})

	log := s.log.String()
	if n := strings.Count(log, "msg=request"); n < 12 {
		t.Fatalf("%d request lines logged, want one per request:\n%s", n, log)
	}
	for _, want := range []string{`route="POST /cases/{id}" status=303`, `route="POST /cases/{id}" status=409`, `route="GET /cases/{id}" status=404`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	cases, _ := s.db.Cases(context.Background())
	var secrets []string
	for _, c := range cases {
		secrets = append(secrets, c.ID)
	}
	secrets = append(secrets, "NOPE", "Secret-note-text", "Inspector Alpha", "Inspector Bravo", "Alpha", "2.1.1")
	for _, sec := range secrets {
		if strings.Contains(log, sec) {
			t.Errorf("the log holds %q:\n%s", sec, log)
		}
	}
	for _, word := range regexp.MustCompile(`[A-Za-z/]+`).FindAllString(log, -1) {
		if w := strings.ToLower(word); w == "yes" || w == "no" || w == "n/a" {
			t.Errorf("the log holds the answer %q:\n%s", word, log)
		}
	}
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr     string
		password bool
		ok       bool
	}{
		{"127.0.0.1:8080", false, true},
		{"127.0.0.2:8080", false, true},
		{"localhost:8080", false, true},
		{"[::1]:8080", false, true},
		{"0.0.0.0:8080", false, false},
		{":8080", false, false},
		{"192.168.1.20:8080", false, false},
		{"[::]:8080", false, false},
		{"fieldwork.example:8080", false, false},
		{"0.0.0.0:8080", true, true},
		{":8080", true, true},
		{"8080", false, false},
		{"8080", true, false},
	}
	for _, tt := range tests {
		err := CheckAddr(tt.addr, tt.password)
		if (err == nil) != tt.ok {
			t.Errorf("CheckAddr(%q, password %v) = %v, want ok %v", tt.addr, tt.password, err, tt.ok)
		}
		if err != nil && casework.ErrorCode(err) != casework.EINVALID {
			t.Errorf("CheckAddr(%q): code %s", tt.addr, casework.ErrorCode(err))
		}
	}
}

// TestQuestionsNotAskedOfACase: a prompt the framework exempts a case from (here 2.4.1a for
// cases under Probation Reset) is marked on its form and left out of its progress.
func TestQuestionsNotAskedOfACase(t *testing.T) {
	ctx := context.Background()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	p := &fw.Standards[6].KeyQuestions[0].Prompts[0]
	p.NotFor, p.NotApplicable = []string{casework.ProbationReset}, true
	if err := fw.Validate(); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "reset.db"), casework.Inspection{Name: "Test PDU", Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SaveCases(ctx, []casework.Case{
		{ID: "R1", Type: casework.Community, Attributes: map[string]string{casework.ProbationReset: "yes"}},
		{ID: "R2", Type: casework.Community, Attributes: map[string]string{casework.ProbationReset: "no"}},
	}); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, db, "")
	b := s.browser(t)
	b.signIn("Inspector A")
	n := len(fw.Questions())
	for _, tc := range []struct {
		id       string
		required int
		marked   bool
	}{{"R1", n - 1, true}, {"R2", n, false}} {
		page := b.get("/cases/" + tc.id)
		if want := `<span id="case-progress">0 of ` + itoa(tc.required) + `</span>`; !strings.Contains(page.body, want) {
			t.Errorf("%s: the page lacks %s", tc.id, want)
		}
		if got := strings.Count(page.body, "Not asked of this case"); got != map[bool]int{true: 1, false: 0}[tc.marked] {
			t.Errorf("%s: %d questions marked not asked", tc.id, got)
		}
		if row := caseRows(b.get("/").body)[tc.id]; row[4] != "0 of "+itoa(tc.required) {
			t.Errorf("%s: case list shows %q", tc.id, row[4])
		}
	}
}

// A database held by another program is not someone else's save: the form must say so, and
// not show the conflict page.
func TestLockedDatabaseIsNotAConflict(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	a := s.browser(t)
	a.signIn("Inspector A")
	form := caseForm(t, a.get("/cases/"+fresh).body)
	form.Set("a:2.1.1", "yes")
	form.Set("save", "all")

	other, err := sql.Open("sqlite3", "file:"+s.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	r := a.post("/cases/"+fresh, form)
	conn.ExecContext(context.Background(), "ROLLBACK")
	if r.status != http.StatusServiceUnavailable {
		t.Errorf("save while another program holds the database: status %d, want 503", r.status)
	}
	if strings.Contains(r.body, "while you were working on it") || !strings.Contains(r.body, "held by another program") {
		t.Errorf("the page does not say the database is held by another program:\n%s", r.body)
	}
	assertUnanswered(t, s, fresh)
}

// Wrong passwords are limited, from anyone: past the limit even the right one is refused until
// the minute is over, so the shared password cannot be found by trying many.
func TestWrongPasswordsAreLimited(t *testing.T) {
	s := newServer(t, bradford(t), "s3cret fieldwork")
	try := func(password string) int {
		b := s.browser(t)
		b.get("/sign-in")
		return b.post("/sign-in", url.Values{"name": {"Inspector A"}, "password": {password}}).status
	}
	for i := range maxWrongPasswords {
		if got := try(fmt.Sprintf("guess %d", i)); got != http.StatusUnprocessableEntity {
			t.Fatalf("wrong password %d: status %d, want 422", i+1, got)
		}
	}
	if got := try("s3cret fieldwork"); got != http.StatusTooManyRequests {
		t.Errorf("the right password past the limit: status %d, want 429", got)
	}
	if !strings.Contains(s.log.String(), "too many wrong passwords") {
		t.Errorf("the log does not record the refusal:\n%s", s.log.String())
	}
	s.now = s.now.Add(61 * time.Second)
	if got := try("s3cret fieldwork"); got != http.StatusSeeOther {
		t.Errorf("the right password a minute later: status %d, want 303", got)
	}
}

// A standard rated but not counted in the score shows its rating and no points: the youth
// justice programme's resettlement standard beside a score out of 36.
func TestResultsMarkAStandardNotCounted(t *testing.T) {
	ctx := context.Background()
	fw, err := casework.Builtin("yjs-2021")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "yjs.db"), casework.Inspection{Name: "Test YJS", Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetRatings(ctx, []casework.GivenRating{{Standard: "3.4", Rating: casework.Good}, {Standard: "4.1", Rating: casework.Outstanding}}, "Lead inspector"); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, db, "")
	b := s.browser(t)
	b.signIn("Inspector A")
	r := b.get("/results")
	for _, re := range []string{
		`(?s)<th scope="row">3\.4 Out-of-court disposal policy and provision</th>.*?<td class="numeric">2</td>`,
		`(?s)<th scope="row">4\.1 Resettlement policy and provision</th>\s*<td><strong class="tag tag--[a-z]+">Outstanding</strong>.*?<td class="numeric"><span class="secondary">Not counted in the score</span></td>`,
		`2 out of 36 so far`,
	} {
		if !regexp.MustCompile(re).MatchString(r.body) {
			t.Errorf("the results page does not match %s", re)
		}
	}
}
