package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fieldwork/casework"
	bc "fieldwork/examples/bradford-calderdale"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// Golden files are rewritten with `go test ./cmd/fieldwork/ -run Workbook -update`. The flag is
// defined here unless another test file of the package defines it first.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// wbNotes are inspectors' notes added to the example's answers: each must stay out of the
// workbook.
var wbNotes = []string{
	"Lives with his grandmother on Manningham Lane since release",
	"Disclosed a new partner with two children under five",
	"Victim lives two streets away; exclusion zone not mapped",
	"Practitioner off sick for six weeks in the spring",
	"Missed three appointments after the funeral of his brother",
	"Works nights at the bakery on Thornton Road",
	"Referred to MARAC by the police in March",
	"Accommodation lost after arrears; sofa surfing in Halifax",
}

// wbExample builds the Bradford & Calderdale example through the real store and scoring, adds
// inspectors' notes to some answers, and returns the database path, the case ids, the notes and
// the inspectors' names.
func wbExample(t *testing.T) (path string, secrets []string) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "bc.db")
	db, err := bc.Build(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cases, err := db.Cases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var js []casework.Judgement
	inspectors := map[string]bool{}
	for i, c := range cases {
		secrets = append(secrets, c.ID)
		answers, _, err := db.CaseAnswers(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range answers {
			if j.Inspector != "" {
				inspectors[j.Inspector] = true
			}
		}
		if i%9 != 0 {
			continue
		}
		for k, q := range []string{"2.1.3", "2.3.3a", "oversight"} {
			j, ok := answers[q]
			if !ok {
				continue
			}
			j.Note = wbNotes[(i/9+k)%len(wbNotes)]
			js = append(js, j)
		}
	}
	if _, err := db.SaveAnswers(ctx, js, "notes for the workbook test"); err != nil {
		t.Fatal(err)
	}
	if len(inspectors) == 0 {
		t.Fatal("the example records no inspector")
	}
	for name := range inspectors {
		secrets = append(secrets, name)
	}
	return path, append(secrets, wbNotes...)
}

// wbRun runs fieldwork in-process on db with a fixed clock.
func wbRun(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1730800800" // 5 November 2024 10:00 UTC
		}
		return ""
	}
	code = run(context.Background(), append([]string{"fieldwork", "--db", db}, args...), strings.NewReader(""), &out, &errb, getenv)
	return out.String(), errb.String(), code
}

// wbWrite writes the example's workbook with args and returns its path.
func wbWrite(t *testing.T, db string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "workbook.xlsx")
	stdout, stderr, code := wbRun(t, db, append([]string{"workbook", "-o", out}, args...)...)
	if code != 0 {
		t.Fatalf("workbook exited %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	return out
}

// wbMeaning is what a workbook means to a reader, re-read from the file: never its bytes,
// which excelize does not keep stable.
type wbMeaning struct {
	Properties map[string]string `json:"properties"`
	Sheets     []wbSheet         `json:"sheets"`
	Charts     []wbChart         `json:"charts"`
}

type wbSheet struct {
	Name        string            `json:"name"`
	Chart       bool              `json:"chart,omitempty"` // a chart sheet: no cells
	Tables      []string          `json:"tables"`          // "NAME RANGE"
	Frozen      string            `json:"frozen"`          // the top-left cell below the frozen rows
	Merged      []string          `json:"merged"`          // must stay empty
	Validations []string          `json:"validations"`     // none in the data workbook
	Links       map[string]string `json:"links"`           // cell: location
	Widths      []float64         `json:"widths"`          // of each column used
	// Rows are the cells of each row as FORMAT:VALUE joined by " | ": FORMAT is g (general),
	// n (#,##0), p (0%), d (0.00) or "custom CODE", upper case when bold; VALUE is the raw
	// stored value.
	Rows []string `json:"rows"`
}

type wbChart struct {
	Title  string   `json:"title"`
	Types  []string `json:"types"`
	Series []string `json:"series"`
	Alt    string   `json:"alt"`
}

func wbRead(t *testing.T, path string) wbMeaning {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m wbMeaning
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	m.Properties = map[string]string{"title": props.Title, "subject": props.Subject, "creator": props.Creator,
		"description": props.Description, "keywords": props.Keywords, "language": props.Language, "created": props.Created}
	for _, name := range f.GetSheetList() {
		s := wbSheet{Name: name, Tables: []string{}, Merged: []string{}, Validations: []string{}, Links: map[string]string{}}
		tables, err := f.GetTables(name)
		if err != nil && strings.HasSuffix(err.Error(), "is not a worksheet") {
			s.Chart = true
			m.Sheets = append(m.Sheets, s)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			s.Tables = append(s.Tables, tb.Name+" "+tb.Range)
		}
		panes, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if panes.Freeze {
			s.Frozen = panes.TopLeftCell
		}
		merged, err := f.GetMergeCells(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, mc := range merged {
			s.Merged = append(s.Merged, mc.GetStartAxis()+":"+mc.GetEndAxis())
		}
		dvs, err := f.GetDataValidations(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dvs {
			s.Validations = append(s.Validations, dv.Sqref)
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		cols := 0
		for _, row := range rows {
			cols = max(cols, len(row))
		}
		for c := 1; c <= cols; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(name, col)
			if err != nil {
				t.Fatal(err)
			}
			s.Widths = append(s.Widths, w)
		}
		for r, row := range rows {
			var cells []string
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(name, ref); formula != "" {
					t.Errorf("%s!%s holds a formula %q: numbers must be values", name, ref, formula)
				}
				if ok, target, _ := f.GetCellHyperLink(name, ref); ok {
					s.Links[ref] = target
				}
				cells = append(cells, wbFormat(t, f, name, ref)+":"+v)
			}
			s.Rows = append(s.Rows, strings.Join(cells, " | "))
		}
		m.Sheets = append(m.Sheets, s)
	}
	m.Charts = wbCharts(t, path)
	return m
}

// wbFormat is a cell's number format code, upper case when the cell is bold.
func wbFormat(t *testing.T, f *excelize.File, sheet, ref string) string {
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	code := "?" + strconv.Itoa(st.NumFmt)
	switch {
	case st.CustomNumFmt != nil:
		code = "custom " + *st.CustomNumFmt
	case st.NumFmt == 0:
		code = "g"
	case st.NumFmt == 3:
		code = "n"
	case st.NumFmt == 9:
		code = "p"
	case st.NumFmt == 2:
		code = "d"
	}
	if st.Font != nil && st.Font.Bold {
		code = strings.ToUpper(code)
	}
	return code
}

// wbCharts reads the charts from the package, since excelize has no reader for them.
func wbCharts(t *testing.T, path string) []wbChart {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var charts []wbChart
	alts := map[string]string{} // chart name (its title) to its alternative text
	for _, zf := range z.File {
		switch {
		case strings.HasPrefix(zf.Name, "xl/charts/chart"):
			data := wbZipRead(t, zf)
			var c wbChart
			c.Title = strings.Join(wbXMLText(t, data, "t"), "")
			for _, kind := range []string{"barChart", "lineChart", "pieChart", "areaChart"} {
				if bytes.Contains(data, []byte("<c:"+kind+">")) || bytes.Contains(data, []byte("<"+kind+">")) {
					c.Types = append(c.Types, kind)
				}
			}
			c.Series = wbXMLText(t, data, "f")
			charts = append(charts, c)
		case strings.HasPrefix(zf.Name, "xl/drawings/drawing") && strings.HasSuffix(zf.Name, ".xml"):
			for _, m := range regexp.MustCompile(`name="([^"]*)" descr="([^"]*)"`).FindAllSubmatch(wbZipRead(t, zf), -1) {
				alts[xmlUnescape(string(m[1]))] = xmlUnescape(string(m[2]))
			}
		}
	}
	sort.Slice(charts, func(i, j int) bool { return charts[i].Title < charts[j].Title })
	for i := range charts {
		charts[i].Alt = alts[charts[i].Title]
	}
	return charts
}

func xmlUnescape(s string) string {
	var out string
	if err := xml.Unmarshal([]byte("<a>"+s+"</a>"), &out); err != nil {
		return s
	}
	return out
}

func wbZipRead(t *testing.T, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// wbXMLText lists the text of every element with the local name in data, in order.
func wbXMLText(t *testing.T, data []byte, local string) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	var in bool
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == local {
				in = true
				cur.Reset()
			}
		case xml.CharData:
			if in {
				cur.Write(x)
			}
		case xml.EndElement:
			if x.Name.Local == local && in {
				in = false
				out = append(out, cur.String())
			}
		}
	}
}

func wbGolden(t *testing.T, name string, got wbMeaning) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGolden() {
		data, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	var want wbMeaning
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workbook differs from %s (-want +got); if the change is meant, rerun with -update:\n%s", path, diff)
	}
}

// TestWorkbookGolden writes the Bradford & Calderdale workbook and compares what it means (sheet
// names, tables, cell values, number formats, bold cells, links, frozen panes, charts,
// properties) with the golden files.
func TestWorkbookGolden(t *testing.T) {
	db, _ := wbExample(t)
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"as published", nil, "workbook-bradford.golden.json"},
		{"suppressed below 10, split by office", []string{"--suppress-below", "10", "--by", "office"}, "workbook-bradford-suppressed.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wbRead(t, wbWrite(t, db, tt.args...))
			wbGolden(t, tt.golden, got)
			wbCheckLayout(t, got)
		})
	}
}

// wbCheckLayout checks the spreadsheet guidance the golden alone would not: a cover sheet
// without a table, then one table per sheet (or a chart sheet), headed by its header row, with
// no frozen panes, no merged cell and no empty cell inside a table.
func wbCheckLayout(t *testing.T, m wbMeaning) {
	t.Helper()
	names := []string{}
	charts := 0
	for _, s := range m.Sheets {
		names = append(names, s.Name)
		if s.Chart {
			charts++
		}
	}
	if len(names) < 3 || names[0] != "Cover" || names[1] != "Contents" || names[2] != "Notes" {
		t.Errorf("sheets start %v, want Cover, Contents, Notes", names)
	}
	if charts != len(m.Charts) {
		t.Errorf("%d chart sheets for %d charts: each chart on a sheet of its own", charts, len(m.Charts))
	}
	for _, c := range m.Charts {
		if !strings.HasPrefix(c.Alt, "Column chart of ") {
			t.Errorf("chart %q has alternative text %q", c.Title, c.Alt)
		}
	}
	for i, s := range m.Sheets {
		if s.Chart {
			continue
		}
		if len(s.Merged) > 0 {
			t.Errorf("%s: merged cells %v", s.Name, s.Merged)
		}
		if s.Frozen != "" {
			t.Errorf("%s: frozen at %s; the guidance advises against frozen panes", s.Name, s.Frozen)
		}
		if i == 0 {
			if len(s.Tables) != 0 {
				t.Errorf("the cover holds tables %v", s.Tables)
			}
			continue
		}
		if len(s.Tables) != 1 {
			t.Errorf("%s: %d tables, want one", s.Name, len(s.Tables))
			continue
		}
		rng := strings.Fields(s.Tables[0])[1]
		from, to, _ := strings.Cut(rng, ":")
		c1, r1, _ := excelize.CellNameToCoordinates(from)
		c2, r2, _ := excelize.CellNameToCoordinates(to)
		for r := r1; r <= r2; r++ {
			cells := strings.Split(s.Rows[r-1], " | ")
			for c := c1; c <= c2; c++ {
				if c > len(cells) || strings.HasSuffix(cells[c-1], ":") {
					ref, _ := excelize.CoordinatesToCellName(c, r)
					t.Errorf("%s!%s is empty inside table %s", s.Name, ref, s.Tables[0])
				}
			}
		}
		if s.Name == "Contents" {
			if len(s.Links) != len(m.Sheets)-2-charts {
				t.Errorf("contents links %d sheets, want %d (a chart sheet has no cell to link to)", len(s.Links), len(m.Sheets)-2-charts)
			}
		}
	}
}

// wbTable returns the table of a sheet: its header and the raw values of its rows.
func wbTable(t *testing.T, f *excelize.File, sheet string) ([]string, [][]string) {
	t.Helper()
	tables, err := f.GetTables(sheet)
	if err != nil || len(tables) != 1 {
		t.Fatalf("%s: tables %v, %v", sheet, tables, err)
	}
	from, to, _ := strings.Cut(tables[0].Range, ":")
	_, r1, _ := excelize.CellNameToCoordinates(from)
	_, r2, _ := excelize.CellNameToCoordinates(to)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows[r1-1], rows[r1:r2]
}

func wbFigures(t *testing.T) []bc.Figure {
	t.Helper()
	figs, err := bc.ReportFigures()
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) < 40 {
		t.Fatalf("only %d figures in report_figures.json", len(figs))
	}
	return figs
}

// wbGroupLabel is the name a table row gives a figure's group.
func wbGroupLabel(groupBy, group string) string {
	switch {
	case groupBy == "":
		return "All cases"
	case groupBy == "case_type" && group == "community":
		return "Community orders"
	case groupBy == "case_type" && group == "licence":
		return "Licences"
	}
	return group
}

// TestWorkbookHasEveryReportFigure finds every figure the report prints in the workbook, in the
// row of its question and group: yes, relevant, the whole percentage and its interval. As
// published, the figures of PQiPs are suppressed with the three cases of other grades, which
// the total less POs and PSOs would give away; the internal workbook shows them all.
func TestWorkbookHasEveryReportFigure(t *testing.T) {
	db, _ := wbExample(t)
	for _, tt := range []struct {
		name   string
		args   []string
		hidden []string // "question group_by group"
	}{
		{"as published", nil, []string{"2.1.3a grade PQiP"}},
		{"internal", []string{"--internal"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := excelize.OpenFile(wbWrite(t, db, tt.args...))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var hidden []string
			for _, fig := range wbFigures(t) {
				// Overall and case-type figures are on the standard's sheet or the other case
				// questions sheet; the rest on the split's sheet.
				var sheets []string
				groupCol := "Case type"
				switch fig.GroupBy {
				case "", "case_type":
					for _, s := range f.GetSheetList() {
						if regexp.MustCompile(`^\d+\.\d+ `).MatchString(s) || s == "Other case questions" {
							sheets = append(sheets, s)
						}
					}
				default:
					sheets = []string{"By " + fig.GroupBy}
					groupCol = ""
				}
				found := false
				for _, sheet := range sheets {
					header, rows := wbTable(t, f, sheet)
					col := func(h string) int { return slices.Index(header, h) }
					group := col(groupCol)
					if groupCol == "" {
						group = 4 // the split's field, after question number, question, standard, kind
					}
					for _, row := range rows {
						if row[col("Question number")] != fig.Question || row[group] != wbGroupLabel(fig.GroupBy, fig.Group) {
							continue
						}
						found = true
						where := fmt.Sprintf("%s row %s %s", sheet, fig.Question, row[group])
						got := map[string]string{"yes": row[col("Yes")], "relevant": row[col("Relevant [note 1]")]}
						if got["yes"] == "[c]" {
							hidden = append(hidden, fig.Question+" "+fig.GroupBy+" "+fig.Group)
							continue
						}
						want := map[string]string{"yes": strconv.Itoa(fig.Yes), "relevant": strconv.Itoa(fig.Relevant)}
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("%s (-report +workbook):\n%s", where, diff)
						}
						// The percentage is held rounded, as the report prints it.
						share, err := strconv.ParseFloat(row[col("% yes [note 2]")], 64)
						if err != nil {
							t.Fatalf("%s: %% yes %q is not a number", where, row[col("% yes [note 2]")])
						}
						exact := 100 * float64(fig.Yes) / float64(fig.Relevant)
						if math.Abs(100*share-float64(casework.RoundPercent(exact))) > 1e-9 {
							t.Errorf("%s: %% yes stored as %v, want %d/%d rounded, %d%%", where, share, fig.Yes, fig.Relevant, casework.RoundPercent(exact))
						}
						if fig.Percent != nil && casework.RoundPercent(100*share) != *fig.Percent {
							t.Errorf("%s: %% yes shows %d%%, the report prints %d%%", where, casework.RoundPercent(100*share), *fig.Percent)
						}
						// Beside it, the Wilson interval of the report's own count, rounded.
						ci := casework.Wilson(fig.Yes, fig.Relevant, casework.DefaultConfidence)
						for end, want := range map[string]float64{"lower": ci.Low, "upper": ci.High} {
							h := "% yes 95% CI " + end + " [note 12]"
							v, err := strconv.ParseFloat(row[col(h)], 64)
							if err != nil || math.Abs(100*v-float64(casework.RoundPercent(100*want))) > 1e-9 {
								t.Errorf("%s: 95%% CI %s %q, want %v rounded", where, end, row[col(h)], want)
							}
						}
					}
				}
				if !found {
					t.Errorf("no row for question %s %s on %v", fig.Question, wbGroupLabel(fig.GroupBy, fig.Group), sheets)
				}
			}
			if diff := cmp.Diff(tt.hidden, hidden); diff != "" {
				t.Errorf("report figures suppressed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWorkbookHoldsNothingIdentifying scans every cell of every sheet, and every part of the
// file (properties, charts, tables), for every case id, inspector and note.
func TestWorkbookHoldsNothingIdentifying(t *testing.T) {
	db, secrets := wbExample(t)
	if len(secrets) < 79+len(wbNotes) {
		t.Fatalf("only %d things to look for", len(secrets))
	}
	for _, args := range [][]string{nil, {"--by", "office", "--by", "probation_reset"}} {
		t.Run(strings.Join(append([]string{"workbook"}, args...), " "), func(t *testing.T) {
			path := wbWrite(t, db, args...)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cells := 0
			for _, sheet := range f.GetSheetList() {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for r, row := range rows {
					for c, v := range row {
						cells++
						for _, s := range secrets {
							if strings.Contains(strings.ToLower(v), strings.ToLower(s)) {
								ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
								t.Errorf("%s!%s holds %q: %q", sheet, ref, s, v)
							}
						}
					}
				}
			}
			if cells < 1000 {
				t.Fatalf("scanned only %d cells", cells)
			}
			z, err := zip.OpenReader(path)
			if err != nil {
				t.Fatal(err)
			}
			defer z.Close()
			for _, zf := range z.File {
				data := strings.ToLower(string(wbZipRead(t, zf)))
				for _, s := range secrets {
					if strings.Contains(data, strings.ToLower(s)) {
						t.Errorf("%s holds %q", zf.Name, s)
					}
				}
			}
		})
	}
}

// TestWorkbookSuppression checks on the written file that no figure about fewer relevant cases
// than the rule allows is shown, by default (fewer than 5) and with --suppress-below 10, and that
// no split leaves exactly one group hidden where its total is shown.
func TestWorkbookSuppression(t *testing.T) {
	db, _ := wbExample(t)
	for _, tt := range []struct {
		name  string
		args  []string
		below int
	}{
		{"by default", nil, 5},
		{"below 10, split by office", []string{"--suppress-below", "10", "--by", "office"}, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := excelize.OpenFile(wbWrite(t, db, tt.args...))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			hiddenCells := 0
			for _, sheet := range f.GetSheetList() {
				if !strings.HasPrefix(sheet, "By ") && !regexp.MustCompile(`^\d+\.\d+ `).MatchString(sheet) && sheet != "Other case questions" {
					continue
				}
				header, rows := wbTable(t, f, sheet)
				id, relevant, na := slices.Index(header, "Question number"), slices.Index(header, "Relevant [note 1]"), slices.Index(header, "Not applicable")
				group := slices.Index(header, "Case type")
				if group < 0 {
					group = 4
				}
				// Each question's rows: all cases first, then its groups.
				for start := 0; start < len(rows); {
					end := start + 1
					for end < len(rows) && rows[end][id] == rows[start][id] {
						end++
					}
					all := rows[start][relevant]
					hidden, groups := 0, 0
					for _, row := range rows[start+1 : end] {
						groups++
						v := row[relevant]
						if v == "[c]" {
							hidden++
							hiddenCells++
							continue
						}
						n, err := strconv.Atoi(v)
						if err != nil {
							t.Fatalf("%s: relevant %q", sheet, v)
						}
						if n > 0 && n < tt.below {
							t.Errorf("%s row %s %s: a group with %d relevant cases is shown", sheet, row[id], row[group], n)
						}
						// "Not applicable" is each case's answer too, where no case was relevant.
						if m, _ := strconv.Atoi(row[na]); n == 0 && m > 0 && m < tt.below {
							t.Errorf("%s row %s %s: a group with %d cases all answered not applicable is shown", sheet, row[id], row[group], m)
						}
					}
					if all != "[c]" && hidden == 1 && groups > 1 {
						t.Errorf("%s row %s: one group hidden alone: the total gives it away", sheet, rows[start][id])
					}
					start = end
				}
			}
			if hiddenCells == 0 {
				t.Errorf("nothing was suppressed below %d: the example has groups of 1, 2 and 3 cases", tt.below)
			}
		})
	}
}

func TestWorkbookRefuses(t *testing.T) {
	db, _ := wbExample(t)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"no output file", []string{"workbook"}, exitUsage, "needs -o FILE.xlsx"},
		{"not an xlsx name", []string{"workbook", "-o", filepath.Join(t.TempDir(), "figures.csv")}, exitUsage, "must end in .xlsx"},
		{"negative suppression", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--suppress-below", "-2"}, exitUsage, "want a number of cases"},
		{"suppression turned off without --internal", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--suppress-below", "1"}, exitUsage, "published figures are always suppressed"},
		{"internal and final", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--internal", "--final"}, exitUsage, "figures not for publication cannot be final"},
		{"final with no contact", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--final", "--published", "2024-11-05"}, exitUsage, "--final: the cover of a published workbook needs a contact"},
		{"a publication date that is not one", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--published", "5/11/2024"}, exitUsage, `--published "5/11/2024" is not a date`},
		{"a report address that is not one", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--report-url", "hmiprobation"}, exitUsage, "is not a web address"},
		{"a confidence level in per cent", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--confidence", "95"}, exitUsage, "--confidence 95 is not a confidence level"},
		{"an unknown attribute", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "--by", "shoe_size"}, exitInvalid, `cases have no field "shoe_size"`},
		{"a positional argument", []string{"workbook", "-o", filepath.Join(t.TempDir(), "w.xlsx"), "extra"}, exitUsage, "takes no arguments"},
		{"a report format that does not exist", []string{"report", "--format", "pdf"}, exitUsage, `"pdf" is not a format`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := wbRun(t, db, tt.args...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.wantCode, tt.wantStderr)
			}
		})
	}
}

// TestWorkbookRefusesAnIdentifyingSplit gives the cases an attribute that identifies them (its
// own case id; a surname most cases share with no other) and checks that splitting by it is
// refused and writes nothing; --internal allows the surname, never the case id, and marks every
// sheet not for publication.
func TestWorkbookRefusesAnIdentifyingSplit(t *testing.T) {
	db, _ := wbExample(t)
	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := store.Cases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cases {
		// 49 of the 79 cases alone with their surname, the other 30 sharing three.
		surname := fmt.Sprintf("Surname%02d", i)
		if i >= 49 {
			surname = fmt.Sprintf("Shared%d", i%3)
		}
		cases[i].Attributes = map[string]string{"crn": cases[i].ID, "surname": surname}
	}
	if _, err := store.SaveCases(ctx, cases); err != nil {
		t.Fatal(err)
	}
	store.Close()
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"groups named by case ids", []string{"--by", "crn"}, exitInvalid, "would publish case references"},
		{"groups named by case ids, even internal", []string{"--by", "crn", "--internal"}, exitInvalid, "would publish case references"},
		{"most cases alone in their group", []string{"--by", "surname"}, exitInvalid, "49 of the 79 cases have a surname no other case has"},
		{"internal: allowed, not for publication", []string{"--by", "surname", "--internal"}, exitOK, "Nothing is suppressed and every sheet says 'not for publication'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "w.xlsx")
			stdout, stderr, code := wbRun(t, db, append([]string{"workbook", "-o", out}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantStderr) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.wantCode, tt.wantStderr)
			}
			if code != exitOK {
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("%s was written: %v", out, err)
				}
				return
			}
			if !strings.Contains(stdout, "NOT FOR PUBLICATION") {
				t.Errorf("stdout %q does not say the workbook is not for publication", stdout)
			}
			wbCheckNotForPublication(t, wbRead(t, out))
		})
	}
}

// wbCheckNotForPublication checks that the cover and every other sheet say, under the title,
// that the workbook is not for publication, and every chart's title too.
func wbCheckNotForPublication(t *testing.T, m wbMeaning) {
	t.Helper()
	for _, s := range m.Sheets {
		if s.Chart {
			continue
		}
		said := false
		for _, r := range s.Rows[:min(4, len(s.Rows))] {
			said = said || strings.Contains(r, "NOT FOR PUBLICATION")
		}
		if !said {
			t.Errorf("%s does not say NOT FOR PUBLICATION at the top: %q", s.Name, s.Rows[:min(4, len(s.Rows))])
		}
	}
	for _, c := range m.Charts {
		if !strings.HasPrefix(c.Title, "Not for publication: ") {
			t.Errorf("chart %q does not say it is not for publication", c.Title)
		}
	}
	if !strings.HasPrefix(m.Properties["title"], "Not for publication: ") {
		t.Errorf("the file's title %q does not say it is not for publication", m.Properties["title"])
	}
}

// TestWorkbookDraftAndFinal checks that a workbook is a draft, with the checks before publishing
// printed to stderr and never into the file, until --final with the cover's details.
func TestWorkbookDraftAndFinal(t *testing.T) {
	db, _ := wbExample(t)
	coverSays := func(m wbMeaning, want string) bool {
		return slices.ContainsFunc(m.Sheets[0].Rows, func(r string) bool { return strings.Contains(r, want) })
	}
	t.Run("draft", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "w.xlsx")
		_, stderr, code := wbRun(t, db, "workbook", "-o", out)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"Before publishing:", "Prompt wording is fieldwork's own summary", "The cover gives no contact.", "write it again with --final"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		m := wbRead(t, out)
		if !coverSays(m, "Status: draft, not yet checked for publication.") {
			t.Errorf("the cover does not say draft: %q", m.Sheets[0].Rows)
		}
		// What the inspectorate must confirm is never in the published text.
		for _, s := range m.Sheets {
			for _, r := range s.Rows {
				for _, never := range []string{"fieldwork's own", "correct them here", "not drawn by fieldwork", "these columns are that analysis"} {
					if strings.Contains(r, never) {
						t.Errorf("%s says %q: %s", s.Name, never, r)
					}
				}
			}
		}
	})
	t.Run("final", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "w.xlsx")
		_, stderr, code := wbRun(t, db, "workbook", "-o", out, "--final", "--published", "2024-11-05", "--contact", "data@example.org",
			"--report-url", "https://example.org/bradford-calderdale", "--organisation", "A test inspectorate")
		if code != exitOK || stderr != "" {
			t.Fatalf("exit %d, stderr %q; want no checks printed", code, stderr)
		}
		m := wbRead(t, out)
		for _, want := range []string{"Status: final, published with the inspection report.", "Published: 5 November 2024", "Contact: data@example.org",
			"Licence: Open Government Licence v3.0", "Source: A test inspectorate, the inspection of Bradford & Calderdale PDU"} {
			if !coverSays(m, want) {
				t.Errorf("the cover does not say %q: %q", want, m.Sheets[0].Rows)
			}
		}
		if !slices.Contains(slices.Collect(maps.Values(m.Sheets[0].Links)), "https://example.org/bradford-calderdale") {
			t.Errorf("the cover links %v, not the report", m.Sheets[0].Links)
		}
		if m.Properties["creator"] != "A test inspectorate" {
			t.Errorf("the file's author is %q, want the organisation", m.Properties["creator"])
		}
	})
}

// TestWorkbookProfileBesidePopulation draws a sample through the store and checks the sample
// profile sets each group beside the eligible population, and shows [x] for a field the
// population was not profiled by.
func TestWorkbookProfileBesidePopulation(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "drawn.db")
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Create(ctx, path, casework.Inspection{Name: "Drawn PDU", Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	drawn := func(id string, typ casework.CaseType, order int, status string) sqlite.SampledCase {
		return sqlite.SampledCase{Case: casework.Case{ID: id, Type: typ, Grade: casework.PO, Gender: "female",
			Attributes: map[string]string{"office": "Halifax"}}, Stratum: string(typ), DrawOrder: order, Status: status}
	}
	err = db.SaveSample(ctx, sqlite.DrawnSample{
		Design: sqlite.SampleDesign{Extract: "extract.csv", ExtractSHA256: "abc", Windows: []string{"2024-01-22:2024-01-28"},
			CaseTypes: []string{"community", "licence"}, StratifyBy: []string{"case_type"}, Seed: 7, Size: 3, Population: 40,
			Confidence: 0.8, Proportion: 0.5, Margin: 0.3, Reserve: 1},
		Strata: []sqlite.SampleStratum{{Key: "community", Population: 30, Share: 2, Allocated: 2}, {Key: "licence", Population: 10, Share: 1, Allocated: 1}},
		Cases: []sqlite.SampledCase{drawn("C1", casework.Community, 1, sqlite.Sampled), drawn("C2", casework.Community, 2, sqlite.Sampled),
			drawn("C3", casework.Community, 3, sqlite.Reserve), drawn("L1", casework.Licence, 1, sqlite.Sampled), drawn("L2", casework.Licence, 2, sqlite.Reserve)},
		Profile: map[string]map[string]int{
			"case_type": {"community": 30, "licence": 10},
			"grade":     {"PO": 25, "PSO": 15},
			"gender":    {"female": 8, "male": 32},
		},
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(wbWrite(t, path, "--by", "office"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, rows := wbTable(t, f, "Sample profile")
	got := map[string][]string{}
	for _, r := range rows {
		got[r[0]+": "+r[1]] = r[2:]
	}
	// Each group: cases, out of, %, then the population's number, out of and % (rounded).
	want := map[string][]string{
		"Case type: Community orders": {"2", "3", "0.67", "30", "40", "0.75"},
		"Case type: Licences":         {"1", "3", "0.33", "10", "40", "0.25"},
		"Practitioner grade: PO":      {"3", "3", "1", "25", "40", "0.63"},
		"Practitioner grade: PSO":     {"0", "3", "0", "15", "40", "0.38"},
		"Gender: female":              {"3", "3", "1", "8", "40", "0.2"},
		"Gender: male":                {"0", "3", "0", "32", "40", "0.8"},
		"Office: Halifax":             {"3", "3", "1", "[x]", "[x]", "[x]"},
		// Fields the population profile does not have are not available beside the sample.
		"RoSH level: Not recorded": {"3", "3", "1", "[x]", "[x]", "[x]"},
		"Ethnicity: Not recorded":  {"3", "3", "1", "[x]", "[x]", "[x]"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sample profile (-want +got):\n%s", diff)
	}
	_, notes := wbTable(t, f, "Notes")
	wantNote := "Design: 3 of 40 eligible cases whose order or licence commenced in 22 January 2024 to 28 January 2024 (0 cases left out, each with a recorded reason), stratified by case type, random seed 7; " +
		"the size gives a margin of error of plus or minus 30.0 percentage points at 80% confidence."
	if !strings.Contains(notes[noteSampleRow][1], wantNote) {
		t.Errorf("sample note %q lacks the design %q", notes[noteSampleRow][1], wantNote)
	}
	// Sample size in hindsight works from the 40 eligible cases; no key question is answered.
	hindsight := notes[noteHindsightRow][1]
	for _, want := range []string{"Sample size in hindsight", "The sample drawn: 3 of 40 eligible cases, a size chosen for a margin of plus or minus 30.0 percentage points at 80% confidence [note 9]",
		"finite population correction"} {
		if !strings.Contains(hindsight, want) {
			t.Errorf("hindsight note %q lacks %q", hindsight, want)
		}
	}
}

// noteHindsightRow is the row of the notes table about sample size in hindsight ([note 15]).
const noteHindsightRow = 14

// noteSampleRow is the row of the notes table about the sample ([note 9]).
const noteSampleRow = 8

// TestWorkbookComparesGrades reads the By grade sheet's comparisons of the two findings the
// published report made without the relative rate index analysis. Against POs (the reference,
// although PSOs are the larger group), worked by hand in casework's tests and the README:
// 2.3.1 PSO 11/39 vs PO 25/30 is -55 points (-70 to -32), relative rate 0.34 (0.20 to 0.56);
// 2.4.1 PSO 12/39 vs PO 22/30 is -43 points (-60 to -19), relative rate 0.42 (0.25 to 0.69),
// the relative rate's interval from the two Wilson intervals, which agrees with the difference's.
// PQiP's 3 of 7 is flagged small; by default and with --suppress-below 10 every comparison of a
// hidden group is [c]; with --confidence 0.9 the headings and intervals follow the level.
func TestWorkbookComparesGrades(t *testing.T) {
	db, _ := wbExample(t)
	shown := func(f *excelize.File, question, group, heading string) string {
		t.Helper()
		header, rows := wbTable(t, f, "By grade")
		col := slices.Index(header, heading)
		if col < 0 {
			t.Fatalf("By grade has no heading %q", heading)
		}
		for _, r := range rows {
			if r[0] == question && r[4] == group {
				v, err := strconv.ParseFloat(r[col], 64)
				switch {
				case err != nil:
					return r[col]
				case strings.Contains(heading, "Relative rate"):
					return strconv.FormatFloat(v, 'f', 2, 64)
				case strings.Contains(heading, "Difference"):
					return strconv.FormatFloat(v, 'f', 0, 64)
				}
				return r[col]
			}
		}
		t.Fatalf("By grade has no row %s %s", question, group)
		return ""
	}
	cols := func(level string) []string {
		return []string{"Difference from PO, percentage points [note 14]", "Difference " + level + " CI lower [note 14]", "Difference " + level + " CI upper [note 14]",
			"Differs from PO [note 14]", "Relative rate index against PO [note 14]", "Relative rate index " + level + " CI lower [note 14]",
			"Relative rate index " + level + " CI upper [note 14]", "Small group [note 14]"}
	}
	tests := []struct {
		name     string
		args     []string
		question string
		group    string
		level    string
		want     []string
	}{
		{"2.3.1 PSO", nil, "2.3.1", "PSO", "95%", []string{"-55", "-70", "-32", "Yes", "0.34", "0.20", "0.56", "No"}},
		{"2.4.1 PSO", nil, "2.4.1", "PSO", "95%", []string{"-43", "-60", "-19", "Yes", "0.42", "0.25", "0.69", "No"}},
		// 3/7 - 22/30: Newcombe -60 to +6 points, the README's figure; RR 0.58 (0.21 to 1.10),
		// which spans 1 as the difference spans 0.
		{"2.4.1 PQiP internal: small, no difference shown", []string{"--internal"}, "2.4.1", "PQiP", "95%", []string{"-30", "-60", "6", "No", "0.58", "0.21", "1.10", "Yes"}},
		{"2.4.1 PQiP as published: hidden with the three cases of other grades", nil, "2.4.1", "PQiP", "95%", []string{"[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]"}},
		{"2.4.1 PQiP suppressed below 10", []string{"--suppress-below", "10"}, "2.4.1", "PQiP", "95%", []string{"[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]"}},
		// At 90% (z = 1.644854), worked by hand: Wilson 11/39 (0.1807, 0.4117) and 25/30
		// (0.6951, 0.9164) give -55 points (-68.2 to -36.2); RR 0.338 (0.215 to 0.516).
		{"2.3.1 PSO at 90%", []string{"--confidence", "0.9"}, "2.3.1", "PSO", "90%", []string{"-55", "-68", "-36", "Yes", "0.34", "0.21", "0.52", "No"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := excelize.OpenFile(wbWrite(t, db, tt.args...))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var got []string
			for _, h := range cols(tt.level) {
				got = append(got, shown(f, tt.question, tt.group, h))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s %s against PO (-want +got):\n%s", tt.question, tt.group, diff)
			}
		})
	}
}
