package intake

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"fieldwork/casework"
)

// Rows is a table read one row at a time, so a file of a million rows (a national caseload
// extract, a programme's answers) is never held whole.
type Rows interface {
	Name() string
	Header() []string
	// Next returns the next data row, or io.EOF after the last. The row's Cells slice may be
	// reused by the following call; the strings in it may be kept.
	Next() (Row, error)
	// Where names a cell for an error message: "extract.csv line 14, column commenced"; with
	// col -1, the row as a whole: "extract.csv line 14".
	Where(r Row, col int) string
}

// TableRows reads a table already in memory, such as a spreadsheet read into a Table.
func TableRows(t *Table) Rows { return &tableRows{t: t} }

type tableRows struct {
	t    *Table
	next int
}

func (r *tableRows) Name() string                  { return r.t.Name }
func (r *tableRows) Header() []string              { return r.t.Header }
func (r *tableRows) Where(row Row, col int) string { return r.t.Where(row, col) }

func (r *tableRows) Next() (Row, error) {
	if r.next >= len(r.t.Rows) {
		return Row{}, io.EOF
	}
	r.next++
	return r.t.Rows[r.next-1], nil
}

// CSVRows streams a CSV file with a header row, a chunk at a time, as spreadsheet programs save
// them: it accepts a UTF-8 byte-order mark, UTF-16 with its byte-order mark (Excel's "Unicode
// text"), Windows-1252 text (Excel's "CSV" on many machines; a file mixing it with UTF-8 is
// refused, naming a line of each), CRLF or lone CR line ends, blank lines, and values
// separated by tabs or semicolons where the header is. It is the one CSV decoder: ReadCSV
// collects what it streams.
func CSVRows(name string, r io.Reader) (Rows, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if bom, _ := br.Peek(2); bytes.Equal(bom, []byte("\xff\xfe")) || bytes.Equal(bom, []byte("\xfe\xff")) {
		littleEndian := bom[0] == 0xff
		br.Discard(2)
		br = bufio.NewReaderSize(&utf16Reader{r: br, littleEndian: littleEndian}, 1<<16)
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	head, _ := br.Peek(1 << 16) // as much as there is, up to 64 KiB: enough to see the header line
	var text io.Reader = br
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		text = crToLF{br} // an old Mac file: encoding/csv would read it as one long line
		head = bytes.ReplaceAll(head, []byte("\r"), []byte("\n"))
	}
	cr := csv.NewReader(text)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.Comma = separator(head)
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
		return c, nil
	}
}

type csvRows struct {
	name   string
	cr     *csv.Reader
	header []string
	// The first line with text beyond ASCII that is UTF-8, and the first that is not (read as
	// Windows-1252): a file with both is refused, since which is right cannot be told.
	utf8Line, legacyLine int
}

func (c *csvRows) Name() string                { return c.name }
func (c *csvRows) Header() []string            { return c.header }
func (c *csvRows) Where(r Row, col int) string { return lineWhere(c.name, c.header, r, col) }

func (c *csvRows) Next() (Row, error) {
	for {
		rec, line, err := c.read()
		if err != nil {
			return Row{}, err
		}
		if blank(rec) {
			continue
		}
		if len(rec) > len(c.header) && blank(rec[len(c.header):]) {
			rec = rec[:len(c.header)]
		}
		if len(rec) != len(c.header) {
			return Row{}, casework.Errorf(casework.EINVALID, "%s line %d has %d fields but the header has %d", c.name, line, len(rec), len(c.header)).
				WithHint("check for a missing or extra comma, or a value with a comma that needs double quotes")
		}
		return Row{Line: line, Cells: rec}, nil
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
		if strings.IndexByte(cell, 0) >= 0 {
			return nil, 0, casework.Errorf(casework.EINVALID, "%s is not a CSV text file (it contains binary data), first on line %d", c.name, line).
				WithHint("save the sheet as CSV (comma delimited), or import the .xlsx file itself where the command accepts it")
		}
		if len(cell) > MaxCellChars {
			if n := utf8.RuneCountInString(cell); n > MaxCellChars {
				column := fmt.Sprint(i + 1)
				if i < len(c.header) {
					column = fmt.Sprintf("%d (%s)", i+1, c.header[i])
				}
				return nil, 0, casework.Errorf(casework.EINVALID, "%s line %d, column %s: the value is %d characters long; a cell holds at most %d (Excel's limit), so it could not be written out again whole", c.name, line, column, n, MaxCellChars).
					WithHint("shorten it, or check the line for a quote that is not closed; nothing was written")
			}
		}
		if isASCII(cell) {
			continue
		}
		if utf8.ValidString(cell) {
			c.utf8Line = cmp.Or(c.utf8Line, line)
		} else {
			c.legacyLine = cmp.Or(c.legacyLine, line)
			rec[i] = FromWindows1252(cell)
		}
		if c.utf8Line > 0 && c.legacyLine > 0 {
			return nil, 0, casework.Errorf(casework.EINVALID, "%s line %d: the text is not UTF-8 (Windows-1252?), but line %d is UTF-8: a file in two encodings cannot be read for sure", c.name, c.legacyLine, c.utf8Line).
				WithHint("open the file in the program that made it and save it whole as \"CSV UTF-8\"; nothing was written")
		}
	}
	return rec, line, nil
}

// MaxCellChars is the most characters a spreadsheet cell holds (Excel's limit): a longer value
// would be cut short in every workbook and template fieldwork writes.
const MaxCellChars = 32767

// isASCII says whether s is plain ASCII, the same in every encoding a CSV file comes in.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// utf16Reader decodes UTF-16 text (Excel's "Unicode text") into UTF-8 as it is read. An unpaired
// surrogate becomes U+FFFD, as utf16.Decode makes it; a last odd byte is dropped.
type utf16Reader struct {
	r            *bufio.Reader
	littleEndian bool
	out          []byte // decoded, not yet read
}

func (u *utf16Reader) unit() (rune, error) {
	var b [2]byte
	if _, err := io.ReadFull(u.r, b[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF
		}
		return 0, err
	}
	if u.littleEndian {
		return rune(b[0]) | rune(b[1])<<8, nil
	}
	return rune(b[1]) | rune(b[0])<<8, nil
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) < len(p) {
		c, err := u.unit()
		if err != nil {
			if len(u.out) > 0 {
				break
			}
			return 0, err
		}
		if utf16.IsSurrogate(c) {
			first := c
			c = utf8.RuneError
			if next, err := u.r.Peek(2); err == nil {
				second := rune(next[1])<<8 | rune(next[0])
				if !u.littleEndian {
					second = rune(next[0])<<8 | rune(next[1])
				}
				if c = utf16.DecodeRune(first, second); c != utf8.RuneError {
					u.r.Discard(2)
				}
			}
		}
		u.out = utf8.AppendRune(u.out, c)
	}
	n := copy(p, u.out)
	u.out = u.out[:copy(u.out, u.out[n:])]
	return n, nil
}

// crToLF reads text with lone CR line ends as text with LF ones.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
