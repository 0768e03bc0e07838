// Package teamlist writes the list of drawn cases the inspection team works from, as an Excel
// workbook or CSV. It is for the team, not for publication: it names the cases.
package teamlist

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fieldwork/outfile"
	"fieldwork/sqlite"

	"github.com/xuri/excelize/v2"
)

var header = []string{"case_id", "case_type", "stratum", "draw_order", "reserve", "status", "reason"}

// Writes says whether Write can write a list to path: it must end .xlsx or .csv.
func Writes(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".xlsx" || ext == ".csv"
}

// Write writes the list to path whole or not at all (outfile), readable by its owner only: it
// names cases. A file already there is replaced only when replace is true.
func Write(ctx context.Context, path string, cases []sqlite.SampledCase, replace bool) error {
	f, err := Create(ctx, path, cases, replace)
	if err != nil {
		return err
	}
	defer f.Discard()
	return f.Commit()
}

// Create writes the list into a temporary file beside path, to be put in place by its Commit
// (or removed by its Discard): so a sample is stored before its list appears.
func Create(ctx context.Context, path string, cases []sqlite.SampledCase, replace bool) (*outfile.File, error) {
	f, err := outfile.Create(ctx, path, outfile.Options{Private: true, Replace: replace})
	if err != nil {
		return nil, err
	}
	if err := write(f, path, cases); err != nil {
		f.Discard()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return f, nil
}

// write writes the sample, then the reserves in the order they come in, then any case
// replaced: a workbook when path ends .xlsx, CSV otherwise.
func write(w io.Writer, path string, cases []sqlite.SampledCase) error {
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
		return writeXLSX(w, rows)
	}
	cw := csv.NewWriter(w)
	cw.Write(header)
	for _, r := range rows {
		cw.Write(Neutralised(r))
	}
	cw.Flush()
	return cw.Error()
}

// writeXLSX writes the list as a workbook with one sheet, its header bold and frozen.
func writeXLSX(w io.Writer, rows [][]string) error {
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
	return f.Write(w)
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
