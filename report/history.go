package report

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"fieldwork/casework"
)

// History lists every change to a case's answers: when, who, the question, old and new, and
// where the change came from; a clearing shows "cleared" and its reason after its source.
func History(out io.Writer, hs []casework.Change) {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "WHEN\tWHO\tQUESTION\tOLD\tNEW\tSOURCE")
	for _, h := range hs {
		old := h.Old.String()
		if old == "" {
			old = "-"
		}
		now, source := h.New.String(), h.Source
		if h.Cleared {
			now, source = "cleared", h.Source+": "+h.Reason
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", h.At.Local().Format(time.DateTime), h.Inspector, h.Question, old, now, source)
	}
	w.Flush()
	fmt.Fprintf(out, "%d changes\n", len(hs))
}

// RatingHistory lists every change to the recorded ratings: when, who, the standard, old and
// new rating (cleared when removed), and the reason as the change left it.
func RatingHistory(out io.Writer, hs []casework.RatingChange) {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "WHEN\tWHO\tSTANDARD\tOLD\tNEW\tREASON")
	for _, h := range hs {
		old, now, reason := "-", "cleared", h.NewReason
		if h.Old != 0 {
			old = h.Old.String()
		}
		if h.New != 0 {
			now = h.New.String()
		} else if h.OldReason != "" {
			reason = "(was: " + h.OldReason + ")"
		}
		who := h.By
		if who == "" {
			who = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", h.At.Local().Format(time.DateTime), who, h.Standard, old, now, reason)
	}
	w.Flush()
	fmt.Fprintf(out, "%d changes\n", len(hs))
}
