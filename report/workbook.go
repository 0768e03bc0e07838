package report

import (
	"fmt"
	"io"

	"fieldwork/figures"
)

// WorkbookWritten says on out what workbook was written and in what state, and on notes what to
// confirm before publishing it: that goes beside the workbook, never into its published text.
func WorkbookWritten(out, notes io.Writer, path string, fig figures.Published) {
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
