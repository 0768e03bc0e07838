package intake

import (
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestEvidence(t *testing.T) {
	tests := []struct {
		name, text string
		want       []casework.Evidence
		err        string
	}{
		{"every column", "standard,kind,count,finding,publish,summary\n1.2,interview,57,,,practitioners\n1.1,document,,improvement,yes,risk register\n",
			[]casework.Evidence{
				{Standard: "1.2", Kind: casework.Interview, Count: 57, Summary: "practitioners", Where: "evidence.csv line 2"},
				{Standard: "1.1", Kind: casework.Document, Count: 1, Finding: casework.Improvement, Publish: true, Summary: "risk register", Where: "evidence.csv line 3"},
			}, ""},
		{"the required columns alone", "standard,kind,summary\n1.3,focus group,women's group\n",
			[]casework.Evidence{{Standard: "1.3", Kind: casework.FocusGroup, Count: 1, Summary: "women's group", Where: "evidence.csv line 2"}}, ""},
		{"no summary column", "standard,kind\n1.3,meeting\n", nil, "evidence.csv: no summary column (the header is: standard, kind)"},
		{"bad cells, every one reported", "standard,kind,count,publish,summary\n1.2,survey,1,,x\n1.2,meeting,none,,x\n1.2,meeting,2,maybe,x\n", nil,
			"evidence.csv: 3 problems, nothing was written:\n" +
				"  evidence.csv line 2, column kind: \"survey\" is not a kind of evidence (want document, meeting, interview, focus-group or figure)\n" +
				"  evidence.csv line 3, column count: \"none\" is not a count (want a whole number, 1 or more)\n" +
				"  evidence.csv line 4, column publish: \"maybe\" is not yes or no"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Evidence(table(t, "evidence.csv", tt.text))
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.err, msg); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
		})
	}
}
