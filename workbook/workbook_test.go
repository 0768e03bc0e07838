package workbook

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
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

// figures builds an inspection of community and licence cases where every question has the
// tallies given for each case type (missing questions: every case answered yes).
func figures(t *testing.T, community, licence int, com, lic casework.Tallies, splits ...Split) Figures {
	t.Helper()
	fw := framework(t)
	all := casework.Tallies{}
	for _, q := range fw.Questions() {
		c, ok := com[q.ID]
		if !ok {
			c = casework.Tally{Yes: community}
			com[q.ID] = c
		}
		l, ok := lic[q.ID]
		if !ok {
			l = casework.Tally{Yes: licence}
			lic[q.ID] = l
		}
		all[q.ID] = casework.Tally{Yes: c.Yes + l.Yes, No: c.No + l.No, NotApplicable: c.NotApplicable + l.NotApplicable}
	}
	return Figures{
		Inspection: casework.Inspection{Name: "Test PDU", Framework: fw, FieldworkStart: "2024-09-02"},
		Result:     fw.Rate(all, nil),
		CaseTypes:  []Group{{Value: "community", Cases: community, Tallies: com}, {Value: "licence", Cases: licence, Tallies: lic}},
		Splits:     splits,
		Written:    time.Date(2024, 11, 5, 10, 0, 0, 0, time.UTC),
	}
}

func open(t *testing.T, fig Figures, opt Options) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, fig, opt); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// row returns the cells of the table row on sheet whose column idHeader holds id, by header.
func row(t *testing.T, f *excelize.File, sheet, idHeader, id string) map[string]string {
	t.Helper()
	tables, err := f.GetTables(sheet)
	if err != nil || len(tables) != 1 {
		t.Fatalf("%s: tables %v, %v", sheet, tables, err)
	}
	first, _, _ := strings.Cut(tables[0].Range, ":")
	_, head, _ := excelize.CellNameToCoordinates(first)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	header := rows[head-1]
	col := slices.Index(header, idHeader)
	for _, r := range rows[head:] {
		if col >= 0 && col < len(r) && r[col] == id {
			out := map[string]string{}
			for i, h := range header {
				if i < len(r) {
					out[h] = r[i]
				}
			}
			return out
		}
	}
	t.Fatalf("%s: no row with %s %q", sheet, idHeader, id)
	return nil
}

// pick keeps the cells whose heading starts with prefix, keyed by the rest of the heading.
func pick(cells map[string]string, prefix string) map[string]string {
	out := map[string]string{}
	for h, v := range cells {
		if rest, ok := strings.CutPrefix(h, prefix); ok {
			out[strings.Fields(rest)[0]] = v
		}
	}
	return out
}

func TestStandardSheetSuppression(t *testing.T) {
	// Prompt 2.1.3a: 3 relevant community orders, 9 relevant licences, 12 in all.
	com := casework.Tallies{"2.1.3a": {Yes: 2, No: 1, NotApplicable: 3}}
	lic := casework.Tallies{"2.1.3a": {Yes: 5, No: 4, NotApplicable: 1}}
	c := "[c]"
	tests := []struct {
		name          string
		below         int
		all, com, lic map[string]string
	}{
		{"no suppression", 0,
			map[string]string{"yes": "7", "no": "5", "not": "4", "relevant": "12", "%": "0.583333333333333"},
			map[string]string{"yes": "2", "no": "1", "not": "3", "relevant": "3", "%": "0.666666666666666"},
			map[string]string{"yes": "5", "no": "4", "not": "1", "relevant": "9", "%": "0.555555555555555"}},
		{"below 5: community is small, licences go with it", 5,
			map[string]string{"yes": "7", "no": "5", "not": "4", "relevant": "12", "%": "0.583333333333333"},
			map[string]string{"yes": c, "no": c, "not": c, "relevant": c, "%": c},
			map[string]string{"yes": c, "no": c, "not": c, "relevant": c, "%": c}},
		{"below 13: everything is small", 13,
			map[string]string{"yes": c, "no": c, "not": c, "relevant": c, "%": c},
			map[string]string{"yes": c, "no": c, "not": c, "relevant": c, "%": c},
			map[string]string{"yes": c, "no": c, "not": c, "relevant": c, "%": c}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, figures(t, 6, 10, com, lic), Options{Suppress: casework.Suppression{Below: tt.below}})
			r := row(t, f, "2.1 Assessment", "Question number", "2.1.3a")
			got := []map[string]string{pick(r, "All cases (16 cases): "), pick(r, "Community orders (6 cases): "), pick(r, "Licences (10 cases): ")}
			if diff := cmp.Diff([]map[string]string{tt.all, tt.com, tt.lic}, got); diff != "" {
				t.Errorf("all, community, licence (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitSheetSuppression(t *testing.T) {
	// Key question 2.3.1 by grade: groups of 30, 39, 7 and 3 cases, as in Bradford & Calderdale.
	grades := Split{Field: "grade", Groups: []Group{
		{Value: "PO", Cases: 30, Tallies: casework.Tallies{"2.3.1": {Yes: 25, No: 5}}},
		{Value: "PSO", Cases: 39, Tallies: casework.Tallies{"2.3.1": {Yes: 11, No: 28}}},
		{Value: "PQiP", Cases: 7, Tallies: casework.Tallies{"2.3.1": {Yes: 4, No: 3}}},
		{Value: "other", Cases: 3, Tallies: casework.Tallies{"2.3.1": {Yes: 2, No: 1}}},
	}}
	tests := []struct {
		name  string
		below int
		want  map[string]string // relevant cases by group heading
	}{
		{"no suppression: small groups show their size", 0, map[string]string{"PO (30 cases)": "30", "PSO (39 cases)": "39", "PQiP (7 cases)": "7", "Other (3 cases)": "3"}},
		{"below 5: other, and PQiP to cover it", 5, map[string]string{"PO (30 cases)": "30", "PSO (39 cases)": "39", "PQiP (7 cases)": "[c]", "Other (3 cases)": "[c]"}},
		{"below 10: both small already", 10, map[string]string{"PO (30 cases)": "30", "PSO (39 cases)": "39", "PQiP (7 cases)": "[c]", "Other (3 cases)": "[c]"}},
		{"below 31: PO too, then PSO covers nothing more", 31, map[string]string{"PO (30 cases)": "[c]", "PSO (39 cases)": "39", "PQiP (7 cases)": "[c]", "Other (3 cases)": "[c]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, figures(t, 49, 30, casework.Tallies{}, casework.Tallies{}, grades), Options{Suppress: casework.Suppression{Below: tt.below}})
			r := row(t, f, "By grade", "Question number", "2.3.1")
			got := map[string]string{}
			for h, v := range r {
				if group, ok := strings.CutSuffix(h, ": relevant [note 1]"); ok && !strings.HasPrefix(group, "All cases") {
					got[group] = v
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("relevant cases by group (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSampleProfile(t *testing.T) {
	grades := Split{Field: "grade", Groups: []Group{{Value: "PO", Cases: 2}, {Value: "PSO", Cases: 2}}}
	tests := []struct {
		name       string
		population map[string]map[string]int
		want       [][]string
	}{
		{"sample drawn elsewhere: population not available", nil, [][]string{
			{"Case type", "Community orders", "3", "0.75", "[x]", "[x]"},
			{"Case type", "Licences", "1", "0.25", "[x]", "[x]"},
			{"Practitioner grade", "PO", "2", "0.5", "[x]", "[x]"},
			{"Practitioner grade", "PSO", "2", "0.5", "[x]", "[x]"},
		}},
		{"drawn by fieldwork: beside the population, with groups the sample missed", map[string]map[string]int{
			"case_type": {"community": 30, "licence": 10},
			"grade":     {"PO": 20, "PSO": 16, "PQiP": 4},
		}, [][]string{
			{"Case type", "Community orders", "3", "0.75", "30", "0.75"},
			{"Case type", "Licences", "1", "0.25", "10", "0.25"},
			{"Practitioner grade", "PO", "2", "0.5", "20", "0.5"},
			{"Practitioner grade", "PSO", "2", "0.5", "16", "0.4"},
			{"Practitioner grade", "PQiP", "0", "0", "4", "0.1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fig := figures(t, 3, 1, casework.Tallies{}, casework.Tallies{}, grades)
			fig.Population = tt.population
			f := open(t, fig, Options{})
			rows, err := f.GetRows("Sample profile", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Characteristic" })
			if diff := cmp.Diff(tt.want, rows[i+1:]); diff != "" {
				t.Errorf("profile rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNamesForAnyAttribute(t *testing.T) {
	long := Split{Field: "probation_delivery_unit_office_and_team", Groups: []Group{{Value: "Halifax", Cases: 4}}}
	f := open(t, figures(t, 3, 1, casework.Tallies{}, casework.Tallies{}, long), Options{})
	want := "By probation delivery unit offic"
	if !slices.Contains(f.GetSheetList(), want[:31]) {
		t.Fatalf("sheets %v lack %q", f.GetSheetList(), want[:31])
	}
	tables, err := f.GetTables(want[:31])
	if err != nil || len(tables) != 1 || tables[0].Name != "By_probation_delivery_unit_office_and_team" {
		t.Errorf("tables %v, %v", tables, err)
	}
}

// TestNothingAnsweredYet writes a workbook before any answer: every percentage is [z] and no
// standard is rated, so the score and overall rating are [x].
func TestNothingAnsweredYet(t *testing.T) {
	fw := framework(t)
	fig := Figures{Inspection: casework.Inspection{Name: "Empty PDU", Framework: fw}, Result: fw.Rate(casework.Tallies{}, nil)}
	f := open(t, fig, Options{})
	r := row(t, f, "2.1 Assessment", "Question number", "2.1.1")
	if got := r["All cases (0 cases): % yes [note 2]"]; got != "[z]" {
		t.Errorf("%% yes with no answer = %q, want [z]", got)
	}
	overall := row(t, f, "Ratings", "Standard number", "Overall")
	if diff := cmp.Diff([]string{"[x]", "[x]"}, []string{overall["Rating"], overall["Points"]}); diff != "" {
		t.Errorf("overall rating and score (-want +got):\n%s", diff)
	}
}

// TestDeparturesAreNotes gives each departure its own note, referred to where the rating is.
func TestDeparturesAreNotes(t *testing.T) {
	fig := figures(t, 49, 30, casework.Tallies{}, casework.Tallies{})
	fw := fig.Inspection.Framework
	all := casework.Tallies{}
	for _, q := range fw.Questions() {
		all[q.ID] = casework.Tally{Yes: 79}
	}
	fig.Result = fw.Rate(all, []casework.GivenRating{
		{Standard: "1.3", Rating: casework.RequiresImprovement, Reason: "strengths in services"},
		{Standard: "2.2", Rating: casework.Good, Reason: "moderation panel"},
		{Standard: casework.Overall, Rating: casework.Good, Reason: "professional discretion"},
	})
	f := open(t, fig, Options{})
	var got []string
	for _, n := range []string{"[note 12]", "[note 13]", "[note 14]"} {
		got = append(got, row(t, f, "Notes", "Note number", n)["Note text"])
	}
	want := []string{
		"Departure: 1.3 Services was rated Requires improvement by the inspectors. Reason: strengths in services.",
		"Departure: the data gave 2.2 Planning Outstanding; the inspectors rated it Good. Reason: moderation panel.",
		// Not every standard is rated, so the data give no overall rating to depart from.
		"Departure: the overall rating was rated Good by the inspectors. Reason: professional discretion.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("departure notes (-want +got):\n%s", diff)
	}
	lines, _ := f.GetRows("2.2 Planning")
	if !strings.Contains(lines[1][0], "departed from the data [note 13]") {
		t.Errorf("2.2 Planning says %q, want a reference to its departure note", lines[1][0])
	}
}

// TestNamesStayUnique splits by two attributes whose names cut to the same tab name, with two
// groups that read alike: Excel needs unique sheet, table and heading names.
func TestNamesStayUnique(t *testing.T) {
	a := Split{Field: "probation_delivery_unit_office_old", Groups: []Group{{Value: "Halifax", Cases: 2}, {Value: "Not recorded", Cases: 1}, {Value: "", Cases: 1}}}
	b := Split{Field: "probation_delivery_unit_office_new", Groups: []Group{{Value: "Halifax", Cases: 4}}}
	f := open(t, figures(t, 3, 1, casework.Tallies{}, casework.Tallies{}, a, b), Options{})
	var got []string
	for _, s := range f.GetSheetList() {
		if strings.HasPrefix(s, "By ") {
			got = append(got, s)
		}
	}
	if diff := cmp.Diff([]string{"By probation delivery unit offi", "By probation delivery unit of 2"}, got); diff != "" {
		t.Errorf("tabs (-want +got):\n%s", diff)
	}
	header, _ := f.GetRows(got[0])
	for _, r := range header {
		if len(r) > 0 && r[0] == "Standard" {
			if !slices.Contains(r, "Not recorded (1 case): yes 2") {
				t.Errorf("headings %v: the second 'Not recorded' group is not told apart", r)
			}
		}
	}
}
