package sampling

import (
	"io"

	"fieldwork/intake"
)

// Rows is a caseload extract read one row at a time (intake.Rows), so a national extract of a
// million rows is never held whole: only the cases that commenced in the windows are kept.
type Rows = intake.Rows

// TableRows reads an extract already in memory, such as a spreadsheet read into an intake.Table.
func TableRows(t *intake.Table) Rows { return intake.TableRows(t) }

// CSVRows streams a CSV extract with a header row (intake.CSVRows).
func CSVRows(name string, r io.Reader) (Rows, error) { return intake.CSVRows(name, r) }
