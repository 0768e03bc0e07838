package main

import (
	"fieldwork/casework"
	"fieldwork/report"

	"github.com/urfave/cli/v2"
)

func validateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "validate",
		Usage: "list cases with unanswered key questions (errors) and answers that contradict each other (warnings)",
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			db, ins, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.CheckWhole(c.Context); err != nil {
				return err
			}
			cases, answers, err := db.CasesAnswered(c.Context)
			if err != nil {
				return err
			}
			res, err := db.Result(c.Context, ins.Framework)
			if err != nil {
				return err
			}
			sampled, drawn, err := db.SampledCases(c.Context)
			if err != nil {
				return err
			}
			errs, incomplete := report.Validation(e.stdout, ins.Framework, cases, answers, casework.OutsideSample(cases, answers, sampled, drawn))
			report.RatingsCheck(e.stdout, res)
			if errs > 0 {
				return casework.Errorf(casework.EINVALID, "%d cases are not ready to score", incomplete).
					WithHint("answer the key questions listed, e.g. fieldwork judge CASE 2.1.1=yes")
			}
			return nil
		},
	}
}
