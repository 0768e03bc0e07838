package teamlist

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"fieldwork/casework"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// The list puts the sample first, then the reserves in the order they come in, then the cases
// replaced, whatever order the cases come in; as CSV and as a workbook alike.
func TestWrite(t *testing.T) {
	drawn := func(id string, typ casework.CaseType, order int, status, reason string) sqlite.SampledCase {
		return sqlite.SampledCase{Case: casework.Case{ID: id, Type: typ}, Stratum: string(typ) + " / high", DrawOrder: order, Status: status, Reason: reason}
	}
	cases := []sqlite.SampledCase{
		drawn("C1", casework.Community, 1, sqlite.Replaced, "transferred out"),
		drawn("C2", casework.Community, 2, sqlite.Sampled, ""),
		drawn("C3", casework.Community, 3, sqlite.Reserve, ""),
		drawn("L1", casework.Licence, 1, sqlite.Sampled, ""),
		drawn("L2", casework.Licence, 2, sqlite.Reserve, ""),
	}
	want := [][]string{
		{"case_id", "case_type", "stratum", "draw_order", "reserve", "status", "reason"},
		{"C2", "community", "community / high", "2", "no", "sampled", ""},
		{"L1", "licence", "licence / high", "1", "no", "sampled", ""},
		{"C3", "community", "community / high", "3", "yes", "reserve", ""},
		{"L2", "licence", "licence / high", "2", "yes", "reserve", ""},
		{"C1", "community", "community / high", "1", "no", "replaced", "transferred out"},
	}
	dir := t.TempDir()
	read := map[string]func(t *testing.T, path string) [][]string{
		"team.csv": func(t *testing.T, path string) [][]string {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return rows
		},
		"team.xlsx": func(t *testing.T, path string) [][]string {
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("Sample")
			if err != nil {
				t.Fatal(err)
			}
			for i := range rows { // excelize leaves off a row's trailing empty cells
				for len(rows[i]) < len(want[0]) {
					rows[i] = append(rows[i], "")
				}
			}
			// A number is stored without a type, as Excel stores it; text is a string type.
			if kind, _ := f.GetCellType("Sample", "D2"); kind != excelize.CellTypeNumber && kind != excelize.CellTypeUnset {
				t.Errorf("draw_order is stored as %v, want a number", kind)
			}
			return rows
		},
	}
	for name, readBack := range read {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if !Writes(path) {
				t.Fatalf("Writes(%s) = false", name)
			}
			if err := Write(context.Background(), path, cases, false); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, readBack(t, path)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, path := range []string{"team.pdf", "team", "team.xls"} {
		if Writes(path) {
			t.Errorf("Writes(%s) = true", path)
		}
	}
}

func TestNeutralised(t *testing.T) {
	got := Neutralised([]string{"=1+2", "+44", "-1", "@SUM(A1)", "\tx", "\rx", "C1", "", "a=b", "=HYPERLINK(\"http://x\",\"y\")"})
	want := []string{"'=1+2", "'+44", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "C1", "", "a=b", "'=HYPERLINK(\"http://x\",\"y\")"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Neutralised (-want +got):\n%s", diff)
	}
}

// A team list written as CSV holds no cell a spreadsheet would run as a formula, whatever the
// extract's case ids and the replacement reasons say.
func TestCSVListHoldsNoFormula(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.csv")
	cases := []sqlite.SampledCase{
		{Case: casework.Case{ID: "=1+2", Type: casework.Community}, Stratum: "community", DrawOrder: 1, Status: sqlite.Replaced, Reason: `=HYPERLINK("http://evil.example","click")`},
		{Case: casework.Case{ID: "@C2", Type: casework.Licence}, Stratum: "licence", DrawOrder: 1, Status: sqlite.Sampled},
	}
	if err := Write(context.Background(), path, cases, false); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, cell := range r {
			if cell != "" && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@') {
				t.Errorf("cell %q would be read as a formula", cell)
			}
		}
	}
	if rows[1][0] != "'@C2" || rows[2][6] != `'=HYPERLINK("http://evil.example","click")` {
		t.Errorf("rows %q", rows)
	}
}

// The list names cases: only its owner may read it, and an existing file is kept unless replace.
func TestWriteIsPrivateAndKeepsAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.csv")
	cases := []sqlite.SampledCase{{Case: casework.Case{ID: "C1", Type: casework.Community}, Status: sqlite.Sampled}}
	if err := Write(context.Background(), path, cases, false); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if err := Write(context.Background(), path, cases, false); err == nil {
		t.Error("an existing list was replaced without replace")
	}
	if err := Write(context.Background(), path, cases, true); err != nil {
		t.Errorf("replace: %v", err)
	}
}
