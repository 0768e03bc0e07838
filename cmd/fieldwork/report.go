package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/workbook"

	"github.com/urfave/cli/v2"
)

func reportCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "print the tables and figures a report writer pastes into the report",
		UsageText: "fieldwork report [--format markdown|text] [--confidence 0.95]",
		Description: "The ratings table, then per case standard the \"Key question | Percentage 'Yes'\" table with the\n" +
			"driving key question in bold (marked > in text) and each percentage's Wilson interval, and each\n" +
			"question's figures by practitioner grade and by case type as the report's sentences give them\n" +
			"(\"25 out of 30 cases managed by POs (83%), compared to 11 out of 39 cases managed by PSOs (28%;\n" +
			"difference -55 points, 95% CI -70 to -32)\"), so the prose can be checked against the data. Other\n" +
			"grades are compared with POs (or the largest grade where there are none). Nothing is suppressed:\n" +
			"it is for the report's writers.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "markdown", Usage: "markdown or text"},
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of the intervals, e.g. 0.95"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			var out reportWriter
			switch f := c.String("format"); f {
			case "markdown":
				out = &markdownReport{w: e.stdout}
			case "text":
				out = &textReport{w: e.stdout}
			default:
				return usagef("", "--format %q is not a format (want markdown or text)", f)
			}
			conf, err := confidenceFlag(c)
			if err != nil {
				return err
			}
			db, ins, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			written, err := writtenAt(e)
			if err != nil {
				return err
			}
			fig, err := workbookFigures(c.Context, db, ins, nil, written)
			if err != nil {
				return err
			}
			writeReport(out, fig, conf)
			return nil
		},
	}
}

// reportWriter is the shape of the report in one output format.
type reportWriter interface {
	heading(level int, s string)
	para(s string)
	// table prints rows under header; the row at bold (or none, -1) is the one to stress.
	table(header []string, rows [][]string, bold int)
	bullets(items []string)
}

func writeReport(out reportWriter, fig workbook.Figures, conf float64) {
	ins, res := fig.Inspection, fig.Result
	com, lic := reportGroup(fig.CaseTypes, string(casework.Community)), reportGroup(fig.CaseTypes, string(casework.Licence))
	out.heading(1, ins.Name+": figures for the report")
	out.para(fmt.Sprintf("Framework %s. %d cases inspected: %d community orders and %d licences.", ins.Framework.ID, com.Cases+lic.Cases, com.Cases, lic.Cases))

	out.heading(2, "Ratings")
	var rows [][]string
	for _, s := range res.Standards {
		rows = append(rows, []string{s.ID + " " + s.Name, ratingText(s.Rating)})
	}
	rows = append(rows, []string{"Overall rating", ratingText(res.Overall)}, []string{"Score", fmt.Sprintf("%d/%d", res.Score, res.MaxScore)})
	out.table([]string{"Standard", "Rating"}, rows, len(rows)-2)
	var deps []string
	for _, s := range res.Standards {
		if s.Departure != nil {
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

	grades := reportSplit(fig, "grade")
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
			byGrade = append(byGrade, gradeSentence(k.ID, k.Text, "", grades, conf))
			byType = append(byType, typeSentence(k.ID, k.Text, "", com, lic))
			for _, p := range k.Prompts {
				byGrade = append(byGrade, gradeSentence(p.ID, p.Text, "relevant ", grades, conf))
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
			byGrade = append(byGrade, gradeSentence(q.ID, q.Text, "relevant ", grades, conf))
			byType = append(byType, typeSentence(q.ID, q.Text, "relevant ", com, lic))
		}
		out.table([]string{"Question", "Percentage 'Yes' (" + ciHeader(conf) + "; cases)"}, rows, -1)
		out.para("By practitioner grade:")
		out.bullets(byGrade)
		out.para("By case type:")
		out.bullets(byType)
	}
}

func reportGroup(gs []workbook.Group, value string) workbook.Group {
	for _, g := range gs {
		if g.Value == value {
			return g
		}
	}
	return workbook.Group{Value: value, Tallies: casework.Tallies{}}
}

func reportSplit(fig workbook.Figures, field string) []workbook.Group {
	for _, sp := range fig.Splits {
		if sp.Field == field {
			return sp.Groups
		}
	}
	return nil
}

// gradeSentence gives a question's figures by grade the way the report words them, each grade
// compared with the reference grade (PO where there are POs): "Yes in 25 out of 30 cases managed
// by POs (83%), compared to 11 out of 39 cases managed by PSOs (28%; difference -55 points, 95%
// CI -70 to -32) ...".
func gradeSentence(id, text, relevant string, grades []workbook.Group, conf float64) string {
	if len(grades) == 0 {
		return fmt.Sprintf("%s no grade is recorded.", asked(id, text))
	}
	reference := casework.ReferenceGroup("grade", grades)
	var ref casework.Tally
	for _, g := range grades {
		if g.Value == reference {
			ref = g.Tallies[id]
		}
	}
	figures := func(g workbook.Group, compared string) string {
		t := g.Tallies[id]
		s := fmt.Sprintf("%d out of %d %s%s", t.Yes, t.Relevant(), relevant, gradeCases(g.Value))
		if t.Relevant() == 0 {
			return s
		}
		return fmt.Sprintf("%s (%s%s)", s, pct(t), compared)
	}
	var lead string
	var others []string
	for _, g := range grades {
		if g.Value == reference {
			lead = figures(g, "")
			continue
		}
		t := g.Tallies[id]
		var compared string
		if t.Relevant() > 0 && ref.Relevant() > 0 {
			r := casework.RateAgainst(t, ref, false, conf)
			compared = fmt.Sprintf("; difference %s points, %s %s to %s", pts(r.Diff), ciHeader(conf), pts(r.DiffCI.Low), pts(r.DiffCI.High))
			if r.Small {
				compared += "; too few cases to say"
			}
		}
		others = append(others, figures(g, compared))
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

func typeSentence(id, text, relevant string, com, lic workbook.Group) string {
	c, l := com.Tallies[id], lic.Tallies[id]
	return fmt.Sprintf("%s Yes in %d out of %d %scommunity orders and %d out of %d %slicences.", asked(id, text), c.Yes, c.Relevant(), relevant, l.Yes, l.Relevant(), relevant)
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
