package sampling

import (
	"errors"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/intake"

	"github.com/google/go-cmp/cmp"
)

func readCSV(t *testing.T, name, text string) intake.Rows {
	t.Helper()
	rows, err := intake.CSVRows(name, strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func windows(t testing.TB, specs ...string) []Window {
	t.Helper()
	var ws []Window
	for _, s := range specs {
		w, err := ParseWindow(s)
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	return ws
}

const smallExtract = `CRN,Sentence Type,Start Date,RoSH Level,Sex,Ethnicity,Practitioner Grade,Office,Status
A1,Community Order,22/01/2024,High,Male,White,PO,Halifax,Active
A2,Licence,2024-01-28,medium,Female,,PSO,Keighley,Transferred Out
A3,CO,21/01/2024,low,Male,Mixed,PQiP,Halifax,Active
A4,licence,04/03/2024,Very High,Male,Asian or Asian British,PO,Bradford,active
A5,Community Order,10/03/2024,Low,Female,White,,Halifax,Active
A6,Community Order,,Low,Female,White,PO,Halifax,Active
A7,Licence,05/03/2024,Low,Male,White,PO,Halifax,Active
A8,Community Order,11/03/2024,Low,Male,White,PO,Halifax,Active
`

func TestReadPopulation(t *testing.T) {
	m, err := ParseMapping([]string{"Start Date=commenced"})
	if err != nil {
		t.Fatal(err)
	}
	el := Eligibility{
		Windows: windows(t, "2024-01-22:2024-01-28", "2024-03-04:2024-03-10"),
		Rules:   []Rule{{Field: "status", Value: "transferred out"}},
		Listed:  []Listed{{CaseID: "a7", Reason: "deceased", Where: "exclusions.csv line 2"}, {CaseID: "Z9", Reason: "moved", Where: "exclusions.csv line 3"}},
	}
	pop, err := ReadPopulation(readCSV(t, "extract.csv", smallExtract), m, el)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range pop.Eligible() {
		ids = append(ids, pop.Case(i).ID)
	}
	type summary struct {
		Fields                              []string
		IDs                                 []string
		Excluded                            []Exclusion
		Rows, NoDate, InWindows, OtherTypes int
		PerWindow                           []int
		NotFound                            []Listed
	}
	got := summary{pop.Fields, ids, pop.Excluded, pop.Rows, pop.NoDate, pop.InWindows, pop.OtherTypes, pop.PerWindow, pop.NotFound}
	want := summary{
		Fields: []string{"case_id", "case_type", "commenced", "rosh", "gender", "ethnicity", "grade", "office", "status"},
		IDs:    []string{"A1", "A4", "A5"},
		Excluded: []Exclusion{
			{CaseID: "A2", Reason: "status=transferred out", Where: "extract.csv line 3"},
			{CaseID: "A7", Reason: "deceased (listed in exclusions.csv line 2)", Where: "extract.csv line 8"},
		},
		Rows: 8, NoDate: 1, InWindows: 5, PerWindow: []int{1, 2},
		NotFound: []Listed{{CaseID: "Z9", Reason: "moved", Where: "exclusions.csv line 3"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	wantCase := casework.Case{ID: "A4", Type: casework.Licence, Grade: casework.PO, RoSH: casework.RoSHVeryHigh, Gender: "Male", Ethnicity: "Asian or Asian British",
		Attributes: map[string]string{"commenced": "2024-03-04", "office": "Bradford", "status": "active"}}
	if diff := cmp.Diff(wantCase, pop.Case(1).Case()); diff != "" {
		t.Errorf("A4 as a case (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"": 1, "PO": 2}, pop.Counts("grade")); diff != "" {
		t.Errorf("grade counts (-want +got):\n%s", diff)
	}
}

func TestReadPopulationCaseTypes(t *testing.T) {
	m := Mapping{"start_date": "commenced"}
	el := Eligibility{Windows: windows(t, "2024-01-01:2024-12-31"), CaseTypes: []casework.CaseType{casework.Licence}}
	pop, err := ReadPopulation(readCSV(t, "extract.csv", smallExtract), m, el)
	if err != nil {
		t.Fatal(err)
	}
	if got := pop.Eligible(); got != 3 || pop.OtherTypes != 4 {
		t.Errorf("licences only: %d cases, %d of other types; want 3 and 4", got, pop.OtherTypes)
	}
}

// Every fault is reported with its file, line, column and value, and nothing is returned.
func TestReadPopulationErrors(t *testing.T) {
	header := "CRN,Sentence Type,Commenced,RoSH,Gender\n"
	jan := Eligibility{Windows: windows(t, "2024-01-22:2024-01-28")}
	tests := []struct {
		name    string
		extract string
		m       Mapping
		el      Eligibility
		want    string
	}{
		{
			name:    "missing columns",
			extract: "CRN,Type,Date\nA1,CO,22/01/2024\n",
			el:      jan,
			want:    "extract.csv: no commenced column (the header is: CRN, Type, Date)",
		},
		{
			name:    "a map naming no column",
			extract: header + "A1,CO,22/01/2024,low,m\n",
			m:       Mapping{"case_ref": "case_id"},
			el:      jan,
			want:    "--map case_ref=case_id: extract.csv has no column case_ref (the header is: CRN, Sentence Type, Commenced, RoSH, Gender)",
		},
		{
			name:    "bad dates, bad values and a duplicate, all reported",
			extract: header + "A1,CO,22/01/2024,low,m\nA2,CO,31/02/2024,low,m\nA3,CO,01/23/2024,low,m\nA4,fine,23/01/2024,low,m\nA5,CO,24/01/2024,severe,m\na1,CO,25/01/2024,low,m\n,CO,25/01/2024,low,m\n",
			el:      jan,
			want: `extract.csv: 6 problems, nothing was written:
  extract.csv line 3, column Commenced: "31/02/2024" is not a date (want YYYY-MM-DD or DD/MM/YYYY, e.g. 2024-01-22 or 22/01/2024)
  extract.csv line 4, column Commenced: "01/23/2024" is month first; write dates day first (23/01/2024) or ISO (2024-01-23)
  extract.csv line 5, column Sentence Type: "fine" is not a case type (want community or licence)
  extract.csv line 6, column RoSH: "severe" is not a RoSH level (want low, medium, high or very high)
  extract.csv line 7, column CRN: case "a1" appears again (first on line 2); a case can be sampled once
  extract.csv line 8, column CRN: empty case id (every case needs one)`,
		},
		{
			name:    "a window with no cases",
			extract: header + "A1,CO,22/01/2024,low,m\n",
			el:      Eligibility{Windows: windows(t, "2024-01-22:2024-01-28", "2024-03-04:2024-03-10")},
			want:    "extract.csv: no eligible case commenced in window 2024-03-04:2024-03-10 (1 rows read) (nothing was written)",
		},
		{
			name:    "a window emptied by exclusions",
			extract: header + "A1,CO,22/01/2024,low,m\n",
			el:      Eligibility{Windows: jan.Windows, Rules: []Rule{{Field: "gender", Value: "M"}}},
			want:    "extract.csv: no eligible case commenced in window 2024-01-22:2024-01-28 (1 rows read) (nothing was written)",
		},
		{
			name:    "a rule on a column the extract lacks",
			extract: header + "A1,CO,22/01/2024,low,m\n",
			el:      Eligibility{Windows: jan.Windows, Rules: []Rule{{Field: "status", Value: "transferred out"}}},
			want:    `--exclude "status=transferred out": extract.csv has no column status (its fields are: case_id, case_type, commenced, rosh, gender)`,
		},
		{
			name:    "a column named like the sample's own attributes",
			extract: "CRN,Sentence Type,Commenced,Stratum\nA1,CO,22/01/2024,x\n",
			el:      jan,
			want:    `extract.csv: column 4 ("Stratum") would be overwritten by the sample's own stratum attribute`,
		},
		{
			name:    "a short row",
			extract: header + "A1,CO,22/01/2024\n",
			el:      jan,
			want:    "extract.csv line 2 has 3 fields but the header has 5",
		},
		{
			name:    "no windows",
			extract: header + "A1,CO,22/01/2024,low,m\n",
			want:    "no commencement window given",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pop, err := ReadPopulation(readCSV(t, "extract.csv", tt.extract), tt.m, tt.el)
			if err == nil {
				t.Fatalf("no error; population of %d", pop.Eligible())
			}
			if pop != nil {
				t.Errorf("a population came back with the error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if casework.ErrorCode(err) != casework.EINVALID {
				t.Errorf("code %q, want %q", casework.ErrorCode(err), casework.EINVALID)
			}
		})
	}
}

func TestReadExclusionList(t *testing.T) {
	got, err := ReadExclusionList(readCSV(t, "out.csv", "CRN,Reason\nA1, deceased \nA2,transferred  out\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Listed{{"A1", "deceased", "out.csv line 2"}, {"A2", "transferred out", "out.csv line 3"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = ReadExclusionList(readCSV(t, "out.csv", "CRN,Reason\nA1,\nA1,x\nA1,y\n"))
	wantErr := `out.csv: 2 problems, nothing was written:
  out.csv line 2, column Reason: no reason given for excluding A1 (every exclusion is logged with its reason)
  out.csv line 4, column CRN: A1 is listed again (first on line 3)`
	if err == nil || err.Error() != wantErr {
		t.Errorf("error %v, want %s", err, wantErr)
	}
	if _, err := ReadExclusionList(readCSV(t, "out.csv", "CRN\nA1\n")); err == nil {
		t.Error("a list without reasons was accepted")
	}
}

func TestParseMappingAndRule(t *testing.T) {
	m, err := ParseMapping([]string{"CRN=case_id", " Sentence Type = Case Type "})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Mapping{"crn": "case_id", "sentence_type": "case_type"}, m); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := ParseMapping([]string{"CRN"}); err == nil {
		t.Error(`--map "CRN" accepted`)
	}
	r, err := ParseRule("Status = Transferred   Out")
	if err != nil || r != (Rule{"status", "Transferred Out"}) {
		t.Errorf("ParseRule = %+v, %v", r, err)
	}
	if _, err := ParseRule("status="); err == nil {
		t.Error(`--exclude "status=" accepted`)
	}
}

// An extract read from a spreadsheet arrives as an intake.Table; its rows are read the same way.
func TestTableRows(t *testing.T) {
	tab := &intake.Table{Name: "extract.xlsx", Header: []string{"case_id", "case_type", "commenced"},
		Rows: []intake.Row{{Line: 2, Cells: []string{"A1", "licence", "2024-01-22"}}, {Line: 3, Cells: []string{"A2", "licence", "nope"}}},
		Cell: func(r intake.Row, col int) string { return "extract.xlsx sheet Cases, row " + string(rune('0'+r.Line)) },
	}
	_, err := ReadPopulation(intake.TableRows(tab), nil, Eligibility{Windows: windows(t, "2024-01-22:2024-01-28")})
	var e *casework.Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message, `extract.xlsx sheet Cases, row 3: "nope" is not a date`) {
		t.Errorf("error %v, want one naming the sheet and row", err)
	}
}

func TestCSVRowsWindows1252(t *testing.T) {
	rows := readCSV(t, "extract.csv", "\ufeffCRN,Office\nA1,Caf\xe9 \x96 Halifax\n")
	if diff := cmp.Diff([]string{"CRN", "Office"}, rows.Header()); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	r, err := rows.Next()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"A1", "Café – Halifax"}, r.Cells); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

func TestTidy(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "White": "White", " White ": "White", "Asian  or\tAsian British": "Asian or Asian British",
		"Transferred Out": "Transferred Out", "caf\u00e9\u00a0x": "café x", "a\r\n": "a",
	} {
		if got := tidy(in); got != want {
			t.Errorf("tidy(%q) = %q, want %q", in, got, want)
		}
	}
}
