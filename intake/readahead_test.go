package intake

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rowsOf reads every row, then the error it stops at.
func rowsOf(rows Rows) ([]Row, string) {
	var out []Row
	for {
		r, err := rows.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, "EOF"
			}
			return out, err.Error()
		}
		out = append(out, Row{Line: r.Line, Cells: append([]string(nil), r.Cells...)})
	}
}

func TestReadAhead(t *testing.T) {
	csvOf := func(n int, tail string) string {
		var b strings.Builder
		b.WriteString("case_id,answer\n")
		for i := range n {
			fmt.Fprintf(&b, "C%d,yes\n", i)
		}
		return b.String() + tail
	}
	tests := []struct {
		name, text string
	}{
		{"one row", csvOf(1, "")},
		{"a batch less one", csvOf(batchRows-1, "")},
		{"a batch", csvOf(batchRows, "")},
		{"three batches and a bit", csvOf(3*batchRows+7, "")},
		{"rows of different widths", "a,b\n1\n2,3,4\n\n5,6\n"},
		{"a fault after two batches", csvOf(2*batchRows+3, "C9,\"ye\"s\nC10,no\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			direct, err := CSVRows("a.csv", strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			wantRows, wantEnd := rowsOf(direct)
			rows, err := CSVRows("a.csv", strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			ahead, stop := ReadAhead(rows)
			gotRows, gotEnd := rowsOf(ahead)
			stop()
			if diff := cmp.Diff(wantRows, gotRows); diff != "" {
				t.Errorf("rows (-direct +read ahead):\n%s", diff)
			}
			if diff := cmp.Diff(wantEnd, gotEnd); diff != "" {
				t.Errorf("the end (-direct +read ahead):\n%s", diff)
			}
			if _, err := ahead.Next(); !errors.Is(err, io.EOF) && err.Error() != wantEnd {
				t.Errorf("Next after the end: %v, want %s again", err, wantEnd)
			}
		})
	}
}

// A caller that stops early ends the reader: stop returns, and nothing more is read.
func TestReadAheadStopsEarly(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id\n")
	for i := range 200 * batchRows {
		fmt.Fprintf(&b, "C%d\n", i)
	}
	src := strings.NewReader(b.String())
	rows, err := CSVRows("a.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	ahead, stop := ReadAhead(rows)
	if r, err := ahead.Next(); err != nil || r.Cells[0] != "C0" {
		t.Fatalf("first row %v, %v", r, err)
	}
	stop()
	stop() // twice is harmless
	left := src.Len()
	if r, err := rows.Next(); err != nil || left == 0 {
		t.Fatalf("the reader read the whole file before it stopped (row %v, %v)", r, err)
	}
}
