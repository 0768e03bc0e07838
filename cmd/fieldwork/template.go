package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fieldwork/casework"
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
				var theirs []casework.Case
				for _, cs := range cases {
					if r := casework.ReadBy(cs, by[cs.ID]); r == "" || r == inspector {
						theirs = append(theirs, cs)
					}
				}
				if len(theirs) == 0 {
					return casework.Errorf(casework.ENOTFOUND, "every case is being read by another inspector than %q", inspector).
						WithHint("`fieldwork cases list` shows the cases; leave out --inspector for a template of every case")
				}
				cases = theirs
			}
			if err := writeNew(out, func(f *os.File) error {
				return entry.Write(f, entry.Template{Inspection: ins.Name, Framework: ins.Framework, Cases: cases, Inspector: inspector})
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %d cases x %d questions; fill it in, then: fieldwork judgements import %s\n",
				out, len(cases), len(ins.Framework.Questions()), filepath.Base(out))
			return nil
		},
	}
}

// writeNew writes a file that must not exist yet, through a temporary file in the same folder,
// so a failed write leaves nothing half-written under the name.
func writeNew(path string, write func(*os.File) error) error {
	if _, err := os.Stat(path); err == nil {
		return casework.Errorf(casework.ECONFLICT, "%s already exists: it may hold answers, so it is not overwritten", path).
			WithHint("choose another -o name, or move the file away first")
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return casework.Errorf(casework.EINVALID, "cannot write %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Link rather than rename, so a file created meanwhile under the name is not replaced.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return casework.Errorf(casework.ECONFLICT, "%s already exists: it may hold answers, so it is not overwritten", path)
		}
		// A file system without hard links: rename, having checked the name is still free.
		if _, serr := os.Stat(path); serr == nil {
			return casework.Errorf(casework.ECONFLICT, "%s already exists: it may hold answers, so it is not overwritten", path)
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}
