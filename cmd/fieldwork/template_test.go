package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTemplateImport: `fieldwork template`, filled in as Excel would save it, imports through
// `fieldwork judgements import` with the CSV rules: one bad cell and nothing is written, the
// error naming the sheet and cell; then the fixed file imports, and again changes nothing.
func TestTemplateImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "test.db")
	fw := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"fieldwork", "--db", db}, args...), strings.NewReader(""), &out, &errOut, func(string) string { return "" })
		return code, out.String(), errOut.String()
	}
	for _, args := range [][]string{
		{"init", "--framework", "pdu-2023", "--name", "Test PDU"},
		{"cases", "import", filepath.Join("..", "..", "examples", "bradford-calderdale", "cases.csv")},
	} {
		if code, _, stderr := fw(args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
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
