package main

import (
	"fmt"

	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func initCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "create a new inspection database",
		UsageText: `fieldwork --db FILE init --framework pdu-2023 --name "Bradford & Calderdale PDU" [--region NAME] [--fieldwork-start 2024-09-02]`,
		Description: "Creates the database named by --db and stores the framework in it, so the inspection keeps\n" +
			"the rules it was started with. It never touches an existing file.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "framework", Value: "pdu-2023", Usage: "a built-in framework `NAME` or a framework JSON `FILE`"},
			&cli.StringFlag{Name: "name", Usage: "the PDU inspected", Required: true},
			&cli.StringFlag{Name: "region", Usage: "the region"},
			&cli.StringFlag{Name: "fieldwork-start", Usage: "first day of fieldwork, YYYY-MM-DD"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			fw, err := intake.Framework(c.String("framework"))
			if err != nil {
				return err
			}
			db, err := sqlite.Create(c.Context, c.String("db"), casework.Inspection{
				Name: c.String("name"), Region: c.String("region"), FieldworkStart: c.String("fieldwork-start"), Framework: fw,
			})
			if err != nil {
				return err
			}
			defer db.Close()
			fmt.Fprintf(e.stdout, "created %s: %s, framework %s (%d standards, score out of %d)\n",
				c.String("db"), c.String("name"), fw.ID, len(fw.Standards), fw.MaxScore())
			return nil
		},
	}
}
