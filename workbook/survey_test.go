package workbook

import (
	"testing"

	"fieldwork/casework"
	"fieldwork/figures"

	"github.com/google/go-cmp/cmp"
)

// TestSurveySheets: a staff survey of 55, 31 of them positive on one question, is "31 out of 55
// (56%; 95% CI 43% to 69%)" on the Surveys sheet; a question too few answered, and a group of
// respondents below the threshold with the group that would give it away, are [c].
func TestSurveySheets(t *testing.T) {
	s := casework.Survey{Name: "staff", Columns: []casework.SurveyColumn{
		{Name: "Sufficient attention is paid to my safety", Positive: []string{"Agree"}},
		{Name: "gender", Profile: true},
		{Name: "Asked of few", Positive: []string{"Yes"}},
	}}
	for i := 0; i < 55; i++ {
		answer, gender, few := "Disagree", "Female", ""
		if i < 31 {
			answer = "Agree"
		}
		if i%2 == 1 {
			gender = "Male"
		}
		if i >= 52 {
			gender, few = "Non-binary", "Yes"
		}
		s.Respondents = append(s.Respondents, casework.Respondent{ID: "hidden id", Answers: []string{answer, gender, few}})
	}
	fig := counted(t, 49, 30, casework.Tallies{}, casework.Tallies{})
	fig.Surveys = []figures.SurveyFigures{{SurveyResult: s.Result(0.95, casework.Suppression{}),
		Caseload: map[string][]figures.Group{"gender": {{Value: "female", Cases: 13}, {Value: "male", Cases: 66}}}}}
	f := open(t, fig, figures.Options{})
	safety := rowWhere(t, f, "Surveys", map[string]string{"Question": "Sufficient attention is paid to my safety"})
	few := rowWhere(t, f, "Surveys", map[string]string{"Question": "Asked of few"})
	got := []string{safety["Positive answers"], safety["Answered"], safety["Figures as the report prints them"], few["Positive answers"], few["Figures as the report prints them"]}
	want := []string{"31", "55", "31 out of 55 (56%; 95% CI 43% to 69%)", "[c]", "fewer than 5 answered: not published"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Surveys (-want +got):\n%s", d)
	}
	var profile []string
	for _, g := range []string{"Female", "Male", "Non-binary"} {
		r := rowWhere(t, f, "Survey respondents", map[string]string{"Group": g})
		profile = append(profile, g+" "+r["Respondents"]+" "+r["Cases inspected"])
	}
	// Non-binary (3) is below 5, so hidden, and the smallest other group with it so the total
	// cannot give it away: Female and Male tie at 26, and the first, Female, goes.
	wantProfile := []string{"Female [c] 13", "Male 26 66", "Non-binary [c] [x]"}
	if d := cmp.Diff(wantProfile, profile); d != "" {
		t.Errorf("Survey respondents (-want +got):\n%s", d)
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			for _, c := range r {
				if c == "hidden id" {
					t.Fatalf("sheet %s holds a respondent id", sheet)
				}
			}
		}
	}
}
