package report

import (
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/sampling"
)

// maxListed caps the exclusions printed; `fieldwork sample log` lists them all.
const maxListed = 50

// SampleDrawn says what a draw found and did: the population, the size, the strata and how the
// sample compares with the population.
func SampleDrawn(w io.Writer, pop *sampling.Population, plan *sampling.Plan, s *sampling.Sample, drawn sampling.RecordOfDraw) {
	SamplePopulation(w, pop, plan, drawn)
	SampleSize(w, plan, s)
	SampleStrata(w, s)
	SampleComparisons(w, pop, s)
}

// SampleStored says where the sample went: the database, and the team's list when there is one.
func SampleStored(w io.Writer, s *sampling.Sample, db, list string) {
	fmt.Fprintf(w, "drew %d cases and %d reserves into %s", s.Design.Size, len(s.Drawn)-s.Design.Size, db)
	if list != "" {
		fmt.Fprintf(w, "; the team's list is in %s", list)
	}
	fmt.Fprintln(w)
}

// SamplePopulation says what the extract held, what was eligible in each window and what was
// excluded, with why.
func SamplePopulation(w io.Writer, pop *sampling.Population, plan *sampling.Plan, drawn sampling.RecordOfDraw) {
	fmt.Fprintf(w, "%s: %d rows; %d commenced in the windows", pop.Source, pop.Rows, pop.InWindows)
	if pop.OtherTypes > 0 {
		fmt.Fprintf(w, ", %d of them of other case types", pop.OtherTypes)
	}
	fmt.Fprintf(w, "; %d excluded; %d eligible\n", len(pop.Excluded), pop.Eligible())
	if pop.NoDate > 0 {
		fmt.Fprintf(w, "  %d rows have no commencement date and were not eligible\n", pop.NoDate)
	}
	for i, win := range plan.Eligibility.Windows {
		fmt.Fprintf(w, "  window %s: %d eligible\n", win, pop.PerWindow[i])
	}
	if len(drawn.Exclusions) > 0 {
		fmt.Fprintf(w, "excluded, each with its reason:\n")
		exclusions(w, drawn.Exclusions, maxListed)
	}
	for _, l := range pop.NotFound {
		fmt.Fprintf(w, "warning: %s (%s) did not commence in the windows, so there was nothing to exclude\n", l.CaseID, l.Where)
	}
}

// exclusions lists the first max exclusions, each with where it was found and why.
func exclusions(w io.Writer, xs []sampling.Exclusion, max int) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, x := range xs {
		if i == max {
			fmt.Fprintf(tw, "  ... and %d more (`fieldwork sample log` lists them all)\n", len(xs)-i)
			break
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", x.CaseID, x.Where, x.Reason)
	}
	tw.Flush()
}

// SampleSize says how large the sample is, the margin of error it achieves and the seed.
func SampleSize(w io.Writer, plan *sampling.Plan, s *sampling.Sample) {
	margin := plan.MarginOf(s.Design.Size, s.Population)
	if t := plan.Target; t != nil {
		fmt.Fprintf(w, "size: %d of %d eligible cases, for a margin of error of ±%.1f points at %s confidence (p = %g), with the finite population correction\n",
			s.Design.Size, s.Population, 100*t.Margin, percent(t.Confidence), t.Proportion)
	} else {
		fmt.Fprintf(w, "size: %d of %d eligible cases, as given\n", s.Design.Size, s.Population)
	}
	fmt.Fprintf(w, "margin of error achieved: ±%.1f points at %s confidence (p = %g)", 100*margin, percent(plan.Confidence), plan.Proportion)
	if t := plan.Target; t != nil && margin > t.Margin && s.Design.Size < s.Population {
		// The size is the nearest whole case, as published tables have it; say what one more buys.
		more := plan.MarginOf(s.Design.Size+1, s.Population)
		fmt.Fprintf(w, "; --size %d would give ±%.1f", s.Design.Size+1, 100*more)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "seed: %d (--seed %d draws this sample again from the same extract)\n", s.Design.Seed, s.Design.Seed)
}

func percent(f float64) string { return strconv.FormatFloat(100*f, 'f', -1, 64) + "%" }

// SampleStrata lists each stratum's population, exact share, sample and reserves.
func SampleStrata(w io.Writer, s *sampling.Sample) {
	reserves := s.Reserves()
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

// SampleComparisons sets the sample against the eligible population, field by field, with a
// warning where it differs materially.
func SampleComparisons(w io.Writer, pop *sampling.Population, s *sampling.Sample) {
	fmt.Fprintln(w, "\nthe sample against the eligible population:")
	var material []sampling.Comparison
	for _, f := range sampling.ComparedFields(pop, s) {
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

// SampleList lists the drawn cases and reserves with what became of each, and counts them.
func SampleList(w io.Writer, cases []sampling.RecordCase) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CASE\tTYPE\tSTRATUM\tDRAW\tSTATUS\tREASON")
	n := map[string]int{}
	for _, sc := range cases {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", sc.Case.ID, sc.Case.Type, sc.Stratum, sc.DrawOrder, sc.Status, sc.Reason)
		n[sc.Status]++
	}
	tw.Flush()
	fmt.Fprintf(w, "%d sampled, %d reserves, %d replaced\n", n[sampling.StatusSampled], n[sampling.StatusReserve], n[sampling.StatusReplaced])
}

// SampleLog is the full record of a draw: its design, every exclusion and every replacement.
func SampleLog(w io.Writer, s sampling.RecordOfDraw) error {
	d := s.Design
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
	exclusions(w, s.Exclusions, len(s.Exclusions))
	replaced := s.Replaced()
	fmt.Fprintf(w, "\n%d replaced:\n", len(replaced))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range replaced {
		fmt.Fprintf(tw, "  %s\t%s\tby %s\t%s\t%s\n", r.ChangedAt.Format("2006-01-02 15:04"), r.Case.ID, r.ReplacedBy, r.Stratum, r.Reason)
	}
	return tw.Flush()
}

// SampleSizes is the sample size for each population size, for a target margin of error.
func SampleSizes(w io.Writer, populations []int, t sampling.Target) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "POPULATION\tSIZE\tMARGIN ACHIEVED\n")
	for _, n := range populations {
		size, err := sampling.SizeFor(n, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%d\t%d\t±%.1f\n", n, size, 100*casework.MarginOfError(t.Proportion, size, n, t.Confidence))
	}
	tw.Flush()
	fmt.Fprintf(w, "for ±%.1f points at %s confidence, p = %g, with the finite population correction\n", 100*t.Margin, percent(t.Confidence), t.Proportion)
	return nil
}
