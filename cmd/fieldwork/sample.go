package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/sampling"
	"fieldwork/sqlite"

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
				Flags:     []cli.Flag{&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "also write the list to `FILE` (.xlsx or .csv)"}},
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

// samplePlan is what the draw's flags ask for, read and checked before any file is opened.
type samplePlan struct {
	eligibility sampling.Eligibility
	mapping     sampling.Mapping
	design      sampling.Design
	target      *sampling.Target // nil when --size was given
	confidence  float64
	proportion  float64
	output      string
	minimums    []string
}

func readSamplePlan(c *cli.Context) (*samplePlan, error) {
	hint := "run `fieldwork sample --help`"
	p := &samplePlan{confidence: c.Float64("confidence"), proportion: c.Float64("proportion"), output: c.String("output")}
	var err error
	for _, w := range repeatedFlag(c, "window") {
		win, err := sampling.ParseWindow(w)
		if err != nil {
			return nil, err
		}
		p.eligibility.Windows = append(p.eligibility.Windows, win)
	}
	if len(p.eligibility.Windows) == 0 {
		return nil, usagef("give the commencement weeks, e.g. --window 2024-01-22:2024-01-28 --window 2024-03-04:2024-03-10", "sample needs at least one --window FROM:TO")
	}
	for _, s := range splitList(c.String("case-types")) {
		t, err := casework.ParseCaseType(s)
		if err != nil {
			return nil, fmt.Errorf("--case-types: %w", err)
		}
		p.eligibility.CaseTypes = append(p.eligibility.CaseTypes, t)
	}
	for _, s := range repeatedFlag(c, "exclude") {
		r, err := sampling.ParseRule(s)
		if err != nil {
			return nil, err
		}
		p.eligibility.Rules = append(p.eligibility.Rules, r)
	}
	if p.mapping, err = sampling.ParseMapping(repeatedFlag(c, "map")); err != nil {
		return nil, err
	}
	p.design = sampling.Design{StratifyBy: splitList(c.String("strata")), Reserve: c.Int("reserve"), Seed: c.Uint64("seed")}
	if !c.IsSet("seed") {
		p.design.Seed = rand.Uint64()
	}
	for i, f := range p.design.StratifyBy {
		p.design.StratifyBy[i] = strings.ToLower(f)
	}
	if p.design.MinPerType, err = readMinimums(repeatedFlag(c, "min-per-type"), p.eligibility.CaseTypes); err != nil {
		return nil, err
	}
	p.minimums = repeatedFlag(c, "min-per-type")
	switch {
	case c.IsSet("size") && c.IsSet("margin"):
		return nil, usagef(hint, "give --size or --margin, not both")
	case c.IsSet("size"):
		p.design.Size = c.Int("size")
		if p.design.Size <= 0 {
			return nil, usagef(hint, "--size %d: a sample needs at least one case", p.design.Size)
		}
	case c.IsSet("margin"):
		p.target = &sampling.Target{Confidence: p.confidence, Margin: c.Float64("margin"), Proportion: p.proportion}
		if _, err := sampling.SizeFor(1, *p.target); err != nil {
			return nil, err
		}
	default:
		return nil, usagef("e.g. --confidence 0.80 --margin 0.10, or --size 79", "say how many cases to draw: --size N, or --margin E (with --confidence)")
	}
	if !(p.confidence > 0 && p.confidence < 1) || !(p.proportion > 0 && p.proportion < 1) {
		return nil, usagef(hint, "--confidence %v, --proportion %v: both are between 0 and 1 (e.g. 0.80 and 0.5)", p.confidence, p.proportion)
	}
	if p.output != "" {
		if ext := strings.ToLower(filepath.Ext(p.output)); ext != ".csv" && ext != ".xlsx" {
			return nil, usagef("name it LIST.xlsx or LIST.csv", "-o %q: the team's list is written as .xlsx or .csv", p.output)
		}
	}
	return p, nil
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

// readMinimums reads --min-per-type licence=30 (one type) or --min-per-type 20 (each type sampled).
func readMinimums(specs []string, types []casework.CaseType) (map[casework.CaseType]int, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	if len(types) == 0 {
		types = []casework.CaseType{casework.Community, casework.Licence}
	}
	out := map[casework.CaseType]int{}
	for _, s := range specs {
		typ, num, named := strings.Cut(s, "=")
		if !named {
			num = typ
		}
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if err != nil || n < 0 {
			return nil, casework.Errorf(casework.EINVALID, "--min-per-type %q: want TYPE=N or N, N a number of cases (e.g. licence=30)", s)
		}
		if !named {
			for _, t := range types {
				out[t] = n
			}
			continue
		}
		t, err := casework.ParseCaseType(typ)
		if err != nil {
			return nil, fmt.Errorf("--min-per-type %q: %w", s, err)
		}
		out[t] = n
	}
	return out, nil
}

// readExtract opens the extract as rows to stream (CSV) or a sheet read whole (xlsx), and
// returns with it a function giving the file's SHA-256 once it has been read.
func readExtract(path, sheet string) (intake.Rows, func() string, io.Closer, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".xlsx" {
		t, err := readExtractXLSX(path, sheet)
		if err != nil {
			return nil, nil, nil, err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, nil, err
		}
		sum := sha256.Sum256(data)
		return intake.TableRows(t), func() string { return hex.EncodeToString(sum[:]) }, io.NopCloser(nil), nil
	}
	if ext != ".csv" && ext != ".txt" {
		return nil, nil, nil, casework.Errorf(casework.EINVALID, "%s: cannot read %q files (want .csv or .xlsx)", path, ext)
	}
	if sheet != "" {
		return nil, nil, nil, usagef("", "--sheet is for an .xlsx extract; %s is CSV", filepath.Base(path))
	}
	f, err := openFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	h := sha256.New()
	rows, err := intake.CSVRows(filepath.Base(path), io.TeeReader(f, h))
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	return rows, func() string { return hex.EncodeToString(h.Sum(nil)) }, f, nil
}

func readRows(path string) (intake.Rows, io.Closer, error) {
	rows, _, closer, err := readExtract(path, "")
	return rows, closer, err
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
		rows, closer, err := readRows(f)
		if err != nil {
			return err
		}
		plan.eligibility.Listed, err = sampling.ReadExclusionList(rows)
		closer.Close()
		if err != nil {
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
	rows, digest, closer, err := readExtract(path, c.String("sheet"))
	if err != nil {
		return err
	}
	pop, err := sampling.ReadPopulation(rows, plan.mapping, plan.eligibility)
	closer.Close()
	if err != nil {
		return err
	}
	if plan.target != nil {
		if plan.design.Size, err = sampling.SizeFor(len(pop.Cases), *plan.target); err != nil {
			return err
		}
	}
	s, err := sampling.Draw(pop, plan.design)
	if err != nil {
		return err
	}
	margin := casework.MarginOfError(plan.proportion, s.Design.Size, s.Population, plan.confidence)
	drawn := storedSample(c, plan, pop, s, margin, filepath.Base(path), digest())

	w := e.stdout
	printPopulation(w, pop, plan)
	printSize(w, plan, s, margin)
	printStrata(w, s)
	printComparisons(w, pop, s)
	if c.Bool("dry-run") {
		fmt.Fprintln(w, "dry run: nothing was written")
		return nil
	}
	// The team's list goes to a temporary file first, renamed once the database has the
	// sample: a failure leaves neither.
	var tmp string
	if plan.output != "" {
		tmp = plan.output + ".tmp" + filepath.Ext(plan.output)
		if err := writeTeamList(tmp, drawn.Cases); err != nil {
			os.Remove(tmp)
			return err
		}
		defer os.Remove(tmp)
	}
	if err := db.SaveSample(c.Context, drawn); err != nil {
		return err
	}
	reserves := len(s.Drawn) - s.Design.Size
	fmt.Fprintf(w, "drew %d cases and %d reserves into %s", s.Design.Size, reserves, db.Path())
	if plan.output != "" {
		if err := os.Rename(tmp, plan.output); err != nil {
			return fmt.Errorf("the sample is stored, but the team's list could not be written: %w (`fieldwork sample list -o FILE` writes it again)", err)
		}
		fmt.Fprintf(w, "; the team's list is in %s", plan.output)
	}
	fmt.Fprintln(w)
	return nil
}

// storedSample is the drawn sample as the database records it.
func storedSample(c *cli.Context, plan *samplePlan, pop *sampling.Population, s *sampling.Sample, margin float64, extract, digest string) sqlite.DrawnSample {
	d := sqlite.SampleDesign{
		Extract: extract, ExtractSHA256: digest, StratifyBy: s.Design.StratifyBy, MinPerType: plan.minimums,
		Seed: s.Design.Seed, Size: s.Design.Size, Population: s.Population, Confidence: plan.confidence,
		Proportion: plan.proportion, Margin: margin, Reserve: s.Design.Reserve,
	}
	for _, w := range plan.eligibility.Windows {
		d.Windows = append(d.Windows, w.String())
	}
	for _, t := range plan.eligibility.CaseTypes {
		d.CaseTypes = append(d.CaseTypes, string(t))
	}
	for _, r := range plan.eligibility.Rules {
		d.Exclusions = append(d.Exclusions, r.String())
	}
	if f := c.String("exclude-file"); f != "" {
		d.Exclusions = append(d.Exclusions, "listed in "+filepath.Base(f))
	}
	if plan.target != nil {
		d.TargetMargin = plan.target.Margin
	}
	out := sqlite.DrawnSample{Design: d, Profile: map[string]map[string]int{}}
	for _, st := range s.Strata {
		out.Strata = append(out.Strata, sqlite.SampleStratum{Key: st.Key, Population: st.Population, Share: st.Share, Allocated: st.Allocated})
	}
	for _, dr := range s.Drawn {
		status := sqlite.Sampled
		if dr.Reserve {
			status = sqlite.Reserve
		}
		out.Cases = append(out.Cases, sqlite.SampledCase{Case: dr.Case.Case(), Stratum: s.Strata[dr.Stratum].Key, DrawOrder: dr.Order, Status: status})
	}
	for _, x := range pop.Excluded {
		out.Exclusions = append(out.Exclusions, sqlite.SampleExclusion{CaseID: x.CaseID, Reason: x.Reason, Where: x.Where})
	}
	for _, f := range comparedFields(pop, s) {
		out.Profile[f] = pop.Counts(f)
	}
	return out
}

// comparedFields are the stratum fields, then the case fields the extract has.
func comparedFields(pop *sampling.Population, s *sampling.Sample) []string {
	fields := slices.Clone(s.Design.StratifyBy)
	for _, f := range sampling.ProfileFields {
		if !slices.Contains(fields, f) && slices.Contains(pop.Fields, f) {
			fields = append(fields, f)
		}
	}
	return fields
}

// maxListed caps the exclusions printed; `fieldwork sample log` lists them all.
const maxListed = 50

func printPopulation(w io.Writer, pop *sampling.Population, plan *samplePlan) {
	fmt.Fprintf(w, "%s: %d rows; %d commenced in the windows", pop.Source, pop.Rows, pop.InWindows)
	if pop.OtherTypes > 0 {
		fmt.Fprintf(w, ", %d of them of other case types", pop.OtherTypes)
	}
	fmt.Fprintf(w, "; %d excluded; %d eligible\n", len(pop.Excluded), len(pop.Cases))
	if pop.NoDate > 0 {
		fmt.Fprintf(w, "  %d rows have no commencement date and were not eligible\n", pop.NoDate)
	}
	for i, win := range plan.eligibility.Windows {
		fmt.Fprintf(w, "  window %s: %d eligible\n", win, pop.PerWindow[i])
	}
	if len(pop.Excluded) > 0 {
		fmt.Fprintf(w, "excluded, each with its reason:\n")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for i, x := range pop.Excluded {
			if i == maxListed {
				fmt.Fprintf(tw, "  ... and %d more (`fieldwork sample log` lists them all)\n", len(pop.Excluded)-i)
				break
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", x.CaseID, x.Where, x.Reason)
		}
		tw.Flush()
	}
	for _, l := range pop.NotFound {
		fmt.Fprintf(w, "warning: %s (%s) did not commence in the windows, so there was nothing to exclude\n", l.CaseID, l.Where)
	}
}

func printSize(w io.Writer, plan *samplePlan, s *sampling.Sample, margin float64) {
	if t := plan.target; t != nil {
		fmt.Fprintf(w, "size: %d of %d eligible cases, for a margin of error of ±%.1f points at %s confidence (p = %g), with the finite population correction\n",
			s.Design.Size, s.Population, 100*t.Margin, percent(t.Confidence), t.Proportion)
	} else {
		fmt.Fprintf(w, "size: %d of %d eligible cases, as given\n", s.Design.Size, s.Population)
	}
	fmt.Fprintf(w, "margin of error achieved: ±%.1f points at %s confidence (p = %g)", 100*margin, percent(plan.confidence), plan.proportion)
	if t := plan.target; t != nil && margin > t.Margin && s.Design.Size < s.Population {
		// The size is the nearest whole case, as published tables have it; say what one more buys.
		more := casework.MarginOfError(plan.proportion, s.Design.Size+1, s.Population, plan.confidence)
		fmt.Fprintf(w, "; --size %d would give ±%.1f", s.Design.Size+1, 100*more)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "seed: %d (--seed %d draws this sample again from the same extract)\n", s.Design.Seed, s.Design.Seed)
}

func percent(f float64) string { return strconv.FormatFloat(100*f, 'f', -1, 64) + "%" }

func printStrata(w io.Writer, s *sampling.Sample) {
	reserves := make([]int, len(s.Strata))
	for _, d := range s.Drawn {
		if d.Reserve {
			reserves[d.Stratum]++
		}
	}
	fmt.Fprintf(w, "\nstrata by %s:\n", strings.Join(s.Design.StratifyBy, ", "))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STRATUM\tPOPULATION\tEXACT SHARE\tSAMPLE\tRESERVES")
	pop, res := 0, 0
	for i, st := range s.Strata {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%d\t%d\n", st.Key, st.Population, st.Share, st.Allocated, reserves[i])
		pop += st.Population
		res += reserves[i]
	}
	fmt.Fprintf(tw, "total\t%d\t\t%d\t%d\n", pop, s.Design.Size, res)
	tw.Flush()
}

func printComparisons(w io.Writer, pop *sampling.Population, s *sampling.Sample) {
	fmt.Fprintln(w, "\nthe sample against the eligible population:")
	var material []sampling.Comparison
	for _, f := range comparedFields(pop, s) {
		cmpn := sampling.Compare(f, s.Counts(f), pop.Counts(f))
		fmt.Fprintf(w, "%s: chi-square %.2f, %d df, p = %.3f", f, cmpn.ChiSquare, cmpn.DF, cmpn.P)
		if cmpn.SmallExpected {
			fmt.Fprint(w, " (some groups expect fewer than 5 cases: p is rough)")
		}
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  \tPOPULATION\t%\tSAMPLE\t%\tDIFFERENCE")
		for _, r := range cmpn.Rows {
			fmt.Fprintf(tw, "  %s\t%d\t%.1f\t%d\t%.1f\t%+.1f\n", cmp.Or(r.Value, sampling.NotRecorded), r.Population, r.PopulationPct, r.Sample, r.SamplePct, r.Difference)
		}
		tw.Flush()
		if cmpn.Material() {
			material = append(material, cmpn)
		}
	}
	for _, m := range material {
		fmt.Fprintf(w, "warning: the sample differs materially from the population by %s (chi-square %.2f, %d df, p = %.3f < %.2f); consider stratifying by it\n",
			m.Field, m.ChiSquare, m.DF, m.P, sampling.MaterialP)
	}
	fmt.Fprintln(w)
}

var teamListHeader = []string{"case_id", "case_type", "stratum", "draw_order", "reserve", "status", "reason"}

// writeTeamList writes the list the team works from: the sample, then the reserves in the
// order they come in, then any case replaced. It is for the team, not for publication.
func writeTeamList(path string, cases []sqlite.SampledCase) error {
	rank := map[string]int{sqlite.Sampled: 0, sqlite.Reserve: 1, sqlite.Replaced: 2}
	sorted := slices.Clone(cases)
	slices.SortStableFunc(sorted, func(a, b sqlite.SampledCase) int { return cmp.Compare(rank[a.Status], rank[b.Status]) })
	var rows [][]string
	for _, c := range sorted {
		reserve := "no"
		if c.Status == sqlite.Reserve {
			reserve = "yes"
		}
		rows = append(rows, []string{c.Case.ID, string(c.Case.Type), c.Stratum, strconv.Itoa(c.DrawOrder), reserve, c.Status, c.Reason})
	}
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return writeTeamListXLSX(path, teamListHeader, rows)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write(teamListHeader)
	cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
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
	out := c.String("output")
	if ext := strings.ToLower(filepath.Ext(out)); out != "" && ext != ".csv" && ext != ".xlsx" {
		return usagef("name it LIST.xlsx or LIST.csv", "-o %q: the team's list is written as .xlsx or .csv", out)
	}
	db, s, err := openSample(c)
	if err != nil {
		return err
	}
	defer db.Close()
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE\tTYPE\tSTRATUM\tDRAW\tSTATUS\tREASON")
	n := map[string]int{}
	for _, sc := range s.Cases {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", sc.Case.ID, sc.Case.Type, sc.Stratum, sc.DrawOrder, sc.Status, sc.Reason)
		n[sc.Status]++
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%d sampled, %d reserves, %d replaced\n", n[sqlite.Sampled], n[sqlite.Reserve], n[sqlite.Replaced])
	if out != "" {
		if err := writeTeamList(out, s.Cases); err != nil {
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
	d := s.Design
	w := e.stdout
	fmt.Fprintf(w, "drawn %s from %s (sha256 %s)\n", d.DrawnAt.Format("2006-01-02 15:04 MST"), d.Extract, d.ExtractSHA256)
	fmt.Fprintf(w, "windows %s; case types %s; stratified by %s", strings.Join(d.Windows, ", "), strings.Join(d.CaseTypes, ", "), strings.Join(d.StratifyBy, ", "))
	if len(d.MinPerType) > 0 {
		fmt.Fprintf(w, "; minimum %s", strings.Join(d.MinPerType, ", "))
	}
	fmt.Fprintf(w, "\n%d of %d eligible cases, seed %d, %d reserves per stratum; margin of error ±%.1f points at %s confidence\n",
		d.Size, d.Population, d.Seed, d.Reserve, 100*d.Margin, percent(d.Confidence))
	if len(d.Exclusions) > 0 {
		fmt.Fprintf(w, "exclusion rules: %s\n", strings.Join(d.Exclusions, "; "))
	}
	fmt.Fprintf(w, "\n%d excluded:\n", len(s.Exclusions))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, x := range s.Exclusions {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", x.CaseID, x.Where, x.Reason)
	}
	tw.Flush()
	var replaced []sqlite.SampledCase
	for _, sc := range s.Cases {
		if sc.Status == sqlite.Replaced {
			replaced = append(replaced, sc)
		}
	}
	slices.SortFunc(replaced, func(a, b sqlite.SampledCase) int { return a.ChangedAt.Compare(b.ChangedAt) })
	fmt.Fprintf(w, "\n%d replaced:\n", len(replaced))
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range replaced {
		fmt.Fprintf(tw, "  %s\t%s\tby %s\t%s\t%s\n", r.ChangedAt.Format("2006-01-02 15:04"), r.Case.ID, r.ReplacedBy, r.Stratum, r.Reason)
	}
	return tw.Flush()
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
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "POPULATION\tSIZE\tMARGIN ACHIEVED\n")
	for _, s := range pops {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return usagef("", "--population %q: want whole numbers of cases, comma separated", s)
		}
		size, err := sampling.SizeFor(n, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%d\t%d\t±%.1f\n", n, size, 100*casework.MarginOfError(t.Proportion, size, n, t.Confidence))
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "for ±%.1f points at %s confidence, p = %g, with the finite population correction\n", 100*t.Margin, percent(t.Confidence), t.Proportion)
	return nil
}
