package main

import (
	"fmt"

	"fieldwork/casework"

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
			cases, err := db.Cases(c.Context)
			if err != nil {
				return err
			}
			answers, err := db.Answers(c.Context)
			if err != nil {
				return err
			}
			var errs, warns, incomplete int
			for _, cs := range cases {
				fs := ins.Framework.CheckCaseFor(cs, answers[cs.ID])
				bad := false
				for _, f := range fs {
					fmt.Fprintf(e.stdout, "%s %s: %s\n", cs.ID, f.Severity, f.Message)
					if f.Severity == casework.SeverityError {
						errs++
						bad = true
					} else {
						warns++
					}
				}
				if bad {
					incomplete++
				}
			}
			fmt.Fprintf(e.stdout, "%d cases checked: %d with unanswered key questions (%d errors), %d warnings\n", len(cases), incomplete, errs, warns)
			if errs > 0 {
				return casework.Errorf(casework.EINVALID, "%d cases are not ready to score", incomplete).
					WithHint("answer the key questions listed, e.g. fieldwork judge CASE 2.1.1=yes")
			}
			return nil
		},
	}
}
