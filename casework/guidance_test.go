package casework

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBrokenGuidance(t *testing.T) {
	fw, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	rated := func(services, delivery Rating, reason string) []StandardResult {
		s := []StandardResult{{ID: "1.3", Name: "Services", Rating: services}, {ID: "2.3", Name: "Implementation and delivery", Rating: delivery}}
		if reason != "" {
			s[0].Departure = &Departure{To: services, Reason: reason}
		}
		return s
	}
	rule := fw.Guidance[0]
	tests := []struct {
		name      string
		standards []StandardResult
		want      []BrokenGuidance
	}{
		{"1.3 Requires improvement, 2.3 Inadequate: broken", rated(RequiresImprovement, Inadequate, ""),
			[]BrokenGuidance{{Guidance: rule, WhenName: "Services", ThenName: "Implementation and delivery", Found: Inadequate}}},
		{"broken, with the reason of 1.3's rating", rated(RequiresImprovement, Inadequate, "strengths in IOM"),
			[]BrokenGuidance{{Guidance: rule, WhenName: "Services", ThenName: "Implementation and delivery", Found: Inadequate, Reason: "strengths in IOM"}}},
		{"1.3 Requires improvement, 2.3 Outstanding: broken", rated(RequiresImprovement, Outstanding, ""),
			[]BrokenGuidance{{Guidance: rule, WhenName: "Services", ThenName: "Implementation and delivery", Found: Outstanding}}},
		{"2.3 Requires improvement: as usual", rated(RequiresImprovement, RequiresImprovement, ""), nil},
		{"2.3 Good: as usual", rated(RequiresImprovement, Good, ""), nil},
		{"1.3 rated otherwise: the rule does not apply", rated(Good, Inadequate, ""), nil},
		{"1.3 not rated yet", rated(0, Inadequate, ""), nil},
		{"2.3 not rated yet", rated(RequiresImprovement, 0, ""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, fw.BrokenGuidance(tt.standards)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestGuidanceWords(t *testing.T) {
	fw, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	b := BrokenGuidance{Guidance: fw.Guidance[0], WhenName: "Services", ThenName: "Implementation and delivery", Found: Inadequate}
	got := []string{b.Text(), b.Footnote()}
	b.Reason = "There were strengths in services."
	got = append(got, b.Footnote())
	want := []string{
		"decision guidance: when 1.3 Services is rated Requires improvement, 2.3 Implementation and delivery would usually be rated Requires improvement or Good, but 2.3 is rated Inadequate",
		"Decision guidance: when 1.3 Services is rated Requires improvement, 2.3 Implementation and delivery would usually be rated Requires improvement or Good; 2.3 is rated Inadequate. The inspectors have not yet recorded why they rated 1.3 against it.",
		"Decision guidance: when 1.3 Services is rated Requires improvement, 2.3 Implementation and delivery would usually be rated Requires improvement or Good; 2.3 is rated Inadequate. The inspectors' reason: There were strengths in services.",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestCheckGuidance: rating against the decision guidance needs a reason, whichever of the
// rule's two standards is rated last; a rating that leaves the rule alone is not stopped.
func TestCheckGuidance(t *testing.T) {
	fw, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	// 2.3's key questions: 2.3.3 at 18 of 79 rates 2.3 Inadequate from the cases.
	tallies := Tallies{"2.3.1": {Yes: 60, No: 19}, "2.3.2": {Yes: 60, No: 19}, "2.3.3": {Yes: 18, No: 61}}
	ri := GivenRating{Standard: "1.3", Rating: RequiresImprovement}
	withReason := GivenRating{Standard: "1.3", Rating: RequiresImprovement, Reason: "strengths in services"}
	tests := []struct {
		name      string
		given, rs []GivenRating
		want      string // the error's code, "" for none
	}{
		{"1.3 against the guidance, no reason: refused", nil, []GivenRating{ri}, EINVALID},
		{"1.3 against the guidance with a reason", nil, []GivenRating{withReason}, ""},
		{"1.3 as the guidance has it", nil, []GivenRating{{Standard: "1.3", Rating: Inadequate}}, ""},
		{"another standard rated while the rule is broken", []GivenRating{ri}, []GivenRating{{Standard: "1.1", Rating: Good}}, ""},
		{"2.3 given a rating that breaks the rule against 1.3's", []GivenRating{ri}, []GivenRating{{Standard: "2.3", Rating: Outstanding, Reason: "panel"}}, EINVALID},
		{"2.3 given a rating the rule allows", []GivenRating{ri}, []GivenRating{{Standard: "2.3", Rating: Good, Reason: "panel"}}, ""},
		{"the reason taken away: refused", []GivenRating{withReason}, []GivenRating{ri}, EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fw.CheckGuidance(tallies, tt.given, tt.rs)
			if d := cmp.Diff(tt.want, ErrorCode(err)); d != "" {
				t.Errorf("error %v (-want +got):\n%s", err, d)
			}
		})
	}
}

func TestValidateGuidance(t *testing.T) {
	base, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		rule Guidance
		want string
	}{
		{"the rule the report quotes", base.Guidance[0], ""},
		{"an unknown standard", Guidance{When: "1.9", Rated: Good, Then: "2.3", Usually: []Rating{Good}}, `decision guidance 1: "1.9" is not a standard of the framework (nothing was written)`},
		{"a standard to itself", Guidance{When: "2.3", Rated: Good, Then: "2.3", Usually: []Rating{Good}}, "decision guidance 1: a rule relates two different standards, not 2.3 to itself (nothing was written)"},
		{"no rating", Guidance{When: "1.3", Then: "2.3", Usually: []Rating{Good}}, `decision guidance 1: no rating given for 1.3 ("rated") (nothing was written)`},
		{"no usual ratings", Guidance{When: "1.3", Rated: Good, Then: "2.3"}, `decision guidance 1: no rating 2.3 would usually have ("usually") (nothing was written)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fw := *base
			fw.Guidance = []Guidance{tt.rule}
			got := ""
			if err := fw.Validate(); err != nil {
				got = err.Error()
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
