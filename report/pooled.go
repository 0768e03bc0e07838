package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/figures"
)

// Pooled says what combine wrote into the database at out: the inspection, and each file pooled
// with its inspections, cases and answers.
func Pooled(out io.Writer, path string, ins casework.Inspection, pooled []figures.PooledFile) {
	var pdus, cases, answers int
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, p := range pooled {
		pdus += len(p.PDUs)
		cases += p.Cases
		answers += p.Answers
		fmt.Fprintf(tw, "  %s\t%s\t%d cases\t%d answers\n", p.File, strings.Join(p.PDUs, ", "), p.Cases, p.Answers)
	}
	fmt.Fprintf(out, "wrote %s: %s, %d inspections pooled, %d cases, %d answers (framework %s)\n", path, ins.Name, pdus, cases, answers, ins.Framework.ID)
	tw.Flush()
}
