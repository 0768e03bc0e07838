package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// TestWorkbookInLibreOffice opens the workbook in a real spreadsheet program, LibreOffice
// headless, exports every sheet to CSV and compares each with what the workbook should show:
// text as written, counts as whole numbers, fractions as whole percentages.
func TestWorkbookInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice is not installed; .ci/run installs libreoffice-calc")
		}
		t.Skip("soffice (LibreOffice) is not installed")
	}
	db, _ := wbExample(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"as published", nil},
		{"suppressed below 10", []string{"--suppress-below", "10", "--by", "office"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := wbWrite(t, db, tt.args...)
			want := wbShown(wbRead(t, path))
			out := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			// A profile of its own, so a LibreOffice already running elsewhere is not reused.
			cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+t.TempDir(), "--headless", "--norestore",
				"--convert-to", libreOfficeCSV, "--outdir", out, path)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, msg)
			}
			for _, sheet := range want.order {
				file := filepath.Join(out, strings.TrimSuffix(filepath.Base(path), ".xlsx")+"-"+sheet+".csv")
				got := readShownCSV(t, file)
				if diff := cmp.Diff(want.sheets[sheet], got); diff != "" {
					t.Errorf("sheet %s as LibreOffice shows it (-want +got):\n%s", sheet, diff)
				}
			}
			files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
			if len(files) != len(want.order) {
				t.Errorf("LibreOffice wrote %d sheets, the workbook has %d", len(files), len(want.order))
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
