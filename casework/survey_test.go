package casework

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSurveyWilson checks the Wilson interval of survey questions against values worked by
// hand: 31 of 55 at 95% is centre (p + z²/2n) / (1 + z²/n) = 0.55949, half-width
// z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n) = 0.12678, so 43.27% to 68.63%; 59 of 69 at 80%
// (z = 1.2816) is 0.84682 ± 0.05431, 79.25% to 90.11%.
func TestSurveyWilson(t *testing.T) {
	tests := []struct {
		name      string
		yes, n    int
		conf      float64
		low, high float64 // to four decimals
		text      string
	}{
		{"the Bradford staff survey's 31 of 55", 31, 55, 0.95, 0.4327, 0.6863, "31 out of 55 (56%; 95% CI 43% to 69%)"},
		{"none of 20", 0, 20, 0.95, 0, 0.1611, "0 out of 20 (0%; 95% CI 0% to 16%)"},
		{"all of 20", 20, 20, 0.95, 0.8389, 1, "20 out of 20 (100%; 95% CI 84% to 100%)"},
		{"86% of 69 at 80%", 59, 69, 0.80, 0.7925, 0.9011, "59 out of 69 (86%; 80% CI 79% to 90%)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := SurveyQuestionResult{Positive: tt.yes, Answered: tt.n, Interval: Wilson(tt.yes, tt.n, tt.conf)}
			round := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
			got := []any{round(q.Interval.Low), round(q.Interval.High), q.Text(tt.conf, DefaultSuppression)}
			if d := cmp.Diff([]any{tt.low, tt.high, tt.text}, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestSurveyResult(t *testing.T) {
	s := Survey{Name: "staff", Columns: []SurveyColumn{
		{Name: "I feel safe at work", Positive: []string{"Agree", "Strongly agree"}},
		{Name: "grade", Profile: true},
		{Name: "Rarely asked", Positive: []string{"Yes"}},
	}}
	answers := [][]string{
		{"agree", "PO", ""}, {" Strongly agree ", "PO", "yes"}, {"Disagree", "PO", "no"}, {"", "PSO", ""},
		{"Neither", "PO", ""}, {"Agree", "PSO", ""}, {"Agree", "PO", ""}, {"Disagree", "SPO", "yes"},
	}
	for i, a := range answers {
		s.Respondents = append(s.Respondents, Respondent{ID: string(rune('A' + i)), Answers: a})
	}
	got := s.Result(0.95, DefaultSuppression)
	want := SurveyResult{Name: "staff", Respondents: 8,
		Questions: []SurveyQuestionResult{
			{Question: "I feel safe at work", Positive: 4, Answered: 7, Interval: Wilson(4, 7, 0.95)},
			{Question: "Rarely asked", Positive: 2, Answered: 3, Interval: Wilson(2, 3, 0.95), Hidden: true},
		},
		// PSO (2) and SPO (1) are below 5 each: both hidden; PO (5) shown.
		Profile: []SurveyProfile{{Field: "grade", Groups: []SurveyGroup{{Value: "PO", Respondents: 5}, {Value: "PSO", Respondents: 2, Hidden: true}, {Value: "SPO", Respondents: 1, Hidden: true}}}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if d := cmp.Diff("fewer than 5 answered: not published", got.Questions[1].Text(0.95, DefaultSuppression)); d != "" {
		t.Errorf("hidden question (-want +got):\n%s", d)
	}
}

// TestSurveyProfileSecondGroup: one small group alone would be given away by the total, so the
// next smallest is hidden with it.
func TestSurveyProfileSecondGroup(t *testing.T) {
	s := Survey{Columns: []SurveyColumn{{Name: "gender", Profile: true}}}
	for _, g := range []string{"Male", "Male", "Male", "Male", "Male", "Male", "Female", "Female", "Female", "Female", "Female", "", "Male"} {
		s.Respondents = append(s.Respondents, Respondent{Answers: []string{g}})
	}
	got := s.Result(0.95, DefaultSuppression).Profile
	want := []SurveyProfile{{Field: "gender", Groups: []SurveyGroup{{Value: "Male", Respondents: 7}, {Value: "Female", Respondents: 5, Hidden: true}, {Value: "", Respondents: 1, Hidden: true}}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
