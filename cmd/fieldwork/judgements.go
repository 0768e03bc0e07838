package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sqlite"
	"fieldwork/workbook/entry"

	"github.com/urfave/cli/v2"
)

func judgementsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "judgements",
		Usage: "import the inspectors' answers",
		Subcommands: []*cli.Command{
			{
				Name:      "import",
				Usage:     "add or change answers from a CSV file",
				UsageText: "fieldwork judgements import FILE.csv",
				Description: "Columns: case_id, question (e.g. 2.1.1, 2.1.3c, oversight), answer (yes, no, n/a; Y/N/NA in\n" +
					"any case), optional inspector and note. Importing the same rows twice changes nothing; a changed\n" +
					"answer replaces the old one, which stays in the history. One bad row and nothing is written.",
				Flags: []cli.Flag{readingFlag()},
				Action: func(c *cli.Context) error {
					path, err := oneFile(c)
					if err != nil {
						return err
					}
					name := filepath.Base(path)
					// A workbook is the entry template `fieldwork template` writes, read whole.
					read := intake.ReadFile
					if strings.EqualFold(filepath.Ext(path), ".xlsx") {
						read = entry.Read
					} else if c.Int("reading") == 1 {
						return importCSV(c, e, path)
					}
					t, err := read(path)
					if err != nil {
						return err
					}
					js, err := intake.Judgements(t)
					if err != nil {
						return err
					}
					db, _, err := openDB(c)
					if err != nil {
						return err
					}
					defer db.Close()
					st, err := saveReading(c, db, js, name, db.ImportAnswerList)
					if err != nil {
						return err
					}
					printImported(e, name, len(js), st)
					return nil
				},
			},
		},
	}
}

func judgeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "judge",
		Usage: "record answers for one case",
		UsageText: "fieldwork judge CASE QUESTION=ANSWER... [--inspector NAME] [--note TEXT]\n" +
			"fieldwork judge CASE --clear QUESTION [--clear QUESTION...] --reason TEXT [--inspector NAME]",
		Description: "Example: fieldwork judge BC014 2.1.1=yes 2.1.1a=no 2.1.3c=n/a --inspector \"Inspector A\"\n" +
			"A changed answer replaces the old one, which stays in the history (fieldwork history CASE).\n" +
			"--clear takes an answer back (one keyed against the wrong case, say), with the reason why: the\n" +
			"history keeps the answer and the clearing, who made it and why. A moderated answer or a signed-off\n" +
			"case is not cleared.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "inspector", Usage: "who is answering, or clearing (env FIELDWORK_INSPECTOR)", Value: e.getenv("FIELDWORK_INSPECTOR")},
			&cli.StringFlag{Name: "note", Usage: "a note kept with each answer given (never published)"},
			&cli.StringSliceFlag{Name: "clear", Usage: "take back the case's answer to `QUESTION` (repeat for more)"},
			&cli.StringFlag{Name: "reason", Usage: "why the answers are cleared (needed with --clear)"},
			readingFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.IsSet("clear") || c.IsSet("reason") {
				return clearAnswers(c, e)
			}
			if c.NArg() < 2 {
				return usagef("fieldwork judge BC014 2.1.1=yes 2.1.1a=no", "judge needs a case and at least one QUESTION=ANSWER")
			}
			caseID := c.Args().First()
			js, err := intake.ParseAssignments(caseID, c.Args().Tail())
			if err != nil {
				return err
			}
			for i := range js {
				js[i].Inspector, js[i].Note = c.String("inspector"), c.String("note")
			}
			db, _, err := openDB(c)
			if err != nil {
				return err
			}
			defer db.Close()
			if _, err := db.Case(c.Context, caseID); err != nil {
				return err // an unknown case is "not found" (exit 4), as in history
			}
			st, err := saveReading(c, db, js, "judge", db.SaveAnswers)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "case %s: %d added, %d changed, %d unchanged\n", caseID, st.Added, st.Changed, st.Unchanged)
			return nil
		},
	}
}

// clearAnswers is `judge CASE --clear QUESTION --reason TEXT`.
func clearAnswers(c *cli.Context, e *env) error {
	const example = `fieldwork judge BC014 --clear 2.1.1 --reason "keyed against the wrong case"`
	questions := c.StringSlice("clear")
	switch {
	case len(questions) == 0:
		return usagef(example, "--reason goes with --clear: it says why the answers are cleared")
	case strings.TrimSpace(c.String("reason")) == "":
		return usagef(example, "--clear needs --reason: the history keeps why an answer was taken back")
	case c.NArg() != 1:
		return usagef(example, "judge --clear takes one case and the questions to clear, not QUESTION=ANSWER as well: clear first, then answer")
	}
	reading := sqlite.FirstReading
	switch c.Int("reading") {
	case 1:
	case 2:
		reading = sqlite.SecondReading
	default:
		return usagef("--reading 2 clears a second-reading answer", "--reading %d: want 1 (first reading) or 2 (second reading)", c.Int("reading"))
	}
	caseID := c.Args().First()
	cs := make([]casework.Clearing, len(questions))
	for i, q := range questions {
		cs[i] = casework.Clearing{CaseID: caseID, Question: strings.TrimSpace(q), By: c.String("inspector"), Reason: c.String("reason")}
	}
	db, _, err := openDB(c)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ClearAnswers(c.Context, reading, cs, "judge --clear"); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "case %s: %s cleared; `fieldwork history %s` keeps the answers and why they were cleared\n",
		caseID, report.Count(len(cs), "answer"), caseID)
	return nil
}

// importCSV imports a CSV file of first-reading answers as it reads it, never holding the file
// whole: a programme's million answers take memory for a batch, not for the file.
func importCSV(c *cli.Context, e *env, path string) error {
	f, err := intake.Open(path, "")
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(path)
	r, err := intake.JudgementsOf(f)
	if err != nil {
		return err
	}
	db, _, err := openDB(c)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.ImportAnswers(c.Context, r, name)
	if err != nil {
		return err
	}
	printImported(e, name, r.Read(), st)
	return nil
}

func printImported(e *env, name string, read int, st sqlite.AnswerImport) {
	fmt.Fprintf(e.stdout, "%s: %d answers read; %d added, %d changed, %d unchanged\n", name, read, st.Added, st.Changed, st.Unchanged)
}
