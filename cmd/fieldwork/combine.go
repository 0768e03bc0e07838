package main

import (
	"strings"

	"fieldwork/figures"
	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func combineCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "combine",
		Usage:     "pool the cases of several inspections into a new regional or national database",
		UsageText: `fieldwork combine -o region.db --name "Yorkshire and the Humber" [--region NAME] [--prefix-ids] [--framework NAME|FILE] A.db B.db ...`,
		Description: "Writes a new database holding every case of the inspections named, with its attributes, answers\n" +
			"and answer history; each case keeps its inspection (PDU) as the attribute pdu and its region as\n" +
			"region, and each inspection's own ratings are kept beside it. Every command then works on the\n" +
			"combined database: score, score --by pdu, validate, workbook. `fieldwork regional` shows the\n" +
			"regional standards rated from the pooled cases and each PDU's ratings side by side.\n" +
			"The inspections must share one framework; --framework keeps another with the same questions and\n" +
			"rules but other regional standards. A case id may be in one inspection only (a CRN names\n" +
			"one person); --prefix-ids makes every id FILE/ID for files whose ids collide. All or nothing:\n" +
			"a refused file leaves no output.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the new database `FILE` to write"},
			&cli.StringFlag{Name: "name", Usage: "what the combined inspection is called, e.g. the region"},
			&cli.StringFlag{Name: "region", Usage: "its region (default: the region the inspections share, if they share one)"},
			&cli.BoolFlag{Name: "prefix-ids", Usage: "prefix every case id with its file's name"},
			&cli.StringFlag{Name: "framework", Usage: "keep this framework `NAME` or `FILE` instead of the inspections' own: the same questions and rules, with the regional standards to rate the region by"},
		},
		Action: func(c *cli.Context) error {
			out := c.String("output")
			if out == "" {
				return usagef(`fieldwork combine -o region.db --name "Yorkshire and the Humber" A.db B.db`, "combine needs -o FILE, the new database to write")
			}
			if c.String("name") == "" {
				return usagef(`add --name "Yorkshire and the Humber"`, "combine needs --name, what the combined inspection is called")
			}
			files := c.Args().Slice()
			for _, f := range files {
				if strings.HasPrefix(f, "-") {
					return usagef("run `fieldwork combine --help`", "%q is not a flag of combine", f)
				}
			}
			if len(files) == 0 {
				return usagef(`fieldwork combine -o region.db --name "Yorkshire and the Humber" A.db B.db`, "combine needs the inspection databases to pool")
			}
			opt := sqlite.CombineOptions{Name: c.String("name"), Region: c.String("region"), PrefixIDs: c.Bool("prefix-ids")}
			if name := c.String("framework"); name != "" {
				fw, err := intake.Framework(name)
				if err != nil {
					return err
				}
				opt.Framework = fw
			}
			pooled, err := sqlite.Combine(c.Context, out, files, opt)
			if err != nil {
				return err
			}
			db, ins, err := sqlite.OpenInspection(c.Context, sqlite.Open, out, nil)
			if err != nil {
				return err
			}
			defer db.Close()
			report.Pooled(e.stdout, out, ins, pooled)
			rs, err := figures.RegionalStandards(c.Context, db, ins.Framework)
			if err != nil {
				return err
			}
			report.RegionalStandards(e.stdout, rs)
			return nil
		},
	}
}

func regionalCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "regional",
		Usage:     "the regional standards and each PDU's ratings, from a combined database",
		UsageText: "fieldwork --db region.db regional [--format table|json]",
		Description: "For a database written by `fieldwork combine`: the regional standards (desistance, public\n" +
			"protection ...) rated from the pooled cases by the rule the framework declares, then each PDU's\n" +
			"key-question percentages, ratings and score, one row per PDU.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: reads{formats: tableOrJSON, run: func(c *cli.Context, in opened) error {
			r, err := figures.RegionalOf(c.Context, in.db, in.ins)
			if err != nil {
				return err
			}
			return show(e, in.format, r, report.Regional)
		}}.action,
	}
}
