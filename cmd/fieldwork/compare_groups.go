package main

import (
	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/report"

	"github.com/urfave/cli/v2"
)

func compareGroupsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "compare-groups",
		Usage:     "compare groups of cases on each key question: difference and relative rate index with intervals",
		UsageText: "fieldwork compare-groups --by FIELD [--reference VALUE] [--confidence 0.95] [--format table|json]",
		Description: "For each key question, each group's rate with its Wilson interval, the difference from the\n" +
			"reference group with a Newcombe (hybrid score) interval, and the relative rate index (group rate /\n" +
			"reference rate) with a log-method interval. 'differs' marks a difference whose interval excludes\n" +
			"no difference; 'small' warns that a group has fewer than 10 relevant cases. The reference defaults\n" +
			"to PO when grouping by grade, otherwise to the largest group, as in the workbook.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "by", Usage: "the case `FIELD` to group by (grade, case_type, rosh, gender, ethnicity, any attribute)", Required: true},
			&cli.StringFlag{Name: "reference", Usage: "the group to compare with (default: PO for grade, else the largest)"},
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of the intervals"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: reads{formats: tableOrJSON, run: func(c *cli.Context, in opened) error {
			cmp, err := figures.CompareGroups(c.Context, in.db, in.ins.Framework, c.String("by"), c.String("reference"), in.conf)
			if err != nil {
				return err
			}
			return show(e, in.format, cmp, report.GroupComparison)
		}}.action,
	}
}
