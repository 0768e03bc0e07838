// Package report writes the published figures as text for people: the tables and sentences a
// report writer pastes into the inspection report (Write), and the tables the commands print
// for the inspectors (Score, Regional, Changes, GroupComparison). It renders from the figures
// package and counts nothing of its own.
package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/figures"
)

// Format is the shape of the report in one output format: Markdown or Text.
type Format interface {
	heading(level int, s string)
	para(s string)
	// table prints rows under header; the row at bold (or none, -1) is the one to stress.
	table(header []string, rows [][]string, bold int)
	bullets(items []string)
}

// Markdown writes the report to w in Markdown.
func Markdown(w io.Writer) Format { return &markdownReport{w: w} }

// Text writes the report to w as plain text.
func Text(w io.Writer) Format { return &textReport{w: w} }

// Write writes the figures for the report: the ratings table, then per case standard the
// "Key question | Percentage 'Yes'" table with the driving key question stressed and each
// percentage's interval, and each question's figures by practitioner grade and by case type as
// the report's sentences give them. It is for the report's writers, so fig is published with
// nothing suppressed; its comparisons of grades are the workbook's.
func Write(out Format, fig figures.Published) {
	ins, res, conf := fig.Inspection, fig.Result, fig.Confidence
	pair := fig.CaseTypePair()
	com, lic := pair[0], pair[1] // community orders and licences, or court and out-of-court disposals
	if fig.Incomplete.Flagged() {
		out.para(provisionalLine(fig.Incomplete))
	}
	out.heading(1, ins.Name+": figures for the report")
	out.para(fmt.Sprintf("Framework %s. %d cases inspected: %d %s and %d %s.", ins.Framework.ID, com.Cases+lic.Cases, com.Cases, many(com), lic.Cases, many(lic)))

	out.heading(2, "Ratings")
	footnotes, noted := guidanceFootnotes(res.Guidance)
	var rows [][]string
	for _, s := range res.Standards {
		rating := ratingText(s.Rating)
		if s.NotCounted {
			rating += " (" + casework.NotCountedNote + ")"
		}
		if n := noted[s.ID]; n != "" {
			rating += " " + n
		}
		rows = append(rows, []string{s.ID + " " + s.Name, rating})
	}
	rows = append(rows, []string{"Overall rating", ratingText(res.Overall)}, []string{"Score", fmt.Sprintf("%d/%d", res.Score, res.MaxScore)})
	out.table([]string{"Standard", "Rating"}, rows, len(rows)-2)
	for _, f := range footnotes {
		out.para(f)
	}
	var deps []string
	for _, s := range res.Standards {
		// A reason given for rating against the decision guidance is in that footnote already.
		if s.Departure != nil && noted[s.ID] == "" {
			deps = append(deps, fmt.Sprintf("%s %s: %s", s.ID, s.Name, s.Departure))
		}
	}
	if res.Departure != nil {
		deps = append(deps, "Overall rating: "+res.Departure.String())
	}
	if len(deps) > 0 {
		out.para("Departures from the data:")
		out.bullets(deps)
	}
	writeEvidence(out, fig.Evidence)
	writeSurveys(out, fig.Surveys, conf, fig.Suppress)

	grades := figures.Split{Field: "grade", Groups: fig.Split("grade")}
	for _, s := range res.Standards {
		if s.RatedFrom != casework.FromCases {
			continue
		}
		out.heading(2, fmt.Sprintf("%s %s: %s", s.ID, s.Name, ratingText(s.Rating)))
		var rows [][]string
		bold := -1
		for i, k := range s.KeyQuestions {
			rows = append(rows, []string{k.Text, pctWithin(k.Tally, conf)})
			if k.Driving {
				bold = i
			}
		}
		out.table([]string{"Key question", "Percentage 'Yes' (" + ciHeader(conf) + ")"}, rows, bold)
		var byGrade, byType []string
		for _, k := range s.KeyQuestions {
			byGrade = append(byGrade, gradeSentence(fig, grades, k.ID, k.Text, ""))
			byType = append(byType, typeSentence(k.ID, k.Text, "", com, lic))
			for _, p := range k.Prompts {
				byGrade = append(byGrade, gradeSentence(fig, grades, p.ID, p.Text, "relevant "))
				byType = append(byType, typeSentence(p.ID, p.Text, "relevant ", com, lic))
			}
		}
		out.para("By practitioner grade:")
		out.bullets(byGrade)
		out.para("By case type:")
		out.bullets(byType)
	}

	if len(res.CaseQuestions) > 0 {
		out.heading(2, "Other case questions")
		var rows [][]string
		var byGrade, byType []string
		for _, q := range res.CaseQuestions {
			rows = append(rows, []string{q.Text, fmt.Sprintf("%s (%s; %d out of %d relevant cases)", pct(q.Tally), ciText(q.Tally, conf), q.Yes, q.Relevant())})
			byGrade = append(byGrade, gradeSentence(fig, grades, q.ID, q.Text, "relevant "))
			byType = append(byType, typeSentence(q.ID, q.Text, "relevant ", com, lic))
		}
		out.table([]string{"Question", "Percentage 'Yes' (" + ciHeader(conf) + "; cases)"}, rows, -1)
		out.para("By practitioner grade:")
		out.bullets(byGrade)
		out.para("By case type:")
		out.bullets(byType)
	}
}

// guidanceFootnotes numbers the decision-guidance rules the ratings go against, one footnote
// each with the inspectors' reason, and gives the mark ("[1]") each standard rated against
// the guidance carries in the ratings table.
func guidanceFootnotes(broken []casework.BrokenGuidance) (notes []string, marks map[string]string) {
	marks = map[string]string{}
	for i, b := range broken {
		mark := fmt.Sprintf("[%d]", i+1)
		marks[b.When] = strings.TrimSpace(marks[b.When] + " " + mark)
		notes = append(notes, mark+" "+b.Footnote())
	}
	return notes, marks
}

// gradeSentence gives a question's figures by grade the way the report words them, each grade
// compared with the reference grade (PO where there are POs): "Yes in 25 out of 30 cases managed
// by POs (83%), compared to 11 out of 39 cases managed by PSOs (28%; difference -55 points, 95%
// CI -70 to -32) ...".
func gradeSentence(fig figures.Published, grades figures.Split, id, text, relevant string) string {
	if len(grades.Groups) == 0 {
		return fmt.Sprintf("%s no grade is recorded.", asked(id, text))
	}
	said := func(grade string, t casework.Tally, compared string) string {
		s := fmt.Sprintf("%d out of %d %s%s", t.Yes, t.Relevant(), relevant, gradeCases(grade))
		if t.Relevant() == 0 {
			return s
		}
		return fmt.Sprintf("%s (%s%s)", s, pct(t), compared)
	}
	conf := fig.Confidence
	var lead string
	var others []string
	for i, g := range fig.InSplit(grades, id, casework.Tally{}).Groups {
		grade := grades.Groups[i].Value
		if g.Reference {
			lead = said(grade, g.Tally, "")
			continue
		}
		var compared string
		if r := g.Compared; r.Differenced() {
			compared = fmt.Sprintf("; difference %s points, %s %s to %s", pts(r.Diff), ciHeader(conf), pts(r.DiffCI.Low), pts(r.DiffCI.High))
			if r.Small {
				compared += "; too few cases to say"
			}
		}
		others = append(others, said(grade, g.Tally, compared))
	}
	if len(others) == 0 {
		return fmt.Sprintf("%s Yes in %s.", asked(id, text), lead)
	}
	return fmt.Sprintf("%s Yes in %s, compared to %s.", asked(id, text), lead, joinAnd(others))
}

// pctWithin is a percentage with its interval: "46% (35-57%)".
func pctWithin(t casework.Tally, conf float64) string {
	if t.Relevant() == 0 {
		return pct(t)
	}
	return fmt.Sprintf("%s (%s)", pct(t), ciText(t, conf))
}

// asked introduces a question's figures: its id and text, ending in its own question mark.
func asked(id, text string) string {
	if strings.HasSuffix(text, "?") || strings.HasSuffix(text, ".") {
		return id + " " + text
	}
	return id + " " + text + ":"
}

func gradeCases(grade string) string {
	switch grade {
	case "":
		return "cases with no grade recorded"
	case string(casework.Other):
		return "cases managed by other grades"
	}
	return "cases managed by " + grade + "s"
}

// many names a case type's cases: "community orders".
func many(g figures.Group) string {
	_, m := casework.CaseType(g.Value).Names()
	return m
}

func typeSentence(id, text, relevant string, com, lic figures.Group) string {
	c, l := com.Tallies[id], lic.Tallies[id]
	return fmt.Sprintf("%s Yes in %d out of %d %s%s and %d out of %d %s%s.", asked(id, text), c.Yes, c.Relevant(), relevant, many(com), l.Yes, l.Relevant(), relevant, many(lic))
}

func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

type markdownReport struct{ w io.Writer }

func (m *markdownReport) heading(level int, s string) {
	fmt.Fprintf(m.w, "%s %s\n\n", strings.Repeat("#", level), s)
}

func (m *markdownReport) para(s string) { fmt.Fprintf(m.w, "%s\n\n", s) }

func (m *markdownReport) table(header []string, rows [][]string, bold int) {
	cellText := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	fmt.Fprintf(m.w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for i, row := range rows {
		cells := make([]string, len(row))
		for j, c := range row {
			cells[j] = cellText(c)
			if i == bold {
				cells[j] = "**" + cells[j] + "**"
			}
		}
		fmt.Fprintf(m.w, "| %s |\n", strings.Join(cells, " | "))
	}
	fmt.Fprintln(m.w)
}

func (m *markdownReport) bullets(items []string) {
	for _, s := range items {
		fmt.Fprintf(m.w, "- %s\n", s)
	}
	fmt.Fprintln(m.w)
}

type textReport struct{ w io.Writer }

func (t *textReport) heading(level int, s string) {
	rule := "="
	if level > 1 {
		rule = "-"
	}
	fmt.Fprintf(t.w, "%s\n%s\n\n", s, strings.Repeat(rule, len([]rune(s))))
}

func (t *textReport) para(s string) { fmt.Fprintf(t.w, "%s\n\n", s) }

// table marks the stressed row with ">" in the margin, as `score` marks the driving key
// question.
func (t *textReport) table(header []string, rows [][]string, bold int) {
	tw := tabwriter.NewWriter(t.w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\n", strings.Join(header, "\t"))
	for i, row := range rows {
		mark := " "
		if i == bold {
			mark = ">"
		}
		fmt.Fprintf(tw, "%s %s\n", mark, strings.Join(row, "\t"))
	}
	tw.Flush()
	fmt.Fprintln(t.w)
}

func (t *textReport) bullets(items []string) {
	for _, s := range items {
		fmt.Fprintf(t.w, "  - %s\n", s)
	}
	fmt.Fprintln(t.w)
}
