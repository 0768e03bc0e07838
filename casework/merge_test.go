package casework

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// given is an answer with its note, as `fieldwork merge` compares them.
type given struct {
	Answer Answer
	Note   string
}

func TestDecideMerge(t *testing.T) {
	none := given{}
	yes, no := given{Answer: Yes}, given{Answer: No}
	yesNoted := given{Answer: Yes, Note: "plan seen in the contact log"}
	for _, tt := range []struct {
		name               string
		base, ours, theirs given
		moderated          bool
		want               MergeAction
		why                string
	}{
		{"theirs as at the base", yes, no, yes, false, KeepOurs, "theirs has not changed it since the base"},
		{"theirs has none", yes, no, none, false, KeepOurs, "theirs has not changed it since the base"},
		{"nobody has it", none, none, none, false, KeepOurs, "theirs has not changed it since the base"},
		{"theirs as at the base, ours moderated", yes, no, yes, true, KeepOurs, "theirs has not changed it since the base"},
		{"both changed it alike", yes, no, no, false, AlreadySame, "both changed it to the same"},
		{"both added it alike", none, yes, yes, false, AlreadySame, "both changed it to the same"},
		{"both changed it alike, ours moderated", yes, no, no, true, AlreadySame, "both changed it to the same"},
		{"only theirs changed it", yes, yes, no, false, TakeTheirs, "only theirs changed it"},
		{"only theirs added it", none, none, yes, false, TakeTheirs, "only theirs changed it"},
		{"ours has none", yes, none, no, false, TakeTheirs, "only theirs changed it"},
		{"only theirs changed the note", yes, yes, yesNoted, false, TakeTheirs, "only theirs changed it"},
		{"ours moderated, theirs changed it", yes, yes, no, true, Conflict, "ours was settled by moderation: only moderating again changes it"},
		{"ours moderated and changed, theirs changed it", no, yes, yesNoted, true, Conflict, "ours was settled by moderation: only moderating again changes it"},
		{"both changed it, differently", no, yes, yesNoted, false, Conflict, "both changed it since the base, differently"},
		{"both added it, differently", none, yes, no, false, Conflict, "both answered it, differently"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := MergeDecision{tt.want, tt.why}
			if diff := cmp.Diff(want, DecideMerge(tt.base, tt.ours, tt.theirs, tt.moderated)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The web form compares answers and notes apart, as strings; "" is none.
func TestDecideMergeOnStrings(t *testing.T) {
	for _, tt := range []struct {
		name               string
		base, ours, theirs string
		want               MergeAction
	}{
		{"an emptied field is no change", "yes", "no", "", KeepOurs},
		{"unchanged on the form", "yes", "no", "yes", KeepOurs},
		{"changed on the form only", "yes", "yes", "no", TakeTheirs},
		{"changed on the form, erased in the store", "yes", "", "no", TakeTheirs},
		{"changed on both alike", "", "no", "no", AlreadySame},
		{"changed on both, differently", "", "yes", "no", Conflict},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, DecideMerge(tt.base, tt.ours, tt.theirs, false).Action); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestChangedSince(t *testing.T) {
	for _, tt := range []struct {
		base, now string
		want      bool
	}{
		{"", "", false},
		{"yes", "", false},
		{"yes", "yes", false},
		{"", "yes", true},
		{"yes", "no", true},
	} {
		if diff := cmp.Diff(tt.want, ChangedSince(tt.base, tt.now)); diff != "" {
			t.Errorf("ChangedSince(%q, %q) (-want +got):\n%s", tt.base, tt.now, diff)
		}
	}
}

func TestSettleConflict(t *testing.T) {
	for _, tt := range []struct {
		name                     string
		choice                   MergeChoice
		moderated, answeredAgain bool
		want                     Settlement
	}{
		{"no choice", NoChoice, false, false, Unsettled},
		{"keep ours", ChooseOurs, false, false, KeptOurs},
		{"keep ours, moderated", ChooseOurs, true, false, KeptOurs},
		{"keep ours, answered again too", ChooseOurs, false, true, KeptOurs},
		{"take theirs", ChooseTheirs, false, false, TookTheirs},
		{"take theirs, answered again too", ChooseTheirs, false, true, TookTheirs},
		{"take theirs over a moderated answer", ChooseTheirs, true, false, Unsettled},
		{"take theirs over a moderated answer answered again", ChooseTheirs, true, true, AnsweredAgain},
		{"answered again", NoChoice, false, true, AnsweredAgain},
		{"moderated, answered again", NoChoice, true, true, AnsweredAgain},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, SettleConflict(tt.choice, tt.moderated, tt.answeredAgain)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecideModeration(t *testing.T) {
	tests := []struct {
		name                              string
		answer, seen, here, hereModerated Answer
		readTwice                         bool
		want                              ModerationAction
	}{
		{"first reading as the moderator saw it", Yes, No, No, NoAnswer, true, BringModeration},
		{"first reading changed here since", Yes, No, Yes, NoAnswer, true, ModerationConflict},
		{"first reading changed here to something else", Yes, No, NotApplicable, NoAnswer, true, ModerationConflict},
		{"moderated the same way here", Yes, No, Yes, Yes, true, ModerationHere},
		{"moderated otherwise here", Yes, No, No, No, true, ModerationConflict},
		{"not read twice here", Yes, No, No, NoAnswer, false, ModerationWaits},
		{"no first reading here", Yes, No, NoAnswer, NoAnswer, false, ModerationWaits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecideModeration(tt.answer, tt.seen, tt.here, tt.hereModerated, tt.readTwice); got != tt.want {
				t.Errorf("DecideModeration = %v, want %v", got, tt.want)
			}
		})
	}
}
