package main

import (
	"fmt"
	"text/tabwriter"
	"time"

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
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "WHEN\tWHO\tQUESTION\tOLD\tNEW\tSOURCE")
			for _, h := range hs {
				old := h.Old.String()
				if old == "" {
					old = "-"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", h.At.Local().Format(time.DateTime), h.Inspector, h.Question, old, h.New, h.Source)
			}
			w.Flush()
			fmt.Fprintf(e.stdout, "%d changes\n", len(hs))
			return nil
		},
	}
}
