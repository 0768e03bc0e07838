package casework

import (
	"fmt"
	"slices"
	"strings"
)

// Survey is a survey the inspectors quote, such as the staff survey or User Voice's survey of
// people on probation: one answer per respondent per column. A column is a question, with the
// answers counted as positive, or a detail of the respondent (ProfileFields) to set the
// respondents beside the cases.
type Survey struct {
	Name, Source string
	Columns      []SurveyColumn
	Respondents  []Respondent
}

// SurveyColumn is one column of a survey.
type SurveyColumn struct {
	Name     string
	Profile  bool     // a detail of the respondent, not a question
	Positive []string // for a question: the answers counted as positive, e.g. Agree, Strongly agree
}

// Respondent is one row of a survey. ID is the file's own respondent id, kept to trace a row
// back and never published.
type Respondent struct {
	ID      string
	Answers []string // by column; "" where no answer was given
}

// ProfileFields are the columns read as details of the respondent rather than questions: the
// case fields a survey of people on probation (or of staff, for grade) can be set beside.
var ProfileFields = []string{"case_type", "grade", "rosh", "gender", "ethnicity"}

// IsPositive reports whether answer is one of the column's positive answers, compared without
// regard to case or surrounding spaces.
func (c SurveyColumn) IsPositive(answer string) bool {
	return slices.ContainsFunc(c.Positive, func(p string) bool { return strings.EqualFold(strings.TrimSpace(p), strings.TrimSpace(answer)) })
}

// SurveyResult is what a survey publishes: each question's positive answers out of those who
// answered it, and the respondents' profile.
type SurveyResult struct {
	Name        string
	Respondents int
	Questions   []SurveyQuestionResult
	Profile     []SurveyProfile
}

// SurveyQuestionResult is one question: Positive out of Answeredd, with its Wilson interval.
// Hidden is set where fewer answered than the suppression allows.
type SurveyQuestionResult struct {
	Question           string
	Positive, Answered int
	Interval           Interval
	Hidden             bool
}

// SurveyProfile is the respondents counted by one detail (gender, ...), a group per value in
// the order first met; "" is not recorded.
type SurveyProfile struct {
	Field  string
	Groups []SurveyGroup
}

// SurveyGroup is the respondents with one value of a detail; Hidden where the group is small
// (or is the second part hidden so that the total cannot give a small one away).
type SurveyGroup struct {
	Value       string
	Respondents int
	Hidden      bool
}

// Result counts the survey at confidence, hiding what sup hides (Suppressed).
func (s Survey) Result(confidence float64, sup Suppression) SurveyResult {
	res := SurveyResult{Name: s.Name, Respondents: len(s.Respondents)}
	for i, c := range s.Columns {
		if c.Profile {
			res.Profile = append(res.Profile, s.profile(i))
			continue
		}
		q := SurveyQuestionResult{Question: c.Name}
		for _, r := range s.Respondents {
			if a := strings.TrimSpace(r.Answers[i]); a != "" {
				q.Answered++
				if c.IsPositive(a) {
					q.Positive++
				}
			}
		}
		q.Interval = Wilson(q.Positive, q.Answered, confidence)
		res.Questions = append(res.Questions, q)
	}
	return res.Suppressed(sup)
}

// Suppressed is r with what sup hides marked: a question fewer answered than sup allows, a
// profile group of fewer respondents, with the second group it takes so that the total cannot
// give a small one away. It starts again from r's counts, so figures counted with nothing
// hidden can be published under any rule.
func (r SurveyResult) Suppressed(sup Suppression) SurveyResult {
	out := r
	out.Questions = slices.Clone(r.Questions)
	for i := range out.Questions {
		out.Questions[i].Hidden = sup.Hides(out.Questions[i].Answered)
	}
	out.Profile = slices.Clone(r.Profile)
	for i, p := range out.Profile {
		groups := slices.Clone(p.Groups)
		bases := make([]int, len(groups))
		for j, g := range groups {
			bases[j] = g.Respondents
		}
		for j, hidden := range sup.Split(bases) {
			groups[j].Hidden = hidden
		}
		out.Profile[i].Groups = groups
	}
	return out
}

func (s Survey) profile(col int) SurveyProfile {
	p := SurveyProfile{Field: s.Columns[col].Name}
	at := map[string]int{}
	for _, r := range s.Respondents {
		v := strings.TrimSpace(r.Answers[col])
		i, ok := at[v]
		if !ok {
			i = len(p.Groups)
			at[v] = i
			p.Groups = append(p.Groups, SurveyGroup{Value: v})
		}
		p.Groups[i].Respondents++
	}
	return p
}

// Text is the question's figures as the report words them: "31 out of 55 (56%; 95% CI 43% to
// 69%)"; for a question hidden under sup, that too few answered to publish it.
func (q SurveyQuestionResult) Text(confidence float64, sup Suppression) string {
	if q.Hidden {
		return fmt.Sprintf("fewer than %d answered: not published", sup.Below)
	}
	if q.Answered == 0 {
		return "no one answered"
	}
	return fmt.Sprintf("%d out of %d (%s; %s CI %s to %s)", q.Positive, q.Answered, PercentText(100*float64(q.Positive)/float64(q.Answered)),
		PercentText(100*confidence), PercentText(100*q.Interval.Low), PercentText(100*q.Interval.High))
}
