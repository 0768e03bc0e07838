package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"fieldwork/figures"

	"github.com/xuri/excelize/v2"
)

// WriteODS writes the workbook for fig to w as an OpenDocument spreadsheet (.ods), the open
// format the guidance on releasing statistics asks for beside Excel's: the same sheets, tables,
// notes, fonts, row heights and print set-up, laid out by the same code. It needs no office
// suite. The charts are the Excel workbook's alone: an .ods carries their figures, on the Chart
// data sheet.
func WriteODS(w io.Writer, fig figures.Published) error {
	var grids []grid
	for _, s := range sheets(fig) {
		if s.chart == nil {
			grids = append(grids, layout(s))
		}
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	when := fig.Written.UTC()
	// The mimetype comes first and uncompressed, so that a reader can tell the file's kind from
	// its first bytes.
	parts := []struct {
		name  string
		store bool
		data  []byte
	}{
		{"mimetype", true, []byte(odsMime)},
		{"META-INF/manifest.xml", false, []byte(odsManifest)},
		{"meta.xml", false, odsMeta(fig)},
		{"styles.xml", false, []byte(odsStyles)},
		{"content.xml", false, odsContent(grids)},
	}
	for _, p := range parts {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: when}
		if p.store {
			h.Method = zip.Store
		}
		pw, err := z.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("writing the workbook: %w", err)
		}
		if _, err := pw.Write(p.data); err != nil {
			return fmt.Errorf("writing the workbook: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("writing the workbook: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing the workbook: %w", err)
	}
	return nil
}

const odsMime = "application/vnd.oasis.opendocument.spreadsheet"

const odsManifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`

// odsNS are the namespaces of the OpenDocument parts.
const odsNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" ` +
	`xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ` +
	`office:version="1.3"`

// odsStyles are the default cell style (the font of every cell) and the two page set-ups: a
// table sheet across landscape A4, its width fitted to one page, and the cover upright.
const odsStyles = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ` + odsNS + `>
<office:font-face-decls><style:font-face style:name="Arial" svg:font-family="Arial" style:font-family-generic="swiss" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="table-cell"><style:text-properties style:font-name="Arial" fo:font-size="12pt" fo:language="en" fo:country="GB"/></style:default-style>
<style:style style:name="Default" style:family="table-cell"><style:text-properties style:font-name="Arial" fo:font-size="12pt"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pmLandscape"><style:page-layout-properties fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" fo:margin="1.5cm" style:scale-to-X="1" style:scale-to-Y="0"/></style:page-layout>
<style:page-layout style:name="pmPortrait"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin="1.5cm" style:scale-to-X="1" style:scale-to-Y="0"/></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Landscape" style:page-layout-name="pmLandscape"/>
<style:master-page style:name="Portrait" style:page-layout-name="pmPortrait"/>
</office:master-styles>
</office:document-styles>
`

func odsMeta(fig figures.Published) []byte {
	ins := fig.Inspection
	title := coverTitle(fig)
	if fig.Status == figures.NotForPublication {
		title = "Not for publication: " + title
	}
	when := fig.Written.UTC().Format(time.RFC3339)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<office:document-meta " + odsNS + "><office:meta>")
	for _, e := range []struct{ tag, v string }{
		{"dc:title", title},
		{"dc:subject", "Probation inspection of " + ins.Name + ": ratings and case assessment figures"},
		{"dc:description", "The figures behind the inspection report, framework " + ins.Framework.ID + ". Counts only: no case reference or note."},
		{"meta:keyword", "probation"}, {"meta:keyword", "inspection"}, {"meta:keyword", ins.Name}, {"meta:keyword", ins.Framework.ID},
		{"meta:initial-creator", fig.Release.Organisation}, {"dc:creator", fig.Release.Organisation},
		{"dc:language", "en-GB"}, {"meta:creation-date", when}, {"dc:date", when},
	} {
		fmt.Fprintf(&b, "<%s>%s</%s>", e.tag, escape(e.v), e.tag)
	}
	b.WriteString("</office:meta></office:document-meta>\n")
	return b.Bytes()
}

// odsNumberStyles are the number formats of the Excel workbook: #,##0, 0%, +0;-0;0 and 0.00.
const odsNumberStyles = `<number:number-style style:name="Ncount"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:percentage-style style:name="Npercent"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:number-style style:name="Npointsneg"><number:text>-</number:text><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/></number:number-style>
<number:number-style style:name="Npointszero"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/></number:number-style>
<number:number-style style:name="Npoints"><number:text>+</number:text><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/><style:map style:condition="value()&lt;0" style:apply-style-name="Npointsneg"/><style:map style:condition="value()=0" style:apply-style-name="Npointszero"/></number:number-style>
<number:number-style style:name="Ntenths"><number:number number:decimal-places="1" number:min-decimal-places="1" number:min-integer-digits="1"/></number:number-style>
<number:number-style style:name="Nratio"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>
`

// odsContent writes the sheets: each a table of rows, its table marked up as a database range
// with a header row, repeated on every printed page.
func odsContent(grids []grid) []byte {
	styles := map[styleKey]string{}
	var order []styleKey
	styleOf := func(k styleKey) string {
		if n, ok := styles[k]; ok {
			return n
		}
		n := "ce" + strconv.Itoa(len(styles)+1)
		styles[k] = n
		order = append(order, k)
		return n
	}
	columns, rows := map[float64]string{}, map[float64]string{}
	var colOrder, rowOrder []float64
	named := func(m map[float64]string, o *[]float64, prefix string, v float64) string {
		if n, ok := m[v]; ok {
			return n
		}
		n := prefix + strconv.Itoa(len(m)+1)
		m[v] = n
		*o = append(*o, v)
		return n
	}
	var body, ranges bytes.Buffer
	for _, g := range grids {
		master := "taLandscape"
		if g.table == nil {
			master = "taPortrait"
		}
		fmt.Fprintf(&body, `<table:table table:name="%s" table:style-name="%s">`, escape(g.name), master)
		for _, w := range g.widths {
			fmt.Fprintf(&body, `<table:table-column table:style-name="%s" table:default-cell-style-name="Default"/>`, named(columns, &colOrder, "co", w))
		}
		for i, r := range g.rows {
			if i+1 == g.head {
				body.WriteString("<table:table-header-rows>")
			}
			fmt.Fprintf(&body, `<table:table-row table:style-name="%s">`, named(rows, &rowOrder, "ro", r.height))
			for _, c := range r.cells {
				odsCell(&body, c, styleOf(c.style))
			}
			body.WriteString("</table:table-row>")
			if i+1 == g.head {
				body.WriteString("</table:table-header-rows>")
			}
		}
		body.WriteString("</table:table>")
		if g.table != nil {
			col, _ := excelize.ColumnNumberToName(len(g.table.header))
			last := col + strconv.Itoa(len(g.rows))
			fmt.Fprintf(&ranges, `<table:database-range table:name="%s" table:target-range-address="%s.A%d:%s.%s" table:contains-header="true"/>`,
				escape(g.table.name), escape(odsSheet(g.name)), g.head, escape(odsSheet(g.name)), last)
		}
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<office:document-content " + odsNS + ">")
	b.WriteString(`<office:font-face-decls><style:font-face style:name="Arial" svg:font-family="Arial" style:font-family-generic="swiss" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>`)
	b.WriteString("<office:automatic-styles>" + odsNumberStyles)
	b.WriteString(`<style:style style:name="taLandscape" style:family="table" style:master-page-name="Landscape"><style:table-properties table:display="true"/></style:style>`)
	b.WriteString(`<style:style style:name="taPortrait" style:family="table" style:master-page-name="Portrait"><style:table-properties table:display="true"/></style:style>`)
	for _, w := range colOrder {
		// A unit of column width is a digit of 11-point Arial, about 0.21 cm, and a cell's
		// padding 0.13 cm, as Excel reckons them.
		fmt.Fprintf(&b, `<style:style style:name="%s" style:family="table-column"><style:table-column-properties style:column-width="%.3fcm"/></style:style>`, columns[w], 0.2117*w+0.13)
	}
	for _, h := range rowOrder {
		fmt.Fprintf(&b, `<style:style style:name="%s" style:family="table-row"><style:table-row-properties style:row-height="%.2fpt" style:use-optimal-row-height="false"/></style:style>`, rows[h], h)
	}
	for _, k := range order {
		b.WriteString(odsCellStyle(styles[k], k))
	}
	b.WriteString("</office:automatic-styles><office:body><office:spreadsheet>")
	b.Write(body.Bytes())
	if ranges.Len() > 0 {
		b.WriteString("<table:database-ranges>")
		b.Write(ranges.Bytes())
		b.WriteString("</table:database-ranges>")
	}
	b.WriteString("</office:spreadsheet></office:body></office:document-content>\n")
	return b.Bytes()
}

// odsCellStyle is the automatic style of a kind of cell, as the Excel workbook's style of it.
func odsCellStyle(name string, k styleKey) string {
	data := ""
	switch {
	case k.title || k.head:
	case k.kind == count:
		data = ` style:data-style-name="Ncount"`
	case k.kind == percent:
		data = ` style:data-style-name="Npercent"`
	case k.kind == points:
		data = ` style:data-style-name="Npoints"`
	case k.kind == ratio:
		data = ` style:data-style-name="Nratio"`
	case k.kind == tenths:
		data = ` style:data-style-name="Ntenths"`
	}
	size, weight, colour, underline := "12pt", "normal", "", ""
	vertical, wrap, align := "top", "no-wrap", ""
	switch {
	case k.title:
		size, weight = "16pt", "bold"
	case k.head:
		weight, vertical, wrap = "bold", "bottom", "wrap"
		if k.right {
			align = "end"
		}
	case k.kind == longText:
		wrap = "wrap"
	case k.kind == symbol && k.right:
		align = "end"
	case k.kind == link:
		colour, underline = ` fo:color="#0563c1"`, ` style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"`
	}
	if k.bold {
		weight = "bold"
	}
	para := ""
	if align != "" {
		para = fmt.Sprintf(`<style:paragraph-properties fo:text-align="%s"/>`, align)
	} else if k.indent {
		// The xlsx's one step of indent; LibreOffice keeps a margin only on text aligned to a side.
		para = `<style:paragraph-properties fo:text-align="start" fo:margin-left="0.12cm"/>`
	}
	source := ""
	if para != "" {
		source = ` style:text-align-source="fix"`
	}
	parent := "Default"
	if k.title {
		parent = "Heading_20_1" // the sheet's title is its heading, to a screen reader too
	}
	return fmt.Sprintf(`<style:style style:name="%s" style:family="table-cell" style:parent-style-name="%s"%s>`+
		`<style:table-cell-properties style:vertical-align="%s" fo:wrap-option="%s"%s/>%s`+
		`<style:text-properties style:font-name="Arial" fo:font-size="%s" fo:font-weight="%s"%s%s/></style:style>`,
		name, parent, data, vertical, wrap, source, para, size, weight, colour, underline)
}

// odsCell writes one cell: a number as its value with the text the format shows, a link to a
// sheet or an address as a link.
func odsCell(b *bytes.Buffer, c gridCell, style string) {
	value := ""
	shown := c.text
	switch c.kind {
	case count:
		value, shown = fmt.Sprintf(` office:value-type="float" office:value="%s"`, odsNumber(c.num)), thousands(int(c.num))
	case percent:
		value, shown = fmt.Sprintf(` office:value-type="percentage" office:value="%s"`, odsNumber(c.num)), fmt.Sprintf("%d%%", int(math.Round(100*c.num)))
	case points:
		value, shown = fmt.Sprintf(` office:value-type="float" office:value="%s"`, odsNumber(c.num)), signed(c.num)
	case ratio:
		value, shown = fmt.Sprintf(` office:value-type="float" office:value="%s"`, odsNumber(c.num)), strconv.FormatFloat(c.num, 'f', 2, 64)
	case tenths:
		value, shown = fmt.Sprintf(` office:value-type="float" office:value="%s"`, odsNumber(c.num)), strconv.FormatFloat(c.num, 'f', 1, 64)
	default:
		value = ` office:value-type="string"`
	}
	fmt.Fprintf(b, `<table:table-cell table:style-name="%s"%s><text:p>`, style, value)
	switch {
	case c.url != "":
		fmt.Fprintf(b, `<text:a xlink:type="simple" xlink:href="%s">%s</text:a>`, escape(c.url), escape(shown))
	case c.kind == link:
		fmt.Fprintf(b, `<text:a xlink:type="simple" xlink:href="#%s.A1">%s</text:a>`, escape(odsSheet(c.text)), escape(shown))
	default:
		b.WriteString(escape(shown))
	}
	b.WriteString("</text:p></table:table-cell>")
}

func odsNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// signed writes whole points with their sign, as the format +0;-0;0 shows them.
func signed(x float64) string {
	switch n := int(math.Round(x)); {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return strconv.Itoa(n)
	}
	return "0"
}

// odsSheet quotes a sheet name in a cell address.
func odsSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
