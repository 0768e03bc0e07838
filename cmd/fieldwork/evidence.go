package main

import (
	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func evidenceCommand(e *env) *cli.Command {
	add := &cli.Command{Name: "add", Usage: "record evidence for a standard, or every row of --file (columns standard, kind, summary, finding, count, publish)",
		UsageText: "fieldwork evidence add --standard 1.2 --kind interview --count 57 --summary TEXT [--finding strength|improvement] [--publish]\n   fieldwork evidence add --file evidence.csv",
		Flags: []cli.Flag{&cli.StringFlag{Name: "standard"}, &cli.StringFlag{Name: "kind", Usage: "document, meeting, interview, focus-group or figure"},
			&cli.StringFlag{Name: "summary", Usage: "the inspector's words: published only with --publish"}, &cli.StringFlag{Name: "finding", Usage: "strength or improvement"},
			&cli.IntFlag{Name: "count", Value: 1, Usage: "how many, e.g. 57 interviews"}, &cli.BoolFlag{Name: "publish", Usage: "the summary may be published"},
			&cli.StringFlag{Name: "file", Usage: "read the evidence from a CSV or .xlsx `FILE`"}, &cli.StringFlag{Name: "by", Value: e.getenv("FIELDWORK_INSPECTOR")}},
		Action: func(c *cli.Context) error {
			es, err := evidenceGiven(c)
			if err != nil {
				return err
			}
			return writing(c, func(db *sqlite.DB) error {
				ids, err := db.AddEvidence(c.Context, es, c.String("by"))
				if err == nil {
					report.EvidenceAdded(e.stdout, es, ids)
				}
				return err
			})
		}}
	list := &cli.Command{Name: "list", Usage: "list the evidence recorded, every summary with it", Flags: []cli.Flag{&cli.StringFlag{Name: "standard"}, &cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"}},
		Action: reads{formats: tableOrJSON, run: func(c *cli.Context, in opened) error {
			es, err := in.db.Evidence(c.Context, c.String("standard"))
			if err != nil {
				return err
			}
			return show(e, in.format, report.EvidenceRecorded(es), report.EvidenceList)
		}}.action}
	remove := &cli.Command{Name: "remove", Usage: "remove a piece of evidence by its id", UsageText: "fieldwork evidence remove ID", Action: func(c *cli.Context) error {
		arg, err := oneArg(c, "evidence id")
		if err != nil {
			return err
		}
		id, err := casework.ParseEvidenceID(arg)
		if err != nil {
			return err
		}
		return writing(c, func(db *sqlite.DB) error { return db.RemoveEvidence(c.Context, id) })
	}}
	return &cli.Command{Name: "evidence", Usage: "the inspectors' evidence for each standard: documents, meetings, interviews, focus groups, figures",
		Subcommands: []*cli.Command{add, list, remove}}
}

// evidenceGiven is the evidence --file holds, or the one piece the flags give.
func evidenceGiven(c *cli.Context) ([]casework.Evidence, error) {
	if err := noArgs(c); err != nil {
		return nil, err
	}
	if path := c.String("file"); path != "" {
		return intake.ReadEvidence(path)
	}
	if c.String("standard") == "" || c.String("kind") == "" || c.String("summary") == "" {
		return nil, usagef("fieldwork evidence add --standard 1.2 --kind interview --count 57 --summary TEXT", "evidence add needs --standard, --kind and --summary, or --file")
	}
	ev, err := casework.NewEvidence(c.String("standard"), c.String("kind"), c.String("summary"), c.String("finding"), c.Int("count"), c.Bool("publish"))
	return []casework.Evidence{ev}, err
}
