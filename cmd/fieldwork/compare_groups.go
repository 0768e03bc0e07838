package main

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"fieldwork/casework"

	"github.com/urfave/cli/v2"
)

func compareGroupsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "compare-groups",
		Usage:     "compare groups of cases on each key question: difference and relative rate index with intervals",
		UsageText: "fieldwork compare-groups --by FIELD [--reference VALUE] [--confidence 0.95] [--format table|json]",
		Description: "For each key question, each group's rate with its Wilson interval, the difference from the\n" +
			"reference group with a Newcombe (hybrid score) interval, and the relative rate index (group rate /\n" +
			"reference rate) with a log-method interval. 'differs' marks a difference whose interval excludes\n" +
			"no difference; 'small' warns that a group has fewer than 10 relevant cases. The reference defaults\n" +
			"to PO when grouping by grade, otherwise to the largest group, as in the workbook.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "by", Usage: "the case `FIELD` to group by (grade, case_type, rosh, gender, ethnicity, any attribute)", Required: true},
			&cli.StringFlag{Name: "reference", Usage: "the group to compare with (default: PO for grade, else the largest)"},
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of the intervals"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			conf, err := confidenceFlag(c)
			if err != nil {
				return err
			}
			format, err := formatFlag(c)
			if err != nil {
				return err
			}
			db, ins, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			groups, err := db.GroupTallies(c.Context, c.String("by"))
			if err != nil {
				return err
			}
			ref := c.String("reference")
			if ref == "" {
				ref = casework.ReferenceGroup(c.String("by"), groups)
			}
			qs, err := ins.Framework.CompareGroups(groups, ref, conf)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(e, comparisonView(c.String("by"), ref, conf, qs))
			}
			printComparison(e.stdout, c.String("by"), ref, conf, qs)
			return nil
		},
	}
}

// pts prints a difference of proportions in whole percentage points, halves away from zero as
// the workbook's number format shows them, and 0 without a sign.
func pts(x float64) string {
	n := int(math.Round(100 * x))
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%+d", n)
}

func printComparison(w io.Writer, by, ref string, conf float64, qs []casework.QuestionComparison) {
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
			diff, rr, flag := "reference", "", ""
			if !g.Reference {
				diff, rr = "-", "-"
				if g.Tally.Relevant() > 0 && refRelevant > 0 {
					diff = fmt.Sprintf("%s (%s to %s)", pts(g.Diff), pts(g.DiffCI.Low), pts(g.DiffCI.High))
				}
				if g.RREstimable {
					rr = fmt.Sprintf("%.2f (%.2f to %.2f)", g.RR, g.RRCI.Low, g.RRCI.High)
				}
				if g.Differs {
					flag = "differs"
				}
			}
			if g.Small {
				flag += " small: too few cases to say"
			}
			fmt.Fprintf(tw, "  %s\t%d\t%d/%d\t%s\t%s\t%s\t%s\t%s\n", groupLabel(g.Value), g.Cases, g.Tally.Yes, g.Tally.Relevant(), pct(g.Tally), ciText(g.Tally, conf), diff, rr, flag)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\n'differs': the %s interval of the difference excludes zero. Relative rate: the group's rate\n"+
		"divided by %s's; not estimable where either group has no 'yes'. 'small': fewer than %d relevant cases.\n",
		pc, groupLabel(ref), casework.SmallGroup)
}

type groupRateJSON struct {
	Value          string   `json:"value"`
	Cases          int      `json:"cases"`
	Reference      bool     `json:"reference"`
	Yes            int      `json:"yes"`
	Relevant       int      `json:"relevant"`
	Percent        float64  `json:"percent"`
	CILow          float64  `json:"ci_low"`
	CIHigh         float64  `json:"ci_high"`
	Difference     *float64 `json:"difference"` // percentage points, group minus reference
	DifferenceLow  *float64 `json:"difference_ci_low"`
	DifferenceHigh *float64 `json:"difference_ci_high"`
	RelativeRate   *float64 `json:"relative_rate"`
	RelativeLow    *float64 `json:"relative_rate_ci_low"`
	RelativeHigh   *float64 `json:"relative_rate_ci_high"`
	Differs        bool     `json:"differs"`
	Small          bool     `json:"small"`
}

func fptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func comparisonView(by, ref string, conf float64, qs []casework.QuestionComparison) any {
	type questionJSON struct {
		Question string          `json:"question"`
		Text     string          `json:"text"`
		Groups   []groupRateJSON `json:"groups"`
	}
	out := []questionJSON{}
	for _, q := range qs {
		qj := questionJSON{Question: q.Question, Text: q.Text}
		for _, g := range q.Groups {
			gj := groupRateJSON{Value: g.Value, Cases: g.Cases, Reference: g.Reference, Yes: g.Tally.Yes, Relevant: g.Tally.Relevant(),
				Percent: g.Tally.Percent(), CILow: 100 * g.CI.Low, CIHigh: 100 * g.CI.High, Differs: g.Differs, Small: g.Small}
			if !g.Reference && g.Tally.Relevant() > 0 {
				gj.Difference, gj.DifferenceLow, gj.DifferenceHigh = fptr(100*g.Diff), fptr(100*g.DiffCI.Low), fptr(100*g.DiffCI.High)
			}
			if g.RREstimable {
				gj.RelativeRate, gj.RelativeLow, gj.RelativeHigh = fptr(g.RR), fptr(g.RRCI.Low), fptr(g.RRCI.High)
			}
			qj.Groups = append(qj.Groups, gj)
		}
		out = append(out, qj)
	}
	return map[string]any{"by": by, "reference": ref, "confidence": conf, "small_group": casework.SmallGroup, "questions": out}
}
