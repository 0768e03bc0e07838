package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
)

// CaseList lists the cases with their details, progress and attributes, then counts them by
// case type.
func CaseList(out io.Writer, fw *casework.Framework, cases []casework.Case, answers map[string]map[string]casework.Answer, attrs []string) {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "CASE\tTYPE\tGRADE\tROSH\tGENDER\tETHNICITY\tANSWERED\t%s\n", strings.ToUpper(strings.Join(attrs, "\t")))
	for _, cs := range cases {
		done, req := fw.ProgressFor(cs, answers[cs.ID])
		row := []string{cs.ID, string(cs.Type), string(cs.Grade), string(cs.RoSH), cs.Gender, cs.Ethnicity, fmt.Sprintf("%d/%d", done, req)}
		for _, a := range attrs {
			row = append(row, cs.Attributes[a])
		}
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
	w.Flush()
	var byType []string
	for _, n := range casework.CountBy(cases, "case_type") {
		byType = append(byType, fmt.Sprintf("%d %s", n.Cases, n.Value))
	}
	fmt.Fprintf(out, "%d cases: %s\n", len(cases), strings.Join(byType, ", "))
}

// Validation prints every case's faults (unanswered key questions are errors, contradictions
// and judgements of a case in outside, not in the drawn sample, warnings) and a count, and
// returns how many errors there are and in how many cases.
func Validation(out io.Writer, fw *casework.Framework, cases []casework.Case, answers map[string]map[string]casework.Answer, outside []string) (errs, incomplete int) {
	warns := 0
	for _, id := range outside {
		fmt.Fprintf(out, "%s warning: judged, but not in the drawn sample (a reserve, a replaced case or one added by hand): its answers are counted\n", id)
		warns++
	}
	for _, cs := range cases {
		fs := fw.CheckCaseFor(cs, answers[cs.ID])
		bad := false
		for _, f := range fs {
			fmt.Fprintf(out, "%s %s: %s\n", cs.ID, f.Severity, f.Message)
			if f.Severity == casework.SeverityError {
				errs++
				bad = true
			} else {
				warns++
			}
		}
		if bad {
			incomplete++
		}
	}
	fmt.Fprintf(out, "%d cases checked: %d with unanswered key questions (%d errors), %d warnings\n", len(cases), incomplete, errs, warns)
	return errs, incomplete
}

// CasesImported says what an import of a case list did, and which recorded details an empty
// cell cleared.
func CasesImported(out io.Writer, name string, read, added, updated, unchanged int, cleared map[string]int) {
	fmt.Fprintf(out, "%s: %d cases read; %d added, %d updated, %d unchanged\n", name, read, added, updated, unchanged)
	for _, d := range casework.OptionalDetails {
		if n := cleared[d]; n > 0 {
			fmt.Fprintf(out, "  %s cleared for %d cases: the file's %s column is empty for them\n", d, n, d)
		}
	}
}

// RatingsCheck lists, after the cases `validate` checks, the standards not yet rated and every
// decision-guidance rule the ratings go against, with whether its reason is recorded. Neither
// stops the scoring of the cases, so they are listed, not counted as errors.
func RatingsCheck(out io.Writer, res casework.Result) {
	var unrated []string
	for _, s := range res.Standards {
		if s.Rating == 0 {
			unrated = append(unrated, s.ID+" "+s.Name)
		}
	}
	if len(unrated) > 0 {
		fmt.Fprintf(out, "not yet rated: %s\n", strings.Join(unrated, ", "))
	}
	for _, b := range res.Guidance {
		said := "the inspectors' reason is recorded"
		if b.Reason == "" {
			said = "no reason is recorded: rate " + b.When + " again with its reason"
		}
		fmt.Fprintf(out, "%s (%s)\n", b.Text(), said)
	}
}
