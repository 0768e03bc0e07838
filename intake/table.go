// Package intake reads the files inspectors bring: case lists and judgements as CSV (and, through
// Table, any other tabular source). It turns rows into casework values and reports every bad
// cell with its file, line, column and value, and what is allowed.
package intake

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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
	name := ""
	if col >= 0 && col < len(t.Header) {
		name = strings.TrimSpace(t.Header[col])
	}
	return fmt.Sprintf("%s line %d, column %s", t.Name, r.Line, name)
}

// WhereRow names a row of t as a whole; a spreadsheet's Cell is asked with col -1.
func (t *Table) WhereRow(r Row) string {
	if t.Cell != nil {
		return t.Cell(r, -1)
	}
	return fmt.Sprintf("%s line %d", t.Name, r.Line)
}

// ReadCSV reads a CSV file with a header row. It accepts a UTF-8 byte-order mark, CRLF or CR
// line ends, blank lines, UTF-16 with its byte-order mark and Windows-1252 text (as Excel saves
// "CSV" on many machines), and values separated by tabs or semicolons where the header is.
func ReadCSV(name string, r io.Reader) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	data = plainText(data)
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, casework.Errorf(casework.EINVALID, "%s is not a CSV text file (it contains binary data)", name).
			WithHint("save the sheet as CSV (comma delimited), or import the .xlsx file itself where the command accepts it")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, casework.Errorf(casework.EINVALID, "%s is empty: it needs a header row and at least one row", name)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.Comma = separator(data)
	t := &Table{Name: name}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, casework.Errorf(casework.EINVALID, "%s line %d, column %d: %v", name, pe.Line, pe.Column, pe.Err).
					WithHint("a field containing a comma, quote or line break must be in double quotes, with quotes inside doubled")
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		if t.Header == nil {
			t.Header = rec
			continue
		}
		if len(rec) > len(t.Header) && blank(rec[len(t.Header):]) {
			rec = rec[:len(t.Header)]
		}
		if len(rec) != len(t.Header) {
			return nil, casework.Errorf(casework.EINVALID, "%s line %d has %d fields but the header has %d", name, line, len(rec), len(t.Header)).
				WithHint("check for a missing or extra comma, or a value with a comma that needs double quotes")
		}
		t.Rows = append(t.Rows, Row{Line: line, Cells: rec})
	}
	if t.Header == nil { // only blank records, such as a lone ""
		return nil, casework.Errorf(casework.EINVALID, "%s is empty: it needs a header row and at least one row", name)
	}
	return t, nil
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
func FromWindows1252(s string) string { return string(windows1252ToUTF8([]byte(s))) }

func windows1252ToUTF8(b []byte) []byte {
	var out bytes.Buffer
	for _, c := range b {
		switch {
		case c < 0x80:
			out.WriteByte(c)
		case c < 0xA0:
			out.WriteRune(cp1252[c-0x80])
		default:
			out.WriteRune(rune(c))
		}
	}
	return out.Bytes()
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
