package sqlite

import (
	"context"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// TestSurveys stores two surveys and reads them back as they were; a second survey of the same
// name is a conflict.
func TestSurveys(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	staff := casework.Survey{Name: "staff", Source: "staff.csv",
		Columns:     []casework.SurveyColumn{{Name: "I feel safe", Positive: []string{"Agree", "Strongly agree"}}, {Name: "grade", Profile: true}},
		Respondents: []casework.Respondent{{ID: "R1", Answers: []string{"Agree", "PO"}}, {ID: "R2", Answers: []string{"", "PSO"}}}}
	people := casework.Survey{Name: "people on probation", Source: "uv.csv",
		Columns:     []casework.SurveyColumn{{Name: "Travel is reasonable", Positive: []string{"Yes"}}},
		Respondents: []casework.Respondent{{Answers: []string{"Yes"}}}}
	for _, s := range []casework.Survey{staff, people} {
		if err := db.SaveSurvey(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveSurvey(ctx, staff); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Errorf("the same name again: %v, want a conflict", err)
	}
	got, err := db.Surveys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]casework.Survey{staff, people}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
