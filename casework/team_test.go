package casework

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseRole(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Role
		err  bool
	}{
		{"inspector", RoleInspector, false},
		{" QA ", RoleQA, false},
		{"Lead", RoleLead, false},
		{"admin", NoRole, true},
		{"", NoRole, true},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRole(tt.in)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseRole(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFirstReadingAccess(t *testing.T) {
	mine := Standing{AllocatedTo: "Ann"}
	theirs := Standing{AllocatedTo: "Bob"}
	locked := Standing{AllocatedTo: "Ann", SignedOffBy: "Lee"}
	tests := []struct {
		name       string
		role       Role
		st         Standing
		colleagues bool
		want       Access
	}{
		{"an inspector on their own case", RoleInspector, mine, false, Access{Edit: true}},
		{"an inspector on a colleague's case", RoleInspector, theirs, false,
			Access{Refusal: "Case C1 is allocated to Bob, not to you, so you cannot change its answers. Ask the lead inspector to allocate it to you."}},
		{"an inspector on a colleague's case the lead allows", RoleInspector, theirs, true,
			Access{Edit: true, Warning: "Case C1 is allocated to Bob, not to you: check with them before changing their answers."}},
		{"an inspector on a case no one has", RoleInspector, Standing{}, false,
			Access{Refusal: "Case C1 is not allocated to anyone yet, not to you, so you cannot change its answers. Ask the lead inspector to allocate it to you."}},
		{"a quality lead on the first reading", RoleQA, mine, true,
			Access{Refusal: "Case C1's first reading is the inspector's: as a quality lead you enter the second reading."}},
		{"the lead on anyone's case", RoleLead, theirs, false, Access{Edit: true}},
		{"the lead on a signed-off case", RoleLead, locked, true, Access{Refusal: "case C1 is signed off (by Lee): its answers are locked"}},
		{"its inspector on a signed-off case", RoleInspector, locked, true, Access{Refusal: "case C1 is signed off (by Lee): its answers are locked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, FirstReadingAccess(tt.role, "Ann", "C1", tt.st, tt.colleagues)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAllocatedTo(t *testing.T) {
	listed := Case{ID: "C1", Attributes: map[string]string{"inspector": "From the list"}}
	for _, tt := range []struct {
		name       string
		c          Case
		allocation string
		want       string
	}{
		{"the lead's allocation first", listed, "Ann", "Ann"},
		{"else the case list's inspector", listed, "", "From the list"},
		{"else no one", Case{ID: "C2"}, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, AllocatedTo(tt.c, tt.allocation)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSignedOffErrorIsAConflict(t *testing.T) {
	err := SignedOffError("C1", "Lee")
	if ErrorCode(err) != ECONFLICT || !errors.Is(err, ErrSignedOff) || ErrorHint(err) == "" {
		t.Errorf("%v: code %s, is ErrSignedOff %v, hint %q", err, ErrorCode(err), errors.Is(err, ErrSignedOff), ErrorHint(err))
	}
}

func TestStatus(t *testing.T) {
	for _, tt := range []struct {
		answered, required int
		signedOff          bool
		want               string
	}{
		{0, 10, false, NotStarted},
		{3, 10, false, InProgress},
		{10, 10, false, Complete},
		{0, 0, false, Complete},
		{3, 10, true, SignedOff},
	} {
		if got := Status(tt.answered, tt.required, tt.signedOff); got != tt.want {
			t.Errorf("Status(%d, %d, %v) = %q, want %q", tt.answered, tt.required, tt.signedOff, got, tt.want)
		}
	}
}

func TestStandardsProgressFor(t *testing.T) {
	fw, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	c := Case{ID: "C1", Type: Community}
	answers := map[string]Answer{"2.1.1": Yes, "2.1.2": No, "2.2.1": Yes}
	got := fw.StandardsProgressFor(c, answers)
	var short []string
	for _, p := range got {
		short = append(short, fmt.Sprintf("%s %d", p.Standard, p.Answered))
	}
	if diff := cmp.Diff([]string{"2.1 2", "2.2 1", "2.3 0", "2.4 0"}, short); diff != "" {
		t.Errorf("standards and answered (-want +got):\n%s", diff)
	}
	for _, p := range got {
		a, n := 0, 0
		for _, q := range fw.Questions() {
			if q.Standard == p.Standard && q.Kind != KindCase && q.AppliesTo(c) {
				n++
				if answers[q.ID] != NoAnswer {
					a++
				}
			}
		}
		if p.Required != n || p.Answered != a {
			t.Errorf("%s: %d of %d, want %d of %d", p.Standard, p.Answered, p.Required, a, n)
		}
	}
}

func TestUntouched(t *testing.T) {
	now := time.Date(2024, 9, 5, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name   string
		status string
		last   time.Time
		want   bool
	}{
		{"in progress, changed yesterday", InProgress, now.Add(-24 * time.Hour), false},
		{"in progress, two days ago", InProgress, now.Add(-48 * time.Hour), true},
		{"complete long ago", Complete, now.Add(-100 * time.Hour), false},
		{"signed off long ago", SignedOff, now.Add(-100 * time.Hour), false},
		{"not started", NotStarted, time.Time{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Untouched(tt.status, tt.last, now); got != tt.want {
				t.Errorf("Untouched = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAccountName(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{"  Sam   Patel ", "Sam Patel", ""},
		{"   ", "", "needs a name"},
		{strings.Repeat("a", 81), "", "at most 80"},
		{"Sam\x07", "", "cannot be printed"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := AccountName(tt.in)
			if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("AccountName(%q) = %q, %v; want %q, an error saying %q", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
