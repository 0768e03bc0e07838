package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

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
			db, _, err := openDB(c)
			if err != nil {
				return err
			}
			defer db.Close()
			m, err := db.Merge(c.Context, path, sqlite.Resolve{Side: c.String("resolve"), Only: only})
			if err != nil {
				return err
			}
			return printMerge(e, filepath.Base(path), m)
		},
	}
}

func printMerge(e *env, name string, m sqlite.Merged) error {
	made := m.Copy.MadeAt
	if at, err := time.Parse(time.RFC3339Nano, made); err == nil {
		made = at.Local().Format("2 Jan 2006 15:04")
	}
	fmt.Fprintf(e.stdout, "%s (copied from %s on %s):\n", name, m.Copy.MadeFrom, made)
	fmt.Fprintf(e.stdout, "  first reading: %d added, %d changed, %d already the same here\n", m.First.Added, m.First.Changed, m.First.Unchanged)
	fmt.Fprintf(e.stdout, "  second reading: %d added, %d changed, %d already the same here\n", m.Second.Added, m.Second.Changed, m.Second.Unchanged)
	for _, s := range m.Settled {
		fmt.Fprintf(e.stdout, "  settled: %s %s (%s reading): %s\n", s.CaseID, s.Question, s.Reading, s.Settled)
	}
	if m.Moderations > 0 {
		fmt.Fprintf(e.stdout, "  %s in the copy not brought back: moderate here, where both readings are\n", report.Count(m.Moderations, "moderated answer"))
	}
	if len(m.Conflicts) == 0 {
		return nil
	}
	fmt.Fprintf(e.stdout, "\n%s changed on both sides since the copy was made, left as they are here:\n", report.Count(len(m.Conflicts), "answer"))
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "CASE\tQUESTION\tREADING\tHERE\tIN THE COPY")
	for _, k := range m.Conflicts {
		here := report.Answered(k.Here, k.HereBy, k.HereNote)
		if k.Moderated {
			here += " [moderated]"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", k.CaseID, k.Question, k.Reading, here, report.Answered(k.Copy, k.CopyBy, k.CopyNote))
	}
	w.Flush()
	return casework.Errorf(casework.ECONFLICT, "%s: %s to settle by a person; everything else was merged", name, report.Count(len(m.Conflicts), "answer")).
		WithHint(fmt.Sprintf("keep one side with `fieldwork merge %s --resolve here` or `--resolve copy` (add CASE or CASE/QUESTION to settle some only), or answer them again here; a moderated answer changes only by `fieldwork moderate`", name))
}
