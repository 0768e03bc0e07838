package casework

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// counts builds tallies from yes and relevant counts per question.
func counts(c map[string][2]int) Tallies {
	ts := Tallies{}
	for id, yr := range c {
		ts[id] = Tally{Yes: yr[0], No: yr[1] - yr[0]}
	}
	return ts
}

// The changes and intervals are checked against published values: Newcombe RG. Interval
// estimation for the difference between independent proportions: comparison of eleven methods.
// Statistics in Medicine 1998; 17: 873-890, Table II, method 10 (hybrid score interval), 95%:
// 56/70 - 48/80 gives 0.0524 to 0.3339, 9/10 - 3/10 gives 0.1705 to 0.8090, and 5/56 - 0/29
// gives -0.0381 to 0.1926. Here the current inspection is the first proportion.
func TestCompareInspectionsSameFramework(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	previous := f.Rate(counts(map[string][2]int{"2.1.1": {48, 80}, "2.1.2": {3, 10}, "2.1.3": {0, 29}, "2.2.2": {10, 20}}), []GivenRating{{Standard: "1.1", Rating: Inadequate}})
	current := f.Rate(counts(map[string][2]int{"2.1.1": {56, 70}, "2.1.2": {9, 10}, "2.1.3": {5, 56}, "2.2.1": {7, 10}}), []GivenRating{{Standard: "1.1", Rating: RequiresImprovement}})
	cmpn := CompareInspections(previous, current, 0.95)

	type row struct {
		Label             string
		Change, Low, High float64
		Comparable        bool
		Beyond            bool
	}
	var got []row
	for _, kc := range cmpn.KeyQuestions[:6] {
		got = append(got, row{kc.Label(), round2(kc.Change), round2(kc.CI.Low), round2(kc.CI.High), kc.Comparable, kc.Beyond})
	}
	want := []row{
		{"2.1.1 Assessment: engagement", 20, 5.24, 33.39, true, true},
		{"2.1.2 Assessment: desistance", 60, 17.05, 80.90, true, true},
		{"2.1.3 Assessment: keeping safe", 8.93, -3.81, 19.26, true, false}, // a rise, but within chance
		{"2.2.1 Planning: engagement", 0, 0, 0, false, false},               // no answers before
		{"2.2.2 Planning: desistance", 0, 0, 0, false, false},               // no answers now
		{"2.2.3 Planning: keeping safe", 0, 0, 0, false, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("key question changes (-want +got):\n%s", diff)
	}
	if len(cmpn.KeyQuestions) != 12 {
		t.Errorf("%d key questions compared, want the 12 of pdu-2023", len(cmpn.KeyQuestions))
	}
	var standards [][3]string
	for _, sp := range cmpn.Standards {
		standards = append(standards, [3]string{sp.Name, sp.Previous.ID, sp.Current.ID})
	}
	wantStd := [][3]string{{"Leadership", "1.1", "1.1"}, {"Staffing", "1.2", "1.2"}, {"Services", "1.3", "1.3"},
		{"Assessment", "2.1", "2.1"}, {"Planning", "2.2", "2.2"}, {"Implementation and delivery", "2.3", "2.3"}, {"Reviewing", "2.4", "2.4"}}
	if diff := cmp.Diff(wantStd, standards); diff != "" {
		t.Errorf("standards side by side (-want +got):\n%s", diff)
	}
	if p, c := cmpn.Standards[0].Previous.Rating, cmpn.Standards[0].Current.Rating; p != Inadequate || c != RequiresImprovement {
		t.Errorf("Leadership: previous %v, current %v", p, c)
	}
}

// A PDU inspected under the 2021-2023 programme and again under the programme from October
// 2023: the key questions pair by standard and theme although their ids moved (Assessment was
// 2.2, is 2.1), Court work has no counterpart, and standards pair by name.
func TestCompareInspectionsAcrossProgrammes(t *testing.T) {
	before, now := mustBuiltin(t, "pdu-2021"), mustBuiltin(t, "pdu-2023")
	previous := before.Rate(counts(map[string][2]int{"2.1.1": {20, 40}, "2.2.1": {30, 60}, "2.5.3": {10, 60}}), nil)
	current := now.Rate(counts(map[string][2]int{"2.1.1": {45, 60}, "2.4.3": {12, 60}}), nil)
	cmpn := CompareInspections(previous, current, 0.95)
	var labels []string
	for _, kc := range cmpn.KeyQuestions {
		labels = append(labels, kc.Label())
	}
	want := []string{
		"2.1.1 Assessment: engagement (was 2.2.1)", "2.1.2 Assessment: desistance (was 2.2.2)", "2.1.3 Assessment: keeping safe (was 2.2.3)",
		"2.2.1 Planning: engagement (was 2.3.1)", "2.2.2 Planning: desistance (was 2.3.2)", "2.2.3 Planning: keeping safe (was 2.3.3)",
		"2.3.1 Implementation and delivery: engagement (was 2.4.1)", "2.3.2 Implementation and delivery: desistance (was 2.4.2)", "2.3.3 Implementation and delivery: keeping safe (was 2.4.3)",
		"2.4.1 Reviewing: engagement (was 2.5.1)", "2.4.2 Reviewing: desistance (was 2.5.2)", "2.4.3 Reviewing: keeping safe (was 2.5.3)",
		"2.1.1 Court work: engagement (previous inspection only)", "2.1.2 Court work: desistance (previous inspection only)", "2.1.3 Court work: keeping safe (previous inspection only)",
	}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("key questions paired (-want +got):\n%s", diff)
	}
	if kc := cmpn.KeyQuestions[0]; kc.Previous != (Tally{Yes: 30, No: 30}) || round2(kc.Change) != 25 || !kc.Beyond {
		t.Errorf("assessment engagement: previous %+v, change %.2f, beyond %v; want 30/60, +25, beyond", kc.Previous, kc.Change, kc.Beyond)
	}
	if kc := cmpn.KeyQuestions[11]; kc.Previous != (Tally{Yes: 10, No: 50}) || round2(kc.Change) != 3.33 || kc.Beyond {
		t.Errorf("reviewing keeping safe: previous %+v, change %.2f, beyond %v; want 10/60, +3.33, within chance", kc.Previous, kc.Change, kc.Beyond)
	}
	var names []string
	for _, sp := range cmpn.Standards {
		side := "both"
		switch {
		case sp.Previous == nil:
			side = "current only"
		case sp.Current == nil:
			side = "previous only"
		}
		names = append(names, sp.Name+": "+side)
	}
	// 2021's Staff is 2023's Staffing, renamed (issue 15: paired, no longer one a side).
	wantStd := []string{"Leadership: both", "Staffing: both", "Services: both", "Assessment: both", "Planning: both",
		"Implementation and delivery: both", "Reviewing: both", "Information and facilities: previous only", "Court work: previous only"}
	if diff := cmp.Diff(wantStd, names); diff != "" {
		t.Errorf("standards side by side (-want +got):\n%s", diff)
	}
}

func TestSameStandard(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Assessment", "assessment ", true},
		{"Staff", "Staffing", true},
		{"Staffing", "staff", true},
		{"Staff", "Services", false},
		{"Staffing", "Leadership", false},
	}
	for _, tt := range tests {
		if got := sameStandard(tt.a, tt.b); got != tt.want {
			t.Errorf("sameStandard(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCompareWarnings(t *testing.T) {
	jan, aug := time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC), time.Date(2024, 8, 1, 9, 0, 0, 0, time.UTC)
	k := func(name, start string, created time.Time) Inspection {
		return Inspection{Name: name, FieldworkStart: start, CreatedAt: created}
	}
	tests := []struct {
		name              string
		previous, current Inspection
		want              []string
	}{
		{"in order", k("Kirklees PDU", "2023-01-09", jan), k("Kirklees PDU", "2024-08-05", aug), nil},
		{"the same inspection", k("Kirklees PDU", "2023-01-09", jan), k("kirklees pdu", "2023-01-09", jan),
			[]string{"both files hold the same inspection (kirklees pdu, started 2023-01-02): every change is 0"}},
		{"different PDUs", k("Kirklees PDU", "2023-01-09", jan), k("Leeds PDU", "2024-08-05", aug),
			[]string{`the two inspections are of different PDUs ("Kirklees PDU", then "Leeds PDU"): a change is measured within one PDU`}},
		{"the wrong way round by fieldwork", k("Kirklees PDU", "2024-08-05", jan), k("Kirklees PDU", "2023-01-09", aug),
			[]string{"the previous inspection is the newer one (first day of fieldwork 2024-08-05, the current 2023-01-09): give the previous inspection first"}},
		{"the wrong way round by when started", k("Kirklees PDU", "", aug), k("Kirklees PDU", "2023-01-09", jan),
			[]string{"the previous inspection is the newer one (started 2024-08-01, the current 2023-01-02): give the previous inspection first"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, CompareWarnings(tt.previous, tt.current)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
