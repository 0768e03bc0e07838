package entry

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"fieldwork/casework"
	"fieldwork/intake"

	"github.com/xuri/excelize/v2"
)

// Columns of the table Read returns. intake.Judgements reads the first four; cell keeps the
// answer's cell reference so every message can name it.
var tableHeader = []string{"case_id", "question", "answer", "inspector", intake.CellColumn}

const (
	tCase = iota
	tQuestion
	tAnswer
	tInspector
	tCell
)

// Read reads a filled-in entry template (see Write) as a table of judgements in long form:
// one row per answered cell. An empty cell is not an answer and is left out, so importing a
// half-filled template never erases an answer. Messages name the sheet and cell, e.g.
// `entry.xlsx sheet Entry, cell F12 (question 2.1.3a)`.
func Read(path string) (*intake.Table, error) {
	fh, err := intake.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return ReadFrom(filepath.Base(path), fh)
}

// ReadFrom is Read for an open file; name is the file name used in messages.
func ReadFrom(name string, r io.Reader) (*intake.Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, casework.Errorf(casework.EINVALID, "%s is not an Excel workbook (.xlsx) that can be read: %v", name, err).
			WithHint("save it from Excel as an Excel Workbook (.xlsx), or start from `fieldwork template -o entry.xlsx`")
	}
	defer f.Close()
	sheet, err := entrySheet(name, f)
	if err != nil {
		return nil, err
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s sheet %s: %w", name, sheet, err)
	}
	if len(rows) < idRow {
		return nil, casework.Errorf(casework.EINVALID, "%s sheet %s is empty", name, sheet).
			WithHint("fill in the template `fieldwork template -o entry.xlsx` writes")
	}

	// Row 1 names the columns: case_id, the other case columns, then one question id each.
	where := func(col, row int) string {
		cell, _ := excelize.CoordinatesToCellName(col+1, row)
		return fmt.Sprintf("%s sheet %s, cell %s", name, sheet, cell)
	}
	caseCol, inspectorCol := -1, -1
	questionAt := map[int]string{}
	seen := map[string]int{}
	p := &casework.Problems{Source: name + " sheet " + sheet, Hint: "row 1 of the sheet must stay as `fieldwork template` wrote it"}
	for col, h := range rows[idRow-1] {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if prev, dup := seen[strings.ToLower(h)]; dup {
			p.Add("%s: column %q appears again (first in %s)", where(col, idRow), h, where(prev, idRow))
			continue
		}
		seen[strings.ToLower(h)] = col
		switch strings.ToLower(h) {
		case colCase:
			caseCol = col
		case colInspector:
			inspectorCol = col
		case "case_type", "grade":
			// Describe the case for the person filling in; the case list decides them.
		default:
			questionAt[col] = h
		}
	}
	if caseCol < 0 {
		p.Add("%s sheet %s row %d: no %s column (row 1 is: %s)", name, sheet, idRow, colCase, strings.Join(rows[idRow-1], ", "))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}

	t := &intake.Table{Name: name, Header: tableHeader}
	t.Cell = func(r intake.Row, col int) string {
		cell, question := r.Cells[tCell], r.Cells[tQuestion]
		switch col {
		case tCase:
			return where(caseCol, r.Line) + " (case id)"
		case tInspector:
			return where(inspectorCol, r.Line) + " (inspector)"
		}
		return fmt.Sprintf("%s sheet %s, cell %s (question %s)", name, sheet, cell, question)
	}
	p = &casework.Problems{Source: name + " sheet " + sheet}
	for i := firstCase - 1; i < len(rows); i++ {
		cells, line := rows[i], i+1
		get := func(col int) string {
			if col < 0 || col >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[col])
		}
		caseID, inspector := get(caseCol), get(inspectorCol)
		answered := 0
		for col := range cells {
			q, ok := questionAt[col]
			if !ok || get(col) == "" {
				continue
			}
			answered++
			cell, _ := excelize.CoordinatesToCellName(col+1, line)
			t.Rows = append(t.Rows, intake.Row{Line: line, Cells: []string{caseID, q, get(col), inspector, cell}})
		}
		if caseID == "" && answered > 0 {
			p.Add("%s: row %d has %d answers but no case id", where(caseCol, line), line, answered)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// entrySheet finds the sheet to read: the one named Entry, or the only sheet there is.
func entrySheet(name string, f *excelize.File) (string, error) {
	sheets := f.GetSheetList()
	for _, s := range sheets {
		if strings.EqualFold(s, Sheet) {
			return s, nil
		}
	}
	if len(sheets) == 1 {
		return sheets[0], nil
	}
	quoted := make([]string, len(sheets))
	for i, s := range sheets {
		quoted[i] = strconv.Quote(s)
	}
	return "", casework.Errorf(casework.EINVALID, "%s has no sheet %q (its sheets: %s)", name, Sheet, strings.Join(quoted, ", ")).
		WithHint("answers are read from the sheet `fieldwork template` names Entry; rename the sheet you filled in to Entry")
}
