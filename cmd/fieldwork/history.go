package main

import (
	"fieldwork/report"

	"github.com/urfave/cli/v2"
)

func historyCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "history",
		Usage:     "show every change to a case's answers: who, when, question, old and new",
		UsageText: "fieldwork history CASE",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("fieldwork history BC014", "history takes one case id")
			}
			db, _, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			hs, err := db.History(c.Context, c.Args().First())
			if err != nil {
				return err
			}
			report.History(e.stdout, hs)
			return nil
		},
	}
}
