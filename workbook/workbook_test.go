package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/figures"

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

// counted builds an inspection of community and licence cases where every question has the
// tallies given for each case type (missing questions: every case answered yes).
func counted(t *testing.T, community, licence int, com, lic casework.Tallies, splits ...figures.Split) figures.Figures {
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
	return figures.Figures{
		Inspection: casework.Inspection{Name: "Test PDU", Framework: fw, FieldworkStart: "2024-09-02"},
		Result:     fw.Rate(all, nil),
		CaseTypes:  []figures.Group{{Value: "community", Cases: community, Tallies: com}, {Value: "licence", Cases: licence, Tallies: lic}},
		Splits:     splits,
		Written:    time.Date(2024, 11, 5, 10, 0, 0, 0, time.UTC),
	}
}

func open(t *testing.T, fig figures.Figures, opt figures.Options) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, figures.Publish(fig, opt)); err != nil {
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

// rowWhere returns the cells of the table row on sheet that holds every value of match under
// its heading, by heading: in a table read down, a question's row for one group.
func rowWhere(t *testing.T, f *excelize.File, sheet string, match map[string]string) map[string]string {
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
	for _, r := range rows[head:] {
		cells := map[string]string{}
		for i, h := range header {
			if i < len(r) {
				cells[h] = r[i]
			}
		}
		found := true
		for h, v := range match {
			if _, ok := cells[h]; !ok {
				t.Fatalf("%s: no heading %q among %q", sheet, h, header)
			}
			found = found && cells[h] == v
		}
		if found {
			return cells
		}
	}
	t.Fatalf("%s: no row with %v", sheet, match)
	return nil
}

// tallyOf keeps a row's figures of one question for one group, keyed by a short name: yes, no,
// not (applicable), relevant, %, % no, lower and upper (the interval of % yes).
func tallyOf(cells map[string]string) map[string]string {
	out := map[string]string{}
	for h, v := range cells {
		switch {
		case h == "Yes", h == "No":
			out[strings.ToLower(h)] = v
		case h == "Not applicable":
			out["not"] = v
		case strings.HasPrefix(h, "Relevant "):
			out["relevant"] = v
		case strings.HasPrefix(h, "% yes [note"):
			out["%"] = v
		case strings.HasPrefix(h, "% no [note"):
			out["% no"] = v
		case strings.HasPrefix(h, "% yes ") && strings.Contains(h, " CI lower "):
			out["lower"] = v
		case strings.HasPrefix(h, "% yes ") && strings.Contains(h, " CI upper "):
			out["upper"] = v
		}
	}
	return out
}

// below is the options of a rule hiding figures under n relevant cases; 0 for no rule, which
// only internal figures, not for publication, have.
func below(n int) figures.Options {
	if n == 0 {
		return figures.Options{Internal: true}
	}
	return figures.Options{Suppress: casework.Suppression{Below: n}}
}

func TestStandardSheetSuppression(t *testing.T) {
	// Prompt 2.1.3a: 3 relevant community orders, 9 relevant licences, 12 in all.
	com := casework.Tallies{"2.1.3a": {Yes: 2, No: 1, NotApplicable: 3}}
	lic := casework.Tallies{"2.1.3a": {Yes: 5, No: 4, NotApplicable: 1}}
	c := "[c]"
	hidden := map[string]string{"yes": c, "no": c, "not": c, "relevant": c, "%": c, "% no": c, "lower": c, "upper": c}
	// Percentages rounded as the report prints them; Wilson 95% intervals worked by hand from
	// z = 1.959964, then rounded: 7/12 (0.3195, 0.8067), 2/3 (0.2077, 0.9385), 5/9 (0.2667,
	// 0.8112).
	all := map[string]string{"yes": "7", "no": "5", "not": "4", "relevant": "12", "%": "0.58", "% no": "0.42", "lower": "0.32", "upper": "0.81"}
	tests := []struct {
		name          string
		below         int
		all, com, lic map[string]string
	}{
		{"no suppression", 0, all,
			map[string]string{"yes": "2", "no": "1", "not": "3", "relevant": "3", "%": "0.67", "% no": "0.33", "lower": "0.21", "upper": "0.94"},
			map[string]string{"yes": "5", "no": "4", "not": "1", "relevant": "9", "%": "0.56", "% no": "0.44", "lower": "0.27", "upper": "0.81"}},
		{"below 5: community is small, licences go with it, intervals too", 5, all, hidden, hidden},
		{"below 13: everything is small", 13, hidden, hidden, hidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, counted(t, 6, 10, com, lic), below(tt.below))
			var got []map[string]string
			for _, group := range []string{"All cases", "Community orders", "Licences"} {
				got = append(got, tallyOf(rowWhere(t, f, "2.1 Assessment", map[string]string{"Question number": "2.1.3a", "Case type": group})))
			}
			if diff := cmp.Diff([]map[string]string{tt.all, tt.com, tt.lic}, got); diff != "" {
				t.Errorf("all, community, licence (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitSheetSuppression(t *testing.T) {
	// Key question 2.3.1 by grade: groups of 30, 39, 7 and 3 cases, as in Bradford & Calderdale.
	grades := figures.Split{Field: "grade", Groups: []figures.Group{
		{Value: "PO", Cases: 30, Tallies: casework.Tallies{"2.3.1": {Yes: 25, No: 5}}},
		{Value: "PSO", Cases: 39, Tallies: casework.Tallies{"2.3.1": {Yes: 11, No: 28}}},
		{Value: "PQiP", Cases: 7, Tallies: casework.Tallies{"2.3.1": {Yes: 4, No: 3}}},
		{Value: "other", Cases: 3, Tallies: casework.Tallies{"2.3.1": {Yes: 2, No: 1}}},
	}}
	tests := []struct {
		name  string
		below int
		want  map[string]string // relevant cases by group
	}{
		{"no suppression: small groups show their size", 0, map[string]string{"PO": "30", "PSO": "39", "PQiP": "7", "Other": "3"}},
		{"below 5: other, and PQiP to cover it", 5, map[string]string{"PO": "30", "PSO": "39", "PQiP": "[c]", "Other": "[c]"}},
		{"below 10: both small already", 10, map[string]string{"PO": "30", "PSO": "39", "PQiP": "[c]", "Other": "[c]"}},
		{"below 31: PO too, then PSO covers nothing more", 31, map[string]string{"PO": "[c]", "PSO": "39", "PQiP": "[c]", "Other": "[c]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, counted(t, 49, 30, casework.Tallies{}, casework.Tallies{}, grades), below(tt.below))
			got := map[string]string{}
			for group := range tt.want {
				r := rowWhere(t, f, "By grade", map[string]string{"Question number": "2.3.1", "Practitioner grade": group})
				got[group] = r["Relevant [note 1]"]
				// Every group's number of cases stays shown, so a small group is visibly small.
				if r["Number of cases"] == "[c]" {
					t.Errorf("%s: number of cases hidden", group)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("relevant cases by group (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSampleProfile(t *testing.T) {
	grades := figures.Split{Field: "grade", Groups: []figures.Group{{Value: "PO", Cases: 2}, {Value: "PSO", Cases: 2}}}
	tests := []struct {
		name       string
		population map[string]map[string]int
		want       [][]string
	}{
		{"sample drawn elsewhere: population not available", nil, [][]string{
			{"Case type", "Community orders", "3", "4", "0.75", "[x]", "[x]", "[x]"},
			{"Case type", "Licences", "1", "4", "0.25", "[x]", "[x]", "[x]"},
			{"Practitioner grade", "PO", "2", "4", "0.5", "[x]", "[x]", "[x]"},
			{"Practitioner grade", "PSO", "2", "4", "0.5", "[x]", "[x]", "[x]"},
		}},
		{"drawn by fieldwork: beside the population, with groups the sample missed", map[string]map[string]int{
			"case_type": {"community": 30, "licence": 10},
			"grade":     {"PO": 20, "PSO": 16, "PQiP": 4},
		}, [][]string{
			{"Case type", "Community orders", "3", "4", "0.75", "30", "40", "0.75"},
			{"Case type", "Licences", "1", "4", "0.25", "10", "40", "0.25"},
			{"Practitioner grade", "PO", "2", "4", "0.5", "20", "40", "0.5"},
			{"Practitioner grade", "PSO", "2", "4", "0.5", "16", "40", "0.4"},
			{"Practitioner grade", "PQiP", "0", "4", "0", "4", "40", "0.1"},
		}},
		// Ethnicity recorded for 3 of the 4 cases: shares are of those 3 ("2 of 3"), and the
		// case with none recorded a share of all 4.
		{"a characteristic recorded for some cases only", map[string]map[string]int{
			"ethnicity": {"White": 30, "Asian": 6, "": 4},
		}, [][]string{
			{"Case type", "Community orders", "3", "4", "0.75", "[x]", "[x]", "[x]"},
			{"Case type", "Licences", "1", "4", "0.25", "[x]", "[x]", "[x]"},
			{"Practitioner grade", "PO", "2", "4", "0.5", "[x]", "[x]", "[x]"},
			{"Practitioner grade", "PSO", "2", "4", "0.5", "[x]", "[x]", "[x]"},
			{"Ethnicity", "Asian", "1", "3", "0.33", "6", "36", "0.17"},
			{"Ethnicity", "White", "2", "3", "0.67", "30", "36", "0.83"},
			{"Ethnicity", "Not recorded", "1", "4", "0.25", "4", "40", "0.1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			splits := []figures.Split{grades}
			if _, ok := tt.population["ethnicity"]; ok {
				splits = append(splits, figures.Split{Field: "ethnicity", Groups: []figures.Group{{Value: "White", Cases: 2}, {Value: "Asian", Cases: 1}, {Value: "", Cases: 1}}})
			}
			fig := counted(t, 3, 1, casework.Tallies{}, casework.Tallies{}, splits...)
			fig.Population = tt.population
			f := open(t, fig, figures.Options{})
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
	long := figures.Split{Field: "probation_delivery_unit_office_and_team", Groups: []figures.Group{{Value: "Halifax", Cases: 4}}}
	f := open(t, counted(t, 3, 1, casework.Tallies{}, casework.Tallies{}, long), figures.Options{})
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
	fig := figures.Figures{Inspection: casework.Inspection{Name: "Empty PDU", Framework: fw}, Result: fw.Rate(casework.Tallies{}, nil)}
	f := open(t, fig, figures.Options{})
	r := rowWhere(t, f, "2.1 Assessment", map[string]string{"Question number": "2.1.1", "Case type": "All cases"})
	if got := r["Margin of error, percentage points [note 15]"]; got != "[z]" {
		t.Errorf("margin of error with no answer = %q, want [z]", got)
	}
	if got := r["% yes [note 2]"]; got != "[z]" {
		t.Errorf("%% yes with no answer = %q, want [z]", got)
	}
	overall := row(t, f, "Ratings", "Standard number", "Overall")
	if diff := cmp.Diff([]string{"[x]", "[x]"}, []string{overall["Rating"], overall["Points"]}); diff != "" {
		t.Errorf("overall rating and score (-want +got):\n%s", diff)
	}
}

// TestDeparturesAreNotes gives each departure its own note, referred to where the rating is.
func TestDeparturesAreNotes(t *testing.T) {
	fig := counted(t, 49, 30, casework.Tallies{}, casework.Tallies{})
	fw := fig.Inspection.Framework
	all := casework.Tallies{}
	for _, q := range fw.Questions() {
		all[q.ID] = casework.Tally{Yes: 79}
	}
	// Without the decision guidance: with every answer yes, 1.3 Requires improvement would go
	// against it (TestGuidanceIsANote), and this test is about departures from the data.
	plain := *fw
	plain.Guidance = nil
	fig.Result = plain.Rate(all, []casework.GivenRating{
		{Standard: "1.3", Rating: casework.RequiresImprovement, Reason: "strengths in services"},
		{Standard: "2.2", Rating: casework.Good, Reason: "moderation panel"},
		{Standard: casework.Overall, Rating: casework.Good, Reason: "professional discretion"},
	})
	f := open(t, fig, figures.Options{})
	var got []string
	for _, n := range []string{"[note 16]", "[note 17]", "[note 18]"} {
		got = append(got, row(t, f, "Notes", "Note number", n)["Note text"])
	}
	want := []string{
		// Domain one has no rating from the data to depart from.
		"Rated by the inspectors: 1.3 Services was rated Requires improvement from their evidence. Reason: strengths in services.",
		"Departure: the data gave 2.2 Planning Outstanding; the inspectors rated it Good. Reason: moderation panel.",
		// Not every standard is rated, so the data give no overall rating to depart from.
		"Rated by the inspectors: the overall rating was rated Good from their evidence. Reason: professional discretion.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("departure notes (-want +got):\n%s", diff)
	}
	lines, _ := f.GetRows("2.2 Planning")
	if !strings.Contains(lines[1][0], "departed from the data [note 17]") {
		t.Errorf("2.2 Planning says %q, want a reference to its departure note", lines[1][0])
	}
	ratings := row(t, f, "Ratings", "Standard number", "2.2")
	if got := ratings["How firmly the rating stands [note 13]"]; !strings.HasPrefix(got, "Planning is rated by a departure from the data") {
		t.Errorf("2.2's hinge %q does not say the rating is a departure", got)
	}
}

// TestGuidanceIsANote: a rating against the decision guidance is noted with the rule and the
// inspectors' reason, in the words the report prints, on the Notes and the Ratings sheets.
func TestGuidanceIsANote(t *testing.T) {
	fig := counted(t, 49, 30, casework.Tallies{}, casework.Tallies{})
	fw := fig.Inspection.Framework
	all := casework.Tallies{}
	for _, q := range fw.Questions() {
		all[q.ID] = casework.Tally{Yes: 79} // 2.3 Outstanding: not what 1.3 Requires improvement usually goes with
	}
	fig.Result = fw.Rate(all, []casework.GivenRating{
		{Standard: "1.3", Rating: casework.RequiresImprovement, Reason: "strengths in services"},
		{Standard: "2.2", Rating: casework.Good, Reason: "moderation panel"},
	})
	f := open(t, fig, figures.Options{})
	footnote := "Decision guidance: when 1.3 Services is rated Requires improvement, 2.3 Implementation and delivery would usually be rated Requires improvement or Good; 2.3 is rated Outstanding. The inspectors' reason: strengths in services"
	got := []string{notesText(t, f, noteDepartures), notesText(t, f, noteDepartures+1)}
	want := []string{footnote, "Departure: the data gave 2.2 Planning Outstanding; the inspectors rated it Good. Reason: moderation panel."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	lines, _ := f.GetRows("Ratings")
	var found bool
	for _, l := range lines {
		found = found || len(l) > 0 && l[0] == footnote
	}
	if !found {
		t.Errorf("the Ratings sheet lacks the footnote %q", footnote)
	}
}

// TestNamesStayUnique splits by two attributes whose names cut to the same tab name, with two
// groups that read alike: Excel needs unique sheet, table and heading names.
func TestNamesStayUnique(t *testing.T) {
	a := figures.Split{Field: "probation_delivery_unit_office_old", Groups: []figures.Group{{Value: "Halifax", Cases: 2}, {Value: "Not recorded", Cases: 1}, {Value: "", Cases: 1}}}
	b := figures.Split{Field: "probation_delivery_unit_office_new", Groups: []figures.Group{{Value: "Halifax", Cases: 4}}}
	f := open(t, counted(t, 3, 1, casework.Tallies{}, casework.Tallies{}, a, b), figures.Options{})
	var got []string
	for _, s := range f.GetSheetList() {
		if strings.HasPrefix(s, "By ") {
			got = append(got, s)
		}
	}
	if diff := cmp.Diff([]string{"By probation delivery unit offi", "By probation delivery unit of 2"}, got); diff != "" {
		t.Errorf("tabs (-want +got):\n%s", diff)
	}
	// The group named "Not recorded" and the cases with none recorded are told apart.
	for _, group := range []string{"Not recorded", "Not recorded 2", "Halifax"} {
		if r := rowWhere(t, f, got[0], map[string]string{"Question number": "2.1.1", "Probation delivery unit office old": group}); r["Number of cases"] == "" {
			t.Errorf("%s: no number of cases", group)
		}
	}
}

// notesText returns the text of note n.
func notesText(t *testing.T, f *excelize.File, n int) string {
	t.Helper()
	return row(t, f, "Notes", "Note number", ref(n))["Note text"]
}

// TestSampleSizeInHindsight gives key question 2.1.1 36 yes of 79 (46%) and checks its margin
// of error on the standard's sheet, worked by hand: 1.959964 * sqrt(0.4557 * 0.5443 / 79) =
// 10.98 points for an infinite population; times sqrt((312 - 79) / 311) = 9.51 points for 312
// eligible cases; 1.644854 * 0.05603 = 9.22 points at 90%. The note says how.
func TestSampleSizeInHindsight(t *testing.T) {
	design := &figures.Design{Windows: []string{"2024-01-22:2024-01-28"}, StratifyBy: []string{"case_type"}, Population: 312, Size: 79, Confidence: 0.8, Margin: 0.0635, Seed: 7}
	tests := []struct {
		name   string
		design *figures.Design
		opt    figures.Options
		note   []string
		want   map[string]string // the margin of all cases by question
	}{
		{"drawn elsewhere: an infinite population", nil, figures.Options{}, []string{"at 95% confidence", "treat it as infinite",
			"it is zero at 0% or 100%, where the Wilson interval [note 12] is the one to read"},
			// Every other key question is 79 of 79: no margin.
			map[string]string{"2.1.1": "11", "2.1.2": "0"}},
		{"drawn from 312 eligible cases", design, figures.Options{}, []string{
			"The sample drawn: 79 of 312 eligible cases, a size chosen for a margin of plus or minus 6.3 percentage points at 80% confidence [note 9]", "finite population correction"},
			map[string]string{"2.1.1": "9.5", "2.1.2": "0"}},
		{"at 90% confidence", nil, figures.Options{Confidence: 0.9}, []string{"at 90% confidence"}, map[string]string{"2.1.1": "9.2", "2.1.2": "0"}},
		{"suppressed", nil, figures.Options{Suppress: casework.Suppression{Below: 80}}, nil, map[string]string{"2.1.1": "[c]", "2.1.2": "[c]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fig := counted(t, 49, 30, casework.Tallies{"2.1.1": {Yes: 20, No: 29}}, casework.Tallies{"2.1.1": {Yes: 16, No: 14}})
			fig.Design = tt.design
			f := open(t, fig, tt.opt)
			note := notesText(t, f, noteHindsight)
			if !strings.HasPrefix(note, "Sample size in hindsight") {
				t.Errorf("[note %d] is %q", noteHindsight, note)
			}
			for _, w := range tt.note {
				if !strings.Contains(note, w) {
					t.Errorf("the note lacks %q:\n%s", w, note)
				}
			}
			got := map[string]string{}
			for id := range tt.want {
				got[id] = rowWhere(t, f, "2.1 Assessment", map[string]string{"Question number": id, "Case type": "All cases"})["Margin of error, percentage points [note 15]"]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("margins of all cases (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRatingsHingeOnAnswers puts 2.4.1 at 39 yes of 79 (49.4%, Inadequate): one more 'yes'
// makes it 40 of 79 (50.6%), Requires improvement. Its Wilson interval, 38.6% to 60.2% by hand,
// crosses the 50% band edge.
func TestRatingsHingeOnAnswers(t *testing.T) {
	tests := []struct {
		name string
		opt  figures.Options
		want map[string]string
	}{
		{"shown", figures.Options{}, map[string]string{
			"Driving key question % yes":                                    "0.49",
			"Driving key question 95% CI lower [note 12]":                   "0.3900",
			"Driving key question 95% CI upper [note 12]":                   "0.6000",
			"Driving key question's interval crosses a band edge [note 13]": "Yes",
			"How firmly the rating stands [note 13]": "One more 'yes' on 2.4.1 would make Reviewing 'Requires improvement'. " +
				"The 95% interval of 2.4.1 (39% to 60%) crosses the band edge at 50%: the rating could be chance.",
		}},
		{"suppressed with its key questions", figures.Options{Suppress: casework.Suppression{Below: 80}}, map[string]string{
			"Driving key question % yes":                                    "[c]",
			"Driving key question 95% CI lower [note 12]":                   "[c]",
			"Driving key question 95% CI upper [note 12]":                   "[c]",
			"Driving key question's interval crosses a band edge [note 13]": "[c]",
			"How firmly the rating stands [note 13]":                        "[c]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fig := counted(t, 49, 30, casework.Tallies{"2.4.1": {Yes: 20, No: 29}}, casework.Tallies{"2.4.1": {Yes: 19, No: 11}})
			f := open(t, fig, tt.opt)
			r := row(t, f, "Ratings", "Standard number", "2.4")
			got := map[string]string{}
			for h := range tt.want {
				got[h] = r[h]
				if strings.Contains(h, "CI") {
					if x, err := strconv.ParseFloat(r[h], 64); err == nil {
						got[h] = strconv.FormatFloat(x, 'f', 4, 64)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("2.4 on the ratings sheet (-want +got):\n%s", diff)
			}
			// Domain one is not rated, so there is no overall rating to move.
			if got := row(t, f, "Ratings", "Standard number", "Overall")["How firmly the rating stands [note 13]"]; got != "[x]" {
				t.Errorf("overall: %q, want [x]", got)
			}
			if got := row(t, f, "Ratings", "Standard number", "1.1")["How firmly the rating stands [note 13]"]; got != "[z]" {
				t.Errorf("1.1, rated from evidence: %q, want [z]", got)
			}
		})
	}
}

// TestOverallHinge rates domain one so the overall rating exists, and checks the ratings
// sheet says the overall rating's hinge as casework words it.
func TestOverallHinge(t *testing.T) {
	fig := counted(t, 49, 30, casework.Tallies{"2.4.1": {Yes: 20, No: 29}}, casework.Tallies{"2.4.1": {Yes: 19, No: 11}})
	fw := fig.Inspection.Framework
	all := casework.Tallies{}
	for id, c := range fig.CaseTypes[0].Tallies {
		l := fig.CaseTypes[1].Tallies[id]
		all[id] = casework.Tally{Yes: c.Yes + l.Yes, No: c.No + l.No, NotApplicable: c.NotApplicable + l.NotApplicable}
	}
	fig.Result = fw.Rate(all, []casework.GivenRating{
		{Standard: "1.1", Rating: casework.Good}, {Standard: "1.2", Rating: casework.Good}, {Standard: "1.3", Rating: casework.Good},
	})
	// 2.1-2.3 Outstanding (9), 2.4 Inadequate (0), domain one Good (6): 15, Good (11-17).
	// Up: 2.4 to Outstanding needs 2.4.1 at 80%, 64 of 79 (63 is 79.7%), 25 more 'yes', for 18
	// points: Outstanding. The sheet shows casework's sentences for both directions.
	up, down := fw.OverallHinge(fig.Result)
	if up == nil || down == nil {
		t.Fatalf("overall hinge %v %v", up, down)
	}
	want := up.Sentence("up") + " " + down.Sentence("down")
	if !strings.HasPrefix(up.Sentence("up"), "25 more 'yes' answers would make the overall rating 'Outstanding'") {
		t.Errorf("up: %q", up.Sentence("up"))
	}
	got := row(t, open(t, fig, figures.Options{}), "Ratings", "Standard number", "Overall")["How firmly the rating stands [note 13]"]
	if got != want {
		t.Errorf("overall: %q, want %q", got, want)
	}
}

// TestSplitComparisons checks the comparison columns of a split against their reference: PO
// for grade although PSO is larger, and every comparison hidden with the reference.
func TestSplitComparisons(t *testing.T) {
	grades := figures.Split{Field: "grade", Groups: []figures.Group{
		{Value: "PO", Cases: 30, Tallies: casework.Tallies{"2.3.1": {Yes: 25, No: 5}}},
		{Value: "PSO", Cases: 39, Tallies: casework.Tallies{"2.3.1": {Yes: 11, No: 28}}},
		{Value: "PQiP", Cases: 7, Tallies: casework.Tallies{"2.3.1": {Yes: 0, No: 7}}},
		{Value: "other", Cases: 3, Tallies: casework.Tallies{"2.3.1": {NotApplicable: 3}}},
	}}
	cols := []string{"difference", "lower", "upper", "differs", "rate", "rate lower", "rate upper", "small"}
	tests := []struct {
		name  string
		below int
		want  map[string][]string // by group
	}{
		// PSO - PO: -55.1 points, Newcombe -70.1 to -32.2; relative rate 0.338 with its
		// interval from the Wilson intervals (0.197 to 0.557; casework's TestRelativeRateWilson).
		// PQiP 0 of 7: -83.3 points, Newcombe -92.7 to -44.1 (Wilson 0/7 is 0 to 0.3543 and
		// 25/30 0.6644 to 0.9266); a relative rate of 0, 0 to 0.434, which excludes 1 as the
		// difference excludes 0; other: no relevant case, so neither exists ([z]).
		{"shown", 0, map[string][]string{
			"PSO":   {"-55", "-70", "-32", "Yes", "0.34", "0.20", "0.56", "No"},
			"PQiP":  {"-83", "-93", "-44", "Yes", "0.00", "0.00", "0.43", "Yes"},
			"Other": {"[z]", "[z]", "[z]", "[z]", "[z]", "[z]", "[z]", "Yes"},
		}},
		{"the reference hidden: every comparison with it too", 31, map[string][]string{
			"PSO":   {"[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]"},
			"PQiP":  {"[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]"},
			"Other": {"[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]", "[c]"},
		}},
	}
	heads := []string{"Difference from PO, percentage points [note 14]", "Difference 95% CI lower [note 14]", "Difference 95% CI upper [note 14]",
		"Differs from PO [note 14]", "Relative rate index against PO [note 14]", "Relative rate index 95% CI lower [note 14]",
		"Relative rate index 95% CI upper [note 14]", "Small group [note 14]"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, counted(t, 49, 30, casework.Tallies{}, casework.Tallies{}, grades), below(tt.below))
			got := map[string][]string{}
			for group := range tt.want {
				r := rowWhere(t, f, "By grade", map[string]string{"Question number": "2.3.1", "Practitioner grade": group})
				for i, h := range heads {
					v := r[h]
					if x, err := strconv.ParseFloat(v, 64); err == nil {
						if strings.HasPrefix(cols[i], "rate") {
							v = strconv.FormatFloat(x, 'f', 2, 64)
						} else {
							v = strconv.FormatFloat(math.Round(x), 'f', 0, 64)
						}
					}
					got[group] = append(got[group], v)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("2.3.1 against PO (-want +got):\n%s", diff)
			}
			// The reference is compared with nothing.
			po := rowWhere(t, f, "By grade", map[string]string{"Question number": "2.3.1", "Practitioner grade": "PO"})
			for _, h := range heads {
				if po[h] != "[z]" {
					t.Errorf("the reference's %q is %q, want [z]", h, po[h])
				}
			}
		})
	}
}

// TestConfidenceLevel writes the workbook at 90%: the headings and notes say so, and the
// intervals narrow (Wilson 7/12 at z = 1.644854 is 0.3560 to 0.7800, by hand; 0.3195 to 0.8067
// at 95%).
func TestConfidenceLevel(t *testing.T) {
	com := casework.Tallies{"2.1.3a": {Yes: 2, No: 1, NotApplicable: 3}}
	lic := casework.Tallies{"2.1.3a": {Yes: 5, No: 4, NotApplicable: 1}}
	f := open(t, counted(t, 6, 10, com, lic), figures.Options{Confidence: 0.9})
	r := rowWhere(t, f, "2.1 Assessment", map[string]string{"Question number": "2.1.3a", "Case type": "All cases"})
	got := tallyOf(r)
	if diff := cmp.Diff([]string{"0.36", "0.78"}, []string{got["lower"], got["upper"]}); diff != "" {
		t.Errorf("90%% interval of 7/12 (-want +got):\n%s", diff)
	}
	if _, ok := r["% yes 90% CI lower [note 12]"]; !ok {
		t.Errorf("no 90%% heading among %v", r)
	}
	if note := notesText(t, f, noteInterval); !strings.HasPrefix(note, "'90% CI lower' and 'upper' are the ends of the 90% confidence interval") {
		t.Errorf("interval note %q", note)
	}
}

// TestReadableAsItComesOut checks the Bradford-sized workbook for what the guidance on releasing
// statistics in spreadsheets asks of every cell and row: a named sans serif font of 10 points at
// the least, rows tall enough for their wrapped text, no filter buttons or frozen panes, the
// cursor in A1, and charts whose axes are not the faint grey excelize draws.
func TestReadableAsItComesOut(t *testing.T) {
	grades := figures.Split{Field: "grade", Groups: []figures.Group{
		{Value: "PO", Cases: 30, Tallies: casework.Tallies{"2.3.1": {Yes: 25, No: 5}}},
		{Value: "PSO", Cases: 49, Tallies: casework.Tallies{"2.3.1": {Yes: 11, No: 38}}},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, figures.Publish(counted(t, 49, 30, casework.Tallies{}, casework.Tallies{}, grades), figures.Options{})); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cells, wrapped := 0, 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			continue // a chart sheet
		}
		panes, _ := f.GetPanes(sheet)
		if panes.Freeze {
			t.Errorf("%s: frozen panes", sheet)
		}
		for r, row := range rows {
			height, err := f.GetRowHeight(sheet, r+1)
			if err != nil {
				t.Fatal(err)
			}
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				id, _ := f.GetCellStyle(sheet, ref)
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				cells++
				if st.Font == nil || st.Font.Family != "Arial" || st.Font.Size < 10 {
					t.Fatalf("%s!%s: font %+v, want Arial of 10 points or more", sheet, ref, st.Font)
				}
				// Text beside a number right-aligned in the column before it stands one step in,
				// or the two run together ("3Decision guidance").
				if c > 0 && isNumber(row[c-1]) && !isNumber(v) && (st.Alignment == nil || st.Alignment.Horizontal != "right" && st.Alignment.Indent < 1) {
					t.Errorf("%s!%s: %q runs into the number %q before it: alignment %+v", sheet, ref, v, row[c-1], st.Alignment)
				}
				if st.Alignment == nil || !st.Alignment.WrapText {
					continue
				}
				wrapped++
				// Arial at 12 points fits at most about 1.1 characters to a unit of column
				// width, and a line needs 14 points: a lower bound on the lines the text takes.
				col, _ := excelize.ColumnNumberToName(c + 1)
				width, _ := f.GetColWidth(sheet, col)
				lines := math.Ceil(float64(len([]rune(v))) / (1.1 * width))
				if height < 14*lines {
					t.Errorf("%s!%s: row %.1f points high for %g lines of %q", sheet, ref, height, lines, v)
				}
			}
		}
	}
	if cells < 1000 || wrapped < 100 {
		t.Errorf("checked %d cells, %d wrapped", cells, wrapped)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, zf := range z.File {
		rc, _ := zf.Open()
		part, _ := io.ReadAll(rc)
		rc.Close()
		switch {
		case strings.HasPrefix(zf.Name, "xl/tables/") && bytes.Contains(part, []byte("<autoFilter")):
			t.Errorf("%s has filter buttons", zf.Name)
		case strings.HasPrefix(zf.Name, "xl/charts/chart"):
			charts++
			if bytes.Contains(part, []byte(`<a:lumOff val="85000">`)) || bytes.Contains(part, []byte(`varyColors val="1"`)) {
				t.Errorf("%s: faint grey axes or varied colours", zf.Name)
			}
		case zf.Name == "xl/styles.xml":
			// Every sheet's title in A1 is tagged with the built-in style Heading 1.
			id, _ := f.GetCellStyle("Cover", "A1")
			xfs := regexp.MustCompile(`(?s)<cellXfs count="\d+">(.*?)</cellXfs>`).FindSubmatch(part)
			tags := regexp.MustCompile(`<xf [^>]*>`).FindAll(xfs[1], -1)
			if !bytes.Contains(part, []byte(`<cellStyle name="Heading 1" xfId="1" builtinId="16">`)) || id >= len(tags) || !bytes.Contains(tags[id], []byte(`xfId="1"`)) {
				t.Errorf("the title's style %d is not Heading 1", id)
			}
		case strings.HasPrefix(zf.Name, "xl/worksheets/sheet") && regexp.MustCompile(`activeCell="[B-Z]|activeCell="A([2-9]|1\d)`).Match(part):
			t.Errorf("%s: the cursor is not in A1", zf.Name)
		}
	}
	if charts != 4 {
		t.Errorf("%d charts, want one per case standard", charts)
	}
}

// isNumber reports whether a cell shows a number: 79, 1,234, 46%, -55, 0.34.
func isNumber(v string) bool {
	_, err := strconv.ParseFloat(strings.NewReplacer(",", "", "%", "", "+", "").Replace(v), 64)
	return err == nil
}

// The cover and the Ratings sheet say the figures are provisional, and why, while they are,
// naming no case; a draft and final figures do not.
func TestProvisionalStatus(t *testing.T) {
	incomplete := casework.Incomplete{Cases: []string{"BC077"}, Standards: []string{"1.1", "2.1"}}
	const provisional = "PROVISIONAL: 1 case incomplete (standards 1.1, 2.1); the figures and ratings will change before they are final."
	tests := []struct {
		name                string
		incomplete          casework.Incomplete
		opt                 figures.Options
		wantCover, wantRate string // the sentence after "Status: ", "" for none
	}{
		{"provisional", incomplete, figures.Options{}, provisional, provisional},
		{"complete: a draft", casework.Incomplete{}, figures.Options{}, "draft, not yet checked for publication.", ""},
		{"complete: final", casework.Incomplete{}, figures.Options{Final: true}, "final, published with the inspection report.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fig := counted(t, 4, 6, casework.Tallies{}, casework.Tallies{})
			fig.Incomplete = tt.incomplete
			f := open(t, fig, tt.opt)
			var got []string
			for _, sheet := range []string{"Cover", "Ratings"} {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				var text []string
				for _, r := range rows {
					text = append(text, strings.Join(r, " "))
				}
				all := strings.Join(text, " ")
				if strings.Contains(all, "BC077") {
					t.Errorf("%s names a case", sheet)
				}
				status := ""
				if _, after, ok := strings.Cut(all, "Status: "); ok {
					status = after[:min(len(after), len(tt.wantCover))]
				}
				got = append(got, status)
			}
			if diff := cmp.Diff([]string{tt.wantCover, tt.wantRate}, got); diff != "" {
				t.Errorf("status of cover and Ratings sheet (-want +got):\n%s", diff)
			}
		})
	}
}

// The same figures make the same bytes, however often written: excelize's content types come
// in map order, put in order before the file is written.
func TestWriteIsReproducible(t *testing.T) {
	fig := figures.Publish(counted(t, 4, 6, casework.Tallies{}, casework.Tallies{}), figures.Options{})
	var first []byte
	for i := range 5 {
		var buf bytes.Buffer
		if err := Write(&buf, fig); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatalf("write %d differs from the first", i+1)
		}
	}
}

func TestSortDefaults(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"in order", `<Types><Default Extension="b" ContentType="y"></Default><Default Extension="a" ContentType="x"></Default><Override PartName="/z"></Override></Types>`,
			`<Types><Default Extension="a" ContentType="x"></Default><Default Extension="b" ContentType="y"></Default><Override PartName="/z"></Override></Types>`},
		{"self-closing", `<Types><Default Extension="png" ContentType="image/png"/><Default Extension="gif" ContentType="image/gif"/></Types>`,
			`<Types><Default Extension="gif" ContentType="image/gif"/><Default Extension="png" ContentType="image/png"/></Types>`},
		{"not one run: left alone", `<Types><Default Extension="b"/><Override PartName="/z"/><Default Extension="a"/></Types>`,
			`<Types><Default Extension="b"/><Override PartName="/z"/><Default Extension="a"/></Types>`},
		{"one", `<Types><Default Extension="a"/></Types>`, `<Types><Default Extension="a"/></Types>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, string(sortDefaults([]byte(tt.in)))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
