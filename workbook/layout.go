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
// table holds and which notes apply, then at most one table, and charts beside it.
type sheet struct {
	name   string // the tab
	about  string // its line on the contents sheet
	title  string
	lines  []string
	table  *table
	charts []chart
}

// table is one Excel table: a header row and data rows, with no blank row or column inside.
type table struct {
	name   string
	header []string
	rows   [][]cell
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
)

type cell struct {
	kind cellKind
	text string // text, longText, symbol; the sheet named by a link
	num  float64
	bold bool
}

func txt(s string) cell    { return cell{kind: text, text: s} }
func long(s string) cell   { return cell{kind: longText, text: s} }
func num(n int) cell       { return cell{kind: count, num: float64(n)} }
func sym(s string) cell    { return cell{kind: symbol, text: s} }
func linkTo(s string) cell { return cell{kind: link, text: s} }

// share is yes out of relevant as a fraction for a percent format, [z] when no case is relevant.
func share(yes, relevant int) cell {
	if relevant == 0 {
		return sym(notApplicable)
	}
	return cell{kind: percent, num: float64(yes) / float64(relevant)}
}

func fraction(p float64) cell { return cell{kind: percent, num: p / 100} }

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
	return []cell{{kind: percent, num: ci.Low}, {kind: percent, num: ci.High}}
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

// chart is a column chart of one block of table rows against horizontal lines, on the sheet of
// its table, to the right of the table. Columns and rows index the table (rows from 0, the
// first data row).
type chart struct {
	title, alt string
	firstRow   int
	rows       int
	categories int   // the column naming each bar
	bars       int   // the column of the bars' values
	lines      []int // columns of values drawn as lines across the bars
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
	case field == "case_type" && value == string(casework.Community):
		return "Community orders"
	case field == "case_type" && value == string(casework.Licence):
		return "Licences"
	case field == "grade" || field == "rosh" || field == "case_type":
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

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pctText writes a percentage as the report prints it: whole, halves up.
func pctText(p float64) string { return fmt.Sprintf("%d%%", casework.RoundPercent(p)) }
