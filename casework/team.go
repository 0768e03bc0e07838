package casework

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Role is what a team member's account lets them do at the entry form.
type Role int

const (
	NoRole Role = iota
	// RoleInspector reads the cases allocated to them and enters the first reading.
	RoleInspector
	// RoleQA is a quality lead: second readings (double-marking) and moderation, on any case.
	RoleQA
	// RoleLead is the lead inspector: allocates cases, sees and edits every one, signs cases off.
	RoleLead
)

// Roles are the roles in the order they are listed.
var Roles = []Role{RoleInspector, RoleQA, RoleLead}

// ParseRole reads a role as `fieldwork users add --role` takes it.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if strings.EqualFold(strings.TrimSpace(s), r.String()) {
			return r, nil
		}
	}
	return NoRole, Errorf(EINVALID, "%q is not a role (want inspector, qa or lead)", s)
}

func (r Role) String() string {
	switch r {
	case RoleInspector:
		return "inspector"
	case RoleQA:
		return "qa"
	case RoleLead:
		return "lead"
	}
	return ""
}

// Standing is what decides who may change a case: who it is allocated to and whether the lead
// inspector has signed it off.
type Standing struct {
	AllocatedTo string // "" when no one is
	SignedOffBy string // "" when not signed off
}

// AllocatedTo is who reads a case: the lead inspector's allocation, or else the case list's
// own inspector column, which teams used before allocation was in the form.
func AllocatedTo(c Case, allocation string) string {
	if allocation != "" {
		return allocation
	}
	return c.Attributes["inspector"]
}

// Access is what a member of the team may do with one case's first reading.
type Access struct {
	Edit bool
	// Warning is said above the form when the member may edit a case that is not theirs.
	Warning string
	// Refusal says why not, when Edit is false.
	Refusal string
}

// FirstReadingAccess decides whether who, in role, may change the first reading of the case
// caseID. A signed-off case is locked for everyone until reopened (the store refuses the
// change whoever asks; this says it first). The lead changes any other case; an inspector the
// cases allocated to them, and a colleague's or an unallocated one only where the lead allows
// it (colleagues), with a warning; a quality lead enters second readings, not the first.
func FirstReadingAccess(role Role, who, caseID string, st Standing, colleagues bool) Access {
	switch {
	case st.SignedOffBy != "":
		return Access{Refusal: SignedOffError(caseID, st.SignedOffBy).Error()}
	case role == RoleLead || (role == RoleInspector && st.AllocatedTo == who):
		return Access{Edit: true}
	case role == RoleQA:
		return Access{Refusal: fmt.Sprintf("Case %s's first reading is the inspector's: as a quality lead you enter the second reading.", caseID)}
	}
	whose := "not allocated to anyone yet"
	if st.AllocatedTo != "" {
		whose = "allocated to " + st.AllocatedTo
	}
	if colleagues {
		return Access{Edit: true, Warning: fmt.Sprintf("Case %s is %s, not to you: check with them before changing their answers.", caseID, whose)}
	}
	return Access{Refusal: fmt.Sprintf("Case %s is %s, not to you, so you cannot change its answers. Ask the lead inspector to allocate it to you.", caseID, whose)}
}

// MayReadSecond says whether role enters second readings and moderates: quality leads and the
// lead inspector.
func MayReadSecond(role Role) bool { return role == RoleQA || role == RoleLead }

// SignedOffError is the refusal of any change to a case the lead inspector has signed off.
func SignedOffError(caseID, by string) *Error {
	e := Errorf(ECONFLICT, "case %s is signed off (by %s): its answers are locked", caseID, by)
	e.Cause = ErrSignedOff
	return e.WithHint("the lead inspector can reopen the case to change it")
}

// ErrSignedOff is the cause of the error a change to a signed-off case gets.
var ErrSignedOff = errors.New("case signed off")

// Account is a member of the team who signs in to the entry form with their own password.
type Account struct {
	Name string
	Role Role
	// PasswordHash is the password as stored: the algorithm, its work factor, the salt and
	// the derived key, never the password.
	PasswordHash        string
	AddedAt, PasswordAt time.Time
}

// SignOff is the lead inspector's sign-off of a case, or its reopening.
type SignOff struct {
	CaseID string
	Action string // ActionSignOff or ActionReopen
	By     string
	Reason string // why it was reopened
	At     time.Time
}

// What a sign-off history row records.
const (
	ActionSignOff = "signed off"
	ActionReopen  = "reopened"
)

// The status of a case, or of one standard of it, in the case list's task list.
const (
	NotStarted = "Not started"
	InProgress = "In progress"
	Complete   = "Complete"
	SignedOff  = "Signed off"
)

// Status words how far answered of required questions are, a signed-off case's standards all
// "Signed off".
func Status(answered, required int, signedOff bool) string {
	switch {
	case signedOff:
		return SignedOff
	case answered >= required:
		return Complete
	case answered == 0:
		return NotStarted
	}
	return InProgress
}

// StandardProgress is how far one standard of one case is answered.
type StandardProgress struct {
	Standard           string // the standard's id
	Answered, Required int
}

// StandardsProgressFor is ProgressFor per standard with questions asked of case c, in the
// framework's order. The other case questions, outside the standards, are left out: no
// standard is rated from them.
func (f *Framework) StandardsProgressFor(c Case, answers map[string]Answer) []StandardProgress {
	var out []StandardProgress
	at := map[string]int{}
	for _, q := range f.Questions() {
		if q.Kind == KindCase || !q.AppliesTo(c) {
			continue
		}
		i, ok := at[q.Standard]
		if !ok {
			i = len(out)
			at[q.Standard] = i
			out = append(out, StandardProgress{Standard: q.Standard})
		}
		out[i].Required++
		if answers[q.ID] != NoAnswer {
			out[i].Answered++
		}
	}
	return out
}

// UntouchedAfter is how long a case in progress may go without a change before the lead's QA
// view lists it: two days of fieldwork is long for one case.
const UntouchedAfter = 48 * time.Hour

// Untouched says whether a case whose status is status, last changed at last, has been left
// too long by now. Cases not started are not listed: early in fieldwork they all are.
func Untouched(status string, last, now time.Time) bool {
	return status == InProgress && now.Sub(last) >= UntouchedAfter
}

// MaxName is the longest name of an account: it is stored with every answer its member gives.
const MaxName = 80

// AccountName is name with its spaces tidied, or an error saying why it cannot name an account.
func AccountName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", Errorf(EINVALID, "an account needs a name").WithHint("give the name as the member's answers should show it, e.g. \"Sam Patel\"")
	case len([]rune(name)) > MaxName:
		return "", Errorf(EINVALID, "the name %q has %d characters; an account's has at most %d", name, len([]rune(name)), MaxName)
	case strings.IndexFunc(name, func(c rune) bool { return !unicode.IsPrint(c) }) >= 0:
		return "", Errorf(EINVALID, "the name %q holds a character that cannot be printed", name)
	}
	return name, nil
}
