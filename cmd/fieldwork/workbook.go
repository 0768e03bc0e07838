package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fieldwork/casework"
	"fieldwork/sqlite"
	"fieldwork/workbook"

	"github.com/urfave/cli/v2"
)

// splitFields are the fields every workbook splits the figures by, besides case type.
var splitFields = []string{"grade", "rosh", "gender", "ethnicity"}

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
			&cli.IntFlag{Name: "suppress-below", Usage: "show [c] for figures about fewer than `N` relevant cases"},
			&cli.StringSliceFlag{Name: "by", Usage: "also split the figures by case attribute `ATTR` (repeatable)"},
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of every interval, e.g. 0.95"},
			&cli.StringFlag{Name: "previous", Usage: "the previous inspection's database `FILE`: adds the change since then and both ratings tables"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			out := c.String("output")
			if out == "" {
				return usagef("fieldwork workbook -o bradford-calderdale.xlsx", "workbook needs -o FILE.xlsx, the file to write")
			}
			if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
				return usagef("name the file FILE.xlsx", "-o %q: the workbook is an Excel file and its name must end in .xlsx", out)
			}
			below := c.Int("suppress-below")
			if below < 0 {
				return usagef("", "--suppress-below %d: want a number of cases, 0 or more", below)
			}
			conf, err := confidenceFlag(c)
			if err != nil {
				return err
			}
			written, err := writtenAt(e)
			if err != nil {
				return err
			}
			db, ins, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			fig, err := workbookFigures(c.Context, db, ins, c.StringSlice("by"), written)
			if err != nil {
				return err
			}
			if err := acrossFigures(c.Context, db, ins, c.String("previous"), &fig); err != nil {
				return err
			}
			opt := workbook.Options{Suppress: casework.Suppression{Below: below}, Confidence: conf}
			if err := writeWorkbook(out, fig, opt); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %s: %d cases, %d splits", out, casesIn(fig), len(fig.Splits))
			if below > 1 {
				fmt.Fprintf(e.stdout, ", figures about fewer than %d relevant cases suppressed", below)
			}
			fmt.Fprintln(e.stdout)
			return nil
		},
	}
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

// writeWorkbook writes to a temporary file beside path and renames it, so a failed write never
// leaves half a workbook where the last good one was.
func writeWorkbook(path string, fig workbook.Figures, opt workbook.Options) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".workbook-*.xlsx")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := workbook.Write(tmp, fig, opt); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private; the workbook is for publishing.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func casesIn(fig workbook.Figures) int {
	n := 0
	for _, g := range fig.CaseTypes {
		n += g.Cases
	}
	return n
}

// workbookFigures counts, from the inspection database, everything the workbook shows: the
// ratings over all cases, the case-type split, and a split by each of splitFields and by.
// Attributes asked for with by are checked not to identify cases.
func workbookFigures(ctx context.Context, db *sqlite.DB, ins casework.Inspection, by []string, written time.Time) (workbook.Figures, error) {
	res, err := db.Result(ctx, ins.Framework)
	if err != nil {
		return workbook.Figures{}, err
	}
	fig := workbook.Figures{Inspection: ins, Result: res, Written: written}
	fields := slices.Clone(splitFields)
	var extra []string
	for _, f := range by {
		f = strings.ToLower(strings.TrimSpace(f))
		if f != "" && f != "case_type" && !slices.Contains(fields, f) {
			fields = append(fields, f)
			extra = append(extra, f)
		}
	}
	splits, err := db.SplitTallies(ctx, append([]string{"case_type"}, fields...))
	if err != nil {
		return fig, err
	}
	fig.CaseTypes = workbookGroups(splits["case_type"])
	var ids []string
	if len(extra) > 0 {
		cases, err := db.Cases(ctx)
		if err != nil {
			return fig, err
		}
		for _, c := range cases {
			ids = append(ids, c.ID)
		}
	}
	for _, field := range fields {
		gs := splits[field]
		if slices.Contains(extra, field) {
			values, sizes := make([]string, len(gs)), make([]int, len(gs))
			for i, g := range gs {
				values[i], sizes[i] = g.Value, g.Cases
			}
			if err := casework.CheckSplit(field, values, sizes, ids); err != nil {
				return fig, err
			}
		}
		fig.Splits = append(fig.Splits, workbook.Split{Field: field, Groups: workbookGroups(gs)})
	}
	if fig.Population, err = populationProfile(ctx, db, append([]string{"case_type"}, fields...)); err != nil {
		return fig, err
	}
	sample, drawn, err := db.Sample(ctx)
	if err != nil || !drawn {
		return fig, err
	}
	d := sample.Design
	fig.Design = &workbook.Design{Windows: d.Windows, StratifyBy: d.StratifyBy, Population: d.Population, Size: d.Size,
		Confidence: d.Confidence, Margin: d.Margin, Seed: d.Seed, Excluded: len(sample.Exclusions)}
	return fig, nil
}

// populationProfile counts the eligible population by each field when fieldwork drew the
// sample, nil when it did not. A field the population was not profiled by (an attribute only
// the case list has) is left out, and the workbook shows it as not available.
func populationProfile(ctx context.Context, db *sqlite.DB, fields []string) (map[string]map[string]int, error) {
	pop := map[string]map[string]int{}
	for _, field := range fields {
		counts, drawn, err := db.PopulationProfile(ctx, field)
		switch {
		case !drawn:
			return nil, err
		case casework.ErrorCode(err) == casework.ENOTFOUND:
			continue
		case err != nil:
			return nil, err
		}
		pop[field] = counts
	}
	return pop, nil
}

func workbookGroups(gs []sqlite.Group) []workbook.Group {
	out := make([]workbook.Group, len(gs))
	for i, g := range gs {
		out[i] = workbook.Group{Value: g.Value, Cases: g.Cases, Tallies: g.Tallies}
	}
	return out
}
