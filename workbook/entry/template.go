// Package entry is the Excel entry template: a sheet with one row per case and one column per
// question that inspectors who work in Excel fill in during fieldwork. Write makes it; Read turns
// a filled one back into a table of judgements (case_id, question, answer, inspector), so
// `fieldwork judgements import entry.xlsx` checks it with the same rules, and reports faults
// with the same care, as a CSV file.
package entry

import (
	"fmt"
	"io"
	"unicode/utf8"

	"fieldwork/casework"

	"github.com/xuri/excelize/v2"
)

// Sheet is the name of the sheet answers are entered on and read from.
const Sheet = "Entry"

// guideSheet explains the template to the person filling it in.
const guideSheet = "How to fill in"

// The template's layout: row 1 holds the column ids Read relies on, row 2 the question texts
// for people, and every later row one case. The first columns describe the case.
const (
	idRow      = 1
	textRow    = 2
	firstCase  = 3
	frozenCols = 3 // case id, type and grade stay in view while scrolling across the questions
)

// caseColumns are the columns before the questions, in order: their id (row 1) and label (row 2).
var caseColumns = []struct{ id, label string }{
	{colCase, "Case"},
	{"case_type", "Type"},
	{"grade", "Grade"},
	{colInspector, "Inspector (who gives these answers)"},
}

const (
	colCase      = "case_id"
	colInspector = "inspector"
)

// The answers the drop-downs offer. casework.ParseAnswer reads all three.
var (
	yesNo       = []string{"Yes", "No"}
	yesNoNotApp = []string{"Yes", "No", "N/A"}
)

// Template is what an entry template is made from.
type Template struct {
	Inspection string // the inspection's name, shown on the guide sheet
	Framework  *casework.Framework
	Cases      []casework.Case
	// Inspector is written in every case's inspector cell, so the answers imported from the
	// file record who gave them; "" leaves the cells for the person filling it in.
	Inspector string
}

// Write writes the template as an .xlsx workbook.
func Write(w io.Writer, t Template) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	if err := writeEntry(f, t); err != nil {
		return fmt.Errorf("entry template: %w", err)
	}
	if err := writeGuide(f, t); err != nil {
		return fmt.Errorf("entry template guide: %w", err)
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("writing the entry template: %w", err)
	}
	return nil
}

func writeEntry(f *excelize.File, t Template) error {
	questions := t.Framework.Questions()
	last := len(caseColumns) + len(questions) // the last column's number
	lastRow := firstCase + len(t.Cases) - 1

	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, c := range caseColumns {
		if err := setCell(f, i+1, idRow, c.id, styles.header); err != nil {
			return err
		}
		if err := setCell(f, i+1, textRow, c.label, styles.text); err != nil {
			return err
		}
	}
	for i, q := range questions {
		col := len(caseColumns) + i + 1
		head, text := styles.header, styles.text
		label := "Prompt: " + q.Text
		switch q.Kind {
		case casework.KindKey:
			head, text = styles.keyHeader, styles.keyText
			label = "Key question: " + q.Text
		case casework.KindCase:
			label = q.Text
		}
		if err := setCell(f, col, idRow, q.ID, head); err != nil {
			return err
		}
		if err := setCell(f, col, textRow, label, text); err != nil {
			return err
		}
		if len(t.Cases) > 0 {
			if err := addDropDown(f, col, lastRow, q); err != nil {
				return err
			}
		}
	}

	for i, c := range t.Cases {
		row := firstCase + i
		for col, v := range []string{c.ID, string(c.Type), string(c.Grade)} {
			if err := setCell(f, col+1, row, v, styles.caseCell); err != nil {
				return err
			}
		}
		if err := setCell(f, len(caseColumns), row, t.Inspector, styles.answer); err != nil {
			return err
		}
	}
	if len(t.Cases) > 0 {
		from, _ := excelize.CoordinatesToCellName(len(caseColumns)+1, firstCase)
		to, _ := excelize.CoordinatesToCellName(last, lastRow)
		if err := f.SetCellStyle(Sheet, from, to, styles.answer); err != nil {
			return err
		}
	}
	// Grey the questions a case is not asked (casework.Question.AppliesTo), e.g. work due in
	// the final third of a case under Probation Reset.
	for i, c := range t.Cases {
		for j, q := range questions {
			if q.AppliesTo(c) {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(len(caseColumns)+j+1, firstCase+i)
			if err := f.SetCellStyle(Sheet, cell, cell, styles.notAsked); err != nil {
				return err
			}
		}
	}

	lastName, _ := excelize.ColumnNumberToName(last)
	inspectorCol, _ := excelize.ColumnNumberToName(len(caseColumns))
	firstQuestion, _ := excelize.ColumnNumberToName(len(caseColumns) + 1)
	for _, w := range []struct {
		from, to string
		width    float64
	}{{"A", "A", 14}, {"B", "C", 11}, {inspectorCol, inspectorCol, 20}, {firstQuestion, lastName, 16}} {
		if err := f.SetColWidth(Sheet, w.from, w.to, w.width); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(Sheet, textRow, 150); err != nil {
		return err
	}
	topLeft, _ := excelize.CoordinatesToCellName(frozenCols+1, firstCase)
	if err := f.SetPanes(Sheet, &excelize.Panes{
		Freeze: true, XSplit: frozenCols, YSplit: textRow, TopLeftCell: topLeft, ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: topLeft, ActiveCell: topLeft, Pane: "bottomRight"}},
	}); err != nil {
		return err
	}
	// Protection keeps the header and the case columns from being changed by accident (Read
	// relies on row 1); it has no password, so it stops slips, not a determined person.
	return f.ProtectSheet(Sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
	})
}

// addDropDown limits a question's column to the answers it allows, and shows the question's
// id and text when a cell is selected, since the header may be scrolled out of view.
func addDropDown(f *excelize.File, col, lastRow int, q casework.Question) error {
	from, _ := excelize.CoordinatesToCellName(col, firstCase)
	to, _ := excelize.CoordinatesToCellName(col, lastRow)
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(from + ":" + to)
	allowed, why := yesNo, q.ID+" allows Yes or No."
	switch {
	case q.Kind == casework.KindKey:
		why = q.ID + " is a key question: it is answered Yes or No for every case."
	case q.NotApplicable:
		allowed, why = yesNoNotApp, q.ID+" allows Yes, No or N/A (not applicable)."
	}
	if err := dv.SetDropList(allowed); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not an answer", why+" Leave the cell empty if it is not answered yet.")
	dv.SetInput(clip(q.ID, 32), clip(q.Text, 255)) // Excel's limits for an input message
	return f.AddDataValidation(Sheet, dv)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

type styles struct {
	header, keyHeader, text, keyText, caseCell, answer, notAsked int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	locked := &excelize.Protection{Locked: true}
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}
	blue := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E2F3"}}
	top := &excelize.Alignment{WrapText: true, Vertical: "top"}
	for _, def := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: grey, Protection: locked}},
		{&s.keyHeader, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: blue, Protection: locked}},
		{&s.text, excelize.Style{Fill: grey, Alignment: top, Protection: locked}},
		{&s.keyText, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: blue, Alignment: top, Protection: locked}},
		{&s.caseCell, excelize.Style{Protection: locked}},
		{&s.answer, excelize.Style{Protection: &excelize.Protection{Locked: false}}},
		{&s.notAsked, excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"BFBFBF"}}, Protection: &excelize.Protection{Locked: false}}},
	} {
		id, err := f.NewStyle(&def.style)
		if err != nil {
			return s, err
		}
		*def.id = id
	}
	return s, nil
}

func setCell(f *excelize.File, col, row int, value string, style int) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := f.SetCellStr(Sheet, cell, value); err != nil {
		return err
	}
	return f.SetCellStyle(Sheet, cell, cell, style)
}

func writeGuide(f *excelize.File, t Template) error {
	if _, err := f.NewSheet(guideSheet); err != nil {
		return err
	}
	title := "Entry template"
	if t.Inspection != "" {
		title += ": " + t.Inspection
	}
	lines := []string{
		title,
		fmt.Sprintf("Framework %s, %d cases.", t.Framework.ID, len(t.Cases)),
		"",
		"On the sheet \"Entry\", each row is a case and each column a question. Row 1 has the question's id, row 2 its text.",
		"Key questions (blue) are answered Yes or No for every case.",
		"Prompts and other questions are answered Yes or No, or N/A where the question allows it (the drop-down offers only the allowed answers).",
		"Leave a cell empty while a question is not answered: empty cells are skipped on import and never erase an answer.",
		"Grey cells are questions not asked of that case (for example work due after a case came under Probation Reset): leave them empty, or N/A where allowed; a Yes or No there counts as not applicable.",
		"Put your name in the Inspector column so every answer records who gave it.",
		"",
		"Import the file with:  fieldwork judgements import FILE.xlsx",
		"The whole file is checked first: if any cell is wrong, nothing is imported and the error names the cell.",
		"Importing the same file twice changes nothing; a changed answer replaces the stored one, which stays in the history.",
		"Case ids stay in the inspection: never publish or share this file outside the inspection team.",
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellStr(guideSheet, cell, l); err != nil {
			return err
		}
	}
	return f.SetColWidth(guideSheet, "A", "A", 120)
}
