package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes rows (nil values left empty) to sheet "Caseload" of a new workbook, as
// Excel would from a UK machine: commencement dates as date serials in the built-in short
// date format (which excelize displays month first, 01-22-24) or as dd/mm/yyyy, or typed as text.
func writeWorkbook(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Caseload"
	f.SetSheetName("Sheet1", sheet)
	short, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	uk := "dd/mm/yyyy"
	custom, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &uk})
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			switch v := v.(type) {
			case nil:
			case time.Time:
				f.SetCellValue(sheet, cell, v)
				style := short
				if i%2 == 1 {
					style = custom
				}
				f.SetCellStyle(sheet, cell, cell, style)
			default:
				f.SetCellValue(sheet, cell, v)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "extract.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadXLSX(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	path := writeWorkbook(t, [][]any{
		nil, // a blank first row, as exports often have
		{"CRN", "Commenced", "Office"},
		{"X1", day(22), "Halifax"},
		{"X2", day(23)},
		{"X3", "24/01/2024", "Bradford"},
		{nil, nil, " "},
		{"X4", day(25), 7},
	})
	got, err := ReadXLSX(path, "")
	if err != nil {
		t.Fatal(err)
	}
	want := &Table{Name: "extract.xlsx", Header: []string{"CRN", "Commenced", "Office"}, Rows: []Row{
		{Line: 3, Cells: []string{"X1", "2024-01-22", "Halifax"}},
		{Line: 4, Cells: []string{"X2", "2024-01-23", ""}},
		{Line: 5, Cells: []string{"X3", "24/01/2024", "Bradford"}},
		{Line: 7, Cells: []string{"X4", "2024-01-25", "7"}},
	}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Table{}, "Cell")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	where := []string{got.Where(got.Rows[1], 1), got.WhereRow(got.Rows[1])}
	if diff := cmp.Diff([]string{"extract.xlsx sheet Caseload, cell B4 (column Commenced)", "extract.xlsx sheet Caseload, row 4"}, where); diff != "" {
		t.Errorf("cells named (-want +got):\n%s", diff)
	}
}

func TestReadXLSXRefuses(t *testing.T) {
	beyond := writeWorkbook(t, [][]any{{"CRN", "Commenced"}, {"X1", "2024-01-22", "stray"}})
	empty := writeWorkbook(t, [][]any{{nil}})
	notBook := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(notBook, []byte("case_id,case_type\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, sheet string
		code, want        string
	}{
		{"values beyond the header", beyond, "", casework.EINVALID, "extract.xlsx sheet Caseload, row 2 has values beyond the header's 2 columns"},
		{"no such sheet", beyond, "Nope", casework.EINVALID, `extract.xlsx has no sheet "Nope" (its sheets: Caseload)`},
		{"empty sheet", empty, "", casework.EINVALID, "extract.xlsx sheet Caseload is empty"},
		{"not a workbook", notBook, "", casework.EINVALID, "book.xlsx is not an Excel workbook (.xlsx) that can be read"},
		{"no such file", filepath.Join(t.TempDir(), "gone.xlsx"), "", casework.ENOTFOUND, "cannot open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadXLSX(tt.path, tt.sheet)
			if casework.ErrorCode(err) != tt.code || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v (code %s); want %s containing %q", err, casework.ErrorCode(err), tt.code, tt.want)
			}
		})
	}
}

func TestDateFormat(t *testing.T) {
	custom := func(code string) *excelize.Style { return &excelize.Style{CustomNumFmt: &code} }
	tests := []struct {
		name  string
		style *excelize.Style
		want  bool
	}{
		{"built-in short date", &excelize.Style{NumFmt: 14}, true},
		{"built-in date and time", &excelize.Style{NumFmt: 22}, true},
		{"built-in number", &excelize.Style{NumFmt: 2}, false},
		{"general", &excelize.Style{}, false},
		{"day first", custom("dd/mm/yyyy"), true},
		{"words in quotes are not a date", custom(`0 "days"`), false},
		{"a colour is not a date", custom("[Red]0.00"), false},
		{"an escaped d is not a date", custom(`0\d`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dateFormat(tt.style); got != tt.want {
				t.Errorf("dateFormat = %v, want %v", got, tt.want)
			}
		})
	}
}

// Open reads a file by its extension and takes its digest as it is read.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	text := "case_id,case_type\nC1,community\nC2,licence\n"
	for _, name := range []string{"cases.csv", "cases.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	book := writeWorkbook(t, [][]any{{"case_id", "case_type"}, {"C1", "community"}, {"C2", "licence"}})
	data, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	tests := []struct {
		path, digest string
	}{
		{filepath.Join(dir, "cases.csv"), sum([]byte(text))},
		{filepath.Join(dir, "cases.txt"), sum([]byte(text))},
		{book, sum(data)},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			f, err := Open(tt.path, "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := Collect(f)
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
			want := [][]string{{"C1", "community"}, {"C2", "licence"}}
			var cells [][]string
			for _, r := range got.Rows {
				cells = append(cells, r.Cells)
			}
			if diff := cmp.Diff(want, cells); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.digest, f.SHA256()); diff != "" {
				t.Errorf("SHA-256 (-want +got):\n%s", diff)
			}
		})
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "report.pdf"): `report.pdf: cannot read ".pdf" files (want .csv, .txt or .xlsx)`,
		filepath.Join(dir, "gone.csv"):   "cannot open",
	} {
		if _, err := ReadFile(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadFile(%s): %v, want an error saying %q", filepath.Base(path), err, want)
		}
	}
}
