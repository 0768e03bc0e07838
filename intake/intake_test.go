package intake

import (
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func table(t *testing.T, name, text string) *Table {
	t.Helper()
	tb, err := ReadCSV(name, strings.NewReader(text))
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	return tb
}

func TestCases(t *testing.T) {
	text := "\ufeffCase ID,Case Type,Grade,RoSH,Gender,Ethnicity,Office\r\n" +
		"C1,Community order,po,Medium,female,White,Halifax\r\n" +
		"\r\n" +
		"C2, License ,PSO,very high,male,Asian or Asian British,Bradford\r\n"
	got, err := Cases(table(t, "cases.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	want := []casework.Case{
		{ID: "C1", Type: casework.Community, Grade: casework.PO, RoSH: casework.RoSHMedium, Gender: "female", Ethnicity: "White", Attributes: map[string]string{"office": "Halifax"}},
		{ID: "C2", Type: casework.Licence, Grade: casework.PSO, RoSH: casework.RoSHVeryHigh, Gender: "male", Ethnicity: "Asian or Asian British", Attributes: map[string]string{"office": "Bradford"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBadCaseLists(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"bad grade", "case_id,case_type,grade\nC1,community,PO\nC2,licence,PSO2\n",
			`cases.csv line 3, column grade: "PSO2" is not a grade (want PO, PSO, PQiP or other)`},
		{"bad case type", "case_id,case_type\nC1,custody\n",
			`cases.csv line 2, column case_type: "custody" is not a case type (want community or licence)`},
		{"bad rosh", "case_id,case_type,rosh\nC1,community,extreme\n",
			`cases.csv line 2, column rosh: "extreme" is not a RoSH level (want low, medium, high or very high)`},
		{"duplicate case", "case_id,case_type\nC1,community\nc1,licence\n",
			`cases.csv line 3, column case_id: case "c1" appears again (first on line 2)`},
		{"empty id", "case_id,case_type\n,community\n", `cases.csv line 2, column case_id: empty case id`},
		{"missing column", "case_id,grade\nC1,PO\n", `cases.csv: no case_type column (the header is: case_id, grade)`},
		{"duplicate column", "case_id,case_type,Case Type\nC1,community,licence\n", `columns 2 ("case_type") and 3 ("Case Type") are both case_type`},
		{"header only", "case_id,case_type\n", "cases.csv has a header but no cases"},
		{"all problems at once", "case_id,case_type,grade\nC1,x,PO\nC2,community,y\n", "2 problems, nothing was written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Cases(table(t, "cases.csv", tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
			if casework.ErrorCode(err) != casework.EINVALID {
				t.Errorf("code = %s, want invalid", casework.ErrorCode(err))
			}
		})
	}
}

func TestBadFiles(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "cases.csv is empty"},
		{"blank lines only", "\n\n  \n", "cases.csv is empty"},
		{"ragged row", "case_id,case_type\nC1,community,extra\n", "cases.csv line 2 has 3 fields but the header has 2"},
		{"bad quoting", "case_id,case_type\n\"C1,community\nC2\"x,licence\n", "cases.csv line 3"},
		{"binary", "PK\x03\x04\x00\x00binary", "is not a CSV text file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV("cases.csv", strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestWindows1252(t *testing.T) {
	// "Zoë" and a curly apostrophe as Excel writes them in Windows-1252.
	tb := table(t, "cases.csv", "case_id,case_type,office\nC1,community,Zo\xeb\x92s office\n")
	cs, err := Cases(tb)
	if err != nil {
		t.Fatal(err)
	}
	if got := cs[0].Attributes["office"]; got != "Zoë’s office" {
		t.Errorf("office = %q", got)
	}
}

func TestJudgements(t *testing.T) {
	text := "case_id,question,answer,inspector,note\nC1,2.1.1,Y,Inspector A,\nC1,2.1.3a,NA,,checked\nC2,2.1.1,no,,\n"
	got, err := Judgements(table(t, "judgements.csv", text))
	if err != nil {
		t.Fatal(err)
	}
	want := []casework.Judgement{
		{CaseID: "C1", Question: "2.1.1", Answer: casework.Yes, Inspector: "Inspector A", Where: "judgements.csv line 2", Row: 0},
		{CaseID: "C1", Question: "2.1.3a", Answer: casework.NotApplicable, Note: "checked", Where: "judgements.csv line 3", Row: 1},
		{CaseID: "C2", Question: "2.1.1", Answer: casework.No, Where: "judgements.csv line 4", Row: 2},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(casework.Judgement{}, "From")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Each answer names the cells it came from, for errors found when it is saved.
	var where []string
	for _, f := range []string{"case_id", "question", "answer"} {
		where = append(where, got[1].WhereField(f))
	}
	if diff := cmp.Diff([]string{"judgements.csv line 3, column case_id", "judgements.csv line 3, column question", "judgements.csv line 3, column answer"}, where); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	_, err = Judgements(table(t, "judgements.csv", "case_id,question,answer\nC1,2.1.1,maybe\n"))
	if err == nil || !strings.Contains(err.Error(), `judgements.csv line 2, column answer: "maybe" is not an answer (want yes, no or n/a)`) {
		t.Errorf("bad answer: %v", err)
	}
}

func TestParseAssignments(t *testing.T) {
	got, err := ParseAssignments("C1", []string{"2.1.1=yes", "2.1.3a = n/a"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Question != "2.1.3a" || got[1].Answer != casework.NotApplicable {
		t.Errorf("got %+v", got)
	}
	_, err = ParseAssignments("C1", []string{"2.1.1", "2.1.2=perhaps"})
	if err == nil || !strings.Contains(err.Error(), `"2.1.1" is not QUESTION=ANSWER`) || !strings.Contains(err.Error(), `"perhaps" is not an answer`) {
		t.Errorf("bad assignments: %v", err)
	}
}

func TestClosest(t *testing.T) {
	names := []string{"case_id", "question", "answer", "inspector", "note"}
	for _, tc := range []struct{ name, want string }{
		{"inspecter", "inspector"}, {"notes2", "note"}, {"anwser", "answer"}, {"grade", ""}, {"questoin", "question"},
	} {
		if got := closest(tc.name, names); got != tc.want {
			t.Errorf("closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
