package main

import (
	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/report"

	"github.com/urfave/cli/v2"
)

func scoreCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "score",
		Usage:     "print the ratings table, key-question percentages and prompt figures",
		UsageText: "fieldwork score [--by FIELD] [--format table|json]",
		Description: "The ratings table as the report prints it (each standard's rating, score/max, overall), then\n" +
			"per case standard each key question's yes / relevant / % with the driving one marked >, and each\n" +
			"prompt as \"X of Y relevant\". --by splits the figures by grade, case_type, rosh, gender,\n" +
			"ethnicity or any case attribute.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "by", Usage: "split by a case `FIELD`"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of the intervals, e.g. 0.95"},
			finalFlag,
		},
		Action: reads{formats: tableOrJSON, run: func(c *cli.Context, in opened) error {
			s, err := figures.ScoreOf(c.Context, in.db, in.ins, c.String("by"), in.conf)
			if err == nil && c.Bool("final") {
				err = s.Incomplete.RefuseFinal()
			}
			if err != nil {
				return err
			}
			return show(e, in.format, s, report.Score)
		}}.action,
	}
}
