package workbook

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"fieldwork/figures"
	"fieldwork/outfile"

	"github.com/xuri/excelize/v2"
)

// Write writes the workbook for fig to w as an .xlsx file.
func Write(w io.Writer, fig figures.Published) error {
	f, err := Build(fig)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Write(w); err != nil {
		return fmt.Errorf("writing the workbook: %w", err)
	}
	return nil
}

// WriteFile writes the workbook for fig to the file path. It writes to a temporary file beside
// path and renames it, so a failed write never leaves half a workbook where the last good one
// was.
func WriteFile(ctx context.Context, path string, fig figures.Published, replace bool) error {
	return outfile.Write(ctx, path, outfile.Options{Replace: replace}, func(w io.Writer) error { return Write(w, fig) })
}

// Build lays out the workbook for fig. Every number is written as a value, never a formula:
// many readers show a formula with no cached value as blank.
func Build(fig figures.Published) (*excelize.File, error) {
	f := excelize.NewFile()
	r := &renderer{f: f, styles: map[styleKey]int{}}
	for i, s := range sheets(fig) {
		if err := r.sheet(i, s); err != nil {
			f.Close()
			return nil, fmt.Errorf("workbook sheet %q: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := r.properties(fig); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (r *renderer) properties(fig figures.Published) error {
	ins := fig.Inspection
	written := fig.Written.UTC().Format(time.RFC3339)
	return r.f.SetDocProps(&excelize.DocProperties{
		Title:          ins.Name + ": inspection data workbook",
		Subject:        "Probation inspection of " + ins.Name + ": ratings and case assessment figures",
		Creator:        "fieldwork",
		LastModifiedBy: "fieldwork",
		Description:    "The figures behind the inspection report, framework " + ins.Framework.ID + ". Counts only: no case reference or note.",
		Keywords:       "probation; inspection; " + ins.Name + "; " + ins.Framework.ID,
		Category:       "Official statistics in development",
		Language:       "en-GB",
		Created:        written,
		Modified:       written,
	})
}

type renderer struct {
	f      *excelize.File
	styles map[styleKey]int
}

type styleKey struct {
	kind  cellKind
	bold  bool
	title bool
	head  bool
}

// style returns the style of a kind of cell, made once per workbook.
func (r *renderer) style(k styleKey) (int, error) {
	if id, ok := r.styles[k]; ok {
		return id, nil
	}
	s := &excelize.Style{Font: &excelize.Font{Bold: k.bold}, Alignment: &excelize.Alignment{Vertical: "top"}}
	switch {
	case k.title:
		s.Font.Bold, s.Font.Size = true, 14
	case k.head:
		s.Font.Bold = true
		s.Alignment = &excelize.Alignment{Vertical: "bottom", WrapText: true}
	case k.kind == longText:
		s.Alignment.WrapText = true
	case k.kind == count:
		s.NumFmt = 3 // #,##0
	case k.kind == percent:
		s.NumFmt = 9 // 0%
	case k.kind == points:
		// Whole points with their sign: +5, -55, 0.
		f := "+0;-0;0"
		s.CustomNumFmt = &f
	case k.kind == ratio:
		s.NumFmt = 2 // 0.00
	case k.kind == symbol:
		s.Alignment.Horizontal = "right"
	case k.kind == link:
		s.Font.Color, s.Font.Underline = "0563C1", "single"
	}
	id, err := r.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	r.styles[k] = id
	return id, nil
}

func (r *renderer) set(sheet string, col, row int, value any, k styleKey) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := r.f.SetCellValue(sheet, ref, value); err != nil {
		return err
	}
	id, err := r.style(k)
	if err != nil {
		return err
	}
	return r.f.SetCellStyle(sheet, ref, ref, id)
}

func (r *renderer) sheet(index int, s sheet) error {
	f := r.f
	if index == 0 {
		if err := f.SetSheetName(f.GetSheetName(0), s.name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(s.name); err != nil {
		return err
	}
	if err := r.set(s.name, 1, 1, s.title, styleKey{title: true}); err != nil {
		return err
	}
	for i, line := range s.lines {
		if err := r.set(s.name, 1, 2+i, line, styleKey{kind: text}); err != nil {
			return err
		}
	}
	if s.table == nil {
		// A sheet of text only (the cover): one wide column that wraps.
		id, err := r.style(styleKey{kind: longText})
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(s.name, "A2", fmt.Sprintf("A%d", 1+len(s.lines)), id); err != nil {
			return err
		}
		return f.SetColWidth(s.name, "A", "A", 110)
	}
	head := 2 + len(s.lines)
	if err := r.table(s.name, head, s.table); err != nil {
		return err
	}
	if err := f.SetPanes(s.name, &excelize.Panes{
		Freeze: true, YSplit: head, TopLeftCell: fmt.Sprintf("A%d", head+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: fmt.Sprintf("A%d", head+1), ActiveCell: fmt.Sprintf("A%d", head+1), Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	for i, c := range s.charts {
		if err := r.chart(s.name, head, len(s.table.header)+2, i, s.table, c); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) table(sheet string, head int, t *table) error {
	for j, h := range t.header {
		if err := r.set(sheet, j+1, head, h, styleKey{head: true}); err != nil {
			return err
		}
	}
	for i, row := range t.rows {
		if len(row) != len(t.header) {
			return fmt.Errorf("table %s row %d has %d cells for %d columns", t.name, i+1, len(row), len(t.header))
		}
		for j, c := range row {
			var v any = c.text
			if c.kind == count || c.kind == percent || c.kind == points || c.kind == ratio {
				v = c.num
			}
			if err := r.set(sheet, j+1, head+1+i, v, styleKey{kind: c.kind, bold: c.bold}); err != nil {
				return err
			}
			if c.kind == link {
				ref, _ := excelize.CoordinatesToCellName(j+1, head+1+i)
				if err := r.f.SetCellHyperLink(sheet, ref, quoteSheet(c.text)+"!A1", "Location"); err != nil {
					return err
				}
			}
		}
	}
	last, err := excelize.CoordinatesToCellName(len(t.header), head+len(t.rows))
	if err != nil {
		return err
	}
	stripes := false
	if err := r.f.AddTable(sheet, &excelize.Table{
		Range: fmt.Sprintf("A%d:%s", head, last), Name: t.name, StyleName: "TableStyleLight1", ShowRowStripes: &stripes,
	}); err != nil {
		return err
	}
	// One call per run of columns of the same width: excelize rescans every column set so far
	// on each call, which costs seconds on the wide sheets of a split into many groups.
	for j := 0; j < len(t.header); {
		w, k := columnWidth(t, j), j+1
		for k < len(t.header) && columnWidth(t, k) == w {
			k++
		}
		from, _ := excelize.ColumnNumberToName(j + 1)
		to, _ := excelize.ColumnNumberToName(k)
		if err := r.f.SetColWidth(sheet, from, to, w); err != nil {
			return err
		}
		j = k
	}
	return nil
}

// columnWidth fits a column to its contents: questions and notes get a wide column that wraps,
// other columns their longest value, and headings wrap onto a few lines.
func columnWidth(t *table, j int) float64 {
	w := 8
	for _, row := range t.rows {
		c := row[j]
		switch c.kind {
		case longText:
			return 60
		case count:
			w = max(w, len(fmt.Sprintf("%.0f", c.num))+2)
		case percent, points, ratio:
			w = max(w, 6)
		default:
			w = max(w, utf8.RuneCountInString(c.text)+2)
		}
	}
	// A heading longer than the values wraps onto up to three lines.
	head := utf8.RuneCountInString(t.header[j])
	w = max(w, min(head+2, max(12, (head+2)/3)))
	return float64(min(w, 40))
}

// quoteSheet quotes a sheet name for a cell reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// chart draws chart c of table t, the i-th on its sheet, to the right of the table.
func (r *renderer) chart(sheet string, head, col, i int, t *table, c chart) error {
	first, last := head+1+c.firstRow, head+c.firstRow+c.rows
	colRef := func(j int) string {
		name, _ := excelize.ColumnNumberToName(j + 1)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sheet), name, first, name, last)
	}
	nameRef := func(j int) string {
		name, _ := excelize.ColumnNumberToName(j + 1)
		return fmt.Sprintf("%s!$%s$%d", quoteSheet(sheet), name, head)
	}
	zero, one := 0.0, 1.0
	bars := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name: nameRef(c.bars), Categories: colRef(c.categories), Values: colRef(c.bars),
		}},
		Format:    excelize.GraphicOptions{AltText: c.alt, Name: c.title},
		Dimension: excelize.ChartDimension{Width: 640, Height: 360},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		YAxis:     excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	}
	lines := &excelize.Chart{Type: excelize.Line}
	for _, j := range c.lines {
		lines.Series = append(lines.Series, excelize.ChartSeries{
			Name: nameRef(j), Categories: colRef(c.categories), Values: colRef(j),
			Marker: excelize.ChartMarker{Symbol: "none"},
			Line:   excelize.LineOptions{Dash: excelize.LineDashDash, Width: 1.5},
		})
	}
	at, err := excelize.CoordinatesToCellName(col, head+1+i*20)
	if err != nil {
		return err
	}
	return r.f.AddChart(sheet, at, bars, lines)
}
