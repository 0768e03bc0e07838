package sampling

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"fieldwork/casework"
	"fieldwork/intake"
)

// Rows is a caseload extract read one row at a time, so a national extract of a million rows
// is never held whole: only the cases that commenced in the windows are kept.
type Rows interface {
	Name() string
	Header() []string
	// Next returns the next data row, or io.EOF after the last. The row's Cells slice may be
	// reused by the following call; the strings in it may be kept.
	Next() (intake.Row, error)
	// Where names a cell for an error message: "extract.csv line 14, column commenced".
	Where(r intake.Row, col int) string
}

// TableRows reads an extract already in memory, such as a spreadsheet read into an intake.Table.
func TableRows(t *intake.Table) Rows { return &tableRows{t: t} }

type tableRows struct {
	t    *intake.Table
	next int
}

func (r *tableRows) Name() string     { return r.t.Name }
func (r *tableRows) Header() []string { return r.t.Header }
func (r *tableRows) Where(row intake.Row, col int) string {
	return r.t.Where(row, col)
}

func (r *tableRows) Next() (intake.Row, error) {
	if r.next >= len(r.t.Rows) {
		return intake.Row{}, io.EOF
	}
	r.next++
	return r.t.Rows[r.next-1], nil
}

// CSVRows streams a CSV extract with a header row. Like intake.ReadCSV it accepts a UTF-8
// byte-order mark, CRLF line ends, blank lines and Windows-1252 text (as Excel saves "CSV" on
// many machines), here decoded cell by cell since the file is never read whole.
func CSVRows(name string, r io.Reader) (Rows, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	c := &csvRows{name: name, cr: cr}
	for {
		rec, _, err := c.read()
		if errors.Is(err, io.EOF) {
			return nil, casework.Errorf(casework.EINVALID, "%s is empty: it needs a header row and at least one row", name)
		}
		if err != nil {
			return nil, err
		}
		if blank(rec) {
			continue
		}
		c.header = make([]string, len(rec))
		for i, h := range rec {
			c.header[i] = strings.Clone(h)
		}
		c.header[0] = strings.TrimPrefix(c.header[0], "\ufeff")
		return c, nil
	}
}

type csvRows struct {
	name   string
	cr     *csv.Reader
	header []string
}

func (c *csvRows) Name() string     { return c.name }
func (c *csvRows) Header() []string { return c.header }
func (c *csvRows) Where(r intake.Row, col int) string {
	name := ""
	if col >= 0 && col < len(c.header) {
		name = c.header[col]
	}
	return fmt.Sprintf("%s line %d, column %s", c.name, r.Line, name)
}

func (c *csvRows) Next() (intake.Row, error) {
	for {
		rec, line, err := c.read()
		if err != nil {
			return intake.Row{}, err
		}
		if blank(rec) {
			continue
		}
		if len(rec) > len(c.header) && blank(rec[len(c.header):]) {
			rec = rec[:len(c.header)]
		}
		if len(rec) != len(c.header) {
			return intake.Row{}, casework.Errorf(casework.EINVALID, "%s line %d has %d fields but the header has %d", c.name, line, len(rec), len(c.header)).
				WithHint("check for a missing or extra comma, or a value with a comma that needs double quotes")
		}
		return intake.Row{Line: line, Cells: rec}, nil
	}
}

func (c *csvRows) read() ([]string, int, error) {
	rec, err := c.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, casework.Errorf(casework.EINVALID, "%s line %d, column %d: %v", c.name, pe.Line, pe.Column, pe.Err).
				WithHint("a field containing a comma, quote or line break must be in double quotes, with quotes inside doubled")
		}
		return nil, 0, fmt.Errorf("%s: %w", c.name, err)
	}
	line, _ := c.cr.FieldPos(0) // only valid after a successful Read
	for i, cell := range rec {
		if !utf8.ValidString(cell) {
			if strings.IndexByte(cell, 0) >= 0 {
				return nil, 0, casework.Errorf(casework.EINVALID, "%s line %d is not CSV text (it contains binary data)", c.name, line).
					WithHint("save the sheet as CSV (comma delimited), or give the .xlsx file itself")
			}
			rec[i] = intake.FromWindows1252(cell)
		}
	}
	return rec, line, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
