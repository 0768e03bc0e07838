package report

import (
	"fmt"
	"io"
	"strings"

	"fieldwork/casework"

	"fieldwork/figures"
)

// WorkbookWritten says on out what workbook was written and in what state, and on notes what to
// confirm before publishing it: that goes beside the workbook, never into its published text.
func WorkbookWritten(out, notes io.Writer, path string, fig figures.Published) {
	Provisional(out, fig.Incomplete)
	fmt.Fprintf(out, "wrote %s: %d cases, %d splits", path, fig.Cases(), len(fig.Splits))
	if fig.Status == figures.NotForPublication {
		fmt.Fprint(out, ", NOT FOR PUBLICATION")
	} else {
		fmt.Fprintf(out, ", figures about fewer than %d relevant cases suppressed, %s", fig.Suppress.Below, fig.Status)
	}
	fmt.Fprintln(out)
	if fig.Status == figures.Final {
		return
	}
	fmt.Fprintln(notes, "Before publishing:")
	for _, check := range fig.BeforePublishing() {
		fmt.Fprintln(notes, "  - "+check)
	}
	if fig.Status == figures.Draft {
		fmt.Fprintln(notes, "hint: --published, --contact and --report-url fill in the cover; once every check is done, write it again with --final")
	}
}

// Provisional says at the top of an output, while the figures may still change, what keeps
// them provisional; nothing when nothing does. Case references are named: this is for the
// terminal, never for a published file.
func Provisional(out io.Writer, in casework.Incomplete) {
	if !in.Flagged() {
		return
	}
	fmt.Fprintln(out, provisionalLine(in))
}

func provisionalLine(in casework.Incomplete) string {
	s := "Note: " + in.String() + "; they are counted."
	if in.Provisional() {
		s = fmt.Sprintf("Provisional: %s; these figures will change (`fieldwork validate` lists what is missing; --final refuses until nothing is).", in)
	}
	if len(in.OutsideSample) > 0 {
		s += " Judged outside the drawn sample: " + strings.Join(in.OutsideSample, ", ") + "."
	}
	return s
}
