package intake

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzReadCSV: any bytes, read as a case list and as judgements, give well-formed values or an
// EINVALID error naming the file; never a panic. Text that is UTF-8 reads the same when saved
// as UTF-16, as Excel's "Unicode text" saves it. Seeds (the example files and messy variants)
// are in testdata/fuzz/FuzzReadCSV.
func FuzzReadCSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadCSV("fuzz.csv", bytes.NewReader(data))
		if utf8.Valid(data) {
			sameAsUTF16(t, string(data), tab, err)
		}
		if err != nil {
			checkRefusal(t, "ReadCSV", err)
			return
		}
		for _, r := range tab.Rows {
			if len(r.Cells) != len(tab.Header) {
				t.Fatalf("line %d has %d cells, header %d", r.Line, len(r.Cells), len(tab.Header))
			}
		}
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

// sameAsUTF16: text read from UTF-16, little- and big-endian, gives the table (or the refusal)
// it gives read as UTF-8: the decoding is the only difference between the two files.
func sameAsUTF16(t *testing.T, text string, want *Table, wantErr error) {
	t.Helper()
	for _, littleEndian := range []bool{true, false} {
		got, err := ReadCSV("fuzz.csv", strings.NewReader(utf16Text(text, littleEndian)))
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("UTF-16 (little-endian %v): error %v; as UTF-8: %v", littleEndian, err, wantErr)
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Table{}, "Cell")); diff != "" {
			t.Fatalf("UTF-16 (little-endian %v) read differently from UTF-8 (-UTF-8 +UTF-16):\n%s", littleEndian, diff)
		}
	}
}
