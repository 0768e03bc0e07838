package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
)

// teamPassword is every test account's password; the tests' hashes take one iteration, which
// the stored hash records, so signing in costs nothing.
const teamPassword = "correct horse battery"

// withAccounts adds an account for each name with its role.
func withAccounts(t *testing.T, db *sqlite.DB, roles map[string]casework.Role) {
	t.Helper()
	for name, role := range roles {
		hash, err := hashPassword(teamPassword, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddAccount(context.Background(), casework.Account{Name: name, Role: role, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
}

var team = map[string]casework.Role{"Ann": casework.RoleInspector, "Bob": casework.RoleInspector, "Quinn": casework.RoleQA, "Lee": casework.RoleLead}

func (b *browser) signInAs(name, password string) *response {
	b.t.Helper()
	b.get("/sign-in")
	return b.post("/sign-in", url.Values{"name": {name}, "password": {password}})
}

func (b *browser) mustSignInAs(name string) {
	b.t.Helper()
	if r := b.signInAs(name, teamPassword); r.status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: status %d\n%s", name, r.status, r.body)
	}
}

func TestPasswordHash(t *testing.T) {
	hash, err := hashPassword("a long password", 1000)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := hashPassword("a long password", 1000)
	parts := strings.Split(hash, "$")
	for _, tt := range []struct {
		name string
		hash string
		pw   string
		want bool
	}{
		{"the password", hash, "a long password", true},
		{"another password", hash, "a long passwore", false},
		{"the same password salted apart", other, "a long password", true},
		{"a hash cut short", strings.Join(parts[:3], "$"), "a long password", false},
		{"another algorithm", strings.Replace(hash, "pbkdf2-sha256", "md5", 1), "a long password", false},
		{"another iteration count", strings.Replace(hash, "$1000$", "$1001$", 1), "a long password", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkPassword(tt.hash, tt.pw); got != tt.want {
				t.Errorf("checkPassword = %v, want %v", got, tt.want)
			}
		})
	}
	if hash == other {
		t.Error("two hashes of one password are the same: no salt")
	}
	if parts[0] != "pbkdf2-sha256" || parts[1] != "1000" {
		t.Errorf("the hash does not name its algorithm and count: %s", hash)
	}
	if !strings.Contains(noSuchAccount(), fmt.Sprintf("$%d$", passwordIterations)) || passwordIterations < 600_000 {
		t.Errorf("new passwords take %d iterations, want OWASP's 600,000 at least", passwordIterations)
	}
}

func TestReadNewPasswordFromAPipe(t *testing.T) {
	for _, tt := range []struct {
		name, in, err string
	}{
		{"a line", "correct horse battery\n", ""},
		{"without a newline", "correct horse battery", ""},
		{"too short", "short\n", "at least 10"},
		{"nothing", "", "no password given"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hash, err := ReadNewPassword(strings.NewReader(tt.in), &strings.Builder{}, "Ann")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil || !checkPassword(hash, "correct horse battery") {
				t.Errorf("hash %q, %v: does not check against the password", hash, err)
			}
		})
	}
}

func TestTeamSignIn(t *testing.T) {
	db := bradford(t, fresh)
	withAccounts(t, db, team)
	s := newServer(t, db, "")
	for _, tt := range []struct {
		name, as, password string
		want               int
	}{
		{"the account's password", "Ann", teamPassword, http.StatusSeeOther},
		{"a wrong password", "Ann", "not it at all", http.StatusUnprocessableEntity},
		{"no password", "Ann", "", http.StatusUnprocessableEntity},
		{"a name with no account", "Mallory", teamPassword, http.StatusUnprocessableEntity},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.browser(t).signInAs(tt.as, tt.password)
			if r.status != tt.want {
				t.Errorf("status %d, want %d\n%s", r.status, tt.want, r.body)
			}
			if tt.want != http.StatusSeeOther && !strings.Contains(r.body, "Enter the name and password of your account") {
				t.Errorf("the page does not say what to enter:\n%s", r.body)
			}
		})
	}
	b := s.browser(t)
	b.mustSignInAs("Lee")
	if page := b.get("/"); !strings.Contains(page.body, "Signed in as <strong>Lee</strong> (lead)") {
		t.Errorf("the header does not name the lead:\n%s", page.body)
	}
}

// Wrong passwords are counted per account as well as per address: ten for Ann from ten
// computers stop Ann's sign-in for the minute, not Bob's from the same computers.
func TestWrongPasswordsAreLimitedPerAccount(t *testing.T) {
	db := bradford(t)
	withAccounts(t, db, team)
	s := newServer(t, db, "")
	from := func(i int, name, password string) int {
		b := s.browser(t)
		b.addr = fmt.Sprintf("192.0.2.%d:1234", i+1)
		return b.signInAs(name, password).status
	}
	for i := range maxWrongPasswords {
		if got := from(i, "Ann", "a wrong guess"); got != http.StatusUnprocessableEntity {
			t.Fatalf("wrong password %d: %d", i+1, got)
		}
	}
	if got := from(20, "Ann", teamPassword); got != http.StatusTooManyRequests {
		t.Errorf("Ann's right password from another computer past the limit: %d, want 429", got)
	}
	if got := from(3, "Bob", teamPassword); got != http.StatusSeeOther {
		t.Errorf("Bob from a computer Ann's guesses came from: %d, want 303", got)
	}
	if !strings.Contains(s.log.String(), `client=192.0.2.21`) || strings.Contains(s.log.String(), "a wrong guess") {
		t.Errorf("the log does not give the refused address, or gives the password:\n%s", s.log.String())
	}
}

// A new password or a removed account ends the sign-ins made before, at their next request,
// while the server runs (the commands run in another process).
func TestAccountChangesEndSignIns(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		change func(db *sqlite.DB) error
		ends   bool
	}{
		{"nothing", func(*sqlite.DB) error { return nil }, false},
		{"a new password", func(db *sqlite.DB) error {
			h, _ := hashPassword("another long one", 1)
			return db.SetPassword(ctx, "Ann", h)
		}, true},
		{"another's new password", func(db *sqlite.DB) error {
			h, _ := hashPassword("another long one", 1)
			return db.SetPassword(ctx, "Bob", h)
		}, false},
		{"the account removed", func(db *sqlite.DB) error { return db.RemoveAccount(ctx, "Ann") }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := bradford(t)
			withAccounts(t, db, team)
			db.Now = func() time.Time { return time.Now().Add(time.Second) } // a password set later than the first
			s := newServer(t, db, "")
			b := s.browser(t)
			b.mustSignInAs("Ann")
			if err := tt.change(db); err != nil {
				t.Fatal(err)
			}
			r := b.get("/")
			if ended := r.status == http.StatusSeeOther; ended != tt.ends {
				t.Errorf("signed out = %v (status %d), want %v", ended, r.status, tt.ends)
			}
		})
	}
}

// A sign-in with the shared password ends once the team has accounts.
func TestAccountsEndSharedSignIns(t *testing.T) {
	db := bradford(t)
	s := newServer(t, db, "a shared password")
	b := s.browser(t)
	if r := b.signInAs("Inspector A", "a shared password"); r.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.status)
	}
	if r := b.get("/"); r.status != http.StatusOK {
		t.Fatalf("signed in: %d", r.status)
	}
	withAccounts(t, db, team)
	if r := b.get("/"); r.status != http.StatusSeeOther {
		t.Errorf("after accounts were added: %d, want a redirect to sign in", r.status)
	}
}

// saveAs posts the case form as it stands with answers to 2.1's key questions, and returns the
// response.
func saveAs(t *testing.T, b *browser, id string, answers map[string]string) *response {
	t.Helper()
	form := caseForm(t, b.get("/cases/"+id).body)
	for q, a := range answers {
		form.Set(answerField+q, a)
	}
	form.Set("save", "2.1")
	return b.post("/cases/"+id, form)
}

func TestWhoMayChangeACase(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name       string
		as         string
		allocated  string
		colleagues bool
		signedOff  bool
		want       int
		says       string
	}{
		{"an inspector, their case", "Ann", "Ann", false, false, http.StatusSeeOther, ""},
		{"an inspector, a colleague's", "Bob", "Ann", false, false, http.StatusForbidden, "allocated to Ann, not to you"},
		{"an inspector, a colleague's, allowed", "Bob", "Ann", true, false, http.StatusSeeOther, ""},
		{"a quality lead, the first reading", "Quinn", "Ann", true, false, http.StatusForbidden, "as a quality lead you enter the second reading"},
		{"the lead, anyone's", "Lee", "Ann", false, false, http.StatusSeeOther, ""},
		{"its inspector, signed off", "Ann", "Ann", false, true, http.StatusConflict, "signed off (by Lee)"},
		{"the lead, signed off", "Lee", "Ann", false, true, http.StatusConflict, "signed off (by Lee)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := bradford(t, fresh)
			withAccounts(t, db, team)
			if err := db.Allocate(ctx, fresh, tt.allocated, "Lee"); err != nil {
				t.Fatal(err)
			}
			if tt.signedOff {
				if err := db.SignOff(ctx, fresh, "Lee"); err != nil {
					t.Fatal(err)
				}
			}
			s := newServer(t, db, "")
			s.colleagues = tt.colleagues
			b := s.browser(t)
			b.mustSignInAs(tt.as)
			page := b.get("/cases/" + fresh)
			if tt.colleagues && tt.as == "Bob" && !strings.Contains(page.body, "check with them before changing their answers") {
				t.Errorf("no warning on a colleague's case:\n%s", page.body)
			}
			r := saveAs(t, b, fresh, map[string]string{"2.1.1": "yes", "2.1.2": "no", "2.1.3": "yes"})
			if r.status != tt.want || !strings.Contains(r.body, tt.says) {
				t.Errorf("save: status %d, want %d saying %q\n%s", r.status, tt.want, tt.says, r.body)
			}
			stored, _, _ := db.CaseAnswers(ctx, fresh)
			if saved := len(stored) > 0; saved != (tt.want == http.StatusSeeOther) {
				t.Errorf("answers stored = %v after a save with status %d", saved, r.status)
			}
			if j, ok := stored["2.1.1"]; ok && j.Inspector != tt.as {
				t.Errorf("2.1.1 recorded as given by %q, want the account %s", j.Inspector, tt.as)
			}
		})
	}
}

// The whole team's round on one case: the lead allocates it, its inspector answers, a quality
// lead reads it again and moderates, the lead checks and signs it off; then no one changes it
// until the lead reopens it.
func TestTeamRound(t *testing.T) {
	ctx := context.Background()
	db := bradford(t, fresh)
	withAccounts(t, db, team)
	s := newServer(t, db, "")
	lead, ann, qa := s.browser(t), s.browser(t), s.browser(t)
	lead.mustSignInAs("Lee")
	ann.mustSignInAs("Ann")
	qa.mustSignInAs("Quinn")

	if r := ann.get("/"); !strings.Contains(r.body, "My cases: 0 of") {
		t.Errorf("Ann's list does not open with her cases (none yet):\n%s", r.body)
	}
	lead.get("/cases/" + fresh)
	if r := lead.post("/cases/"+fresh+"/allocate", url.Values{"to": {"Ann"}}); r.status != http.StatusSeeOther {
		t.Fatalf("allocate: %d\n%s", r.status, r.body)
	}
	if r := ann.post("/cases/"+fresh+"/allocate", url.Values{"to": {"Ann"}}); r.status != http.StatusForbidden {
		t.Errorf("an inspector allocating: %d, want 403", r.status)
	}
	list := ann.get("/")
	if !strings.Contains(list.body, "My cases: 1 of") || !strings.Contains(list.body, `href="/cases/`+fresh+`#standard-1"`) {
		t.Errorf("Ann's list does not hold the case with its standards:\n%s", list.body)
	}
	if r := saveAs(t, ann, fresh, map[string]string{"2.1.1": "yes", "2.1.2": "no", "2.1.3": "yes"}); r.status != http.StatusSeeOther {
		t.Fatalf("Ann's save: %d\n%s", r.status, r.body)
	}
	if r := ann.get("/"); !strings.Contains(r.body, `<strong class="tag tag--blue">In progress</strong>`) {
		t.Errorf("the list shows no standard in progress:\n%s", r.body)
	}

	page := qa.get("/cases/" + fresh + "/second")
	if page.status != http.StatusOK {
		t.Fatalf("second reading page: %d\n%s", page.status, page.body)
	}
	if r := ann.get("/cases/" + fresh + "/second"); r.status != http.StatusForbidden {
		t.Errorf("an inspector's second reading page: %d, want 403", r.status)
	}
	if r := qa.post("/cases/"+fresh+"/second", url.Values{"a:2.1.1": {"no"}, "a:2.1.2": {"no"}}); r.status != http.StatusSeeOther {
		t.Fatalf("second reading: %d\n%s", r.status, r.body)
	}
	page = qa.get("/cases/" + fresh + "/second")
	if !strings.Contains(page.body, "first reading Yes, second No") {
		t.Errorf("the moderation form does not offer 2.1.1:\n%s", page.body)
	}
	if r := qa.post("/cases/"+fresh+"/moderate", url.Values{"a:2.1.1": {"no"}, "reason": {"no plan for the victim"}}); r.status != http.StatusSeeOther {
		t.Fatalf("moderate: %d\n%s", r.status, r.body)
	}
	twice, err := db.ReadTwice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range twice {
		if r.CaseID == fresh {
			got = append(got, fmt.Sprintf("%s %s/%s by %s, moderated %s by %s", r.Question, r.First, r.Second, r.SecondBy, r.Moderated, r.ModeratedBy))
		}
	}
	want := []string{"2.1.1 yes/no by Quinn, moderated no by Quinn", "2.1.2 no/no by Quinn, moderated  by "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("readings (-want +got):\n%s", diff)
	}

	check := lead.get("/cases/" + fresh + "/check")
	if check.status != http.StatusOK || !strings.Contains(check.body, "Sign off case "+fresh) {
		t.Fatalf("check your answers: %d\n%s", check.status, check.body)
	}
	if r := lead.post("/cases/"+fresh+"/sign-off", nil); r.status != http.StatusSeeOther {
		t.Fatalf("sign off: %d\n%s", r.status, r.body)
	}
	if r := saveAs(t, ann, fresh, map[string]string{"2.1.3": "no"}); r.status != http.StatusConflict || !strings.Contains(r.body, "signed off") {
		t.Errorf("Ann's change to the signed-off case: %d\n%s", r.status, r.body)
	}
	if r := qa.post("/cases/"+fresh+"/second", url.Values{"a:2.1.3": {"no"}}); r.status != http.StatusConflict {
		t.Errorf("a second reading of the signed-off case: %d, want 409", r.status)
	}
	if r := ann.get("/cases/" + fresh); !strings.Contains(r.body, "Signed off by Lee") || !strings.Contains(r.body, "disabled") {
		t.Errorf("the case page does not show the case locked:\n%s", r.body)
	}
	lead.get("/cases/" + fresh + "/check")
	if r := lead.post("/cases/"+fresh+"/reopen", url.Values{"reason": {"2.1.3 needs a second look"}}); r.status != http.StatusSeeOther {
		t.Fatalf("reopen: %d\n%s", r.status, r.body)
	}
	if r := saveAs(t, ann, fresh, map[string]string{"2.1.3": "no"}); r.status != http.StatusSeeOther {
		t.Errorf("Ann's change after reopening: %d\n%s", r.status, r.body)
	}
	h, err := db.SignOffHistory(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, s := range h {
		actions = append(actions, s.Action+" by "+s.By+": "+s.Reason)
	}
	if diff := cmp.Diff([]string{"signed off by Lee: ", "reopened by Lee: 2.1.3 needs a second look"}, actions); diff != "" {
		t.Errorf("sign-off history (-want +got):\n%s", diff)
	}
	if r := ann.get("/cases/" + fresh + "/history"); !strings.Contains(r.body, "Reopened by Lee") || !strings.Contains(r.body, "2.1.3 needs a second look") {
		t.Errorf("the case's history does not show its reopening:\n%s", r.body)
	}
	for _, path := range []string{"/cases/" + fresh + "/print", "/qa"} {
		if r := lead.get(path); r.status != http.StatusOK {
			t.Errorf("%s: %d\n%s", path, r.status, r.body)
		}
	}
	if r := ann.get("/qa"); r.status != http.StatusForbidden {
		t.Errorf("an inspector's QA view: %d, want 403", r.status)
	}
}

// The lead's QA view lists, across cases, contradictions and unanswered key questions of a case
// begun, cases in progress left two days, and each rating with how firmly it stands.
func TestQAView(t *testing.T) {
	ctx := context.Background()
	db := bradford(t, fresh)
	withAccounts(t, db, team)
	start := time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return start }
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{
		{CaseID: fresh, Question: "2.1.1", Answer: casework.Yes, Inspector: "Ann"},
		{CaseID: fresh, Question: "2.1.1a", Answer: casework.No, Inspector: "Ann"},
		{CaseID: fresh, Question: "2.1.1b", Answer: casework.No, Inspector: "Ann"},
		{CaseID: fresh, Question: "2.1.1c", Answer: casework.No, Inspector: "Ann"},
	}, "judge"); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, db, "")
	for _, tt := range []struct {
		name  string
		later time.Duration
		want  []string
		not   []string
	}{
		{"the day of the save", 0,
			[]string{"Case " + fresh + "</a>: Key question 2.1.1 is yes but every answered prompt", "Case " + fresh + "</a>: Key question 2.1.2 is not answered",
				"would make Assessment", "interval of"},
			[]string{"Last changed"}},
		{"two days on", 49 * time.Hour, []string{"Case " + fresh + "</a>: Last changed"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s.now = start.Add(tt.later)
			b := s.browser(t)
			b.mustSignInAs("Lee")
			r := b.get("/qa")
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(htmlUnescape(r.body), w) {
					t.Errorf("the QA view does not say %q:\n%s", w, r.body)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(r.body, w) {
					t.Errorf("the QA view says %q", w)
				}
			}
		})
	}
}
