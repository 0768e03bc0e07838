package intake

import (
	"slices"
	"strings"

	"fieldwork/casework"
)

// Survey reads a survey: one row per respondent, one column per question. A column named
// respondent_id (or respondent, or id) is the file's own respondent id, kept but never
// published; a column named by a case field (casework.ProfileFields: gender, ethnicity, ...) is a
// detail of the respondent, named as the field; every other column is a question.
//
// positive gives the answers counted as positive, each "Agree,Strongly agree" for every
// question, or "QUESTION=Agree,Strongly agree" for one (QUESTION its column's header, in any
// case); the one for a question wins over the one for all. A question with neither is refused,
// and so is a QUESTION that names no question column. The whole file is checked first: every
// fault is reported, with its line and column, and nothing is returned unless all are good.
func Survey(t *Table, name string, positive []string) (casework.Survey, error) {
	s := casework.Survey{Name: strings.TrimSpace(name), Source: t.Name}
	p := &casework.Problems{Source: t.Name}
	if s.Name == "" {
		p.Add("the survey has no name")
	}
	idCol := -1
	seen := map[string]int{}
	for i, h := range t.Header {
		key := canonical(h)
		switch {
		case key == "":
			p.Add("column %d has no header: every column must name its question", i+1)
		case seen[key] > 0:
			p.Add("columns %d and %d are both %q", seen[key], i+1, strings.TrimSpace(h))
		case key == "respondent_id" || key == "respondent" || key == "id":
			idCol = i
		}
		seen[key] = i + 1
		c := casework.SurveyColumn{Name: strings.TrimSpace(h), Profile: slices.Contains(casework.ProfileFields, key)}
		if c.Profile {
			c.Name = key // the case field it is, to set the respondents beside the cases by
		}
		s.Columns = append(s.Columns, c)
	}
	var all []string
	for _, v := range positive {
		q, answers, one := strings.Cut(v, "=")
		if !one {
			all = splitAnswers(v)
			continue
		}
		col, ok := seen[canonical(q)]
		if !ok || col-1 == idCol || s.Columns[col-1].Profile {
			p.Add("--positive %q: %q is not a question of the survey (its questions are the columns other than the respondent id and %s)", v, strings.TrimSpace(q), strings.Join(casework.ProfileFields, ", "))
			continue
		}
		s.Columns[col-1].Positive = splitAnswers(answers)
	}
	var columns []casework.SurveyColumn
	for i, c := range s.Columns {
		if i == idCol {
			continue
		}
		if !c.Profile && len(c.Positive) == 0 {
			if c.Positive = all; len(all) == 0 {
				p.Add("question %q has no positive answers: give --positive \"Agree,Strongly agree\" for every question, or --positive %q for it", c.Name, c.Name+"=Agree,Strongly agree")
			}
		}
		columns = append(columns, c)
	}
	ids := map[string]int{}
	for _, r := range t.Rows {
		var resp casework.Respondent
		if len(r.Cells) != len(t.Header) {
			p.Add("%s: %d cells, but the header names %d columns", t.WhereRow(r), len(r.Cells), len(t.Header))
			continue
		}
		for i, cell := range r.Cells {
			if i == idCol {
				resp.ID = strings.TrimSpace(cell)
				if line, dup := ids[resp.ID]; dup && resp.ID != "" {
					p.Add("%s: %q is the id of the respondent on line %d too", t.Where(r, i), resp.ID, line)
				}
				ids[resp.ID] = r.Line
				continue
			}
			resp.Answers = append(resp.Answers, strings.TrimSpace(cell))
		}
		s.Respondents = append(s.Respondents, resp)
	}
	if len(t.Rows) == 0 {
		p.Add("the file has a header but no respondents")
	}
	s.Columns = columns
	if err := p.Err(); err != nil {
		return casework.Survey{}, err
	}
	return s, nil
}

func splitAnswers(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// ReadSurvey reads the survey in the CSV or .xlsx file at path (Survey).
func ReadSurvey(path, name string, positive []string) (casework.Survey, error) {
	t, err := ReadFile(path)
	if err != nil {
		return casework.Survey{}, err
	}
	return Survey(t, name, positive)
}
