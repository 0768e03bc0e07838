package report

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"fieldwork/casework"
)

// History lists every change to a case's answers: when, who, the question, old and new, and
// where the change came from.
func History(out io.Writer, hs []casework.Change) {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "WHEN\tWHO\tQUESTION\tOLD\tNEW\tSOURCE")
	for _, h := range hs {
		old := h.Old.String()
		if old == "" {
			old = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", h.At.Local().Format(time.DateTime), h.Inspector, h.Question, old, h.New, h.Source)
	}
	w.Flush()
	fmt.Fprintf(out, "%d changes\n", len(hs))
}
