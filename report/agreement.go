package report

import (
	"fmt"
	"io"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/figures"
)

// Agreement prints the agreement of each key question read twice, then every disagreement.
func Agreement(out io.Writer, rep figures.Agreement) {
	if rep.CasesReadTwice == 0 {
		fmt.Fprintln(out, "No case has a second reading yet: record one with `fieldwork judge --reading 2` or `fieldwork judgements import --reading 2`.")
		return
	}
	fmt.Fprintf(out, "%s read twice.\n\n", Count(rep.CasesReadTwice, "case"))
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "KEY QUESTION\tREAD TWICE\tAGREE\tAGREEMENT\tKAPPA")
	row := func(name string, a casework.Agreement) {
		pct, kappa := "-", "-"
		if a.Cases > 0 {
			pct = casework.PercentText(a.Percent())
		}
		if a.KappaDefined {
			kappa = fmt.Sprintf("%.2f", a.Kappa)
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\t%s\n", name, a.Cases, a.Agreed, pct, kappa)
	}
	for _, a := range rep.KeyQuestions {
		if a.Cases > 0 {
			row(a.Question, a)
		}
	}
	row("all key questions", rep.Overall)
	w.Flush()
	if len(rep.Disagreements) == 0 {
		fmt.Fprintln(out, "\nThe readings agree on every question read twice.")
		return
	}
	fmt.Fprintf(out, "\n%s, for moderation (`fieldwork moderate CASE QUESTION=ANSWER --reason ...`):\n", Count(len(rep.Disagreements), "disagreement"))
	w = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "CASE\tQUESTION\tFIRST READING\tSECOND READING\tMODERATED")
	for _, d := range rep.Disagreements {
		moderated := "-"
		if d.Moderated != casework.NoAnswer {
			moderated = Answered(d.Moderated, d.ModeratedBy, d.ModerationReason)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", d.CaseID, d.Question, Answered(d.First, d.FirstBy, ""), Answered(d.Second, d.SecondBy, ""), moderated)
	}
	w.Flush()
}

// Count is "1 answer", "2 answers".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Answered shows an answer and who gave it: "no (Inspector A)", with its note when there is one.
func Answered(a casework.Answer, by, note string) string {
	s := a.String()
	if by != "" {
		s += " (" + by + ")"
	}
	if note != "" {
		s += fmt.Sprintf(" %q", note)
	}
	return s
}
