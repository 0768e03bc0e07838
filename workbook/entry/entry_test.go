package entry

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"
)

func framework(t *testing.T) *casework.Framework {
	t.Helper()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

var testCases = []casework.Case{
	{ID: "BC001", Type: casework.Licence, Grade: casework.PO},
	{ID: "BC002", Type: casework.Community, Grade: casework.PSO},
	{ID: "BC003", Type: casework.Community},
}

// writeTemplate writes a template for testCases to a file and returns its path.
func writeTemplate(t *testing.T, inspector string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, Template{Inspection: "Test PDU", Framework: framework(t), Cases: testCases, Inspector: inspector}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "entry.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fill sets cells of the Entry sheet and saves the file.
func fill(t *testing.T, path string, cells map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, v := range cells {
		if err := f.SetCellStr(Sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// column finds the column letter of a question in the template.
func column(t *testing.T, fw *casework.Framework, question string) string {
	t.Helper()
	for i, q := range fw.Questions() {
		if q.ID == question {
			name, _ := excelize.ColumnNumberToName(len(caseColumns) + i + 1)
			return name
		}
	}
	t.Fatalf("no question %s", question)
	return ""
}

func newDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "test.db"), casework.Inspection{Name: "Test PDU", Framework: framework(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.SaveCases(context.Background(), testCases); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRoundTrip writes the template, fills every case programmatically (every answer each
// question allows, in the spellings people type, and some cells left empty), reads it back
// and imports it: what is stored is exactly what was filled in.
func TestRoundTrip(t *testing.T) {
	fw := framework(t)
	path := writeTemplate(t, "Inspector A")
	cells := map[string]string{"D4": "Inspector B"} // BC002 is answered by someone else
	want := map[string]map[string]casework.Answer{}
	var wantJudgements []casework.Judgement
	spellings := map[casework.Answer][]string{casework.Yes: {"Yes", "yes", "Y"}, casework.No: {"No", " no ", "N"}, casework.NotApplicable: {"N/A", "n/a", "NA"}}
	for row, c := range testCases {
		line := firstCase + row
		inspector := "Inspector A"
		if c.ID == "BC002" {
			inspector = "Inspector B"
		}
		for i, q := range fw.Questions() {
			if c.ID == "BC003" && i%3 == 0 {
				continue // not answered yet: left empty
			}
			a := []casework.Answer{casework.Yes, casework.No}[(row+i)%2]
			if q.NotApplicable && (row+i)%5 == 0 {
				a = casework.NotApplicable
			}
			col := column(t, fw, q.ID)
			cell := col + strconv.Itoa(line)
			cells[cell] = spellings[a][(row+i)%3]
			if want[c.ID] == nil {
				want[c.ID] = map[string]casework.Answer{}
			}
			want[c.ID][q.ID] = a
			where := "entry.xlsx sheet Entry, cell " + cell + " (question " + q.ID + ")"
			wantJudgements = append(wantJudgements, casework.Judgement{
				CaseID: c.ID, Question: q.ID, Answer: a, Inspector: inspector,
				Where: where,
			})
		}
	}
	fill(t, path, cells)

	table, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	js, err := intake.Judgements(table)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantJudgements, js, cmpopts.IgnoreFields(casework.Judgement{}, "From", "Row")); d != "" {
		t.Errorf("judgements read back (-want +got):\n%s", d)
	}
	// A fault in a case id is pointed at the case-id cell, one in an answer at the answer's.
	if got, want := js[0].WhereField("case_id"), "entry.xlsx sheet Entry, cell A3 (case id)"; got != want {
		t.Errorf("case id of the first answer is at %q, want %q", got, want)
	}
	if got := js[0].WhereField("answer"); got != js[0].Where {
		t.Errorf("answer of the first answer is at %q, want %q", got, js[0].Where)
	}

	db := newDB(t)
	st, err := db.SaveAnswers(context.Background(), js, "entry.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != len(wantJudgements) {
		t.Errorf("added %d answers, want %d", st.Added, len(wantJudgements))
	}
	got, err := db.Answers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("stored answers (-want +got):\n%s", d)
	}
	// Importing the same file again changes nothing.
	st, err = db.SaveAnswers(context.Background(), js, "entry.xlsx")
	if err != nil || st.Unchanged != len(wantJudgements) {
		t.Errorf("second import: %+v, %v; want all %d unchanged", st, err, len(wantJudgements))
	}
}

// TestTemplateLayout re-reads the written file for what an inspector relies on: the header,
// the drop-downs, the frozen panes and the protection.
func TestTemplateLayout(t *testing.T) {
	fw := framework(t)
	path := writeTemplate(t, "Inspector A")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if d := cmp.Diff([]string{Sheet, guideSheet}, f.GetSheetList()); d != "" {
		t.Errorf("sheets (-want +got):\n%s", d)
	}
	rows, err := f.GetRows(Sheet)
	if err != nil {
		t.Fatal(err)
	}
	qs := fw.Questions()
	wantIDs := []string{"case_id", "case_type", "grade", "inspector"}
	for _, q := range qs {
		wantIDs = append(wantIDs, q.ID)
	}
	if d := cmp.Diff(wantIDs, rows[0]); d != "" {
		t.Errorf("row 1 (-want +got):\n%s", d)
	}
	text := map[string]string{}
	for i, q := range qs {
		text[q.ID] = rows[1][len(caseColumns)+i]
	}
	for id, want := range map[string]string{
		"2.1.1":     "Key question: Does assessment focus sufficiently on engaging the person on probation?",
		"2.1.3a":    "Prompt: Does assessment draw sufficiently on available sources of information, including past behaviour and information from other agencies?",
		"oversight": "Is management oversight sufficient and effective?",
	} {
		if text[id] != want {
			t.Errorf("row 2 for %s = %q, want %q", id, text[id], want)
		}
	}
	wantCases := [][]string{{"BC001", "licence", "PO", "Inspector A"}, {"BC002", "community", "PSO", "Inspector A"}, {"BC003", "community", "", "Inspector A"}}
	if d := cmp.Diff(wantCases, rows[2:]); d != "" {
		t.Errorf("case rows (-want +got):\n%s", d)
	}

	dvs, err := f.GetDataValidations(Sheet)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref] = dv.Formula1
	}
	for _, tc := range []struct{ question, want string }{
		{"2.1.1", `"Yes,No"`},         // key question: never n/a
		{"2.1.1a", `"Yes,No"`},        // prompt without n/a
		{"2.1.3a", `"Yes,No,N/A"`},    // prompt that allows n/a
		{"oversight", `"Yes,No,N/A"`}, // other case question that allows n/a
		{"practitioners", `"Yes,No"`},
	} {
		col := column(t, fw, tc.question)
		sqref := col + "3:" + col + "5"
		if lists[sqref] != tc.want {
			t.Errorf("drop-down of %s (%s) = %q, want %q", tc.question, sqref, lists[sqref], tc.want)
		}
	}
	if len(dvs) != len(qs) {
		t.Errorf("%d drop-downs, want one per question (%d)", len(dvs), len(qs))
	}

	panes, err := f.GetPanes(Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.XSplit != 3 || panes.YSplit != 2 {
		t.Errorf("panes = %+v, want frozen at 3 columns and 2 rows", panes)
	}
	prot, err := f.GetSheetProtection(Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !prot.SelectUnlockedCells || prot.InsertRows || prot.DeleteColumns {
		t.Errorf("protection = %+v, want a protected sheet where answer cells can be selected", prot)
	}
	locked := func(cell string) bool {
		id, err := f.GetCellStyle(Sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		// A cell without a protection setting is locked, as in Excel.
		return st.Protection == nil || st.Protection.Locked
	}
	for cell, want := range map[string]bool{"A1": true, "E1": true, "E2": true, "A3": true, "C5": true, "D3": false, "E3": false, "F5": false} {
		if got := locked(cell); got != want {
			t.Errorf("cell %s locked = %v, want %v", cell, got, want)
		}
	}
}

func TestReadErrorsNameSheetAndCell(t *testing.T) {
	fw := framework(t)
	c := func(q string, row int) string { return column(t, fw, q) + strconv.Itoa(row) }
	tests := []struct {
		name  string
		cells map[string]string
		// where the error shows: "read" from Read, "parse" from intake.Judgements, "save"
		// from the store's checks.
		stage string
		want  string
	}{
		{"not an answer", map[string]string{c("2.1.3a", 4): "maybe"}, "parse",
			`entry.xlsx sheet Entry, cell ` + c("2.1.3a", 4) + ` (question 2.1.3a): "maybe" is not an answer (want yes, no or n/a)`},
		{"n/a on a key question", map[string]string{c("2.1.1", 3): "N/A"}, "save",
			`entry.xlsx sheet Entry, cell ` + c("2.1.1", 3) + ` (question 2.1.1): 2.1.1 is a key question: it is answered yes or no for every case, never n/a`},
		{"n/a where the prompt does not allow it", map[string]string{c("2.1.1a", 3): "n/a"}, "save",
			`entry.xlsx sheet Entry, cell ` + c("2.1.1a", 3) + ` (question 2.1.1a): 2.1.1a does not allow n/a (want yes or no)`},
		{"answers without a case", map[string]string{"A4": "", c("2.1.1", 4): "yes", c("2.1.2", 4): "no"}, "read",
			`entry.xlsx sheet Entry, cell A4: row 4 has 2 answers but no case id`},
		{"a case not in the inspection", map[string]string{"A5": "ZZ999", c("2.2.1", 5): "yes"}, "save",
			`entry.xlsx sheet Entry, cell A5 (case id): there is no case "ZZ999" in this inspection`},
		{"a question not in the framework", map[string]string{c("2.1.1", 1): "2.1.9", c("2.1.1", 3): "yes"}, "save",
			`entry.xlsx sheet Entry, cell ` + c("2.1.1", 3) + ` (question 2.1.9): "2.1.9" is not a question of framework pdu-2023`},
		{"a question twice", map[string]string{c("2.1.1a", 1): "2.1.1"}, "read",
			`entry.xlsx sheet Entry, cell ` + c("2.1.1a", 1) + `: column "2.1.1" appears again (first in entry.xlsx sheet Entry, cell ` + c("2.1.1", 1) + `)`},
		{"no case_id column", map[string]string{"A1": "case"}, "read",
			`no case_id column`},
		{"nothing answered", map[string]string{}, "parse",
			`entry.xlsx has a header but no answers`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemplate(t, "")
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// The header is protected against slips, not against a test.
			if err := f.UnprotectSheet(Sheet); err != nil {
				t.Fatal(err)
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			fill(t, path, tt.cells)
			stage, err := readAndSave(t, path)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if stage != tt.stage || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error at %s:\n  %v\nwant at %s:\n  %s", stage, err, tt.stage, tt.want)
			}
			if casework.ErrorCode(err) != casework.EINVALID {
				t.Errorf("code %q, want %q", casework.ErrorCode(err), casework.EINVALID)
			}
		})
	}
}

// readAndSave runs what `judgements import` does and says at which stage it failed.
func readAndSave(t *testing.T, path string) (string, error) {
	t.Helper()
	table, err := Read(path)
	if err != nil {
		return "read", err
	}
	js, err := intake.Judgements(table)
	if err != nil {
		return "parse", err
	}
	db := newDB(t)
	if _, err := db.SaveAnswers(context.Background(), js, "entry.xlsx"); err != nil {
		answers, _ := db.Answers(context.Background())
		if len(answers) != 0 {
			t.Errorf("a failed import stored %d cases' answers", len(answers))
		}
		return "save", err
	}
	return "", nil
}

func TestReadRefusesWhatIsNotATemplate(t *testing.T) {
	dir := t.TempDir()
	notXLSX := filepath.Join(dir, "judgements.xlsx")
	if err := os.WriteFile(notXLSX, []byte("case_id,question,answer\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	twoSheets := filepath.Join(dir, "other.xlsx")
	f := excelize.NewFile()
	if _, err := f.NewSheet("Answers"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(twoSheets); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct{ path, want, code string }{
		{notXLSX, "judgements.xlsx is not an Excel workbook (.xlsx) that can be read", casework.EINVALID},
		{twoSheets, `other.xlsx has no sheet "Entry" (its sheets: "Sheet1", "Answers")`, casework.EINVALID},
		{filepath.Join(dir, "missing.xlsx"), "cannot open", casework.ENOTFOUND},
	} {
		_, err := Read(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || casework.ErrorCode(err) != tc.code {
			t.Errorf("Read(%s) = %v (code %s), want %q (code %s)", filepath.Base(tc.path), err, casework.ErrorCode(err), tc.want, tc.code)
		}
	}
}

// TestQuestionsNotAskedAreGrey: a cell for a question the framework does not ask of a case is
// grey, and still open for n/a.
func TestQuestionsNotAskedAreGrey(t *testing.T) {
	fw := framework(t)
	p := &fw.Standards[6].KeyQuestions[0].Prompts[0]
	p.NotFor, p.NotApplicable = []string{casework.ProbationReset}, true
	if err := fw.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []casework.Case{
		{ID: "R1", Type: casework.Community, Attributes: map[string]string{casework.ProbationReset: "yes"}},
		{ID: "R2", Type: casework.Community, Attributes: map[string]string{casework.ProbationReset: "no"}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, Template{Framework: fw, Cases: cases}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	col := column(t, fw, p.ID)
	fill := func(cell string) []string {
		id, err := f.GetCellStyle(Sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Protection != nil && st.Protection.Locked {
			t.Errorf("%s is locked", cell)
		}
		return st.Fill.Color
	}
	if got := fill(col + "3"); len(got) != 1 || got[0] != "BFBFBF" {
		t.Errorf("%s3 (R1, under Probation Reset) fill %v, want grey", col, got)
	}
	if got := fill(col + "4"); len(got) != 0 {
		t.Errorf("%s4 (R2) fill %v, want none", col, got)
	}
}
