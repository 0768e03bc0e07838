package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"fieldwork/casework"
	"fieldwork/report"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func mergeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "bring back the answers of a copy made by `fieldwork backup`",
		UsageText: "fieldwork merge COPY.db [--resolve here|copy [CASE | CASE/QUESTION]...]",
		Description: "Answers added or changed in the copy since it was made are added here, unless this database\n" +
			"changed the same answer too: then both are listed and this database's answer is left as it is\n" +
			"until a person settles it, with --resolve here (keep this database's), --resolve copy (take the\n" +
			"copy's), or by answering it again here. First and second readings are merged; merging the same\n" +
			"copy twice changes nothing. All or nothing: one transaction.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "resolve", Usage: "settle the listed conflicts: `here` keeps this database's answers, copy takes the copy's (limit with CASE or CASE/QUESTION arguments)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() < 1 {
				return usagef("fieldwork merge laptop.db", "merge needs the copy to bring back")
			}
			path := c.Args().First()
			only := c.Args().Tail()
			if len(only) > 0 && c.String("resolve") == "" {
				return usagef("fieldwork merge laptop.db --resolve here BC014/2.1.1", "cases or answers after the copy only make sense with --resolve")
			}
			for _, o := range only {
				if strings.HasPrefix(o, "-") {
					return usagef("run `fieldwork merge --help`", "unknown flag %s", o)
				}
			}
			return writing(c, func(db *sqlite.DB) error {
				m, err := db.Merge(c.Context, path, sqlite.Resolve{Side: c.String("resolve"), Only: only})
				if err != nil {
					return err
				}
				return printMerge(e, filepath.Base(path), m)
			})
		},
	}
}

func printMerge(e *env, name string, m sqlite.Merged) error {
	if !report.Merge(e.stdout, name, m) {
		return nil
	}
	return casework.Errorf(casework.ECONFLICT, "%s: %s to settle by a person; everything else was merged", name, report.Count(len(m.Conflicts), "answer")).
		WithHint(fmt.Sprintf("keep one side with `fieldwork merge %s --resolve here` or `--resolve copy` (add CASE or CASE/QUESTION to settle some only), or answer them again here; a moderated answer changes only by `fieldwork moderate`", name))
}
