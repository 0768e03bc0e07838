package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fieldwork/figures"
	"fieldwork/outfile"

	"github.com/xuri/excelize/v2"
)

// Write writes the workbook for fig to w as an .xlsx file.
func Write(w io.Writer, fig figures.Published) error {
	f, alts, title, err := build(fig)
	if err != nil {
		return err
	}
	defer f.Close()
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("writing the workbook: %w", err)
	}
	data, err := finish(buf.Bytes(), alts, title)
	if err != nil {
		return fmt.Errorf("writing the workbook: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("writing the workbook: %w", err)
	}
	return nil
}

// altText is a chart's name and its alternative text.
type altText struct{ name, alt string }

// finish mends what excelize cannot write: the charts' names and alternative text, which it
// leaves empty on a chart sheet (the i-th chart sheet's drawing is drawing i, as the workbook
// has drawings on its chart sheets only), and the built-in cell style "Heading 1" on the sheets'
// titles, the style a screen reader announces as a heading. title is the titles' cell style.
func finish(data []byte, alts []altText, title int) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	frame := regexp.MustCompile(`name="Chart \d+" descr=""`)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		var i int
		switch {
		case zf.Name == "xl/styles.xml":
			part = headingStyle(part, title)
		case zf.Name == "[Content_Types].xml":
			part = sortDefaults(part)
		default:
			if _, err := fmt.Sscanf(zf.Name, "xl/drawings/drawing%d.xml", &i); err == nil && i >= 1 && i <= len(alts) && strings.HasSuffix(zf.Name, ".xml") {
				a := alts[i-1]
				part = frame.ReplaceAll(part, []byte(fmt.Sprintf(`name="%s" descr="%s"`, escape(a.name), escape(a.alt))))
			}
		}
		pw, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zf.Method, Modified: zf.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := pw.Write(part); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// defaultType is one file extension's content type in [Content_Types].xml.
var defaultType = regexp.MustCompile(`<Default [^>]*>(</Default>)?`)

// sortDefaults puts the file extensions' content types in [Content_Types].xml in order. excelize
// adds the image types from a map, in an order that changes from run to run, and a workbook
// written twice from the same figures (with SOURCE_DATE_EPOCH) must be the same bytes.
func sortDefaults(part []byte) []byte {
	spans := defaultType.FindAllIndex(part, -1)
	if len(spans) < 2 {
		return part
	}
	first, last := spans[0][0], spans[len(spans)-1][1]
	var each [][]byte
	for _, sp := range spans {
		each = append(each, part[sp[0]:sp[1]])
	}
	if len(bytes.Join(each, nil)) != last-first {
		return part // not one run of them: leave the file as excelize wrote it
	}
	slices.SortFunc(each, bytes.Compare)
	return slices.Concat(part[:first:first], bytes.Join(each, nil), part[last:])
}

// WriteFile writes the workbook for fig to the file path: OpenDocument where its name ends in
// .ods, else Excel. It is written whole or not at all (outfile), and replaces a file already at
// path only when replace is true.
func WriteFile(ctx context.Context, path string, fig figures.Published, replace bool) error {
	write := Write
	if strings.EqualFold(filepath.Ext(path), ".ods") {
		write = WriteODS
	}
	return outfile.Write(ctx, path, outfile.Options{Replace: replace}, func(w io.Writer) error { return write(w, fig) })
}

// The font of every cell: a sans serif at 12 points, the size the government's guidance on
// releasing statistics in spreadsheets recommends (10 at the least), the title larger.
const (
	fontName  = "Arial"
	fontSize  = 12
	titleSize = 16
	// lineHeight is the height in points of one line of 12-point text, and titleHeight of the
	// title's one line, as Excel sizes rows for them.
	lineHeight  = 15.75
	titleHeight = 21
	// charsPerUnit is how many characters of 12-point Arial prose fit in one unit of column
	// width (the width of a digit of the default font, 11-point Arial), kept on the low side so
	// that a row is never too short for its text.
	charsPerUnit = 0.95
	// indentUnits is the column width one step of indent takes, as Excel and LibreOffice draw it.
	indentUnits = 1.2
)

// headingStyle makes cell style title of styles, as excelize wrote them, the built-in "Heading
// 1": a second cell style format with the title's font, named Heading 1 (built-in id 16), which
// the title's format then derives from. Styles it cannot find are left as they are.
func headingStyle(styles []byte, title int) []byte {
	xfs := regexp.MustCompile(`(?s)<cellXfs count="\d+">(.*?)</cellXfs>`).FindSubmatchIndex(styles)
	base := regexp.MustCompile(`(?s)<cellStyleXfs count="1">(.*?)</cellStyleXfs>`).FindSubmatchIndex(styles)
	named := regexp.MustCompile(`(?s)<cellStyles count="1">(.*?)</cellStyles>`).FindSubmatchIndex(styles)
	if xfs == nil || base == nil || named == nil || !(base[1] <= xfs[0] && xfs[1] <= named[0]) {
		return styles
	}
	tags := regexp.MustCompile(`<xf [^>]*>`).FindAllIndex(styles[xfs[2]:xfs[3]], -1)
	if title < 0 || title >= len(tags) {
		return styles
	}
	tag := styles[xfs[2]+tags[title][0] : xfs[2]+tags[title][1]]
	font := regexp.MustCompile(`fontId="(\d+)"`).FindSubmatch(tag)
	if font == nil || !bytes.Contains(tag, []byte(`xfId="0"`)) {
		return styles
	}
	var out bytes.Buffer
	out.Write(styles[:base[0]])
	fmt.Fprintf(&out, `<cellStyleXfs count="2">%s<xf numFmtId="0" fontId="%s" fillId="0" borderId="0" applyFont="1"></xf></cellStyleXfs>`, styles[base[2]:base[3]], font[1])
	out.Write(styles[base[1] : xfs[2]+tags[title][0]])
	out.Write(bytes.Replace(tag, []byte(`xfId="0"`), []byte(`xfId="1"`), 1))
	out.Write(styles[xfs[2]+tags[title][1] : named[0]])
	fmt.Fprintf(&out, `<cellStyles count="2">%s<cellStyle name="Heading 1" xfId="1" builtinId="16"></cellStyle></cellStyles>`, styles[named[2]:named[3]])
	out.Write(styles[named[1]:])
	return out.Bytes()
}

// build lays out the workbook for fig, and the alternative text of its charts. Every number is
// written as a value, never a formula: many readers show a formula with no cached value as
// blank.
func build(fig figures.Published) (*excelize.File, []altText, int, error) {
	f := excelize.NewFile()
	if err := f.SetDefaultFont(fontName); err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	r := &renderer{f: f, styles: map[styleKey]int{}, placed: map[string]placement{}}
	var alts []altText
	for i, s := range sheets(fig) {
		if err := r.sheet(i, s); err != nil {
			f.Close()
			return nil, nil, 0, fmt.Errorf("workbook sheet %q: %w", s.name, err)
		}
		if s.chart != nil {
			alts = append(alts, altText{s.chart.title, s.chart.alt})
		}
	}
	f.SetActiveSheet(0)
	if err := r.properties(fig); err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	readable(f)
	title, err := r.style(styleKey{title: true})
	if err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	return f, alts, title, nil
}

func (r *renderer) properties(fig figures.Published) error {
	ins := fig.Inspection
	written := fig.Written.UTC().Format(time.RFC3339)
	title := coverTitle(fig)
	if fig.Status == figures.NotForPublication {
		title = "Not for publication: " + title
	}
	org := fig.Release.Organisation
	return r.f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Subject:        "Probation inspection of " + ins.Name + ": ratings and case assessment figures",
		Creator:        org,
		LastModifiedBy: org,
		Description:    "The figures behind the inspection report, framework " + ins.Framework.ID + ". Counts only: no case reference or note.",
		Keywords:       "probation; inspection; " + ins.Name + "; " + ins.Framework.ID,
		ContentStatus:  fig.Status.String(),
		Language:       "en-GB",
		Created:        written,
		Modified:       written,
	})
}

// readable mends three things excelize writes that the guidance advises against: a filter on
// every table's header row, which a reader must know how to turn off, and chart axes and
// gridlines in a grey of about 1.4:1 against white. Tables keep their header row; the grey
// becomes one of about 4:1, above the 3:1 the accessibility guidelines ask of graphics (the
// axes' text is black). And it sets up chart sheets to print.
func readable(f *excelize.File) {
	filter := regexp.MustCompile(`<autoFilter [^>]*?(/>|></autoFilter>)`)
	grey := []byte(`<a:lumMod val="15000"></a:lumMod><a:lumOff val="85000"></a:lumOff>`)
	dark := []byte(`<a:lumMod val="50000"></a:lumMod><a:lumOff val="50000"></a:lumOff>`)
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		data, ok := v.([]byte)
		switch {
		case !ok:
		case strings.HasPrefix(name, "xl/tables/table"):
			f.Pkg.Store(name, filter.ReplaceAll(data, nil))
		case strings.HasPrefix(name, "xl/charts/chart"):
			f.Pkg.Store(name, bytes.ReplaceAll(data, grey, dark))
		case strings.HasPrefix(name, "xl/chartsheets/sheet"):
			// excelize sets up no chart sheet for printing: a chart prints across A4 paper.
			f.Pkg.Store(name, bytes.Replace(data, []byte("<drawing "), []byte(chartPage+"<drawing "), 1))
		}
		return true
	})
}

// chartPage prints a chart sheet on A4 paper turned landscape.
const chartPage = `<pageMargins left="0.5" right="0.5" top="0.5" bottom="0.5" header="0.3" footer="0.3"></pageMargins><pageSetup paperSize="9" orientation="landscape"></pageSetup>`

type renderer struct {
	f      *excelize.File
	styles map[styleKey]int
	placed map[string]placement // by table name
	charts int                  // charts drawn so far
}

// placement is where a table was written: its sheet and header row.
type placement struct {
	sheet string
	head  int
}

type styleKey struct {
	kind   cellKind
	bold   bool
	title  bool
	head   bool
	right  bool // a heading over numbers, or shorthand among them, aligned with them
	indent bool // one step in from the left (tableKey)
}

// tableKey is the style of a cell of a table: text, and a heading over text, reads from the
// left and is indented one step, so that it does not run into a number right-aligned in the
// column before ("3Decision guidance" on the Ratings sheet); shorthand among numbers stands
// where a number would, aligned as the column's numbers are.
func tableKey(c cell, head, numbers bool) styleKey {
	k := styleKey{kind: c.kind, bold: c.bold, head: head, right: numbers && (head || c.kind == symbol)}
	k.indent = !k.right && (head || !c.numeric())
	return k
}

// style returns the style of a kind of cell, made once per workbook.
func (r *renderer) style(k styleKey) (int, error) {
	if id, ok := r.styles[k]; ok {
		return id, nil
	}
	s := &excelize.Style{Font: &excelize.Font{Family: fontName, Size: fontSize, Bold: k.bold}, Alignment: &excelize.Alignment{Vertical: "top"}}
	if k.indent {
		// An indent holds only with an alignment to the side it is from.
		s.Alignment.Horizontal, s.Alignment.Indent = "left", 1
	}
	switch {
	case k.title:
		s.Font.Bold, s.Font.Size = true, titleSize
	case k.head:
		s.Font.Bold = true
		s.Alignment = &excelize.Alignment{Vertical: "bottom", WrapText: true, Horizontal: s.Alignment.Horizontal, Indent: s.Alignment.Indent}
		if k.right {
			s.Alignment.Horizontal = "right"
		}
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
	case k.kind == tenths:
		f := "0.0"
		s.CustomNumFmt = &f
	case k.kind == symbol && k.right:
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

// coverWidth is the width of the cover's one column of text.
const coverWidth = 100

// A grid is a sheet laid out in rows and columns, as either file format writes it: each cell
// with its style, each row with its height, each column with its width.
type grid struct {
	name   string
	widths []float64 // in units of a digit's width of the default font
	rows   []gridRow
	head   int    // the table's header row, from 1; 0 for a sheet with no table
	table  *table // the table, its header at row head
}

type gridRow struct {
	height float64 // points
	cells  []gridCell
}

type gridCell struct {
	cell
	style styleKey
	url   string // an address outside the workbook the cell links to
}

// layout lays sheet s out: the title and the lines above a table broken into rows no wider than
// the table (text running on past it would be cut off in print, or shrink the page to fit it),
// the cover's into its one wide column, then the table with each row as tall as its wrapped
// text.
func layout(s sheet) grid {
	g := grid{name: s.name, widths: []float64{coverWidth}, table: s.table}
	width := float64(coverWidth)
	if s.table != nil {
		g.widths = make([]float64, len(s.table.header))
		width = 0
		for j := range g.widths {
			g.widths[j] = columnWidth(s.table, j)
			width += g.widths[j]
		}
	}
	for _, part := range breakText(s.title, width*fontSize/titleSize) {
		g.rows = append(g.rows, gridRow{titleHeight, []gridCell{{cell: txt(part), style: styleKey{title: true}}}})
	}
	for i, line := range s.lines {
		u, linked := s.urls[i]
		parts := breakText(line, width)
		if linked {
			parts = []string{line} // an address is not broken
		}
		for _, part := range parts {
			c := gridCell{cell: txt(part), style: styleKey{kind: text}}
			if linked {
				c.style.kind, c.url = link, u
			}
			g.rows = append(g.rows, gridRow{lineHeight, []gridCell{c}})
		}
	}
	t := s.table
	if t == nil {
		return g
	}
	g.head = len(g.rows) + 1
	right := make([]bool, len(t.header))
	head := gridRow{}
	lines := 1
	for j, h := range t.header {
		right[j] = numeric(t, j)
		head.cells = append(head.cells, gridCell{cell: txt(h), style: tableKey(txt(h), true, right[j])})
		lines = max(lines, wrappedLines(h, g.widths[j]-indentOf(head.cells[j].style), true))
	}
	head.height = rowHeight(lines)
	g.rows = append(g.rows, head)
	for _, row := range t.rows {
		r := gridRow{}
		lines := 1
		for j, c := range row {
			r.cells = append(r.cells, gridCell{cell: c, style: tableKey(c, false, right[j])})
			if c.kind == longText {
				lines = max(lines, wrappedLines(c.text, g.widths[j]-indentOf(r.cells[j].style), c.bold))
			}
		}
		r.height = rowHeight(lines)
		g.rows = append(g.rows, r)
	}
	return g
}

// indentOf is the column width a cell's indent takes from its text.
func indentOf(k styleKey) float64 {
	if k.indent {
		return indentUnits
	}
	return 0
}

// breakText breaks text at word boundaries into lines that fit width units of column width.
func breakText(text string, width float64) []string {
	fit := max(int((width-1)*charsPerUnit), 1)
	var out []string
	var cur strings.Builder
	for _, w := range strings.Fields(text) {
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(w) > fit {
			out = append(out, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 || len(out) == 0 {
		out = append(out, cur.String())
	}
	return out
}

func (r *renderer) sheet(index int, s sheet) error {
	f := r.f
	if s.chart != nil {
		return r.chart(s.name, s.chart)
	}
	if index == 0 {
		if err := f.SetSheetName(f.GetSheetName(0), s.name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(s.name); err != nil {
		return err
	}
	g := layout(s)
	for i, row := range g.rows {
		for j, c := range row.cells {
			var v any = c.text
			if c.numeric() {
				v = c.num
			}
			if err := r.set(s.name, j+1, i+1, v, c.style); err != nil {
				return err
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			switch {
			case c.url != "":
				if err := f.SetCellHyperLink(s.name, ref, c.url, "External"); err != nil {
					return err
				}
			case c.kind == link:
				if err := f.SetCellHyperLink(s.name, ref, quoteSheet(c.text)+"!A1", "Location"); err != nil {
					return err
				}
			}
		}
		if err := f.SetRowHeight(s.name, i+1, row.height); err != nil {
			return err
		}
	}
	// One call per run of columns of the same width: excelize rescans every column set so far
	// on each call, which costs seconds on the wide sheets of a split into many groups.
	for j := 0; j < len(g.widths); {
		k := j + 1
		for k < len(g.widths) && g.widths[k] == g.widths[j] {
			k++
		}
		from, _ := excelize.ColumnNumberToName(j + 1)
		to, _ := excelize.ColumnNumberToName(k)
		if err := f.SetColWidth(s.name, from, to, g.widths[j]); err != nil {
			return err
		}
		j = k
	}
	if g.table == nil {
		return r.print(s.name, 0, "portrait")
	}
	last, err := excelize.CoordinatesToCellName(len(g.table.header), len(g.rows))
	if err != nil {
		return err
	}
	stripes := false
	if err := f.AddTable(s.name, &excelize.Table{
		Range: fmt.Sprintf("A%d:%s", g.head, last), Name: g.table.name, StyleName: "TableStyleLight1", ShowRowStripes: &stripes,
	}); err != nil {
		return err
	}
	r.placed[g.table.name] = placement{s.name, g.head}
	return r.print(s.name, g.head, "landscape")
}

// print sets a sheet up to print across the width of A4 paper, its header row (head; 0 for none)
// repeated on every page.
func (r *renderer) print(sheet string, head int, orientation string) error {
	fit, size, any := true, 9, 0 // A4; as many pages down as it takes
	one := 1
	if err := r.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := r.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &any}); err != nil {
		return err
	}
	if head == 0 {
		return nil
	}
	return r.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(sheet), head, head), Scope: sheet})
}

// numeric reports whether column j of t holds numbers and the shorthand standing in for them,
// or shorthand alone (a population not recorded), so its heading aligns right over them.
func numeric(t *table, j int) bool {
	for _, row := range t.rows {
		if !row[j].numeric() && row[j].kind != symbol {
			return false
		}
	}
	return len(t.rows) > 0
}

// rowHeight is the height in points of a row of n lines of text, at most the 409 points a
// spreadsheet row can have.
func rowHeight(n int) float64 { return min(float64(max(n, 1))*lineHeight+2, 409) }

// wrappedLines is how many lines text takes wrapped at word boundaries in a column width
// units wide; bold text is wider.
func wrappedLines(text string, width float64, bold bool) int {
	per := (width - 1) * charsPerUnit
	if bold {
		per *= 0.92
	}
	fit := max(int(per), 1)
	lines, used := 1, 0
	for _, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		switch {
		case used == 0:
			used = n
		case used+1+n <= fit:
			used += 1 + n
		default:
			lines++
			used = n
		}
		for used > fit { // a word longer than the column breaks across lines
			lines++
			used -= fit
		}
	}
	return lines
}

// columnWidth fits a column to its contents: questions and notes get a wide column that wraps,
// other columns their longest value, and headings wrap onto a few lines.
func columnWidth(t *table, j int) float64 {
	w := 8
	for _, row := range t.rows {
		c := row[j]
		switch c.kind {
		case longText:
			if t.textWidth > 0 {
				return t.textWidth
			}
			return 60
		case count:
			w = max(w, len(thousands(int(c.num)))+2)
		case percent, points, ratio, tenths:
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

// The chart's colours, each at least 4.5:1 against white, and the band lines' dash patterns,
// so that no line is told from another by colour alone.
var (
	barColour   = "12436D"
	lineColours = []string{"801650", "3D3D3D", "8A4E00"}
	lineDashes  = []excelize.LineDashType{excelize.LineDashDash, excelize.LineDashSysDot, excelize.LineDashLgDashDot}
)

// chart draws chart c alone on a chart sheet named sheet, from its table on a sheet before it.
func (r *renderer) chart(sheet string, c *chart) error {
	at, ok := r.placed[c.table]
	if !ok {
		return fmt.Errorf("chart %q: no table %s before it", c.title, c.table)
	}
	first, last := at.head+1+c.firstRow, at.head+c.firstRow+c.rows
	colRef := func(j int) string {
		name, _ := excelize.ColumnNumberToName(j + 1)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(at.sheet), name, first, name, last)
	}
	nameRef := func(j int) string {
		name, _ := excelize.ColumnNumberToName(j + 1)
		return fmt.Sprintf("%s!$%s$%d", quoteSheet(at.sheet), name, at.head)
	}
	black := excelize.Font{Family: fontName, Size: fontSize, Color: "000000"}
	zero, one, no := 0.0, 1.0, false
	// Both charts of the combination carry the axes: 0% to 100% in steps of 10%, black text.
	xAxis := excelize.ChartAxis{Font: black}
	yAxis := excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorUnit: 0.1, MajorGridLines: true, Font: black,
		NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}}
	bars := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name: nameRef(c.bars), Categories: colRef(c.categories), Values: colRef(c.bars),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{barColour}},
			DataLabel: excelize.ChartDataLabel{Font: black},
		}},
		VaryColors: &no,
		Format:     excelize.GraphicOptions{AltText: c.alt, Name: c.title},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title, Font: &excelize.Font{Family: fontName, Size: 14, Bold: true, Color: "000000"}}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		XAxis:      xAxis, YAxis: yAxis,
		// Each bar labelled with its % yes, rounded as the report prints it.
		PlotArea: excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	}
	lines := &excelize.Chart{Type: excelize.Line, VaryColors: &no, XAxis: xAxis, YAxis: yAxis,
		// Each band line is labelled with its name, as well as in the legend.
		PlotArea: excelize.ChartPlotArea{ShowSerName: true}}
	for i, j := range c.lines {
		colour := lineColours[i%len(lineColours)]
		lines.Series = append(lines.Series, excelize.ChartSeries{
			Name: nameRef(j), Categories: colRef(c.categories), Values: colRef(j),
			Fill:              excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Marker:            excelize.ChartMarker{Symbol: "none"},
			Line:              excelize.LineOptions{Dash: lineDashes[i%len(lineDashes)], Width: 2},
			DataLabel:         excelize.ChartDataLabel{Font: excelize.Font{Family: fontName, Size: 10, Bold: true, Color: colour}},
			DataLabelPosition: excelize.ChartDataLabelsPositionAbove,
		})
	}
	if err := r.f.AddChartSheet(sheet, bars, lines); err != nil {
		return err
	}
	r.charts++
	labelLineEnds(r.f, fmt.Sprintf("xl/charts/chart%d.xml", r.charts), c.rows)
	return nil
}

// labelLineEnds keeps the name of each band line on its last point only, where the line ends,
// instead of on every point over the bars: excelize labels a series' every point or none.
func labelLineEnds(f *excelize.File, part string, points int) {
	v, ok := f.Pkg.Load(part)
	data, _ := v.([]byte)
	if !ok || points < 2 {
		return
	}
	var del strings.Builder
	for i := 0; i < points-1; i++ {
		fmt.Fprintf(&del, `<dLbl><idx val="%d"></idx><delete val="1"></delete></dLbl>`, i)
	}
	at := bytes.Index(data, []byte("<lineChart>"))
	if at < 0 {
		return
	}
	head, lineChart := data[:at], data[at:]
	// Within the line chart, each series' labels come first in its <dLbls>.
	var out bytes.Buffer
	out.Write(head)
	for {
		ser := bytes.Index(lineChart, []byte("<ser>"))
		if ser < 0 {
			break
		}
		lbls := bytes.Index(lineChart[ser:], []byte("<dLbls>"))
		if lbls < 0 {
			break
		}
		cut := ser + lbls + len("<dLbls>")
		out.Write(lineChart[:cut])
		out.WriteString(del.String())
		lineChart = lineChart[cut:]
	}
	out.Write(lineChart)
	f.Pkg.Store(part, out.Bytes())
}
