package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// libreOfficeCSV is LibreOffice's CSV export: comma, double quotes, UTF-8 (76), from line 1, US
// English (1033), cells saved as shown (token 9), every sheet to its own FILE-SHEET.csv (token
// 12, -1; LibreOffice 7.2 and later).
const libreOfficeCSV = `csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1`

// soffice is LibreOffice's program, skipping the test where it is not installed (failing it
// under CI, which installs it).
func soffice(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice is not installed; .ci/run installs libreoffice-calc")
		}
		t.Skip("soffice (LibreOffice) is not installed")
	}
	return path
}

// libreOfficeShows opens the workbook at path in LibreOffice headless and returns every sheet
// as LibreOffice shows it, exported to CSV, by sheet name.
func libreOfficeShows(t *testing.T, path string, sheets []string) map[string][][]string {
	t.Helper()
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A profile of its own, so a LibreOffice already running elsewhere is not reused.
	cmd := exec.CommandContext(ctx, soffice(t), "-env:UserInstallation=file://"+t.TempDir(), "--headless", "--norestore",
		"--convert-to", libreOfficeCSV, "--outdir", out, path)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	shown := map[string][][]string{}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	for _, sheet := range sheets {
		shown[sheet] = readShownCSV(t, filepath.Join(out, base+"-"+sheet+".csv"))
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	if len(files) != len(sheets) {
		t.Errorf("LibreOffice wrote %d sheets, the workbook has %d", len(files), len(sheets))
	}
	return shown
}

// TestWorkbookInLibreOffice opens the workbook in a real spreadsheet program, LibreOffice
// headless, exports every sheet to CSV and compares each with what the workbook should show:
// text as written, counts as whole numbers, fractions as whole percentages.
func TestWorkbookInLibreOffice(t *testing.T) {
	soffice(t)
	db, _ := wbExample(t)
	for _, tt := range []struct {
		name string
		args []string
		// cells are figures LibreOffice must show, worked by hand: Wilson 15/79 is 11.9% to
		// 29.0%; PSO against PO on 2.3.1 is -55 points (-70 to -32), relative rate 0.34 (0.20
		// to 0.56) (casework's TestCompareGroupsBradfordGrades and TestRelativeRateWilson).
		cells []shownCell
	}{
		{"as published", nil, []shownCell{
			{"2.1 Assessment", "2.1.3", "All cases", "% yes 95% CI lower [note 12]", "12%"},
			{"2.1 Assessment", "2.1.3", "All cases", "% yes 95% CI upper [note 12]", "29%"},
			{"Ratings", "2.1", "", "Driving key question 95% CI lower [note 12]", "12%"},
			{"Ratings", "2.1", "", "Driving key question's interval crosses a band edge [note 13]", "No"},
			{"By grade", "2.3.1", "PSO", "% yes [note 2]", "28%"},
			{"By grade", "2.3.1", "PSO", "% no [note 2]", "72%"},
			{"By grade", "2.3.1", "PSO", "Difference from PO, percentage points [note 14]", "-55"},
			{"By grade", "2.3.1", "PSO", "Difference 95% CI lower [note 14]", "-70"},
			{"By grade", "2.3.1", "PSO", "Difference 95% CI upper [note 14]", "-32"},
			{"By grade", "2.3.1", "PSO", "Differs from PO [note 14]", "Yes"},
			{"By grade", "2.3.1", "PSO", "Relative rate index against PO [note 14]", "0.34"},
			{"By grade", "2.3.1", "PSO", "Relative rate index 95% CI lower [note 14]", "0.20"},
			{"By grade", "2.3.1", "PSO", "Relative rate index 95% CI upper [note 14]", "0.56"},
			// The three cases of other grades are fewer than 5: hidden by default, and PQiP's 7
			// with them, or the total less PO and PSO would give them away.
			{"By grade", "2.3.1", "Other", "% yes [note 2]", "[c]"},
			{"By grade", "2.3.1", "PQiP", "Difference from PO, percentage points [note 14]", "[c]"},
		}},
		{"internal, nothing suppressed", []string{"--internal"}, []shownCell{
			// 3 of 3 other grades against 25 of 30 POs: +17 points, -40 to +34, and a relative
			// rate of 1.20 (0.52 to 1.51) that agrees: no difference either way.
			{"By grade", "2.3.1", "Other", "Difference from PO, percentage points [note 14]", "+17"},
			{"By grade", "2.3.1", "Other", "Difference 95% CI lower [note 14]", "-40"},
			{"By grade", "2.3.1", "Other", "Difference 95% CI upper [note 14]", "+34"},
			{"By grade", "2.3.1", "Other", "Differs from PO [note 14]", "No"},
			{"By grade", "2.3.1", "Other", "Relative rate index against PO [note 14]", "1.20"},
			{"By grade", "2.3.1", "Other", "Relative rate index 95% CI lower [note 14]", "0.52"},
			{"By grade", "2.3.1", "Other", "Relative rate index 95% CI upper [note 14]", "1.51"},
		}},
		{"suppressed below 10", []string{"--suppress-below", "10", "--by", "office"}, []shownCell{
			{"By grade", "2.3.1", "PQiP", "% yes 95% CI lower [note 12]", "[c]"},
			{"By grade", "2.3.1", "PQiP", "Difference from PO, percentage points [note 14]", "[c]"},
			{"By grade", "2.3.1", "PSO", "Difference from PO, percentage points [note 14]", "-55"},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := wbWrite(t, db, tt.args...)
			want := wbShown(wbRead(t, path))
			got := libreOfficeShows(t, path, want.order)
			for _, sheet := range want.order {
				if diff := cmp.Diff(want.sheets[sheet], got[sheet]); diff != "" {
					t.Errorf("sheet %s as LibreOffice shows it (-want +got):\n%s", sheet, diff)
				}
			}
			for _, c := range tt.cells {
				if v := c.find(t, got[c.sheet]); v != c.want {
					t.Errorf("%s row %s %s, %s: LibreOffice shows %q, want %q", c.sheet, c.row, c.group, c.heading, v, c.want)
				}
			}
		})
	}
}

type shownBook struct {
	order  []string
	sheets map[string][][]string
}

// wbShown is how each cell of m should look in a spreadsheet program.
func wbShown(m wbMeaning) shownBook {
	b := shownBook{sheets: map[string][][]string{}}
	for _, s := range m.Sheets {
		b.order = append(b.order, s.Name)
		var rows [][]string
		for _, r := range s.Rows {
			var row []string
			for _, c := range strings.Split(r, " | ") {
				format, value, _ := strings.Cut(c, ":")
				row = append(row, shownValue(strings.ToLower(format), value))
			}
			rows = append(rows, trimRow(row))
		}
		b.sheets[s.Name] = rows
	}
	return b
}

func shownValue(format, value string) string {
	v, err := strconv.ParseFloat(value, 64)
	switch {
	case err != nil || format == "g":
		return value
	case format == "p":
		return fmt.Sprintf("%d%%", casework.RoundPercent(100*v))
	case format == "n":
		s := strconv.FormatInt(int64(v), 10)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	case format == "custom 0.0":
		// A margin of error, in points to one place.
		return strconv.FormatFloat(math.Round(10*v)/10, 'f', 1, 64)
	case format == "d":
		// A relative rate index, to two places; spreadsheets round halves away from zero.
		return strconv.FormatFloat(math.Round(100*v)/100, 'f', 2, 64)
	case format == "custom +0;-0;0":
		// A difference in percentage points, whole, with its sign; the section is chosen by
		// the sign of the value, not of its rounding.
		r := int64(math.Abs(math.Round(v)))
		switch {
		case v > 0:
			return fmt.Sprintf("+%d", r)
		case v < 0:
			return fmt.Sprintf("-%d", r)
		}
		return "0"
	}
	return value
}

func readShownCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", filepath.Base(path), err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, rec := range recs {
		rows = append(rows, trimRow(rec))
	}
	return rows
}

func trimRow(row []string) []string {
	for len(row) > 0 && row[len(row)-1] == "" {
		row = row[:len(row)-1]
	}
	return row
}

// shownCell is one cell as a spreadsheet shows it: on sheet, in the table row whose first or
// second column (the question or the standard's number) is row and which names group ("" for
// any), under heading.
type shownCell struct {
	sheet, row, group, heading, want string
}

func (c shownCell) find(t *testing.T, rows [][]string) string {
	t.Helper()
	col := -1
	for _, r := range rows {
		if col < 0 {
			col = slices.Index(r, c.heading)
			continue
		}
		if slices.Contains(r[:min(2, len(r))], c.row) && (c.group == "" || slices.Contains(r, c.group)) && col < len(r) {
			return r[col]
		}
	}
	t.Fatalf("%s: no row %s %s under a heading %q", c.sheet, c.row, c.group, c.heading)
	return ""
}

// TestWorkbookODS writes the workbook as OpenDocument and as Excel, opens both in LibreOffice
// and checks that every sheet shows the same, chart sheets apart (the .ods has their figures,
// not the charts), and that its tables are the Excel workbook's, by name and range.
func TestWorkbookODS(t *testing.T) {
	soffice(t)
	db, _ := wbExample(t)
	for _, args := range [][]string{nil, {"--internal", "--by", "office"}} {
		t.Run(strings.Join(append([]string{"workbook"}, args...), " "), func(t *testing.T) {
			xlsx := wbWrite(t, db, args...)
			ods := filepath.Join(t.TempDir(), "workbook.ods")
			if _, stderr, code := wbRun(t, db, append([]string{"workbook", "-o", ods}, args...)...); code != 0 {
				t.Fatalf("workbook -o .ods exited %d: %s", code, stderr)
			}
			m := wbRead(t, xlsx)
			var sheets, tables []string
			for _, s := range m.Sheets {
				if !s.Chart {
					sheets = append(sheets, s.Name)
					tables = append(tables, s.Tables...)
				}
			}
			want := libreOfficeShows(t, xlsx, append(slices.Clone(sheets), chartSheets(m)...))
			got := libreOfficeShows(t, ods, sheets)
			for _, sheet := range sheets {
				if diff := cmp.Diff(want[sheet], got[sheet]); diff != "" {
					t.Errorf("sheet %s, .ods against .xlsx as LibreOffice shows them (-xlsx +ods):\n%s", sheet, diff)
				}
			}
			if diff := cmp.Diff(tables, odsTables(t, ods)); diff != "" {
				t.Errorf("tables, .xlsx against .ods (-xlsx +ods):\n%s", diff)
			}
		})
	}
}

func chartSheets(m wbMeaning) []string {
	var out []string
	for _, s := range m.Sheets {
		if s.Chart {
			out = append(out, s.Name)
		}
	}
	return out
}

// odsTables reads the tables of an .ods file, its database ranges, as "NAME RANGE" the way
// wbRead gives an Excel workbook's.
func odsTables(t *testing.T, path string) []string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var out []string
	for _, zf := range z.File {
		if zf.Name != "content.xml" {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(wbZipRead(t, zf)))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			e, ok := tok.(xml.StartElement)
			if !ok || e.Name.Local != "database-range" {
				continue
			}
			var name, target string
			for _, a := range e.Attr {
				switch a.Name.Local {
				case "name":
					name = a.Value
				case "target-range-address":
					target = a.Value
				}
			}
			// 'Sheet name'.A3:'Sheet name'.B21
			m := regexp.MustCompile(`^'(?:[^']|'')+'\.([A-Z]+\d+):'(?:[^']|'')+'\.([A-Z]+\d+)$`).FindStringSubmatch(target)
			if m == nil {
				t.Fatalf("database range %s: address %q", name, target)
			}
			out = append(out, name+" "+m[1]+":"+m[2])
		}
	}
	return out
}
