package intake

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"fieldwork/casework"
)

var caseAliases = map[string]string{
	"case": "case_id", "case_ref": "case_id", "case_reference": "case_id", "crn": "case_id", "id": "case_id",
	"type": "case_type", "sentence_type": "case_type",
	"practitioner_grade": "grade",
	"rosh_level":         "rosh", "risk_level": "rosh", "risk_of_serious_harm": "rosh",
	"sex": "gender",
}

// ReadCases reads the case list in the file at path (CSV or a workbook's sheet), checking every
// row before returning any.
func ReadCases(path string) (casework.CaseList, error) {
	t, err := ReadFile(path)
	if err != nil {
		return casework.CaseList{}, err
	}
	return CaseListOf(t)
}

// Cases reads a case list: one row per case with case_id and case_type, optionally grade, rosh,
// gender and ethnicity; any other column becomes an attribute results can be split by.
func Cases(t *Table) ([]casework.Case, error) {
	l, err := CaseListOf(t)
	return l.Cases, err
}

// CaseListOf reads a case list as Cases does, saying which optional details it has columns for.
func CaseListOf(t *Table) (casework.CaseList, error) {
	cols, err := columns(t, caseAliases)
	if err != nil {
		return casework.CaseList{}, err
	}
	if err := requireColumns(t, cols, "case_id", "case_type"); err != nil {
		return casework.CaseList{}, err
	}
	_, drawOrder := cols["draw_order"]
	_, status := cols["status"]
	_, reserve := cols["reserve"]
	if drawOrder && status && reserve {
		// The team's list holds reserves and replaced cases too: imported, they would all become
		// inspection cases. The drawn cases are the inspection's already.
		return casework.CaseList{}, casework.Errorf(casework.EINVALID, "%s is the team's list of drawn cases (it has draw_order, reserve and status columns): its reserves and replaced cases are not the inspection's cases", t.Name).
			WithHint("the cases `sample` drew are the inspection's cases already; import the caseload extract's columns (case_id, case_type, grade ...) to add details")
	}
	given := map[string]bool{}
	for _, d := range casework.OptionalDetails {
		_, given[d] = cols[d]
	}
	if len(t.Rows) == 0 {
		return casework.CaseList{}, casework.Errorf(casework.EINVALID, "%s has a header but no cases", t.Name)
	}
	p := &casework.Problems{Source: t.Name}
	seen := map[string]int{}
	var cases []casework.Case
	for _, r := range t.Rows {
		get := func(name string) (string, int) {
			i, ok := cols[name]
			if !ok {
				return "", -1
			}
			return strings.TrimSpace(r.Cells[i]), i
		}
		c := casework.Case{Attributes: map[string]string{}}
		id, idc := get("case_id")
		if id == "" {
			p.Add("%s: empty case id (every case needs one)", t.Where(r, idc))
			continue
		}
		if prev, dup := seen[strings.ToUpper(id)]; dup {
			p.Add("%s: case %q appears again (first on line %d)", t.Where(r, idc), id, prev)
			continue
		}
		seen[strings.ToUpper(id)] = r.Line
		c.ID = id
		if v, i := get("case_type"); true {
			if c.Type, err = casework.ParseCaseType(v); err != nil {
				p.Add("%s: %v", t.Where(r, i), err)
			}
		}
		if v, i := get("grade"); v != "" {
			if c.Grade, err = casework.ParseGrade(v); err != nil {
				p.Add("%s: %v", t.Where(r, i), err)
			}
		}
		if v, i := get("rosh"); v != "" {
			if c.RoSH, err = casework.ParseRoSH(v); err != nil {
				p.Add("%s: %v", t.Where(r, i), err)
			}
		}
		c.Gender, _ = get("gender")
		c.Ethnicity, _ = get("ethnicity")
		for name, i := range cols {
			switch name {
			case "case_id", "case_type", "grade", "rosh", "gender", "ethnicity":
				continue
			}
			c.Attributes[name] = strings.TrimSpace(r.Cells[i])
		}
		cases = append(cases, c)
	}
	if err := p.Err(); err != nil {
		return casework.CaseList{}, err
	}
	return casework.CaseList{Cases: cases, Given: given}, nil
}

var judgementAliases = map[string]string{
	"case": "case_id", "case_ref": "case_id", "case_reference": "case_id", "crn": "case_id",
	"question_id": "question", "q": "question",
	"judgement": "answer", "response": "answer",
	"notes": "note", "comment": "note", "comments": "note",
}

// Judgements reads answers in long form: one row per case and question, with columns case_id,
// question, answer (yes, no, n/a; Y/N/NA in any case), optional inspector and note.
func Judgements(t *Table) ([]casework.Judgement, error) {
	cols, err := judgementColumns(t.Name, t.Header)
	if err != nil {
		return nil, err
	}
	if len(t.Rows) == 0 {
		return nil, casework.Errorf(casework.EINVALID, "%s has a header but no answers", t.Name)
	}
	p := &casework.Problems{Source: t.Name}
	out := make([]casework.Judgement, 0, len(t.Rows))
	loc := &tableLocator{t, cols}
	for i, r := range t.Rows {
		if j, ok := judgementOf(r, i, cols, loc, p); ok {
			j.Where = t.WhereRow(r)
			out = append(out, j)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func judgementColumns(name string, header []string) (map[string]int, error) {
	t := &Table{Name: name, Header: header}
	cols, err := columns(t, judgementAliases)
	if err != nil {
		return nil, err
	}
	if err := requireColumns(t, cols, "case_id", "question", "answer"); err != nil {
		return nil, err
	}
	// A column it does not know would be dropped unseen: an "inspecter" column would lose every
	// inspector's name. It is refused instead, with the column meant where one is close.
	for name, i := range cols {
		if !slices.Contains(judgementColumnNames, name) && name != CellColumn {
			msg := fmt.Sprintf("%s: column %d (%q) is not a column of a judgements file (want %s)", t.Name, i+1, header[i], strings.Join(judgementColumnNames, ", "))
			if near := closest(name, judgementColumnNames); near != "" {
				msg += fmt.Sprintf("; did you mean %s?", near)
			}
			return nil, casework.Errorf(casework.EINVALID, "%s", msg).WithHint("rename or remove the column; nothing was written")
		}
	}
	return cols, nil
}

// CellColumn is the column a workbook reader adds to the judgements table it builds, naming the
// cell each answer was read from so every message can name it; no file has it.
const CellColumn = "cell"

// judgementColumnNames are the columns a judgements file may have.
var judgementColumnNames = []string{"case_id", "question", "answer", "inspector", "note"}

// closest is the name in names within two edits of name, "" when none is.
func closest(name string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(name, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// judgementOf reads row r as an answer known to loc as row n, or reports to p why it is not one.
func judgementOf(r Row, n int, cols map[string]int, loc casework.Locator, p *casework.Problems) (casework.Judgement, bool) {
	cell := func(name string) string {
		if i, ok := cols[name]; ok {
			return strings.TrimSpace(r.Cells[i])
		}
		return ""
	}
	j := casework.Judgement{
		CaseID:    cell("case_id"),
		Question:  cell("question"),
		Inspector: cell("inspector"),
		Note:      cell("note"),
		From:      loc,
		Row:       n,
	}
	switch {
	case j.CaseID == "":
		p.Add("%s: empty case id", loc.Locate(n, "case_id"))
		return j, false
	case j.Question == "":
		p.Add("%s: empty question id", loc.Locate(n, "question"))
		return j, false
	}
	a, err := casework.ParseAnswer(cell("answer"))
	if err != nil {
		p.Add("%s: %v", loc.Locate(n, "answer"), err)
		return j, false
	}
	j.Answer = a
	return j, true
}

// JudgementReader reads answers in long form from a CSV file, as Judgements does, one row at a
// time: a file of a million answers is never held whole. Its answers name their row by line,
// through one shared Locator, so they carry no strings of their own for error messages.
type JudgementReader struct {
	rows Rows
	cols map[string]int
	loc  *lineLocator
	n    int
}

// NewJudgementReader reads the header of the CSV file r (named name in messages) and checks it
// has the columns answers need.
func NewJudgementReader(name string, r io.Reader) (*JudgementReader, error) {
	rows, err := CSVRows(name, r)
	if err != nil {
		return nil, err
	}
	return JudgementsOf(rows)
}

// JudgementsOf reads answers from rows, such as an opened File, as NewJudgementReader does.
func JudgementsOf(rows Rows) (*JudgementReader, error) {
	cols, err := judgementColumns(rows.Name(), rows.Header())
	if err != nil {
		return nil, err
	}
	return &JudgementReader{rows: rows, cols: cols, loc: &lineLocator{rows, cols}}, nil
}

// Next returns the next answer, or io.EOF after the last. A row that is not an answer (an empty
// case id or question, an answer that is not yes, no or n/a) is reported to p and skipped, so
// every fault in the file is found in one reading.
func (r *JudgementReader) Next(p *casework.Problems) (casework.Judgement, error) {
	for {
		row, err := r.rows.Next()
		if errors.Is(err, io.EOF) && r.n == 0 {
			return casework.Judgement{}, casework.Errorf(casework.EINVALID, "%s has a header but no answers", r.rows.Name())
		}
		if err != nil {
			return casework.Judgement{}, err
		}
		r.n++
		if j, ok := judgementOf(row, row.Line, r.cols, r.loc, p); ok {
			return j, nil
		}
	}
}

// Read is how many data rows have been read.
func (r *JudgementReader) Read() int { return r.n }

// lineLocator names the cells of a CSV file's rows by their line.
type lineLocator struct {
	rows Rows
	cols map[string]int
}

func (l *lineLocator) Locate(line int, field string) string {
	col, ok := l.cols[field]
	if !ok {
		col = -1
	}
	return l.rows.Where(Row{Line: line}, col)
}

// tableLocator names the cells of a table's rows, for judgements read from it.
type tableLocator struct {
	t    *Table
	cols map[string]int
}

func (l *tableLocator) Locate(row int, field string) string {
	col, ok := l.cols[field]
	if !ok {
		return l.t.WhereRow(l.t.Rows[row])
	}
	return l.t.Where(l.t.Rows[row], col)
}

// ParseAssignments reads command-line answers such as "2.1.1=yes" for one case.
func ParseAssignments(caseID string, args []string) ([]casework.Judgement, error) {
	p := &casework.Problems{Source: "arguments", Hint: "write each answer as QUESTION=ANSWER, e.g. 2.1.1=yes 2.1.3a=n/a"}
	var out []casework.Judgement
	for _, a := range args {
		q, v, ok := strings.Cut(a, "=")
		if !ok || strings.TrimSpace(q) == "" {
			p.Add("%q is not QUESTION=ANSWER", a)
			continue
		}
		ans, err := casework.ParseAnswer(v)
		if err != nil {
			p.Add("%s: %v", a, err)
			continue
		}
		out = append(out, casework.Judgement{CaseID: caseID, Question: strings.TrimSpace(q), Answer: ans, Where: fmt.Sprintf("argument %q", a)})
	}
	if len(args) == 0 {
		p.Add("no answers given")
	}
	return out, p.Err()
}

// Ratings reads the inspectors' ratings: columns standard (a standard id or "overall"), rating
// (Outstanding, Good, Requires improvement, Inadequate) and reason.
func Ratings(t *Table) ([]casework.GivenRating, error) {
	cols, err := columns(t, map[string]string{"id": "standard", "standard_id": "standard"})
	if err != nil {
		return nil, err
	}
	if err := requireColumns(t, cols, "standard", "rating"); err != nil {
		return nil, err
	}
	p := &casework.Problems{Source: t.Name}
	var out []casework.GivenRating
	for _, r := range t.Rows {
		g := casework.GivenRating{Standard: strings.TrimSpace(r.Cells[cols["standard"]]), Where: t.WhereRow(r)}
		if i, ok := cols["reason"]; ok {
			g.Reason = strings.TrimSpace(r.Cells[i])
		}
		rating, err := casework.ParseRating(r.Cells[cols["rating"]])
		if err != nil {
			p.Add("%s: %v", t.Where(r, cols["rating"]), err)
			continue
		}
		g.Rating = rating
		out = append(out, g)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
