package sampling

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"fieldwork/casework"
	"fieldwork/intake"
)

// The fields an extract must have, once its headers are read through the aliases and --map.
const (
	FieldCaseID    = "case_id"
	FieldCaseType  = "case_type"
	FieldCommenced = "commenced"
)

// Attributes the sample gives each drawn case; an extract column may not take these names.
const (
	AttrStratum   = "stratum"
	AttrDrawOrder = "draw_order"
)

// ProfileFields are the case fields whose population counts the workbook's sample profile shows.
var ProfileFields = casework.CaseFields

// extractAliases are the headers other systems give the fields (after lower-casing and
// turning spaces and hyphens into underscores).
var extractAliases = map[string]string{
	"crn": FieldCaseID, "case": FieldCaseID, "case_ref": FieldCaseID, "case_reference": FieldCaseID,
	"case_number": FieldCaseID, "id": FieldCaseID,
	"type": FieldCaseType, "sentence_type": FieldCaseType, "order_type": FieldCaseType, "disposal_type": FieldCaseType,
	"commencement_date": FieldCommenced, "commencement": FieldCommenced, "date_commenced": FieldCommenced,
	"commenced_on": FieldCommenced, "start_date": FieldCommenced, "date_of_commencement": FieldCommenced,
	"practitioner_grade": "grade", "om_grade": "grade", "practitioner": "grade",
	"rosh_level": "rosh", "risk_level": "rosh", "risk_of_serious_harm": "rosh", "rosh_category": "rosh",
	"sex":          "gender",
	"ethnic_group": "ethnicity", "ethnic_origin": "ethnicity",
}

// canonical turns a header such as " Sentence Type " into "sentence_type".
func canonical(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	return strings.Join(strings.FieldsFunc(h, func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), "_")
}

// tidy trims a value and collapses runs of white space to one space. Most cells need neither,
// and are returned as they are: a million rows should not mean a million copies.
func tidy(s string) string {
	clean := len(s) == 0 || (s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; clean && i < len(s); i++ {
		c := s[i]
		clean = c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' && c < 0x80 && !(c == ' ' && i > 0 && s[i-1] == ' ')
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// Mapping renames extract columns to fields: from the extract's header (canonical form) to the
// field it holds.
type Mapping map[string]string

// ParseMapping reads --map arguments such as "CRN=case_id" or "Sentence Type=case_type".
func ParseMapping(specs []string) (Mapping, error) {
	m := Mapping{}
	p := &casework.Problems{Source: "--map", Hint: `write each as "EXTRACT HEADER=field", e.g. --map "CRN=case_id" --map "Sentence Type=case_type"`}
	for _, s := range specs {
		from, to, ok := strings.Cut(s, "=")
		from, to = canonical(from), canonical(to)
		if !ok || from == "" || to == "" {
			p.Add("--map %q is not HEADER=field", s)
			continue
		}
		if prev, dup := m[from]; dup && prev != to {
			p.Add("--map %q: column %s is already mapped to %s", s, from, prev)
			continue
		}
		m[from] = to
	}
	return m, p.Err()
}

// columns says which field each column of an extract holds.
type columns struct {
	names []string       // the field of each column, "" for a column without a header
	index map[string]int // field -> column
}

func resolveColumns(rows intake.Rows, m Mapping, rules []Rule) (*columns, error) {
	header := rows.Header()
	c := &columns{names: make([]string, len(header)), index: map[string]int{}}
	used := map[string]bool{}
	for i, h := range header {
		name := canonical(h)
		if to, ok := m[name]; ok {
			used[name] = true
			name = to
		} else if a, ok := extractAliases[name]; ok {
			name = a
		}
		if name == "" {
			continue
		}
		if name == AttrStratum || name == AttrDrawOrder {
			return nil, casework.Errorf(casework.EINVALID, "%s: column %d (%q) would be overwritten by the sample's own %s attribute", rows.Name(), i+1, h, name).
				WithHint(fmt.Sprintf(`rename it with --map "%s=extract_%s"`, h, name))
		}
		if prev, dup := c.index[name]; dup {
			return nil, casework.Errorf(casework.EINVALID, "%s: columns %d (%q) and %d (%q) are both %s", rows.Name(), prev+1, header[prev], i+1, h, name).
				WithHint("rename one of them with --map, e.g. --map \"" + h + "=" + name + "_2\"")
		}
		c.names[i] = name
		c.index[name] = i
	}
	for from, to := range m {
		if !used[from] {
			return nil, casework.Errorf(casework.EINVALID, "--map %s=%s: %s has no column %s (the header is: %s)", from, to, rows.Name(), from, strings.Join(header, ", ")).
				WithHint("the name before = is the extract's header, in any case; the name after it is the field")
		}
	}
	var missing []string
	for _, f := range []string{FieldCaseID, FieldCaseType, FieldCommenced} {
		if _, ok := c.index[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, casework.Errorf(casework.EINVALID, "%s: no %s column (the header is: %s)", rows.Name(), strings.Join(missing, " or "), strings.Join(header, ", ")).
			WithHint(`name the extract's columns with --map, e.g. --map "CRN=case_id" --map "Sentence Type=case_type" --map "Start Date=commenced"`)
	}
	for _, r := range rules {
		if _, ok := c.index[r.Field]; !ok {
			return nil, casework.Errorf(casework.EINVALID, "--exclude %q: %s has no column %s (its fields are: %s)", r.String(), rows.Name(), r.Field, strings.Join(c.fields(), ", "))
		}
	}
	return c, nil
}

func (c *columns) fields() []string {
	var out []string
	for _, n := range c.names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Record is one eligible case of the extract. A national extract may have a million, so the
// closed sets are kept as small codes.
type Record struct {
	ID                string
	Line              int // the extract's line (CSV) or row (spreadsheet)
	Commenced         Date
	kind, grade, rosh uint8 // indices into caseTypeCodes, gradeCodes, roshCodes
	row               int32 // the record's row of table
	table             *caseTable
	cols              *columns
}

var (
	caseTypeCodes = []casework.CaseType{"", casework.Community, casework.Licence}
	gradeCodes    = append([]casework.Grade{""}, casework.Grades...)
	roshCodes     = append([]casework.RoSH{""}, casework.RoSHLevels...)
)

func code[T comparable](codes []T, v T) uint8 { return uint8(max(slices.Index(codes, v), 0)) }

// Type is the case's type.
func (r *Record) Type() casework.CaseType { return caseTypeCodes[r.kind] }

// Grade is the practitioner's grade, "" when not recorded.
func (r *Record) Grade() casework.Grade { return gradeCodes[r.grade] }

// RoSH is the case's risk of serious harm level, "" when not recorded.
func (r *Record) RoSH() casework.RoSH { return roshCodes[r.rosh] }

// Field is the value of a case field or any other column, trimmed; "" when not recorded.
func (r *Record) Field(name string) string { return r.cols.reader(name)(r) }

// reader returns a function reading one field of a record, its column looked up once: a
// million records are read field by field.
func (c *columns) reader(name string) func(*Record) string {
	switch name {
	case FieldCaseType:
		return func(r *Record) string { return string(r.Type()) }
	case "grade":
		return func(r *Record) string { return string(r.Grade()) }
	case "rosh":
		return func(r *Record) string { return string(r.RoSH()) }
	case FieldCaseID:
		return func(r *Record) string { return r.ID }
	case FieldCommenced:
		return func(r *Record) string { return r.Commenced.String() }
	}
	i, ok := c.index[name]
	if !ok {
		return func(*Record) string { return "" }
	}
	return func(r *Record) string { return tidy(r.table.cell(r.row, i)) }
}

// Case is the record as an inspection's case: every column other than the case fields becomes
// an attribute, the commencement date in ISO form.
func (r *Record) Case() casework.Case {
	c := casework.Case{ID: r.ID, Type: r.Type(), Grade: r.Grade(), RoSH: r.RoSH(),
		Gender: r.Field("gender"), Ethnicity: r.Field("ethnicity"), Attributes: map[string]string{}}
	for _, name := range r.cols.names {
		switch name {
		case "", FieldCaseID, FieldCaseType, "grade", "rosh", "gender", "ethnicity":
			continue
		}
		c.Attributes[name] = r.Field(name)
	}
	return c
}

// Rule excludes every eligible case whose Field has Value (compared without regard to case or
// spacing), e.g. status=transferred out.
type Rule struct {
	Field, Value string
}

func (r Rule) String() string { return r.Field + "=" + r.Value }

// ParseRule reads an --exclude argument, FIELD=VALUE.
func ParseRule(s string) (Rule, error) {
	f, v, ok := strings.Cut(s, "=")
	r := Rule{Field: canonical(f), Value: tidy(v)}
	if !ok || r.Field == "" || r.Value == "" {
		return Rule{}, casework.Errorf(casework.EINVALID, "--exclude %q is not FIELD=VALUE", s).
			WithHint(`e.g. --exclude "status=transferred out"`)
	}
	return r, nil
}

// Listed is a case named in an exclusion list, with the reason it is left out.
type Listed struct {
	CaseID, Reason string
	Where          string // the list's file and line
}

// ReadExclusionFile reads the list of cases to leave out from the CSV or .xlsx file at path
// (ReadExclusionList) into the plan's eligibility, naming the file as the list's source.
func (p *Plan) ReadExclusionFile(path string) error {
	list, err := intake.Open(path, "")
	if err != nil {
		return err
	}
	defer list.Close()
	if p.Eligibility.Listed, err = ReadExclusionList(list); err != nil {
		return err
	}
	p.ListedIn = filepath.Base(path)
	return nil
}

// ReadExclusionList reads a list of cases to leave out: columns case_id (or CRN, ...) and
// reason, every row with both.
func ReadExclusionList(rows intake.Rows) ([]Listed, error) {
	idc, rc := -1, -1
	for i, h := range rows.Header() {
		name := canonical(h)
		if a, ok := extractAliases[name]; ok {
			name = a
		}
		switch name {
		case FieldCaseID:
			idc = i
		case "reason", "reasons", "exclusion_reason", "why":
			rc = i
		}
	}
	if idc < 0 || rc < 0 {
		return nil, casework.Errorf(casework.EINVALID, "%s: an exclusion list needs case_id and reason columns (the header is: %s)", rows.Name(), strings.Join(rows.Header(), ", ")).
			WithHint("one row per case to leave out: its case id and why, e.g. C123456,deceased")
	}
	p := &casework.Problems{Source: rows.Name()}
	seen := map[string]int{}
	var out []Listed
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		id, reason := strings.TrimSpace(r.Cells[idc]), strings.Join(strings.Fields(r.Cells[rc]), " ")
		switch {
		case id == "":
			p.Add("%s: empty case id", rows.Where(r, idc))
		case reason == "":
			p.Add("%s: no reason given for excluding %s (every exclusion is logged with its reason)", rows.Where(r, rc), id)
		case seen[strings.ToUpper(id)] > 0:
			p.Add("%s: %s is listed again (first on line %d)", rows.Where(r, idc), id, seen[strings.ToUpper(id)])
		default:
			seen[strings.ToUpper(id)] = r.Line
			out = append(out, Listed{CaseID: id, Reason: reason, Where: fmt.Sprintf("%s line %d", rows.Name(), r.Line)})
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Eligibility says which cases of an extract make up the population to sample.
type Eligibility struct {
	Windows   []Window            // commencement dates; at least one
	CaseTypes []casework.CaseType // none means every type
	Rules     []Rule
	Listed    []Listed
}

// Exclusion is an eligible case left out of the population, and why.
type Exclusion struct {
	CaseID, Reason string
	Where          string // the extract's file and line
}

// Population is the eligible cases of an extract and what became of the other rows.
type Population struct {
	Source     string   // the extract's name
	Fields     []string // the extract's fields, in column order
	Excluded   []Exclusion
	Rows       int   // data rows read
	NoDate     int   // rows with no commencement date
	InWindows  int   // rows that commenced in a window
	OtherTypes int   // of those, cases of a type not chosen
	PerWindow  []int // population per window (a case in two overlapping windows counts in both)
	NotFound   []Listed
	cols       *columns
	table      *caseTable                // every case read that commenced in a window and is of a chosen type
	eligible   []int32                   // the rows of table eligible and not excluded, in extract order
	counted    map[string]map[string]int // Counts by field, once counted
}

// Eligible is the number of cases eligible and not excluded.
func (pop *Population) Eligible() int { return len(pop.eligible) }

// Case is the i-th eligible case, in extract order.
func (pop *Population) Case(i int) *Record {
	r := &Record{}
	pop.table.fill(r, pop.eligible[i], pop.cols)
	return r
}

// each calls f on every eligible case in extract order, with one Record filled in turn: a
// million cases are read without a million Records.
func (pop *Population) each(f func(i int, r *Record)) {
	if pop.table == nil {
		return
	}
	var r Record
	for i, row := range pop.eligible {
		pop.table.fill(&r, row, pop.cols)
		f(i, &r)
	}
}

// maxProblems stops reading an extract that is wrong throughout: the first screenful says what
// to fix.
const maxProblems = 1000

// ReadPopulation reads an extract and keeps the eligible cases: commenced in a window, of a
// chosen type, neither excluded by a rule nor listed. Every row's case id and commencement date
// are checked (they decide eligibility); the other fields of the cases that commenced in the
// windows. One fault anywhere and it returns every fault found, with its file, line, column and
// value, and no population.
func ReadPopulation(rows intake.Rows, m Mapping, el Eligibility) (*Population, error) {
	if len(el.Windows) == 0 {
		return nil, casework.Errorf(casework.EINVALID, "no commencement window given").
			WithHint("add --window FROM:TO for each week, e.g. --window 2024-01-22:2024-01-28")
	}
	cols, err := resolveColumns(rows, m, el.Rules)
	if err != nil {
		return nil, err
	}
	// The extract is read and split beside the checks: two cores read a million rows in
	// little more than the time the checks take.
	rows, stop := intake.ReadAhead(rows)
	defer stop()
	idc, tc, dc := cols.index[FieldCaseID], cols.index[FieldCaseType], cols.index[FieldCommenced]
	gc, hasGrade := cols.index["grade"]
	rc, hasRoSH := cols.index["rosh"]
	pop := &Population{Source: rows.Name(), Fields: cols.fields(), PerWindow: make([]int, len(el.Windows)), cols: cols}
	p := &casework.Problems{Source: rows.Name(), Hint: "fix the extract, or name its columns with --map; nothing is written until the whole extract reads cleanly"}
	types := caseTypeReader(el.CaseTypes)
	grades, roshes := cachedParser(casework.ParseGrade), cachedParser(casework.ParseRoSH)
	pop.table = newCaseTable(cols)
	seen := newSeenIDs(pop.table)
	// The columns a Record reads from its table's cells: the case fields are kept as codes.
	keep := make([]bool, len(cols.names))
	for j, name := range cols.names {
		switch name {
		case "", FieldCaseID, FieldCaseType, FieldCommenced, "grade", "rosh":
		default:
			keep[j] = true
		}
	}
	found := map[string]bool{} // the listed cases met in the extract
	ruleFields := make([]func(*Record) string, len(el.Rules))
	for i, rule := range el.Rules {
		ruleFields[i] = cols.reader(rule.Field)
	}
	listed := map[string]Listed{}
	for _, l := range el.Listed {
		listed[strings.ToUpper(l.CaseID)] = l
	}
	var rec Record
	for p.Len() < maxProblems {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		pop.Rows++
		id := strings.TrimSpace(r.Cells[idc])
		if id == "" {
			p.Add("%s: empty case id (every case needs one)", rows.Where(r, idc))
			continue
		}
		raw := r.Cells[dc]
		if strings.TrimSpace(raw) == "" {
			pop.NoDate++
			continue
		}
		day, err := ParseDate(raw)
		if err != nil {
			p.Add("%s: %v", rows.Where(r, dc), err)
			continue
		}
		if !inAny(el.Windows, day) {
			continue
		}
		pop.InWindows++
		typ, chosen, err := types(r.Cells[tc])
		if err != nil {
			p.Add("%s: %v", rows.Where(r, tc), err)
			continue
		}
		if !chosen {
			pop.OtherTypes++
			continue
		}
		codes := [3]uint8{code(caseTypeCodes, typ)}
		if hasGrade {
			g, err := grades(r.Cells[gc])
			if err != nil {
				p.Add("%s: %v", rows.Where(r, gc), err)
			}
			codes[1] = code(gradeCodes, g)
		}
		if hasRoSH {
			h, err := roshes(r.Cells[rc])
			if err != nil {
				p.Add("%s: %v", rows.Where(r, rc), err)
			}
			codes[2] = code(roshCodes, h)
		}
		key := strings.ToUpper(id)
		if prev, dup := seen.find(key); dup {
			p.Add("%s: case %q appears again (first on line %d); a case can be sampled once", rows.Where(r, idc), id, pop.table.lines.at(prev))
			continue
		}
		row := pop.table.add(id, r.Line, day, codes, r.Cells, keep)
		seen.add(key, row)
		l, isListed := listed[key]
		if isListed {
			found[key] = true
		}
		pop.table.fill(&rec, row, cols)
		if reason, excluded := exclusionOf(&rec, l, el.Rules, ruleFields); excluded {
			pop.Excluded = append(pop.Excluded, Exclusion{CaseID: strings.Clone(id), Reason: reason, Where: fmt.Sprintf("%s line %d", rows.Name(), r.Line)})
			continue
		}
		pop.eligible = append(pop.eligible, row)
		for i, w := range el.Windows {
			if w.Contains(day) {
				pop.PerWindow[i]++
			}
		}
	}
	if p.Len() >= maxProblems {
		p.Add("stopped reading after %d problems", maxProblems)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	for _, l := range el.Listed {
		if !found[strings.ToUpper(l.CaseID)] {
			pop.NotFound = append(pop.NotFound, l)
		}
	}
	if err := pop.checkWindows(el); err != nil {
		return nil, err
	}
	return pop, nil
}

func inAny(ws []Window, d Date) bool {
	for _, w := range ws {
		if w.Contains(d) {
			return true
		}
	}
	return false
}

// checkWindows refuses a window that yields no case: a mistyped date would otherwise quietly
// sample from one week instead of two.
func (pop *Population) checkWindows(el Eligibility) error {
	p := &casework.Problems{Source: pop.Source, Hint: "check the --window dates against the extract's commencement dates, and --case-types and the exclusions"}
	for i, w := range el.Windows {
		if pop.PerWindow[i] == 0 {
			p.Add("%s: no eligible case commenced in window %s (%d rows read)", pop.Source, w, pop.Rows)
		}
	}
	return p.Err()
}

// exclusionOf says why a case is left out: listed by name first, then the first rule it meets.
func exclusionOf(r *Record, l Listed, rules []Rule, fields []func(*Record) string) (string, bool) {
	if l.CaseID != "" {
		return l.Reason + " (listed in " + l.Where + ")", true
	}
	for i, rule := range rules {
		if strings.EqualFold(fields[i](r), rule.Value) { // both tidy
			return rule.String(), true
		}
	}
	return "", false
}

// caseTypeReader parses case types, remembering each spelling it has seen: an extract spells
// its types a handful of ways, a million times over.
func caseTypeReader(chosen []casework.CaseType) func(string) (casework.CaseType, bool, error) {
	parse := cachedParser(casework.ParseCaseType)
	return func(s string) (casework.CaseType, bool, error) {
		t, err := parse(s)
		if err != nil {
			return "", false, err
		}
		if strings.TrimSpace(s) == "" {
			return "", false, casework.Errorf(casework.EINVALID, "no case type (want community or licence)")
		}
		return t, len(chosen) == 0 || slices.Contains(chosen, t), nil
	}
}

// cachedParser wraps a casework parser so each distinct spelling is parsed once; "" stays "".
func cachedParser[T ~string](parse func(string) (T, error)) func(string) (T, error) {
	type result struct {
		v   T
		err error
	}
	seen := map[string]result{}
	return func(s string) (T, error) {
		if r, ok := seen[s]; ok {
			return r.v, r.err
		}
		var r result
		if strings.TrimSpace(s) != "" {
			r.v, r.err = parse(s)
		}
		if len(seen) < 10000 {
			seen[s] = r
		}
		return r.v, r.err
	}
}

// id is the i-th eligible case's id.
func (pop *Population) id(i int) string { return pop.table.id(pop.eligible[i]) }
