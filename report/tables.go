package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/figures"
)

// Score prints the ratings table as the report prints it (each standard's rating, score/max,
// overall), how firmly the ratings stand, then per case standard each key question's yes /
// relevant / % with the driving one marked >, and each prompt as "X of Y relevant"; the
// regional standards of a combined database; and the figures by group when split.
func Score(w io.Writer, s figures.Score) {
	Provisional(w, s.Incomplete)
	printScore(w, s.Inspection, s.Result, s.Confidence)
	if len(s.Regional) > 0 {
		fmt.Fprintln(w)
		RegionalStandards(w, s.Regional)
	}
	if s.By != "" {
		printGroups(w, s.By, s.Groups, s.Confidence)
	}
	printSurveys(w, s.Surveys, s.Confidence)
}

func ratingText(r casework.Rating) string {
	if r == 0 {
		return "not rated"
	}
	return r.String()
}

func pct(t casework.Tally) string {
	if t.Relevant() == 0 {
		return "-"
	}
	return casework.PercentText(t.Percent())
}

func printScore(w io.Writer, ins casework.Inspection, res casework.Result, conf float64) {
	fw := ins.Framework
	fmt.Fprintf(w, "%s\n", ins.Name)
	if ins.Region != "" {
		fmt.Fprintf(w, "%s\n", ins.Region)
	}
	if ins.FieldworkStart != "" {
		fmt.Fprintf(w, "Fieldwork started %s\n", ins.FieldworkStart)
	}
	fmt.Fprintf(w, "Framework %s\n\n", fw.ID)
	overall := ratingText(res.Overall)
	if !res.Complete && res.Departure == nil {
		overall = "not yet: some standards are not rated"
	}
	fmt.Fprintf(w, "Score %d/%d\nOverall rating: %s\n", res.Score, res.MaxScore, overall)
	if res.Departure != nil {
		fmt.Fprintf(w, "  departure: %s\n", res.Departure)
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	domain := ""
	for _, s := range res.Standards {
		if s.Domain != domain {
			domain = s.Domain
			fmt.Fprintf(tw, "%s\t\t\t\n", domain)
		}
		why := ""
		switch {
		case s.Departure != nil:
			why = "departure: " + s.Departure.String()
		case s.Driving != "":
			why = fmt.Sprintf("driven by %s", s.Driving)
		case s.RatedFrom == casework.FromInspectors && s.Rating != 0:
			why = "inspectors' judgement"
		}
		points := strconv.Itoa(s.Points)
		if s.NotCounted {
			if why != "" {
				why = "; " + why
			}
			points, why = "-", casework.NotCountedNote+why
		}
		fmt.Fprintf(tw, "  %s %s\t%s\t%s\t%s\n", s.ID, s.Name, ratingText(s.Rating), points, why)
	}
	tw.Flush()

	printHinges(w, fw, res, conf)
	for _, s := range res.Standards {
		if s.RatedFrom != casework.FromCases {
			continue
		}
		fmt.Fprintf(w, "\n%s %s: %s\n", s.ID, s.Name, ratingText(s.Rating))
		printKeyQuestions(w, s, conf)
	}
	if len(res.CaseQuestions) > 0 {
		fmt.Fprintln(w, "\nOther case questions")
		for _, q := range res.CaseQuestions {
			fmt.Fprintf(w, "  %-24s %s (%s)  %s\n", q.ID, ofRelevant(q.Tally), pct(q.Tally), q.Text)
		}
	}
	if caveat := provenanceCaveat(res, ins.Framework); caveat != "" {
		fmt.Fprintf(w, "\n%s\n", caveat)
	}
}

// provenanceCaveat reminds the reader, under the table, what of the method is not confirmed.
func provenanceCaveat(_ casework.Result, fw *casework.Framework) string {
	if fw.Source == "" {
		return ""
	}
	return "Framework provenance: " + fw.Source
}

func ofRelevant(t casework.Tally) string {
	return fmt.Sprintf("%d of %d relevant", t.Yes, t.Relevant())
}

func printKeyQuestions(w io.Writer, s casework.StandardResult, conf float64) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\t\tYes\tRelevant\t%%\t%s\t\n", ciHeader(conf))
	for _, k := range s.KeyQuestions {
		mark := " "
		if k.Driving {
			mark = ">"
		}
		fmt.Fprintf(tw, "%s %s\t\t%d\t%d\t%s\t%s\t  %s\n", mark, k.ID, k.Yes, k.Relevant(), pct(k.Tally), ciText(k.Tally, conf), k.Text)
	}
	tw.Flush()
	for _, k := range s.KeyQuestions {
		for _, p := range k.Prompts {
			fmt.Fprintf(w, "    %-7s %s (%s; %s %s)  %s\n", p.ID, ofRelevant(p.Tally), pct(p.Tally), ciHeader(conf), ciText(p.Tally, conf), p.Text)
		}
	}
}

func printGroups(w io.Writer, by string, groups []figures.RatedGroup, conf float64) {
	fmt.Fprintf(w, "\nBy %s\n", by)
	if len(groups) == 0 {
		fmt.Fprintln(w, "  no cases")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	head := []string{"KEY QUESTION"}
	for _, g := range groups {
		head = append(head, fmt.Sprintf("%s (%d)", groupLabel(g.Value), g.Cases))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for si := range groups[0].Standards {
		for ki, k := range groups[0].Standards[si].KeyQuestions {
			row := []string{k.ID}
			for _, g := range groups {
				t := g.Standards[si].KeyQuestions[ki].Tally
				row = append(row, fmt.Sprintf("%d/%d %s (%s)", t.Yes, t.Relevant(), pct(t), ciText(t, conf)))
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		row := []string{groups[0].Standards[si].ID + " rating"}
		for _, g := range groups {
			row = append(row, ratingText(g.Standards[si].Rating))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
}

func groupLabel(v string) string {
	if v == "" {
		return "not recorded"
	}
	return v
}

// printHinges says, under the ratings table, how many answers each rating hinges on.
func printHinges(w io.Writer, fw *casework.Framework, res casework.Result, conf float64) {
	hs := fw.Hinges(res, conf)
	up, down := fw.OverallHinge(res)
	if len(hs) == 0 && up == nil && down == nil {
		return
	}
	fmt.Fprintln(w, "\nHow firmly the ratings stand")
	for _, h := range hs {
		fmt.Fprintf(w, "  %s %s: %s\n", h.Standard, h.Name, strings.Join(h.Sentences(), " "))
	}
	for _, s := range []string{up.Sentence("up"), down.Sentence("down")} {
		if s != "" {
			fmt.Fprintf(w, "  Overall: %s\n", s)
		}
	}
}

func ciHeader(conf float64) string { return fmt.Sprintf("%g%% CI", 100*conf) }

func ciText(t casework.Tally, conf float64) string {
	if t.Relevant() == 0 {
		return "-"
	}
	ci := casework.Wilson(t.Yes, t.Relevant(), conf)
	return fmt.Sprintf("%d-%d%%", casework.RoundPercent(100*ci.Low), casework.RoundPercent(100*ci.High))
}

// Regional prints a combined database's figures: the regional standards, then each PDU's
// key-question percentages, ratings and score, one row per PDU.
func Regional(w io.Writer, r figures.Regional) {
	fmt.Fprintf(w, "%s: %d inspections pooled (framework %s)\n", r.Name, len(r.PDUs), r.Framework.ID)
	RegionalStandards(w, r.Standards)
	printPDUs(w, r.Framework, r.PDUs)
}

// RegionalStandards prints the regional standards rated from the pooled cases.
func RegionalStandards(w io.Writer, rs []casework.RegionalResult) {
	if len(rs) == 0 {
		fmt.Fprintln(w, "\nThe framework declares no regional standards (regional_standards).")
		return
	}
	fmt.Fprintln(w, "\nRegional standards, rated from the pooled cases")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rs {
		how := fmt.Sprintf("pooled: %d of %d relevant (%s)", r.Pooled.Yes, r.Pooled.Relevant(), pct(r.Pooled))
		if r.Rule == casework.RuleLowest {
			how = "lowest pooled key question"
			if r.Driving != "" {
				how += ": " + r.Driving
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.Name, ratingText(r.Rating), how)
		for _, k := range r.KeyQuestions {
			mark := " "
			if k.Driving {
				mark = ">"
			}
			fmt.Fprintf(tw, "   %s %s\t%d of %d relevant\t%s\n", mark, k.ID, k.Yes, k.Relevant(), pct(k.Tally))
		}
	}
	tw.Flush()
}

// ratingShort abbreviates a rating for a table with a column per standard.
func ratingShort(r casework.Rating) string {
	switch r {
	case casework.Outstanding:
		return "O"
	case casework.Good:
		return "G"
	case casework.RequiresImprovement:
		return "RI"
	case casework.Inadequate:
		return "I"
	}
	return "-"
}

func printPDUs(w io.Writer, fw *casework.Framework, pdus []figures.PDU) {
	var keys []string
	for _, q := range fw.Questions() {
		if q.Kind == casework.KindKey {
			keys = append(keys, q.ID)
		}
	}
	fmt.Fprintln(w, "\nKey questions by PDU (% of relevant cases judged sufficient)")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "PDU\tCases\t%s\n", strings.Join(keys, "\t"))
	for _, p := range pdus {
		row := []string{p.Name, fmt.Sprint(p.Cases)}
		for _, s := range p.Result.Standards {
			for _, k := range s.KeyQuestions {
				row = append(row, pct(k.Tally))
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()

	fmt.Fprintln(w, "\nRatings by PDU (O Outstanding, G Good, RI Requires improvement, I Inadequate, - not rated; * a departure from the data)")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	head := []string{"PDU"}
	for _, s := range fw.Standards {
		head = append(head, s.ID)
	}
	fmt.Fprintf(tw, "%s\tScore\tOverall\n", strings.Join(head, "\t"))
	for _, p := range pdus {
		row := []string{p.Name}
		for _, s := range p.Result.Standards {
			mark := ""
			if s.Departure != nil && s.Departure.From != 0 {
				mark = "*"
			}
			row = append(row, ratingShort(s.Rating)+mark)
		}
		overall := ratingText(p.Result.Overall)
		if p.Result.Departure != nil {
			overall += "*"
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%s\n", strings.Join(row, "\t"), p.Result.Score, p.Result.MaxScore, overall)
	}
	tw.Flush()
}

func inspectionLine(r figures.Rated) string {
	s := r.Name
	if r.FieldworkStart != "" {
		s += ", fieldwork started " + r.FieldworkStart
	}
	return s + ", framework " + r.Framework.ID
}

// Changes prints each key question at the previous inspection and now, the change in
// percentage points with its interval and whether it is larger than chance, then both ratings
// tables side by side.
func Changes(w io.Writer, c figures.Changes) {
	previous, current, cmp := c.Previous, c.Current, c.Comparison
	fmt.Fprintf(w, "Previous: %s\nCurrent:  %s\n", inspectionLine(previous), inspectionLine(current))
	fmt.Fprintf(w, "\nKey questions: %% of relevant cases judged sufficient; change in percentage points, with its %g%% interval\n", 100*cmp.Confidence)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY QUESTION\tPREVIOUS\tCURRENT\tCHANGE\tINTERVAL\tLARGER THAN CHANCE")
	share := func(t casework.Tally) string {
		if t.Relevant() == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d %s", t.Yes, t.Relevant(), pct(t))
	}
	for _, kc := range cmp.KeyQuestions {
		change, interval, beyond := "-", "-", "-"
		if kc.Comparable {
			// The change is in points; pts rounds a difference of proportions as compare-groups does.
			change = pts(kc.Change / 100)
			interval = pts(kc.CI.Low/100) + " to " + pts(kc.CI.High/100)
			beyond = "no"
			if kc.Beyond {
				beyond = "yes"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", kc.Label(), share(kc.Previous), share(kc.Current), change, interval, beyond)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nRatings")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STANDARD\tPREVIOUS\tCURRENT")
	side := func(s *casework.StandardResult) string {
		if s == nil {
			return "(not in this programme)"
		}
		text := s.ID + " " + ratingText(s.Rating)
		if s.Departure != nil && s.Departure.From != 0 {
			text += " (departure)"
		}
		return text
	}
	for _, sp := range cmp.Standards {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", sp.Name, side(sp.Previous), side(sp.Current))
	}
	fmt.Fprintf(tw, "Score\t%d/%d\t%d/%d\n", previous.Result.Score, previous.Result.MaxScore, current.Result.Score, current.Result.MaxScore)
	fmt.Fprintf(tw, "Overall\t%s\t%s\n", overallText(previous.Result), overallText(current.Result))
	tw.Flush()
	if previous.Framework.ID != current.Framework.ID {
		fmt.Fprintf(w, "\nThe inspections were under different programmes (%s, %s): key questions are paired by standard and theme, and the scores are out of different maxima.\n",
			previous.Framework.ID, current.Framework.ID)
	}
}

func overallText(res casework.Result) string {
	if !res.Complete && res.Departure == nil {
		return "not rated"
	}
	s := ratingText(res.Overall)
	if res.Departure != nil {
		s += " (departure)"
	}
	return s
}

// pts prints a difference of proportions in whole percentage points, halves away from zero as
// the workbook's number format shows them, and 0 without a sign.
func pts(x float64) string {
	n := casework.RoundPoints(x)
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%+d", n)
}

// GroupComparison prints, for each key question, each group's rate with its interval, the
// difference from the reference group and the relative rate index, with their intervals.
func GroupComparison(w io.Writer, c figures.GroupComparison) {
	by, ref, conf, qs := c.By, c.Reference, c.Confidence, c.Questions
	pc := fmt.Sprintf("%g%%", 100*conf)
	fmt.Fprintf(w, "Key questions by %s, against %s (%s intervals)\n", by, groupLabel(ref), pc)
	for _, q := range qs {
		fmt.Fprintf(w, "\n%s %s\n", q.Question, q.Text)
		refRelevant := 0
		for _, g := range q.Groups {
			if g.Reference {
				refRelevant = g.Tally.Relevant()
			}
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  GROUP\tCASES\tYES\t%%\t%s CI\tDIFFERENCE (POINTS)\tRELATIVE RATE\t\n", pc)
		for _, g := range q.Groups {
			diff, rr := "reference", ""
			var flags []string
			if !g.Reference {
				diff, rr = "-", "-"
				if g.Tally.Relevant() > 0 && refRelevant > 0 {
					diff = fmt.Sprintf("%s (%s to %s)", pts(g.Diff), pts(g.DiffCI.Low), pts(g.DiffCI.High))
				}
				if g.RREstimable {
					rr = fmt.Sprintf("%.2f (%.2f to %.2f)", g.RR, g.RRCI.Low, g.RRCI.High)
				}
				if g.Differs {
					flags = append(flags, "differs")
				}
			}
			if g.Small {
				flags = append(flags, "small: too few cases to say")
			}
			fmt.Fprintf(tw, "  %s\t%d\t%d/%d\t%s\t%s\t%s\t%s\t%s\n", groupLabel(g.Value), g.Cases, g.Tally.Yes, g.Tally.Relevant(), pct(g.Tally), ciText(g.Tally, conf), diff, rr, strings.Join(flags, " "))
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\n'differs': the %s interval of the difference excludes zero. Relative rate: the group's rate\n"+
		"divided by %s's, its interval from the two groups' Wilson intervals, so it excludes 1 exactly\n"+
		"when the difference's excludes 0; not estimable where the reference has no 'yes'.\n"+
		"'small': fewer than %d relevant cases.\n",
		pc, groupLabel(ref), casework.SmallGroup)
}
