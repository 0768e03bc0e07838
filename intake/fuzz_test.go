package intake

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzReadCSV: any bytes, read as a case list and as judgements, give well-formed values or an
// EINVALID error naming the file; never a panic. Seeds (the example files and messy variants)
// are in testdata/fuzz/FuzzReadCSV.
func FuzzReadCSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadCSV("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			checkRefusal(t, "ReadCSV", err)
			if _, err := streamed("fuzz.csv", data); err != nil {
				checkRefusal(t, "CSVRows", err)
			}
			return
		}
		for _, r := range tab.Rows {
			if len(r.Cells) != len(tab.Header) {
				t.Fatalf("line %d has %d cells, header %d", r.Line, len(r.Cells), len(tab.Header))
			}
		}
		sameStreamed(t, data, tab)
		if cases, err := Cases(tab); err != nil {
			checkRefusal(t, "Cases", err)
		} else {
			seen := map[string]bool{}
			for _, c := range cases {
				id := strings.ToUpper(c.ID)
				if c.ID == "" || c.ID != strings.TrimSpace(c.ID) || seen[id] {
					t.Fatalf("case id %q: empty, untrimmed or repeated", c.ID)
				}
				seen[id] = true
				if _, err := casework.ParseCaseType(string(c.Type)); err != nil {
					t.Fatalf("case %q has type %q", c.ID, c.Type)
				}
			}
		}
		if js, err := Judgements(tab); err != nil {
			checkRefusal(t, "Judgements", err)
		} else {
			for _, j := range js {
				if j.CaseID == "" || j.Question == "" || j.Answer == casework.NoAnswer || j.Where == "" {
					t.Fatalf("incomplete judgement %+v", j)
				}
			}
		}
	})
}

// checkRefusal: bad input is refused as invalid, and the message says which file.
func checkRefusal(t *testing.T, what string, err error) {
	t.Helper()
	if casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("%s: error with code %q, want %q: %v", what, casework.ErrorCode(err), casework.EINVALID, err)
	}
	if !strings.Contains(err.Error(), "fuzz.csv") {
		t.Fatalf("%s: error does not name the file: %v", what, err)
	}
}

// streamed reads data with CSVRows, as judgements import does, into a Table.
func streamed(name string, data []byte) (*Table, error) {
	rows, err := CSVRows(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tab := &Table{Name: name, Header: rows.Header()}
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return tab, nil
		}
		if err != nil {
			return nil, err
		}
		tab.Rows = append(tab.Rows, Row{Line: r.Line, Cells: slices.Clone(r.Cells)})
	}
}

// sameStreamed: CSVRows, which streams, reads what ReadCSV read whole, to the same header, lines
// and cells, for text that is UTF-8 (or UTF-16). Text that is not is decoded as Windows-1252 a
// cell at a time when streamed but as a whole file by ReadCSV, so a file mixing both reads
// differently; there only the absence of a crash is checked.
func sameStreamed(t *testing.T, data []byte, whole *Table) {
	t.Helper()
	got, err := streamed("fuzz.csv", data)
	utf := utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff"))
	if err != nil {
		checkRefusal(t, "CSVRows", err)
		if utf {
			t.Fatalf("ReadCSV read it, CSVRows refused it: %v", err)
		}
		return
	}
	if !utf {
		return
	}
	if diff := cmp.Diff(whole, got, cmpopts.IgnoreFields(Table{}, "Cell")); diff != "" {
		t.Fatalf("CSVRows read differently from ReadCSV (-whole +streamed):\n%s", diff)
	}
}
