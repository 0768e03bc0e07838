package workbook

import (
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
)

// surveySheets are the surveys' two sheets: each question's positive answers with their
// interval, and the respondents by each detail beside the cases inspected; none without surveys.
func surveySheets(fig figures.Published) []sheet {
	if len(fig.Surveys) == 0 {
		return nil
	}
	conf := fig.Confidence
	header := append([]string{"Survey", "Question", "Positive answers", "Answered", "% positive " + ref(notePercent)}, intervalHeader("", conf, noteInterval)...)
	header = append(header, "Figures as the report prints them")
	questions := &table{name: "Surveys", header: header}
	profile := &table{name: "Survey_respondents", header: []string{"Survey", "Respondent detail", "Group", "Respondents", "% of respondents " + ref(notePercent), "Cases inspected", "% of cases inspected " + ref(notePercent)}}
	for _, sf := range fig.Surveys {
		for _, q := range sf.Questions {
			row := []cell{txt(sf.Name), long(q.Question)}
			switch {
			case q.Hidden:
				row = append(row, sym(confidential), sym(confidential), sym(confidential), sym(confidential), sym(confidential))
			case q.Answered == 0:
				row = append(row, num(0), num(0), sym(notApplicable), sym(notApplicable), sym(notApplicable))
			default:
				row = append(row, num(q.Positive), num(q.Answered), share(q.Positive, q.Answered), whole(100*q.Interval.Low), whole(100*q.Interval.High))
			}
			questions.rows = append(questions.rows, append(row, long(q.Text(conf, fig.Suppress))))
		}
		for _, p := range sf.Profile {
			cases, casesHidden := caseloadOf(sf.Caseload[p.Field], fig.Suppress)
			total := 0
			for _, g := range cases {
				total += g.Cases
			}
			for _, g := range p.Groups {
				row := []cell{txt(sf.Name), txt(fieldLabel(p.Field)), txt(groupLabel(p.Field, g.Value))}
				if g.Hidden {
					row = append(row, sym(confidential), sym(confidential))
				} else {
					row = append(row, num(g.Respondents), share(g.Respondents, sf.Respondents))
				}
				row = append(row, sym(notAvailable), sym(notAvailable))
				for i, c := range cases {
					if !strings.EqualFold(c.Value, g.Value) {
						continue
					}
					row[5], row[6] = num(c.Cases), share(c.Cases, total)
					if casesHidden[i] {
						row[5], row[6] = sym(confidential), sym(confidential)
					}
				}
				profile.rows = append(profile.rows, row)
			}
		}
	}
	lines := []string{
		"This worksheet contains one table: each survey question, the respondents who gave a positive answer out of those who answered it, with the share and its " + level(conf) + " confidence interval " + ref(noteInterval) + ".",
		"Which answers count as positive is set for each question when the survey is imported. Small numbers " + ref(noteSmall) + ": a question fewer answered than that is shown as " + confidential + ".",
	}
	out := []sheet{{name: "Surveys", about: "The surveys: each question's positive answers out of those who answered, with its confidence interval",
		title: "Surveys: " + fig.Inspection.Name, lines: lines, table: questions}}
	if len(profile.rows) > 0 {
		out = append(out, sheet{name: "Survey respondents", about: "Who answered each survey, by the details they gave, beside the cases inspected",
			title: "Survey respondents beside the cases inspected: " + fig.Inspection.Name, table: profile,
			lines: []string{
				"This worksheet contains one table: the respondents of each survey by each detail they gave, with the cases inspected by the same detail beside them.",
				"Small numbers " + ref(noteSmall) + ": a group of fewer respondents or cases than that, and the group that would give it away, are shown as " + confidential + ". A group no case has is shown as " + notAvailable + ".",
			}})
	}
	return out
}

// caseloadOf is the cases inspected by one field, and which groups small numbers hide.
func caseloadOf(groups []figures.Group, sup casework.Suppression) ([]figures.Group, []bool) {
	bases := make([]int, len(groups))
	for i, g := range groups {
		bases[i] = g.Cases
	}
	return groups, sup.Split(bases)
}
