package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// runIn runs fieldwork with FIELDWORK_DB in dir, returning its exit status, stdout and stderr.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == "FIELDWORK_DB" {
			return filepath.Join(dir, "test.db")
		}
		return ""
	}
	code := run(context.Background(), append([]string{"fieldwork"}, args...), strings.NewReader(""), &stdout, &stderr, getenv)
	return code, stdout.String(), stderr.String()
}

// extractRows is a small extract: 40 cases commencing 20-31 January 2024.
func extractRows() [][]string {
	types := []string{"Community Order", "Licence", "Community Order", "Community Order", "Licence"}
	rosh := []string{"Low", "Medium", "High", "Medium"}
	gender := []string{"Male", "Male", "Female"}
	var rows [][]string
	for i := range 40 {
		day := time.Date(2024, 1, 20+i%12, 0, 0, 0, 0, time.UTC)
		rows = append(rows, []string{fmt.Sprintf("B%03d", i+1), types[i%5], day.Format("2006-01-02"), rosh[i%4], gender[i%3], "Halifax"})
	}
	return rows
}

var extractHeader = []string{"CRN", "Sentence Type", "Commenced", "RoSH", "Gender", "Office"}

// writeXLSXExtract writes the extract as Excel would from a UK machine: the commencement dates
// as date serials, some in the built-in short date format (which excelize displays month
// first, 01-22-24), some as dd/mm/yyyy, some typed in as text.
func writeXLSXExtract(t *testing.T, path string, rows [][]string, badCell string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Caseload"
	f.SetSheetName("Sheet1", sheet)
	short, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	uk := "dd/mm/yyyy"
	custom, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &uk})
	f.SetSheetRow(sheet, "A2", &extractHeader) // row 1 left blank, as exports often do
	for i, r := range rows {
		row := i + 3
		values := []any{r[0], r[1], nil, r[3], r[4], r[5]}
		f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &values)
		day, _ := time.Parse("2006-01-02", r[2])
		cell := fmt.Sprintf("C%d", row)
		switch i % 3 {
		case 0:
			f.SetCellValue(sheet, cell, day)
			f.SetCellStyle(sheet, cell, cell, short)
		case 1:
			f.SetCellValue(sheet, cell, day)
			f.SetCellStyle(sheet, cell, cell, custom)
		default:
			f.SetCellValue(sheet, cell, day.Format("02/01/2006"))
		}
	}
	if badCell != "" {
		f.SetCellValue(sheet, badCell, "sometime")
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func writeCSVExtract(t *testing.T, path string, rows [][]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(strings.Join(extractHeader, ",") + "\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The same extract as CSV and as a workbook draws the same sample: the workbook's dates, in
// whatever format, read as the same days.
func TestSampleFromXLSX(t *testing.T) {
	dir := t.TempDir()
	rows := extractRows()
	writeXLSXExtract(t, filepath.Join(dir, "extract.xlsx"), rows, "")
	writeCSVExtract(t, filepath.Join(dir, "extract.csv"), rows)
	args := []string{"--window", "2024-01-22:2024-01-28", "--size", "12", "--seed", "99", "--reserve", "1"}

	code, fromCSV, stderr := runIn(t, dir, append([]string{"sample", filepath.Join(dir, "extract.csv"), "--dry-run"}, args...)...)
	if code != 0 {
		t.Fatalf("CSV: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runIn(t, dir, "init", "--name", "Test PDU"); code != 0 {
		t.Fatal(stderr)
	}
	team := filepath.Join(dir, "team.xlsx")
	code, fromXLSX, stderr := runIn(t, dir, append([]string{"sample", filepath.Join(dir, "extract.xlsx"), "--sheet", "Caseload", "-o", team}, args...)...)
	if code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, stderr)
	}
	if !strings.Contains(fromXLSX, "extract.xlsx: 40 rows; 23 commenced in the windows") {
		t.Errorf("xlsx extract read as:\n%s", fromXLSX)
	}
	strata := regexp.MustCompile(`(?s)strata by.*\n\n`)
	if diff := cmp.Diff(strata.FindString(fromCSV), strata.FindString(fromXLSX)); diff != "" {
		t.Errorf("the workbook draws another sample than the CSV (-csv +xlsx):\n%s", diff)
	}

	f, err := excelize.OpenFile(team)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Sample")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"case_id", "case_type", "stratum", "draw_order", "reserve", "status", "reason"}, got[0]); diff != "" {
		t.Errorf("team list header (-want +got):\n%s", diff)
	}
	sampled, reserves := 0, 0
	for _, r := range got[1:] {
		switch r[4] {
		case "no":
			sampled++
		case "yes":
			reserves++
		}
	}
	if sampled != 12 || reserves == 0 {
		t.Errorf("team list: %d sampled, %d reserves; want 12 and some", sampled, reserves)
	}
	code, list, _ := runIn(t, dir, "cases", "list")
	if code != 0 || !strings.Contains(list, "12 cases:") || !strings.Contains(list, "2024-01-2") {
		t.Errorf("cases after drawing from the workbook:\n%s", list)
	}
}

func TestSampleXLSXErrorsNameTheCell(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "extract.xlsx")
	writeXLSXExtract(t, path, extractRows(), "C7")
	runIn(t, dir, "init", "--name", "Test PDU")
	code, _, stderr := runIn(t, dir, "sample", path, "--window", "2024-01-22:2024-01-28", "--size", "5")
	want := `extract.xlsx sheet Caseload, cell C7 (column Commenced): "sometime" is not a date`
	if code != exitInvalid || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to contain %s", code, stderr, want)
	}
	code, _, stderr = runIn(t, dir, "sample", path, "--sheet", "Nope", "--window", "2024-01-22:2024-01-28", "--size", "5")
	if code != exitInvalid || !strings.Contains(stderr, `extract.xlsx has no sheet "Nope" (its sheets: Caseload)`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, _ := runIn(t, dir, "sample", "list"); code != exitNotFound {
		t.Errorf("after refused draws, sample list exits %d, want %d (nothing drawn)", code, exitNotFound)
	}
}

// A failed draw leaves no team list behind.
func TestSampleWritesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	writeCSVExtract(t, filepath.Join(dir, "extract.csv"), extractRows())
	runIn(t, dir, "init", "--name", "Test PDU")
	runIn(t, dir, "cases", "import", "../../examples/bradford-calderdale/cases.csv")
	team := filepath.Join(dir, "team.csv")
	code, _, stderr := runIn(t, dir, "sample", filepath.Join(dir, "extract.csv"), "--window", "2024-01-22:2024-01-28", "--size", "5", "-o", team)
	if code != exitConflict || !strings.Contains(stderr, "already has 79 cases") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "team") {
			t.Errorf("a refused draw left %s", e.Name())
		}
	}
}
