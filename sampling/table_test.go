package sampling

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The table of ids seen finds every id read before, whatever its case, at the row it was first
// read, through the growth of its slots; and finds none that was not.
func TestSeenIDs(t *testing.T) {
	cols := &columns{names: []string{FieldCaseID}, index: map[string]int{FieldCaseID: 0}}
	tests := []struct {
		name string
		ids  []string
		want []int // for each id, the row it was first read on; -1 for the first time
	}{
		{"none repeated", []string{"A1", "A2", "a3"}, []int{-1, -1, -1}},
		{"repeated in another case", []string{"x101", "X102", "X101", "x102"}, []int{-1, -1, 0, 1}},
		{"repeated twice", []string{"N1", "N2", "n1", "N1"}, []int{-1, -1, 0, 0}},
	}
	// Enough ids to grow the slots several times, each met again at the end.
	var many []string
	var wantMany []int
	for i := range 5000 {
		many = append(many, fmt.Sprintf("C%06d", i))
		wantMany = append(wantMany, -1)
	}
	for i := range 5000 {
		if i%7 == 0 {
			many = append(many, fmt.Sprintf("c%06d", i))
			wantMany = append(wantMany, i)
		}
	}
	tests = append(tests, struct {
		name string
		ids  []string
		want []int
	}{"thousands", many, wantMany})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := newCaseTable(cols)
			seen := newSeenIDs(table)
			var got []int
			for i, id := range tt.ids {
				key := strings.ToUpper(id)
				if row, dup := seen.find(key); dup {
					got = append(got, int(table.lines.at(row)))
					continue
				}
				row := table.add(id, i, 0, [3]uint8{}, []string{id}, []bool{false})
				seen.add(key, row)
				got = append(got, -1)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows first seen (-want +got):\n%s", diff)
			}
		})
	}
}

// A table keeps each row's id and cells across its blocks, the values of a column once.
func TestCaseTable(t *testing.T) {
	cols := &columns{names: []string{FieldCaseID, "office"}, index: map[string]int{FieldCaseID: 0, "office": 1}}
	table := newCaseTable(cols)
	const rows = 3<<blockBits + 5
	for i := range rows {
		table.add(fmt.Sprintf("C%d", i), i+2, Date(i), [3]uint8{1, 2, 3}, []string{"", fmt.Sprintf("Office %d", i%3)}, []bool{false, true})
	}
	type row struct {
		ID, Office string
		Line       int
		Commenced  Date
	}
	var got, want []row
	for _, i := range []int32{0, 1, 1<<blockBits - 1, 1 << blockBits, rows - 1} {
		var r Record
		table.fill(&r, i, cols)
		got = append(got, row{r.ID, r.Field("office"), r.Line, r.Commenced})
		want = append(want, row{fmt.Sprintf("C%d", i), fmt.Sprintf("Office %d", i%3), int(i) + 2, Date(i)})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Office 0", "Office 1", "Office 2"}, table.cells[1].values); diff != "" {
		t.Errorf("the office column's values (-want +got):\n%s", diff)
	}
}
