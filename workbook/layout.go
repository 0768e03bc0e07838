package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fieldwork/casework"
	"fieldwork/figures"
)

// A sheet is one worksheet as the reader meets it: a title in A1, a few lines saying what the
// table holds and which notes apply, then at most one table; or a chart sheet, one chart alone.
type sheet struct {
	name  string // the tab
	about string // its line on the contents sheet
	title string
	lines []string
	// urls link lines to addresses outside the workbook, by the line's index.
	urls  map[int]string
	table *table
	chart *chart // a chart sheet: no title, lines or table of its own
}

// table is one Excel table: a header row and data rows, with no blank row or column inside.
type table struct {
	name   string
	header []string
	rows   [][]cell
	// textWidth is the width of its columns of long text; 0 for the usual 60.
	textWidth float64
}

type cellKind int

const (
	text     cellKind = iota
	longText          // a question or note: wraps in a wide column
	count             // a whole number
	percent           // a fraction shown as a whole percentage
	symbol            // a shorthand symbol such as [c], right-aligned where the numbers are
	link              // the name of another sheet, linked to it
	points            // a difference in percentage points, shown whole with its sign
	ratio             // a ratio such as a relative rate index, shown to two decimals
	tenths            // a margin of error in percentage points, shown to one decimal
)

type cell struct {
	kind cellKind
	text string // text, longText, symbol; the sheet named by a link
	num  float64
	bold bool
}

// numeric reports whether the cell holds a number, written as a value.
func (c cell) numeric() bool {
	return c.kind == count || c.kind == percent || c.kind == points || c.kind == ratio || c.kind == tenths
}

func txt(s string) cell    { return cell{kind: text, text: s} }
func long(s string) cell   { return cell{kind: longText, text: s} }
func num(n int) cell       { return cell{kind: count, num: float64(n)} }
func sym(s string) cell    { return cell{kind: symbol, text: s} }
func linkTo(s string) cell { return cell{kind: link, text: s} }

// share is yes out of relevant as a percentage, [z] when no case is relevant.
func share(yes, relevant int) cell {
	if relevant == 0 {
		return sym(notApplicable)
	}
	return whole(100 * float64(yes) / float64(relevant))
}

// whole is a percentage p (0-100) as the report prints it, rounded to a whole per cent by
// casework.RoundPercent and stored rounded under a 0% format: a spreadsheet then shows exactly
// what the report and score print, where a binary fraction such as 46/80 (57.5%) would show 57%
// in one program and 58% in another. The exact share is in the yes and relevant columns.
func whole(p float64) cell { return cell{kind: percent, num: float64(casework.RoundPercent(p)) / 100} }

// fraction is a band edge p (0-100), stored as it is.
func fraction(p float64) cell { return cell{kind: percent, num: p / 100} }

// pointsOf is a difference of proportions (-1 to 1) in whole percentage points, rounded as the
// report rounds it (casework.RoundPoints), so the sign format never shows "-0" for -0.4.
func pointsOf(d float64) cell { return cell{kind: points, num: float64(casework.RoundPoints(d))} }

// ratioOf is a ratio to two decimal places, rounded as the report prints it ("%.2f").
func ratioOf(x float64) cell {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 2, 64), 64)
	return cell{kind: ratio, num: v}
}

// interval is the lower and upper end of the Wilson interval of a figure's yes out of relevant
// at level confidence, as fractions beside the % yes: [z] when no case is relevant, [c] when the
// figure is hidden, since an interval gives its percentage away.
func interval(f figures.Figure, confidence float64) []cell {
	switch {
	case f.Hidden():
		return []cell{sym(confidential), sym(confidential)}
	case f.Relevant() == 0:
		return []cell{sym(notApplicable), sym(notApplicable)}
	}
	ci := casework.Wilson(f.Yes, f.Relevant(), confidence)
	return []cell{whole(100 * ci.Low), whole(100 * ci.High)}
}

// level writes a confidence level 0.95 as "95%".
func level(confidence float64) string {
	return strconv.FormatFloat(math.Round(confidence*1e6)/1e4, 'f', -1, 64) + "%"
}

// intervalHeader is the two headings of an interval's columns, after prefix.
func intervalHeader(prefix string, confidence float64, note int) []string {
	l := level(confidence)
	return []string{prefix + l + " CI lower " + ref(note), prefix + l + " CI upper " + ref(note)}
}

func yesNo(b bool) cell {
	if b {
		return txt("Yes")
	}
	return txt("No")
}

func bolden(cs []cell, on bool) []cell {
	for i := range cs {
		cs[i].bold = cs[i].bold || on
	}
	return cs
}

// chart is a column chart of one block of a table's rows against horizontal lines, alone on a
// chart sheet. Columns and rows index the table (rows from 0, the first data row).
type chart struct {
	title, alt string
	table      string // the name of the table it is drawn from, on a sheet before it
	firstRow   int
	rows       int
	categories int      // the column naming each bar
	bars       int      // the column of the bars' values
	barName    string   // the bars' name in the legend
	lines      []int    // columns of values drawn as lines across the bars
	lineNames  []string // their names in the legend and on the lines
}

// The shorthand symbols of the government statistics guidance.
const (
	confidential  = "[c]"
	notAvailable  = "[x]"
	notApplicable = "[z]"
)

// fieldLabel names a case field for readers.
func fieldLabel(field string) string {
	switch field {
	case "case_type":
		return "Case type"
	case "grade":
		return "Practitioner grade"
	case "rosh":
		return "RoSH level"
	case "gender":
		return "Gender"
	case "ethnicity":
		return "Ethnicity"
	}
	return capitalise(strings.ReplaceAll(field, "_", " "))
}

// fieldPhrase names a case field inside a sentence.
func fieldPhrase(field string) string {
	if field == "rosh" {
		return "RoSH level"
	}
	return strings.ToLower(fieldLabel(field))
}

// shortField is a field's name in a tab or table name.
func shortField(field string) string {
	switch field {
	case "case_type":
		return "case type"
	case "rosh":
		return "RoSH"
	}
	return strings.ReplaceAll(field, "_", " ")
}

// groupLabel names a group of cases for readers.
func groupLabel(field, value string) string {
	switch {
	case value == "":
		return "Not recorded"
	case field == "case_type":
		_, many := casework.CaseType(value).Names()
		return capitalise(many)
	case field == "grade" || field == "rosh":
		return capitalise(value)
	}
	return value
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// sheetName makes a valid, unique-looking tab name: at most 31 characters, none of []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	s = strings.Trim(s, "'")
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	return s
}

// tableName makes a valid Excel table name: letters, digits and underscores, starting with a
// letter.
func tableName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" || !unicode.IsLetter(rune(name[0])) {
		name = "T_" + name
	}
	return name
}

// casesLabel is a group's heading with its case count, so a small group is visibly small
// wherever its figures appear.
func casesLabel(label string, n int) string {
	if n == 1 {
		return fmt.Sprintf("%s (1 case)", label)
	}
	return fmt.Sprintf("%s (%d cases)", label, n)
}

// thousands writes a whole number with thousands separators, as the cells' #,##0 format shows
// one: 8,800.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// plural writes n things, with thousands separators.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// pctText writes a percentage as the report prints it: whole, halves up.
func pctText(p float64) string { return casework.PercentText(p) }

// shareText writes yes out of relevant as the report prints it, "46%".
func shareText(yes, relevant int) string { return pctText(100 * float64(yes) / float64(relevant)) }
