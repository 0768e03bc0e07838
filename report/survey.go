package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
)

// surveyLines are one survey's figures as score and the report print them: each question's
// positive answers out of those who answered, with its interval, then the respondents by each
// detail beside the cases inspected.
func surveyLines(sf figures.SurveyFigures, conf float64, sup casework.Suppression) (title string, lines []string) {
	title = fmt.Sprintf("Survey: %s (%d respondents)", sf.Name, sf.Respondents)
	for _, q := range sf.Questions {
		lines = append(lines, fmt.Sprintf("%s: %s", q.Question, q.Text(conf, sup)))
	}
	for _, p := range sf.Profile {
		var groups []string
		for _, g := range p.Groups {
			n := fmt.Sprint(g.Respondents)
			if g.Hidden {
				n = "hidden (small numbers)"
			}
			groups = append(groups, fmt.Sprintf("%s %s", valueText(g.Value), n))
		}
		line := fmt.Sprintf("Respondents by %s: %s", p.Field, strings.Join(groups, ", "))
		if cases := sf.Caseload[p.Field]; len(cases) > 0 {
			var cs []string
			for _, g := range cases {
				cs = append(cs, fmt.Sprintf("%s %d", valueText(g.Value), g.Cases))
			}
			line += "; cases inspected: " + strings.Join(cs, ", ")
		}
		lines = append(lines, line)
	}
	return title, lines
}

func valueText(v string) string {
	if v == "" {
		return "not recorded"
	}
	return v
}

// writeSurveys writes the surveys for the report.
func writeSurveys(out Format, surveys []figures.SurveyFigures, conf float64, sup casework.Suppression) {
	for _, sf := range surveys {
		title, lines := surveyLines(sf, conf, sup)
		out.heading(2, title)
		out.bullets(lines)
	}
}

// printSurveys prints the surveys under the score.
func printSurveys(w io.Writer, surveys []figures.SurveyFigures, conf float64) {
	for _, sf := range surveys {
		title, lines := surveyLines(sf, conf, casework.Suppression{})
		fmt.Fprintf(w, "\n%s\n", title)
		for _, l := range lines {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
}

// SurveysImported are the surveys as `survey list` shows them: name, file, respondents and
// questions with their positive answers; never a respondent's id or answers.
type SurveysImported []casework.Survey

// SurveyList prints the surveys as a table.
func SurveyList(w io.Writer, ss SurveysImported) {
	if len(ss) == 0 {
		fmt.Fprintln(w, "no survey imported")
		return
	}
	for _, s := range ss {
		fmt.Fprintf(w, "%s: %d respondents, from %s\n", s.Name, len(s.Respondents), s.Source)
		for _, c := range s.Columns {
			if c.Profile {
				fmt.Fprintf(w, "  %s (a detail of the respondent)\n", c.Name)
			} else {
				fmt.Fprintf(w, "  %s (positive: %s)\n", c.Name, strings.Join(c.Positive, ", "))
			}
		}
	}
}

// MarshalJSON writes the surveys as `survey list --format json` prints them.
func (ss SurveysImported) MarshalJSON() ([]byte, error) {
	type question struct {
		Question string   `json:"question"`
		Positive []string `json:"positive"`
	}
	type view struct {
		Name        string     `json:"name"`
		Source      string     `json:"source"`
		Respondents int        `json:"respondents"`
		Questions   []question `json:"questions"`
		Profile     []string   `json:"profile"`
	}
	out := []view{}
	for _, s := range ss {
		v := view{Name: s.Name, Source: s.Source, Respondents: len(s.Respondents), Questions: []question{}, Profile: []string{}}
		for _, c := range s.Columns {
			if c.Profile {
				v.Profile = append(v.Profile, c.Name)
			} else {
				v.Questions = append(v.Questions, question{c.Name, c.Positive})
			}
		}
		out = append(out, v)
	}
	return json.Marshal(out)
}

// SurveyImported says what `survey import` stored.
func SurveyImported(w io.Writer, file string, s casework.Survey) {
	fmt.Fprintf(w, "%s: survey %q, %d respondents, %d columns\n", file, s.Name, len(s.Respondents), len(s.Columns))
}
