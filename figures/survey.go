package figures

import (
	"context"

	"fieldwork/casework"
)

// SurveyFigures is one survey as it is published: each question's positive answers out of those
// who answered, with its interval, and the respondents' profile; Caseload is, for each detail
// of the respondents that is a case field, the cases inspected by the same field, to set the
// respondents beside.
type SurveyFigures struct {
	casework.SurveyResult
	Caseload map[string][]Group
}

// Surveys counts every survey in st at confidence, hiding what sup hides (casework.Survey.Result).
// The respondent ids stay behind: nothing here names a respondent.
func Surveys(ctx context.Context, st Store, confidence float64, sup casework.Suppression) ([]SurveyFigures, error) {
	surveys, err := st.Surveys(ctx)
	if err != nil || len(surveys) == 0 {
		return nil, err
	}
	var out []SurveyFigures
	for _, s := range surveys {
		sf := SurveyFigures{SurveyResult: s.Result(confidence, sup), Caseload: map[string][]Group{}}
		var fields []string
		for _, p := range sf.Profile {
			fields = append(fields, p.Field)
		}
		if len(fields) > 0 {
			splits, err := Splits(ctx, st, fields)
			if err != nil {
				return nil, err
			}
			for i, sp := range splits {
				sf.Caseload[fields[i]] = sp.Groups
			}
		}
		out = append(out, sf)
	}
	return out, nil
}

// publishSurveys is the surveys at confidence under sup, a copy: the figures counted stay as
// they were.
func publishSurveys(surveys []SurveyFigures, confidence float64, sup casework.Suppression) []SurveyFigures {
	var out []SurveyFigures
	for _, s := range surveys {
		s.SurveyResult = s.SurveyResult.Suppressed(sup)
		for i, q := range s.Questions {
			s.Questions[i].Interval = casework.Wilson(q.Positive, q.Answered, confidence)
		}
		out = append(out, s)
	}
	return out
}
