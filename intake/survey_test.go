package intake

import (
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestSurvey(t *testing.T) {
	agree := []string{"Agree", "Strongly agree"}
	tests := []struct {
		name, text string
		positive   []string
		want       casework.Survey
		err        string
	}{
		{"one positive set for all, the id kept, a profile column",
			"Respondent ID,I feel safe,Gender,I feel valued\nR1,Agree,Female,Disagree\nR2,Disagree,,Strongly agree\n",
			[]string{"Agree,Strongly agree"},
			casework.Survey{Name: "staff", Source: "s.csv", Columns: []casework.SurveyColumn{{Name: "I feel safe", Positive: agree}, {Name: "gender", Profile: true}, {Name: "I feel valued", Positive: agree}},
				Respondents: []casework.Respondent{{ID: "R1", Answers: []string{"Agree", "Female", "Disagree"}}, {ID: "R2", Answers: []string{"Disagree", "", "Strongly agree"}}}}, ""},
		{"one question's own set wins",
			"I feel safe,Travel is reasonable\nAgree,Yes\n",
			[]string{"Agree", "travel IS reasonable=Yes"},
			casework.Survey{Name: "staff", Source: "s.csv", Columns: []casework.SurveyColumn{{Name: "I feel safe", Positive: []string{"Agree"}}, {Name: "Travel is reasonable", Positive: []string{"Yes"}}},
				Respondents: []casework.Respondent{{Answers: []string{"Agree", "Yes"}}}}, ""},
		{"every fault at once",
			"id,I feel safe,Travel\nR1,Agree,Yes\nR1,Agree,No\n",
			[]string{"Gender=Yes", "Travel=Yes"},
			casework.Survey{},
			"s.csv: 3 problems, nothing was written:\n" +
				"  --positive \"Gender=Yes\": \"Gender\" is not a question of the survey (its questions are the columns other than the respondent id and case_type, grade, rosh, gender, ethnicity)\n" +
				"  question \"I feel safe\" has no positive answers: give --positive \"Agree,Strongly agree\" for every question, or --positive \"I feel safe=Agree,Strongly agree\" for it\n" +
				"  s.csv line 3, column id: \"R1\" is the id of the respondent on line 2 too"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Survey(table(t, "s.csv", tt.text), "staff", tt.positive)
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
