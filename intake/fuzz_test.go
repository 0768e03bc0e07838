package intake

import (
	"bytes"
	"strings"
	"testing"

	"fieldwork/casework"
)

// FuzzReadCSV: any bytes, read as a case list and as judgements, give well-formed values or an
// EINVALID error naming the file; never a panic. Seeds (the example files and messy variants)
// are in testdata/fuzz/FuzzReadCSV.
func FuzzReadCSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadCSV("fuzz.csv", bytes.NewReader(data))
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
