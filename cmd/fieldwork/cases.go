package main

import (
	"path/filepath"

	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func casesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "cases",
		Usage: "import and list the inspection's cases",
		Subcommands: []*cli.Command{
			{Name: "allocate", Usage: "allocate a case to an inspector, as the lead does in the form (--to \"\" takes it back)", UsageText: "fieldwork cases allocate --to NAME CASE",
				Flags: []cli.Flag{&cli.StringFlag{Name: "to", Required: true, Usage: "the inspector's account `NAME`"}},
				Action: withOne("CASE", func(c *cli.Context, db *sqlite.DB, id string) error {
					return report.Allocated(e.stdout, id, c.String("to"), db.Allocate(c.Context, id, c.String("to"), ""))
				})},
			{
				Name:      "import",
				Usage:     "add or update cases from a CSV case list",
				UsageText: "fieldwork cases import FILE.csv",
				Description: "Columns, in any order and any case: case_id and case_type (community or licence) are\n" +
					"required; grade (PO, PSO, PQiP, other), rosh (low, medium, high, very high), gender and\n" +
					"ethnicity are optional; any other column is kept as an attribute to split results by.\n" +
					"The whole file is checked first: one bad row and nothing is written.",
				Action: func(c *cli.Context) error {
					path, err := oneFile(c)
					if err != nil {
						return err
					}
					cases, err := intake.ReadCases(path)
					if err != nil {
						return err
					}
					return writing(c, func(db *sqlite.DB) error {
						st, err := db.SaveCaseList(c.Context, cases)
						if err == nil {
							report.CasesImported(e.stdout, filepath.Base(path), len(cases.Cases), st.Added, st.Updated, st.Unchanged, st.Cleared)
						}
						return err
					})
				},
			},
			{
				Name:  "list",
				Usage: "list the cases with their details and progress",
				Action: func(c *cli.Context) error {
					if err := noArgs(c); err != nil {
						return err
					}
					db, ins, err := openDBReadOnly(c)
					if err != nil {
						return err
					}
					defer db.Close()
					cases, answers, err := db.CasesAnswered(c.Context)
					if err != nil {
						return err
					}
					attrs, err := db.AttributeNames(c.Context)
					if err != nil {
						return err
					}
					report.CaseList(e.stdout, ins.Framework, cases, answers, attrs)
					return nil
				},
			},
		},
	}
}

func oneFile(c *cli.Context) (string, error) {
	if c.NArg() != 1 {
		return "", usagef("fieldwork "+c.Command.FullName()+" FILE", "%s takes one file (got %d arguments)", c.Command.FullName(), c.NArg())
	}
	return c.Args().First(), nil
}
