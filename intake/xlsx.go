package intake

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"fieldwork/casework"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads a table saved as an Excel workbook, such as a caseload extract: the named
// sheet, or the first, with its first non-blank row as the header. A cell formatted as a date
// comes back as an ISO date, whatever its display format: Excel's default short date displays
// 22/01/2024 as 01-22-24, which no one should have to guess at.
func ReadXLSX(path, sheet string) (*Table, error) {
	file, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return readXLSX(file, filepath.Base(path), sheet)
}

// readXLSX reads the sheet of the workbook r holds, named name in errors.
func readXLSX(r io.Reader, name, sheet string) (*Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, casework.Errorf(casework.EINVALID, "%s is not an Excel workbook (.xlsx) that can be read: %v", name, err).
			WithHint("save it from Excel as an Excel Workbook (.xlsx), or as CSV")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	switch {
	case sheet == "" && len(sheets) > 0:
		sheet = sheets[0]
	case !slices.Contains(sheets, sheet):
		return nil, casework.Errorf(casework.EINVALID, "%s has no sheet %q (its sheets: %s)", name, sheet, strings.Join(sheets, ", "))
	}
	formatted, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s sheet %s: %w", name, sheet, err)
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%s sheet %s: %w", name, sheet, err)
	}
	isDate, date1904 := dateCells(f, sheet), isDate1904(f)
	t := &Table{Name: name}
	t.Cell = func(r Row, col int) string {
		if col < 0 {
			return fmt.Sprintf("%s sheet %s, row %d", name, sheet, r.Line)
		}
		cell, _ := excelize.CoordinatesToCellName(col+1, r.Line)
		h := ""
		if col < len(t.Header) {
			h = t.Header[col]
		}
		return fmt.Sprintf("%s sheet %s, cell %s (column %s)", name, sheet, cell, h)
	}
	for i, row := range formatted {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = v
			if i < len(raw) && j < len(raw[i]) && raw[i][j] != v {
				if serial, err := strconv.ParseFloat(raw[i][j], 64); err == nil && isDate(j, i) {
					if tm, err := excelize.ExcelDateToTime(serial, date1904); err == nil {
						cells[j] = tm.Format("2006-01-02")
					}
				}
			}
		}
		if blank(cells) {
			continue
		}
		if t.Header == nil {
			t.Header = cells
			continue
		}
		if len(cells) > len(t.Header) {
			if !blank(cells[len(t.Header):]) {
				return nil, casework.Errorf(casework.EINVALID, "%s sheet %s, row %d has values beyond the header's %d columns", name, sheet, i+1, len(t.Header)).
					WithHint("give every column a header in the first row")
			}
			cells = cells[:len(t.Header)]
		}
		for len(cells) < len(t.Header) {
			cells = append(cells, "")
		}
		t.Rows = append(t.Rows, Row{Line: i + 1, Cells: cells})
	}
	if t.Header == nil {
		return nil, casework.Errorf(casework.EINVALID, "%s sheet %s is empty: it needs a header row and at least one row", name, sheet)
	}
	return t, nil
}

func isDate1904(f *excelize.File) bool {
	props, _ := f.GetWorkbookProps()
	return props.Date1904 != nil && *props.Date1904
}

// dateCells says whether the cell at a column and row (from 0) of sheet is formatted as a
// date, looking each of the workbook's styles up once.
func dateCells(f *excelize.File, sheet string) func(col, row int) bool {
	dateStyle := map[int]bool{}
	return func(col, row int) bool {
		cell, _ := excelize.CoordinatesToCellName(col+1, row+1)
		idx, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			return false
		}
		if d, ok := dateStyle[idx]; ok {
			return d
		}
		st, err := f.GetStyle(idx)
		dateStyle[idx] = err == nil && dateFormat(st)
		return dateStyle[idx]
	}
}

// Excel's built-in date and date-time number formats (ECMA-376 part 1, 18.8.30).
var builtinDateFormats = map[int]bool{14: true, 15: true, 16: true, 17: true, 22: true, 27: true, 28: true, 29: true, 30: true,
	31: true, 32: true, 33: true, 34: true, 35: true, 36: true, 50: true, 51: true, 52: true, 53: true, 54: true, 55: true,
	56: true, 57: true, 58: true}

// quotedOrBracketed strips what a number format shows literally ("text", [colour], \x).
var quotedOrBracketed = regexp.MustCompile(`"[^"]*"|\[[^\]]*\]|\\.`)

func dateFormat(st *excelize.Style) bool {
	if st.CustomNumFmt != nil {
		code := strings.ToLower(quotedOrBracketed.ReplaceAllString(*st.CustomNumFmt, ""))
		return strings.ContainsAny(code, "dy")
	}
	return builtinDateFormats[st.NumFmt]
}
