package main

import (
	"context"
	"fmt"

	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

// readingFlag is --reading on the commands that record answers.
func readingFlag() cli.Flag {
	return &cli.IntFlag{Name: "reading", Value: 1, Usage: "1: the first reading, the answer of record; 2: a quality lead's second reading (double-marking), kept beside the first and counted in no score"}
}

// saveReading saves answers as the reading --reading names, a first reading by first.
func saveReading(c *cli.Context, db *sqlite.DB, js []casework.Judgement, source string, first func(context.Context, []casework.Judgement, string) (sqlite.AnswerImport, error)) (sqlite.AnswerImport, error) {
	switch c.Int("reading") {
	case 1:
		return first(c.Context, js, source)
	case 2:
		st, err := db.SaveSecondReading(c.Context, js, source)
		if err == nil {
			fmt.Fprintln(c.App.Writer, "second reading: kept beside the first reading, which it does not change; `fieldwork agreement` compares them")
		}
		return st, err
	}
	return sqlite.AnswerImport{}, usagef("--reading 2 records a second reading", "--reading %d: want 1 (first reading) or 2 (second reading)", c.Int("reading"))
}

func agreementCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "agreement",
		Usage:     "how far second readings agree with the first: % agreement and Cohen's kappa, and each disagreement for moderation",
		UsageText: "fieldwork agreement [--format table|json]",
		Description: "For each key question read twice and for all key questions together: the cases read twice, how many\n" +
			"agree, the share that agree and Cohen's kappa (agreement corrected for chance: 1 is perfect, 0 no\n" +
			"better than chance; with few cases it moves a lot with one answer). Then every question,\n" +
			"key question or prompt, where the readings differ, with any moderated answer.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: reads{formats: tableOrJSON, run: func(c *cli.Context, in opened) error {
			a, err := figures.AgreementOf(c.Context, in.db, in.ins.Framework)
			if err != nil {
				return err
			}
			return show(e, in.format, a, report.Agreement)
		}}.action,
	}
}

func moderateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "moderate",
		Usage:     "record the answer settled on where a first and second reading disagree",
		UsageText: `fieldwork moderate CASE QUESTION=ANSWER... --reason TEXT [--moderator NAME]`,
		Description: "The moderated answer becomes the case's answer of record, so every score counts it; the\n" +
			"two readings are kept as they were, so `fieldwork agreement` still measures them. Once moderated,\n" +
			"an answer changes only by moderating it again.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "reason", Usage: "what the readers agreed, and why (required)"},
			&cli.StringFlag{Name: "moderator", Usage: "who moderated (env FIELDWORK_INSPECTOR)", Value: e.getenv("FIELDWORK_INSPECTOR")},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() < 2 {
				return usagef("fieldwork moderate BC014 2.1.1=no --reason \"...\"", "moderate needs a case and at least one QUESTION=ANSWER")
			}
			caseID := c.Args().First()
			js, err := intake.ParseAssignments(caseID, c.Args().Tail())
			if err != nil {
				return err
			}
			return writing(c, func(db *sqlite.DB) error {
				if _, err := db.Case(c.Context, caseID); err != nil {
					return err // an unknown case is "not found" (exit 4), as in history
				}
				st, err := db.Moderate(c.Context, js, c.String("reason"), c.String("moderator"))
				if err == nil {
					fmt.Fprintf(e.stdout, "case %s: %s recorded; %d answers of record changed, %d already so\n", caseID, report.Count(len(js), "moderated answer"), st.Changed+st.Added, st.Unchanged)
				}
				return err
			})
		},
	}
}
