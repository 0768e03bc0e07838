package main

import (
	"fmt"

	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/report"

	"github.com/urfave/cli/v2"
)

func compareCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "compare",
		Usage:     "set an inspection beside the previous inspection of the same PDU",
		UsageText: "fieldwork compare PREVIOUS.db CURRENT.db [--confidence 0.95] [--format table|json]",
		Description: "Per key question: the previous and the current percentage, the change in percentage points, its\n" +
			"interval (Newcombe's hybrid score interval for a difference of two proportions) and whether the\n" +
			"change is larger than chance (the interval leaves out no change). Then both ratings tables side\n" +
			"by side. Inspections under different programmes (pdu-2021, pdu-2023) are paired by standard and\n" +
			"theme: the 2021 programme's 2.2.1 Assessment, engagement is the 2023 programme's 2.1.1.",
		Flags: []cli.Flag{
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of the intervals, e.g. 0.95"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef("fieldwork compare kirklees-2023.db kirklees-2024.db", "compare takes two inspection databases, the previous then the current (got %d arguments)", c.NArg())
			}
			in, err := sharedFlags(c, tableOrJSON)
			if err != nil {
				return err
			}
			previous, err := ratedFile(c.Context, c.Args().Get(0))
			if err != nil {
				return err
			}
			current, err := ratedFile(c.Context, c.Args().Get(1))
			if err != nil {
				return err
			}
			for _, w := range casework.CompareWarnings(previous.Inspection, current.Inspection) {
				fmt.Fprintf(e.stderr, "fieldwork: warning: %s\n", w)
			}
			return show(e, in.format, figures.Compare(previous, current, in.conf), report.Changes)
		},
	}
}
