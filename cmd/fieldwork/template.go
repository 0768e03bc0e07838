package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fieldwork/casework"
	"fieldwork/outfile"
	"fieldwork/workbook/entry"

	"github.com/urfave/cli/v2"
)

func templateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "template",
		Usage:     "write the Excel entry template: one row per case, one column per question",
		UsageText: "fieldwork template -o entry.xlsx [--inspector NAME]",
		Description: "The sheet Entry has a row per case (case id, type, grade, inspector) and a column per\n" +
			"question with its id and text in the header; drop-downs offer Yes/No on key questions and\n" +
			"Yes/No/N/A on prompts that allow it. Fill it in and import it with\n" +
			"`fieldwork judgements import entry.xlsx`: empty cells are skipped, so a half-filled template\n" +
			"never erases an answer. --inspector puts NAME in every row, so the answers record who gave\n" +
			"them, and leaves out the cases another inspector is reading. An existing file is never\n" +
			"overwritten: it may hold someone's answers.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the `FILE.xlsx` to write", Required: true},
			&cli.StringFlag{Name: "inspector", Usage: "who fills it in: their `NAME` goes in every row, other inspectors' cases are left out", EnvVars: []string{"FIELDWORK_INSPECTOR"}},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			out := c.String("output")
			if filepath.Ext(out) != ".xlsx" {
				return usagef("fieldwork template -o entry.xlsx", "-o %s: the template is an Excel workbook, name it FILE.xlsx", out)
			}
			db, ins, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			cases, err := db.Cases(c.Context)
			if err != nil {
				return err
			}
			if len(cases) == 0 {
				return casework.Errorf(casework.EINVALID, "the inspection has no cases yet").WithHint("import the case list first: fieldwork cases import cases.csv")
			}
			inspector := c.String("inspector")
			if inspector != "" {
				by, err := db.AnsweredBy(c.Context)
				if err != nil {
					return err
				}
				theirs := casework.CasesFor(inspector, cases, by)
				if len(theirs) == 0 {
					return casework.Errorf(casework.ENOTFOUND, "every case is being read by another inspector than %q", inspector).
						WithHint("`fieldwork cases list` shows the cases; leave out --inspector for a template of every case")
				}
				cases = theirs
			}
			if err := writeNew(c.Context, out, func(w io.Writer) error {
				return entry.Write(w, entry.Template{Inspection: ins.Name, Framework: ins.Framework, Cases: cases, Inspector: inspector})
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %d cases x %d questions; fill it in, then: fieldwork judgements import %s\n",
				out, len(cases), len(ins.Framework.Questions()), filepath.Base(out))
			return nil
		},
	}
}

// writeNew writes a file that must not exist yet, whole or not at all (outfile): a failed or
// interrupted write leaves nothing under the name, nor beside it. The file names cases, so
// only its owner may read it.
func writeNew(ctx context.Context, path string, write func(io.Writer) error) error {
	if _, err := os.Stat(path); err == nil {
		return casework.Errorf(casework.ECONFLICT, "%s already exists: it may hold answers, so it is not overwritten", path).
			WithHint("choose another -o name, or move the file away first")
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: %w", path, err)
	}
	return outfile.Write(ctx, path, outfile.Options{Private: true}, write)
}
