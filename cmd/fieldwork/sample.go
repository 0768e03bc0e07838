package main

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"

	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/outfile"
	"fieldwork/report"
	"fieldwork/sampling"
	"fieldwork/sqlite"
	"fieldwork/workbook/teamlist"

	"github.com/urfave/cli/v2"
)

// repeated is a flag given once per value, values kept whole: --exclude "status=transferred
// out, other PDU" must not be split at its comma as a string-slice flag would.
type repeated []string

func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }
func (r *repeated) String() string     { return strings.Join(*r, "; ") }

func sampleCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "sample",
		Usage: "draw the inspection's case sample from a caseload extract",
		UsageText: "fieldwork sample EXTRACT.csv|.xlsx --window FROM:TO [--window FROM:TO] (--size N | --confidence C --margin E)\n" +
			"   [--map \"HEADER=field\"] [--case-types community,licence] [--exclude FIELD=VALUE] [--exclude-file FILE]\n" +
			"   [--strata case_type,rosh,gender] [--min-per-type TYPE=N] [--reserve N] [--seed N] [-o LIST.xlsx|.csv] [--dry-run]",
		Description: "Keeps the cases that commenced in the windows (dates inclusive) and are of the chosen types, leaves\n" +
			"out the exclusions (each logged with its reason), sizes the sample (--size, or --confidence and\n" +
			"--margin with the finite population correction), allocates it across the strata in proportion, draws\n" +
			"each stratum at random from --seed with --reserve reserves, and stores the sampled cases as the\n" +
			"inspection's cases. The extract needs case_id, case_type and commenced columns (name yours with --map);\n" +
			"dates may be ISO (2024-01-22) or day first (22/01/2024). Any fault in the extract and nothing is written.",
		Flags: []cli.Flag{
			&cli.GenericFlag{Name: "window", Value: &repeated{}, Usage: "commencement dates `FROM:TO`, inclusive (repeatable)"},
			&cli.GenericFlag{Name: "map", Value: &repeated{}, Usage: "read extract column HEADER as `HEADER=field` (repeatable)"},
			&cli.StringFlag{Name: "sheet", Usage: "the `SHEET` of an .xlsx extract (default: the first)"},
			&cli.StringFlag{Name: "case-types", Value: "community,licence", Usage: "the case `TYPES` to sample"},
			&cli.GenericFlag{Name: "exclude", Value: &repeated{}, Usage: "leave out cases where `FIELD=VALUE` (repeatable)"},
			&cli.StringFlag{Name: "exclude-file", Usage: "leave out the cases listed in `FILE` (case_id and reason columns)"},
			&cli.IntFlag{Name: "size", Usage: "draw `N` cases", DefaultText: "worked out from --margin"},
			&cli.Float64Flag{Name: "confidence", Value: 0.80, Usage: "confidence `LEVEL` for the size and its margin of error"},
			&cli.Float64Flag{Name: "margin", Usage: "size the sample for this margin of error (`E`, e.g. 0.10 for ±10 points)", DefaultText: "none"},
			&cli.Float64Flag{Name: "proportion", Value: 0.5, Usage: "the proportion `P` expected (0.5 needs the most cases)"},
			&cli.StringFlag{Name: "strata", Value: strings.Join(sampling.DefaultStrata, ","), Usage: "stratify by these `FIELDS`"},
			&cli.GenericFlag{Name: "min-per-type", Value: &repeated{}, Usage: "at least `TYPE=N` cases of a type, or N of each (repeatable)"},
			&cli.IntFlag{Name: "reserve", Value: 3, Usage: "reserves drawn per stratum (`N`)"},
			&cli.Uint64Flag{Name: "seed", Usage: "the random `SEED`", DefaultText: "chosen at random and printed"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the team's list to `FILE` (.xlsx or .csv)"},
			forceFlag,
			&cli.BoolFlag{Name: "dry-run", Usage: "show the sample without storing it"},
		},
		Action: func(c *cli.Context) error { return drawSample(c, e) },
		Subcommands: []*cli.Command{
			{
				Name:      "replace",
				Usage:     "swap a case found unsuitable for the next reserve in its stratum",
				UsageText: "fieldwork sample replace CASE --reason TEXT",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "reason", Usage: "why the case is unsuitable (`TEXT`, logged)"}},
				Action: func(c *cli.Context) error {
					id, err := oneArg(c, "CASE")
					if err != nil {
						return err
					}
					db, _, err := openDB(c)
					if err != nil {
						return err
					}
					defer db.Close()
					r, err := db.ReplaceSampledCase(c.Context, id, c.String("reason"))
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "replaced %s with %s (reserve %d of stratum %s); reason logged: %s\n",
						id, r.Case.ID, r.DrawOrder, r.Stratum, strings.Join(strings.Fields(c.String("reason")), " "))
					return nil
				},
			},
			{
				Name:      "list",
				Usage:     "the sample and its reserves, as they stand",
				UsageText: "fieldwork sample list [-o LIST.xlsx|.csv]",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "also write the list to `FILE` (.xlsx or .csv)"}, forceFlag},
				Action:    func(c *cli.Context) error { return listSample(c, e) },
			},
			{
				Name:   "log",
				Usage:  "how the sample was drawn, every exclusion and every replacement, with reasons",
				Action: func(c *cli.Context) error { return sampleLog(c, e) },
			},
			{
				Name:      "size",
				Usage:     "sample sizes for population sizes, before there is an extract",
				UsageText: "fieldwork sample size --population N[,N...] [--confidence 0.80] [--margin 0.10] [--proportion 0.5]",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "population", Usage: "eligible population `SIZES`, comma separated"},
					&cli.Float64Flag{Name: "confidence", Value: 0.80, Usage: "confidence `LEVEL`"},
					&cli.Float64Flag{Name: "margin", Value: 0.10, Usage: "margin of error `E`"},
					&cli.Float64Flag{Name: "proportion", Value: 0.5, Usage: "the proportion `P` expected"},
				},
				Action: func(c *cli.Context) error { return sampleSizes(c, e) },
			},
		},
	}
}

func oneArg(c *cli.Context, what string) (string, error) {
	if c.NArg() != 1 {
		return "", usagef("run `fieldwork "+c.Command.FullName()+" --help`", "%s takes one %s (got %d arguments)", c.Command.FullName(), what, c.NArg())
	}
	return c.Args().First(), nil
}

func repeatedFlag(c *cli.Context, name string) []string { return *c.Generic(name).(*repeated) }

// readSamplePlan reads the draw's flags, refusing a call that cannot make a draw, before any
// file is opened.
func readSamplePlan(c *cli.Context) (*sampling.Plan, error) {
	hint := "run `fieldwork sample --help`"
	switch {
	case len(repeatedFlag(c, "window")) == 0:
		return nil, usagef("give the commencement weeks, e.g. --window 2024-01-22:2024-01-28 --window 2024-03-04:2024-03-10", "sample needs at least one --window FROM:TO")
	case c.IsSet("size") && c.IsSet("margin"):
		return nil, usagef(hint, "give --size or --margin, not both")
	case c.IsSet("size") && c.Int("size") <= 0:
		return nil, usagef(hint, "--size %d: a sample needs at least one case", c.Int("size"))
	case !c.IsSet("size") && !c.IsSet("margin"):
		return nil, usagef("e.g. --confidence 0.80 --margin 0.10, or --size 79", "say how many cases to draw: --size N, or --margin E (with --confidence)")
	}
	seed := c.Uint64("seed")
	if !c.IsSet("seed") {
		seed = rand.Uint64()
	}
	p, err := sampling.ParsePlan(sampling.Request{
		Windows: repeatedFlag(c, "window"), CaseTypes: splitList(c.String("case-types")), Exclude: repeatedFlag(c, "exclude"),
		Map: repeatedFlag(c, "map"), Strata: splitList(c.String("strata")), MinPerType: repeatedFlag(c, "min-per-type"),
		Size: c.Int("size"), Margin: c.Float64("margin"), Confidence: c.Float64("confidence"), Proportion: c.Float64("proportion"),
		Reserve: c.Int("reserve"), Seed: seed,
	})
	if err != nil {
		return nil, err
	}
	if !(p.Confidence > 0 && p.Confidence < 1) || !(p.Proportion > 0 && p.Proportion < 1) {
		return nil, usagef(hint, "--confidence %v, --proportion %v: both are between 0 and 1 (e.g. 0.80 and 0.5)", p.Confidence, p.Proportion)
	}
	return p, teamListFlag(c)
}

// teamListFlag refuses an -o the team's list cannot be written as.
func teamListFlag(c *cli.Context) error {
	if out := c.String("output"); out != "" && !teamlist.Writes(out) {
		return usagef("name it LIST.xlsx or LIST.csv", "-o %q: the team's list is written as .xlsx or .csv", out)
	} else if out != "" {
		return outfile.Free(out, c.Bool("force"))
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func drawSample(c *cli.Context, e *env) error {
	path, err := oneArg(c, "caseload extract")
	if err != nil {
		return err
	}
	plan, err := readSamplePlan(c)
	if err != nil {
		return err
	}
	if f := c.String("exclude-file"); f != "" {
		if err := plan.ReadExclusionFile(f); err != nil {
			return err
		}
	}
	// Open the database first: a wrong --db should not wait for a million rows to be read.
	var db *sqlite.DB
	if !c.Bool("dry-run") {
		if db, _, err = openDB(c); err != nil {
			return err
		}
		defer db.Close()
	}
	if c.String("sheet") != "" && !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return usagef("", "--sheet is for an .xlsx extract; %s is CSV", filepath.Base(path))
	}
	extract, err := intake.Open(path, c.String("sheet"))
	if err != nil {
		return err
	}
	pop, err := sampling.ReadPopulation(extract, plan.Mapping, plan.Eligibility)
	extract.Close()
	if err != nil {
		return err
	}
	s, err := plan.Draw(pop)
	if err != nil {
		return err
	}
	drawn := sampling.RecordOf(plan, pop, s, filepath.Base(path), extract.SHA256())

	w := e.stdout
	if c.Bool("dry-run") {
		report.SampleDrawn(w, pop, plan, s, drawn)
		fmt.Fprintln(w, "dry run: nothing was written")
		return nil
	}
	// Store first, then print: a reader that stops early (| head) closes stdout, which ends
	// the process at its next write, and must never undo a sample. The team's list is written
	// beside its name first and put in place once the database has the sample (outfile).
	out := c.String("output")
	var list *outfile.File
	if out != "" {
		if list, err = teamlist.Create(c.Context, out, drawn.Cases, c.Bool("force")); err != nil {
			return err
		}
		defer list.Discard()
	}
	if err := db.SaveSample(c.Context, drawn); err != nil {
		return err
	}
	if list != nil {
		if err := list.Commit(); err != nil {
			return fmt.Errorf("the sample is stored, but the team's list could not be written: %w (`fieldwork sample list -o FILE` writes it again)", err)
		}
	}
	report.SampleDrawn(w, pop, plan, s, drawn)
	report.SampleStored(w, s, db.Path(), out)
	return nil
}

func openSample(c *cli.Context) (*sqlite.DB, sqlite.DrawnSample, error) {
	db, _, err := openDBReadOnly(c)
	if err != nil {
		return nil, sqlite.DrawnSample{}, err
	}
	s, ok, err := db.Sample(c.Context)
	if err == nil && !ok {
		err = casework.Errorf(casework.ENOTFOUND, "%s: this inspection's sample was not drawn by fieldwork", db.Path()).
			WithHint("draw it with `fieldwork sample EXTRACT --window FROM:TO ...`")
	}
	if err != nil {
		db.Close()
		return nil, s, err
	}
	return db, s, nil
}

func listSample(c *cli.Context, e *env) error {
	if err := noArgs(c); err != nil {
		return err
	}
	if err := teamListFlag(c); err != nil {
		return err
	}
	db, s, err := openSample(c)
	if err != nil {
		return err
	}
	defer db.Close()
	report.SampleList(e.stdout, s.Cases)
	if out := c.String("output"); out != "" {
		if err := teamlist.Write(c.Context, out, s.Cases, c.Bool("force")); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "the team's list is in %s\n", out)
	}
	return nil
}

func sampleLog(c *cli.Context, e *env) error {
	if err := noArgs(c); err != nil {
		return err
	}
	db, s, err := openSample(c)
	if err != nil {
		return err
	}
	defer db.Close()
	return report.SampleLog(e.stdout, s)
}

func sampleSizes(c *cli.Context, e *env) error {
	if err := noArgs(c); err != nil {
		return err
	}
	t := sampling.Target{Confidence: c.Float64("confidence"), Margin: c.Float64("margin"), Proportion: c.Float64("proportion")}
	pops := splitList(c.String("population"))
	if len(pops) == 0 {
		return usagef("e.g. fieldwork sample size --population 100,150,200,500", "sample size needs --population N[,N...]")
	}
	var ns []int
	for _, s := range pops {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return usagef("", "--population %q: want whole numbers of cases, comma separated", s)
		}
		ns = append(ns, n)
	}
	return report.SampleSizes(e.stdout, ns, t)
}
