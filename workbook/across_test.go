package workbook

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/figures"

	"github.com/google/go-cmp/cmp"
)

// keyTalliesOf gives every key question yes[id] of relevant cases (default: half).
func keyTalliesOf(fw *casework.Framework, relevant int, yes map[string]int) casework.Tallies {
	ts := casework.Tallies{}
	for _, q := range fw.Questions() {
		if q.Kind != casework.KindKey {
			continue
		}
		y, ok := yes[q.ID]
		if !ok {
			y = relevant / 2
		}
		ts[q.ID] = casework.Tally{Yes: y, No: relevant - y}
	}
	return ts
}

func sheetNames(t *testing.T, fig figures.Figures) []string {
	t.Helper()
	var names []string
	for _, s := range sheets(figures.Publish(fig, figures.Options{})) {
		names = append(names, s.name)
	}
	return names
}

func TestPDUAndRegionalSheets(t *testing.T) {
	// Pooled: reviewing supports desistance in 15 of 70 cases, the lowest desistance key question.
	fig := counted(t, 40, 30, casework.Tallies{"2.4.2": {Yes: 10, No: 30}}, casework.Tallies{"2.4.2": {Yes: 5, No: 25}})
	fw := fig.Inspection.Framework
	fig.Inspection.Name = "Yorkshire and the Humber"
	kirklees := fw.Rate(keyTalliesOf(fw, 50, map[string]int{"2.1.1": 40, "2.1.3": 10}), []casework.GivenRating{
		{Standard: "1.1", Rating: casework.Inadequate}, {Standard: "1.2", Rating: casework.Good}, {Standard: "1.3", Rating: casework.Inadequate},
		{Standard: "2.2", Rating: casework.RequiresImprovement, Reason: "decision guidance"}})
	sheffield := fw.Rate(keyTalliesOf(fw, 50, map[string]int{"2.1.1": 45}), nil)
	fig.PDUs = []figures.PDU{
		{Name: "Kirklees PDU", Region: "Yorkshire and the Humber", FieldworkStart: "2024-08-05", Cases: 50, Result: kirklees},
		{Name: "Sheffield PDU", Region: "Yorkshire and the Humber", Cases: 50, Result: sheffield},
	}
	if names := sheetNames(t, fig); !slices.Contains(names, "PDUs") || !slices.Contains(names, "Regional standards") {
		t.Fatalf("sheets %v lack PDUs and Regional standards", names)
	}
	f := open(t, fig, figures.Options{})
	// The cover names what was pooled, never the region as if it were a PDU.
	cover := strings.Join(coverSheet(figures.Publish(fig, figures.Options{})).lines, "\n")
	if strings.Contains(cover, "Probation Delivery Unit: Yorkshire") || !strings.Contains(cover, "Inspections pooled: 2 Probation Delivery Units") {
		t.Errorf("cover of a combined database:\n%s", cover)
	}
	got := row(t, f, "PDUs", "PDU", "Kirklees PDU")
	want := map[string]string{
		"Cases": "50", "Fieldwork started": "5 August 2024",
		// The driving key question in words: 2.1.3 at 10 of 50 rates assessment.
		"2.1 Assessment: driving key question [note 4]": "2.1.3",
		"2.1.1 Assessment: engagement % yes [note 2]":   "0.8",
		"2.1.3 Assessment: keeping safe % yes [note 2]": "0.2",
		"1.1 Leadership rating":                         "Inadequate",
		"2.1 Assessment rating":                         "Inadequate",
		"2.2 Planning rating":                           "Requires improvement",
		"Score":                                         "5", "Maximum score": "21", "Overall rating": "Requires improvement",
		"Departures from the data": "2.2",
	}
	for h, w := range want {
		if got[h] != w {
			t.Errorf("Kirklees %q = %q, want %q", h, got[h], w)
		}
	}
	// Sheffield's inspectors have not rated domain one: no score yet.
	if s := row(t, f, "PDUs", "PDU", "Sheffield PDU"); s["Score"] != notAvailable || s["1.1 Leadership rating"] != notAvailable || s["Overall rating"] != notAvailable {
		t.Errorf("Sheffield score %q, leadership %q, overall %q; want %s for each", s["Score"], s["1.1 Leadership rating"], s["Overall rating"], notAvailable)
	}
	// The regional standards are rated from the pooled figures, fig.Result.
	reg := row(t, f, "Regional standards", "Key question", "All pooled key questions")
	if diff := cmp.Diff([]string{"Desistance", "Inadequate", "225", "280"}, []string{reg["Regional standard"], reg["Rating"], reg["Yes"], reg["Relevant [note 1]"]}); diff != "" {
		t.Errorf("regional desistance (-want +got):\n%s", diff)
	}
	driving := row(t, f, "Regional standards", "Key question", "2.4.2 "+fig.Result.Standards[6].KeyQuestions[1].Text)
	if driving["Drives the rating"] != "Yes" || driving["Yes"] != "15" || driving["Relevant [note 1]"] != "70" || driving["Rating"] != "Inadequate" {
		t.Errorf("2.4.2 row %v: want it to drive the rating and carry it", driving)
	}
	// The pooled cases have no overall rating or domain-one ratings of their own.
	rows, err := f.GetRows("Ratings")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		if len(r) > 0 && (r[0] == "Overall" || strings.HasPrefix(r[0], "1.")) {
			ids = append(ids, r[0])
		}
	}
	if len(ids) > 0 {
		t.Errorf("the pooled Ratings sheet has rows %v", ids)
	}
}

// The change since the previous inspection is checked against Newcombe RG, Statistics in
// Medicine 1998; 17: 873-890, Table II, method 10: 56/70 - 48/80 gives 0.0524 to 0.3339, shown
// in whole points as the report rounds them: +5 to +33.
func TestChangeSincePreviousInspection(t *testing.T) {
	fig := counted(t, 40, 30, casework.Tallies{"2.1.1": {Yes: 32, No: 8}}, casework.Tallies{"2.1.1": {Yes: 24, No: 6}})
	fig.Inspection.Name = "Kirklees PDU"
	before, err := casework.Builtin("pdu-2021")
	if err != nil {
		t.Fatal(err)
	}
	fig.Previous = &figures.Rated{
		Inspection: casework.Inspection{Name: "Kirklees PDU", FieldworkStart: "2023-01-09", Framework: before},
		Result:     before.Rate(keyTalliesOf(before, 80, map[string]int{"2.2.1": 48}), []casework.GivenRating{{Standard: "1.1", Rating: casework.RequiresImprovement}}),
	}
	f := open(t, fig, figures.Options{})
	got := row(t, f, "Change since last inspection", "Question number now", "2.1.1")
	round := func(s string) string {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	}
	gotCells := map[string]string{}
	for _, h := range []string{"Question number before", "Before: yes", "Before: relevant [note 1]", "Now: yes", "Now: relevant [note 1]",
		"Change, percentage points", "Change 95% CI lower [note 14]", "Change 95% CI upper [note 14]", "Larger than chance [note 14]"} {
		gotCells[h] = round(got[h])
	}
	want := map[string]string{
		"Question number before": "2.2.1", "Before: yes": "48", "Before: relevant [note 1]": "80", "Now: yes": "56", "Now: relevant [note 1]": "70",
		"Change, percentage points": "20", "Change 95% CI lower [note 14]": "5", "Change 95% CI upper [note 14]": "33", "Larger than chance [note 14]": "Yes",
	}
	if diff := cmp.Diff(want, gotCells); diff != "" {
		t.Errorf("2.1.1 change (-want +got):\n%s", diff)
	}
	court := row(t, f, "Change since last inspection", "Question number before", "2.1.1")
	if court["Question number now"] != notApplicable || court["Change, percentage points"] != notApplicable {
		t.Errorf("court work, only in the previous programme: %v", court)
	}
	lead := row(t, f, "Ratings then and now", "Standard", "Leadership")
	if lead["Rating before"] != "Requires improvement" || lead["Standard number now"] != "1.1" {
		t.Errorf("leadership then and now: %v", lead)
	}
	// 2021's Staff is 2023's Staffing, renamed: one row (issue 15; was one a programme).
	staff := row(t, f, "Ratings then and now", "Standard", "Staffing")
	if staff["Standard number before"] != "1.2" || staff["Standard number now"] != "1.2" {
		t.Errorf("staff then, staffing now: %v", staff)
	}
	if names := sheetNames(t, counted(t, 4, 4, casework.Tallies{}, casework.Tallies{})); slices.Contains(names, "PDUs") || slices.Contains(names, "Change since last inspection") {
		t.Errorf("one inspection alone has sheets for several: %v", names)
	}
}

// Figures about too few relevant cases stay hidden on these sheets too, and so does a change
// that would give a hidden figure away.
func TestAcrossSheetsSuppress(t *testing.T) {
	fig := counted(t, 40, 30, casework.Tallies{}, casework.Tallies{})
	fw := fig.Inspection.Framework
	fig.PDUs = []figures.PDU{{Name: "Tiny PDU", Cases: 3, Result: fw.Rate(keyTalliesOf(fw, 3, nil), nil)}}
	fig.Previous = &figures.Rated{Inspection: casework.Inspection{Name: "Before", Framework: fw}, Result: fw.Rate(keyTalliesOf(fw, 3, nil), nil)}
	f := open(t, fig, figures.Options{Suppress: casework.Suppression{Below: 5}})
	if got := row(t, f, "PDUs", "PDU", "Tiny PDU")["2.1.1 Assessment: engagement % yes [note 2]"]; got != confidential {
		t.Errorf("a PDU's %% of 3 relevant cases shows %q, want %s", got, confidential)
	}
	change := row(t, f, "Change since last inspection", "Question number now", "2.1.1")
	for _, h := range []string{"Before: yes", "Before: % yes [note 2]", "Change, percentage points", "Larger than chance [note 14]"} {
		if change[h] != confidential {
			t.Errorf("change sheet %q = %q, want %s", h, change[h], confidential)
		}
	}
}
