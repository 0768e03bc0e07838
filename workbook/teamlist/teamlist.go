// Package teamlist writes the list of drawn cases the inspection team works from, as an Excel
// workbook or CSV. It is for the team, not for publication: it names the cases.
package teamlist

import (
	"cmp"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fieldwork/sqlite"

	"github.com/xuri/excelize/v2"
)

var header = []string{"case_id", "case_type", "stratum", "draw_order", "reserve", "status", "reason"}

// Writes says whether Write can write a list to path: it must end .xlsx or .csv.
func Writes(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".xlsx" || ext == ".csv"
}

// Write writes the sample, then the reserves in the order they come in, then any case
// replaced, to path: a workbook when it ends .xlsx, CSV otherwise.
func Write(path string, cases []sqlite.SampledCase) error {
	rank := map[string]int{sqlite.Sampled: 0, sqlite.Reserve: 1, sqlite.Replaced: 2}
	sorted := slices.Clone(cases)
	slices.SortStableFunc(sorted, func(a, b sqlite.SampledCase) int { return cmp.Compare(rank[a.Status], rank[b.Status]) })
	var rows [][]string
	for _, c := range sorted {
		reserve := "no"
		if c.Status == sqlite.Reserve {
			reserve = "yes"
		}
		rows = append(rows, []string{c.Case.ID, string(c.Case.Type), c.Stratum, strconv.Itoa(c.DrawOrder), reserve, c.Status, c.Reason})
	}
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return writeXLSX(path, rows)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write(header)
	for _, r := range rows {
		cw.Write(Neutralised(r))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeXLSX writes the list as a workbook with one sheet, its header bold and frozen.
func writeXLSX(path string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sample"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, r := range append([][]string{header}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		values := make([]any, len(r))
		for j, v := range r {
			if n, err := strconv.Atoi(v); err == nil && header[j] == "draw_order" {
				values[j] = n
			} else {
				values[j] = v
			}
		}
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(header), 1)
	if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(header))
	if err := f.SetColWidth(sheet, "A", lastCol, 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "C", "C", 34); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// Neutralised is a CSV row with every cell that a spreadsheet would read as a formula made
// plain text: a cell starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's rule for CSV injection). Case ids and reasons come from extracts and
// people; opened in Excel, "=HYPERLINK(...)" must show as what it is, never run.
func Neutralised(row []string) []string {
	out := make([]string, len(row))
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			cell = "'" + cell
		}
		out[i] = cell
	}
	return out
}
