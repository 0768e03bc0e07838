package casework

import (
	"errors"
	"testing"

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
