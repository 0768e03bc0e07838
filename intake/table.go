// Package intake reads the files inspectors bring: case lists, judgements, ratings and caseload
// extracts, as CSV (streamed a row at a time through one decoder) or as a sheet of an Excel
// workbook. It turns rows into casework values and reports every bad cell with its file, line
// (or cell), column and value, and what is allowed.
package intake

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"fieldwork/casework"
)

// Table is a header and data rows read from a file, each row knowing where it came from.
type Table struct {
	Name   string // the file name used in messages
	Header []string
	Rows   []Row
	// Cell formats where a cell is for messages. CSV tables say "FILE line N, column NAME";
	// spreadsheets say "FILE sheet S, cell D14 (column NAME)".
	Cell func(row Row, col int) string
}

// Row is one data row.
type Row struct {
	Line  int // the line (CSV) or spreadsheet row number it came from
	Cells []string
}

// Where names a cell of t for an error message.
func (t *Table) Where(r Row, col int) string {
	if t.Cell != nil {
		return t.Cell(r, col)
	}
	return lineWhere(t.Name, t.Header, r, col)
}

// WhereRow names a row of t as a whole; a spreadsheet's Cell is asked with col -1.
func (t *Table) WhereRow(r Row) string { return t.Where(r, -1) }

// lineWhere names a cell of a text file by its line and its column's header: "cases.csv line
// 14, column grade"; with col -1, the line as a whole.
func lineWhere(name string, header []string, r Row, col int) string {
	if col < 0 || col >= len(header) {
		return fmt.Sprintf("%s line %d", name, r.Line)
	}
	return fmt.Sprintf("%s line %d, column %s", name, r.Line, strings.TrimSpace(header[col]))
}

// ReadCSV reads a whole CSV file with a header row: what CSVRows streams, collected into a
// Table for the readers that check every row before anything is stored.
func ReadCSV(name string, r io.Reader) (*Table, error) {
	rows, err := CSVRows(name, r)
	if err != nil {
		return nil, err
	}
	return Collect(rows)
}

// Collect reads rows to the end into a Table that names its cells as rows does.
func Collect(rows Rows) (*Table, error) {
	t := &Table{Name: rows.Name(), Header: rows.Header(), Cell: rows.Where}
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, Row{Line: r.Line, Cells: slices.Clone(r.Cells)})
	}
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cp1252 maps the bytes 0x80-0x9F of Windows-1252 to Unicode; the other bytes are Latin-1.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// FromWindows1252 reads s as Windows-1252 text, for a cell read from a file that is not UTF-8.
func FromWindows1252(s string) string {
	var out strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c < 0x80:
			out.WriteByte(c)
		case c < 0xA0:
			out.WriteRune(cp1252[c-0x80])
		default:
			out.WriteRune(rune(c))
		}
	}
	return out.String()
}

// columns maps canonical column names to their index in a header, accepting any case, spaces or
// underscores, and a few common aliases. It refuses a header that names a column twice.
func columns(t *Table, aliases map[string]string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range t.Header {
		name := canonical(h)
		if a, ok := aliases[name]; ok {
			name = a
		}
		if name == "" {
			continue
		}
		if prev, dup := cols[name]; dup {
			return nil, casework.Errorf(casework.EINVALID, "%s: columns %d (%q) and %d (%q) are both %s", t.Name, prev+1, t.Header[prev], i+1, h, name).
				WithHint("remove or rename one of them")
		}
		cols[name] = i
	}
	return cols, nil
}

// canonical turns a header such as " Case Type " into "case_type".
func canonical(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	return strings.Join(strings.FieldsFunc(h, func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), "_")
}

func requireColumns(t *Table, cols map[string]int, names ...string) error {
	var missing []string
	for _, n := range names {
		if _, ok := cols[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return casework.Errorf(casework.EINVALID, "%s: no %s column (the header is: %s)", t.Name, strings.Join(missing, " or "), strings.Join(t.Header, ", ")).
		WithHint("the first row must name the columns; required: " + strings.Join(names, ", "))
}
