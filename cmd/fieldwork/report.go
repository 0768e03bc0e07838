package main

import (
	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/outfile"
	"fieldwork/report"

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
			finalFlag,
		},
		Action: reads{formats: []string{"markdown", "text"}, run: func(c *cli.Context, in opened) error {
			written, err := outfile.SourceDate(e.getenv)
			if err != nil {
				return err
			}
			fig, err := figures.Count(c.Context, in.db, in.ins, nil, written)
			if err == nil && c.Bool("final") {
				err = fig.Incomplete.RefuseFinal()
			}
			if err != nil {
				return err
			}
			out := report.Markdown(e.stdout)
			if in.format == "text" {
				out = report.Text(e.stdout)
			}
			// The report is for its writers, not for publication: nothing is suppressed.
			report.Write(out, figures.Publish(fig, figures.Options{Confidence: in.conf, Internal: true}))
			return nil
		}}.action,
	}
}
