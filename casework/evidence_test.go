package casework

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseEvidenceKind(t *testing.T) {
	tests := []struct {
		in   string
		want EvidenceKind
		err  string
	}{
		{"interview", Interview, ""},
		{" Focus group ", FocusGroup, ""},
		{"focus-group", FocusGroup, ""},
		{"FIGURE", Figure, ""},
		{"survey", "", `"survey" is not a kind of evidence (want document, meeting, interview, focus-group or figure)`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseEvidenceKind(tt.in)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if d := cmp.Diff([]string{string(tt.want), tt.err}, []string{string(got), msg}); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseFinding(t *testing.T) {
	tests := []struct {
		in   string
		want EvidenceFinding
		err  bool
	}{
		{"strength", Strength, false}, {"Improvement", Improvement, false}, {"", NoFinding, false}, {"weakness", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFinding(tt.in)
			if d := cmp.Diff([]any{tt.want, tt.err}, []any{got, err != nil}); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestCheckEvidence(t *testing.T) {
	fw, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		e    Evidence
		want string // the error's code
	}{
		{"interviews for 1.2", Evidence{Standard: "1.2", Kind: Interview, Summary: "practitioners", Count: 57}, ""},
		{"no such standard", Evidence{Standard: "1.9", Kind: Document, Summary: "plan", Count: 1}, ENOTFOUND},
		{"no summary", Evidence{Standard: "1.2", Kind: Document, Summary: " ", Count: 1}, EINVALID},
		{"a count of 0", Evidence{Standard: "1.2", Kind: Meeting, Summary: "board", Count: 0}, EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, ErrorCode(fw.CheckEvidence(tt.e))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestPublishedEvidence: counts always, summaries only where marked for publication, the
// standards in the framework's order and none without evidence.
func TestPublishedEvidence(t *testing.T) {
	fw, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	es := []Evidence{
		{Standard: "1.3", Kind: Interview, Summary: "people on probation (User Voice)", Count: 4},
		{Standard: "1.2", Kind: Interview, Summary: "practitioners", Count: 57},
		{Standard: "1.2", Kind: Document, Summary: "staffing projections: PO vacancies to 2026", Finding: Improvement, Count: 1, Publish: true},
		{Standard: "1.2", Kind: Meeting, Summary: "told by J. Smith of her sickness absence", Finding: Improvement, Count: 1},
		{Standard: "1.2", Kind: Figure, Summary: "attrition below the regional average", Finding: Strength, Count: 1, Publish: true},
		{Standard: "1.2", Kind: Meeting, Summary: "HR surgery", Finding: Strength, Count: 2},
	}
	got := fw.PublishedEvidence(es)
	want := []StandardEvidence{
		{Standard: "1.2", Name: "Staffing", Counts: map[EvidenceKind]int{Interview: 57, Document: 1, Meeting: 3, Figure: 1},
			Strengths: []string{"attrition below the regional average"}, Improvements: []string{"staffing projections: PO vacancies to 2026"},
			UnpublishedStrengths: 1, UnpublishedImprovements: 1},
		{Standard: "1.3", Name: "Services", Counts: map[EvidenceKind]int{Interview: 4}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"1 document, 3 meetings, 57 interviews, 1 figure", "4 interviews"}, []string{got[0].CountsText(), got[1].CountsText()}); d != "" {
		t.Errorf("counts (-want +got):\n%s", d)
	}
}

func TestFindings(t *testing.T) {
	tests := []struct {
		name string
		se   StandardEvidence
		want string
	}{
		{"none", StandardEvidence{}, ""},
		{"published, a full stop added", StandardEvidence{Strengths: []string{"IOM was strong", "MARRS worked."}}, "IOM was strong. MARRS worked."},
		{"published and one more", StandardEvidence{Strengths: []string{"IOM was strong."}, UnpublishedStrengths: 1}, "IOM was strong. 1 more recorded, not for publication."},
		{"published and two more", StandardEvidence{Strengths: []string{"IOM was strong."}, UnpublishedStrengths: 2}, "IOM was strong. 2 more recorded, not for publication."},
		{"none published", StandardEvidence{UnpublishedStrengths: 3}, "3 recorded, not for publication."},
		{"areas for improvement are not strengths", StandardEvidence{Improvements: []string{"no ETE service"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, tt.se.Findings(Strength)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	se := StandardEvidence{Improvements: []string{"no ETE service"}, UnpublishedImprovements: 1}
	if d := cmp.Diff("no ETE service. 1 more recorded, not for publication.", se.Findings(Improvement)); d != "" {
		t.Errorf("areas for improvement (-want +got):\n%s", d)
	}
}
