package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/xuri/excelize/v2"
)

// exampleCases starts an inspection of the worked example's cases in a new folder, runs the
// commands more on it, and returns the folder and a way to run fieldwork on it in this process
// (exit status, stdout, stderr).
func exampleCases(t *testing.T, more ...[]string) (string, func(args ...string) (int, string, string)) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "test.db")
	fw := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"fieldwork", "--db", db}, args...), strings.NewReader(""), &out, &errOut, func(string) string { return "" })
		return code, out.String(), errOut.String()
	}
	setup := [][]string{{"init", "--framework", "pdu-2023", "--name", "Test PDU"},
		{"cases", "import", filepath.Join("..", "..", "examples", "bradford-calderdale", "cases.csv")}}
	for _, args := range append(setup, more...) {
		if code, _, stderr := fw(args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
	return dir, fw
}

// TestTemplateImport: `fieldwork template`, filled in as Excel would save it, imports through
// `fieldwork judgements import` with the CSV rules: one bad cell and nothing is written, the
// error naming the sheet and cell; then the fixed file imports, and again changes nothing.
func TestTemplateImport(t *testing.T) {
	dir, fw := exampleCases(t)
	path := filepath.Join(dir, "entry.xlsx")
	if code, _, stderr := fw("template", "-o", path, "--inspector", "Inspector C"); code != 0 {
		t.Fatalf("template: %d %s", code, stderr)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Row 3 is BC001; E is 2.1.1, F 2.1.1a, M 2.1.3a.
	for cell, v := range map[string]string{"E3": "Yes", "F3": "no", "M3": "maybe", "E4": "No"} {
		if err := f.SetCellStr("Entry", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := fw("judgements", "import", path)
	want := `fieldwork: entry.xlsx sheet Entry, cell M3 (question 2.1.3a): "maybe" is not an answer (want yes, no or n/a) (nothing was written)`
	if code != exitInvalid || !strings.Contains(stderr, want) {
		t.Errorf("import with a bad cell: exit %d\n%s\nwant exit %d and\n%s", code, stderr, exitInvalid, want)
	}
	if _, out, _ := fw("history", "BC001"); !strings.Contains(out, "0 changes") {
		t.Errorf("a refused import wrote answers:\n%s", out)
	}

	f.SetCellStr("Entry", "M3", "N/A")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if code, out, stderr := fw("judgements", "import", path); code != 0 || !strings.Contains(out, "entry.xlsx: 4 answers read; 4 added, 0 changed, 0 unchanged") {
		t.Errorf("import: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, _ := fw("judgements", "import", path); code != 0 || !strings.Contains(out, "4 unchanged") {
		t.Errorf("import again: exit %d\n%s", code, out)
	}
	_, out, _ := fw("history", "BC001")
	for _, want := range []string{"Inspector C  2.1.1     -    yes  entry.xlsx", "Inspector C  2.1.3a    -    n/a  entry.xlsx", "3 changes"} {
		if !strings.Contains(out, want) {
			t.Errorf("history BC001 lacks %q:\n%s", want, out)
		}
	}
}

// TestTemplateImportRefusals: an entry workbook lists every bad cell as a CSV file lists its bad
// lines (the first ones, then how many more), and a cell that would change a moderated answer
// is named by sheet and cell, with its case and question.
func TestTemplateImportRefusals(t *testing.T) {
	dir, fw := exampleCases(t, []string{"judge", "BC001", "2.1.1=no", "--inspector", "Inspector A"},
		[]string{"judge", "BC001", "2.1.1=yes", "--reading", "2", "--inspector", "Quality Lead"},
		[]string{"moderate", "BC001", "2.1.1=yes", "--reason", "the plan names the risks"})
	path := filepath.Join(dir, "entry.xlsx")
	if code, _, stderr := fw("template", "-o", path); code != 0 {
		t.Fatalf("template: %d %s", code, stderr)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Columns E to AZ of the 79 case rows (3-81), each "maybe": 3,634 of them are questions.
	const bad = 3634
	for row := 3; row <= 81; row++ {
		for col := 5; col <= 52; col++ {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			if err := f.SetCellStr("Entry", cell, "maybe"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := fw("judgements", "import", path)
	for _, want := range []string{
		fmt.Sprintf("entry.xlsx: %d problems, nothing was written", bad),
		`entry.xlsx sheet Entry, cell E3 (question 2.1.1): "maybe" is not an answer`,
		`entry.xlsx sheet Entry, cell F3 (question 2.1.1a): "maybe" is not an answer`,
		fmt.Sprintf("... and %d more", bad-casework.MaxProblemsShown),
	} {
		if code != exitInvalid || !strings.Contains(stderr, want) {
			t.Errorf("import with %d bad cells: exit %d, want %d and %q in\n%.2000s", bad, code, exitInvalid, want, stderr)
		}
	}

	// Only E3, BC001's 2.1.1, now: it would change the moderated answer.
	for row := 3; row <= 81; row++ {
		for col := 5; col <= 52; col++ {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			f.SetCellStr("Entry", cell, "")
		}
	}
	f.SetCellStr("Entry", "E3", "no")
	f.SetCellStr("Entry", "E4", "yes")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = fw("judgements", "import", path)
	want := "entry.xlsx sheet Entry, cell E3 (question 2.1.1): case BC001 question 2.1.1 is answered no here, but its answer was settled by moderation as yes"
	if code != exitInvalid || !strings.Contains(stderr, want) {
		t.Errorf("import changing a moderated answer: exit %d, want %d and\n%s\nin\n%s", code, exitInvalid, want, stderr)
	}
	if _, out, _ := fw("history", "BC002"); !strings.Contains(out, "0 changes") {
		t.Errorf("a refused import wrote answers:\n%s", out)
	}
}
