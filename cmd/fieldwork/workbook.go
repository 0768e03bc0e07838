package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/outfile"
	"fieldwork/workbook"

	"github.com/urfave/cli/v2"
)

func workbookCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "workbook",
		Usage:     "write the Excel data workbook published with the report",
		UsageText: "fieldwork workbook -o FILE.xlsx [--suppress-below N] [--by ATTR] [--confidence 0.95]",
		Description: "One workbook for the inspection: cover, contents, notes and method, the ratings, one sheet per\n" +
			"case standard (every key question and prompt for all cases, community orders and licences), the\n" +
			"figures by grade, RoSH level, gender and ethnicity (and any --by attribute), other case questions,\n" +
			"the sample profile and charts. It holds counts only: no case id or note. --suppress-below N shows\n" +
			"[c] for any figure counted over fewer than N relevant cases, and hides a second group where a\n" +
			"total would give the first away, with its interval and comparisons. Every % yes has its Wilson\n" +
			"interval at --confidence beside it; each split compares its groups with a reference group (PO for\n" +
			"grade, else the largest); the ratings sheet says how many answers each rating hinges on.\n" +
			"A database written by `fieldwork combine` adds a sheet of its PDUs side by side and one of the\n" +
			"regional standards; --previous FILE adds the change since the previous inspection of the PDU.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the workbook `FILE` to write (.xlsx)"},
			forceFlag,
			&cli.IntFlag{Name: "suppress-below", Usage: "show [c] for figures about fewer than `N` relevant cases"},
			&cli.StringSliceFlag{Name: "by", Usage: "also split the figures by case attribute `ATTR` (repeatable)"},
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of every interval, e.g. 0.95"},
			&cli.StringFlag{Name: "previous", Usage: "the previous inspection's database `FILE`: adds the change since then and both ratings tables"},
		},
		Action: reads{check: workbookFlags, run: func(c *cli.Context, in opened) error {
			out, below := c.String("output"), c.Int("suppress-below")
			written, err := writtenAt(e)
			if err != nil {
				return err
			}
			req := figures.WorkbookRequest{By: c.StringSlice("by"), Written: written,
				Options: figures.Options{Suppress: casework.Suppression{Below: below}, Confidence: in.conf}}
			if path := c.String("previous"); path != "" {
				previous, err := ratedFile(c.Context, path)
				if err != nil {
					return err
				}
				req.Previous = &previous
			}
			fig, err := figures.Workbook(c.Context, in.db, in.ins, req)
			if err != nil {
				return err
			}
			if err := workbook.WriteFile(c.Context, out, fig, c.Bool("force")); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %s: %d cases, %d splits", out, fig.Cases(), len(fig.Splits))
			if below > 1 {
				fmt.Fprintf(e.stdout, ", figures about fewer than %d relevant cases suppressed", below)
			}
			fmt.Fprintln(e.stdout)
			return nil
		}}.action,
	}
}

// workbookFlags checks the workbook's own flags.
func workbookFlags(c *cli.Context) error {
	out := c.String("output")
	if out == "" {
		return usagef("fieldwork workbook -o bradford-calderdale.xlsx", "workbook needs -o FILE.xlsx, the file to write")
	}
	if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
		return usagef("name the file FILE.xlsx", "-o %q: the workbook is an Excel file and its name must end in .xlsx", out)
	}
	if below := c.Int("suppress-below"); below < 0 {
		return usagef("", "--suppress-below %d: want a number of cases, 0 or more", below)
	}
	return outfile.Free(out, c.Bool("force"))
}

// writtenAt is the time the workbook says it was written: now, or SOURCE_DATE_EPOCH (seconds
// since 1970) when set, so the same database gives the same workbook.
func writtenAt(e *env) (time.Time, error) {
	s := e.getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now().UTC(), nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, usagef("unset it or give seconds since 1970", "SOURCE_DATE_EPOCH %q is not a number of seconds", s)
	}
	return time.Unix(sec, 0).UTC(), nil
}
