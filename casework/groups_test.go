package casework

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCompareGroupsBradfordGrades(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	// The report: 2.3.1 "25 out of 30 cases managed by POs, compared to 11 out of 39 cases
	// managed by PSOs"; 2.4.1 "22 out of 30 ... compared with only 12 out of 39"; PQiP 3 of 7.
	groups := []Group{
		{Value: "PO", Cases: 30, Tallies: Tallies{"2.3.1": {Yes: 25, No: 5}, "2.4.1": {Yes: 22, No: 8}}},
		{Value: "PSO", Cases: 39, Tallies: Tallies{"2.3.1": {Yes: 11, No: 28}, "2.4.1": {Yes: 12, No: 27}}},
		{Value: "PQiP", Cases: 7, Tallies: Tallies{"2.3.1": {Yes: 3, No: 4}, "2.4.1": {Yes: 3, No: 4}}},
		{Value: "other", Cases: 0, Tallies: Tallies{}},
	}
	qs, err := f.CompareGroups(groups, "PO", 0.95)
	if err != nil {
		t.Fatal(err)
	}
	var q231 QuestionComparison
	for _, q := range qs {
		if q.Question == "2.3.1" {
			q231 = q
		}
	}
	type row struct {
		Value            string
		Diff, Low, High  float64
		RR               float64
		Differs, Small   bool
		Reference, RREst bool
	}
	var got []row
	for _, g := range q231.Groups {
		got = append(got, row{g.Value, round4(g.Diff), round4(g.DiffCI.Low), round4(g.DiffCI.High), round4(g.RR), g.Differs, g.Small, g.Reference, g.RREstimable})
	}
	// PSO - PO = 11/39 - 25/30 = 0.28205 - 0.83333 = -0.55128, Newcombe interval computed from
	// Wilson 11/39 (0.165433, 0.437753) and 25/30 (0.664355, 0.926635):
	// low  = -0.551282 - sqrt((0.282051-0.165433)^2 + (0.926635-0.833333)^2) = -0.7006
	// high = -0.551282 + sqrt((0.437753-0.282051)^2 + (0.833333-0.664355)^2) = -0.3215
	// PQiP - PO = 3/7 - 25/30 = -0.40476; Wilson 3/7 is (0.1582, 0.7495):
	// low  = -0.40476 - sqrt((0.42857-0.1582)^2 + (0.9266-0.83333)^2) = -0.6908
	// high = -0.40476 + sqrt((0.7495-0.42857)^2 + (0.83333-0.6644)^2) = -0.0421
	want := []row{
		{"PO", 0, 0, 0, 0, false, false, true, false},
		{"PSO", -0.5513, -0.7006, -0.3215, 0.3385, true, false, false, true},
		{"PQiP", -0.4048, -0.6908, -0.0421, 0.5143, true, true, false, true},
		{"other", 0, 0, 0, 0, false, true, false, false},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 0.00015)); diff != "" {
		t.Errorf("2.3.1 by grade (-want +got):\n%s", diff)
	}
	if _, err := f.CompareGroups(groups, "SPO", 0.95); err == nil || !strings.Contains(err.Error(), `no group "SPO"`) {
		t.Errorf("unknown reference: %v", err)
	}
	if got := LargestGroup(groups); got != "PSO" {
		t.Errorf("LargestGroup = %q", got)
	}
}

func TestReferenceGroup(t *testing.T) {
	tests := []struct {
		name   string
		field  string
		groups []Group
		want   string
	}{
		{"grade: PO although PSO is larger", "grade", []Group{{Value: "PO", Cases: 30}, {Value: "PSO", Cases: 39}, {Value: "PQiP", Cases: 7}}, "PO"},
		{"grade with no PO case: the largest", "grade", []Group{{Value: "PO", Cases: 0}, {Value: "PSO", Cases: 39}, {Value: "PQiP", Cases: 7}}, "PSO"},
		{"grade with no PO group: the largest", "grade", []Group{{Value: "PQiP", Cases: 7}, {Value: "PSO", Cases: 9}}, "PSO"},
		{"another field: the largest, first on a tie", "rosh", []Group{{Value: "low", Cases: 20}, {Value: "medium", Cases: 40}, {Value: "high", Cases: 40}}, "medium"},
		{"a PO value outside grade is no special case", "office", []Group{{Value: "PO", Cases: 3}, {Value: "Halifax", Cases: 5}}, "Halifax"},
		{"no groups", "grade", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReferenceGroup(tt.field, tt.groups); got != tt.want {
				t.Errorf("ReferenceGroup = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRateAgainstAnyQuestion compares a prompt's tallies, n/a answers left out, the way
// CompareGroups compares key questions.
func TestRateAgainstAnyQuestion(t *testing.T) {
	po := Tally{Yes: 12, No: 17, NotApplicable: 1} // 12 of 29 relevant
	pso := Tally{Yes: 8, No: 25, NotApplicable: 6} // 8 of 33 relevant
	type row struct {
		Diff, Low, High float64
		RR              float64
		Differs, Small  bool
		RREst           bool
	}
	tests := []struct {
		name      string
		t, ref    Tally
		reference bool
		want      row
	}{
		// Worked by hand from Newcombe (1998) method 10: 8/33 - 12/29 = 0.242424 - 0.413793 =
		// -0.171369; Wilson 8/33 is (0.128317, 0.410246) and 12/29 (0.255132, 0.592622):
		// low  = -0.171369 - sqrt((0.242424-0.128317)^2 + (0.592622-0.413793)^2) = -0.3835,
		// high = -0.171369 + sqrt((0.410246-0.242424)^2 + (0.413793-0.255132)^2) = 0.0596;
		// RR = 0.242424 / 0.413793 = 0.5859.
		{"PSO against PO", pso, po, false, row{-0.1714, -0.3835, 0.0596, 0.5859, false, false, true}},
		{"the reference itself", po, po, true, row{0, 0, 0, 0, false, false, false}},
		{"no relevant case in the group", Tally{NotApplicable: 4}, po, false, row{0, 0, 0, 0, false, true, false}},
		// 0/12 - 12/29 = -0.413793; Wilson 0/12 is (0, 0.242494):
		// low  = -0.413793 - sqrt((0-0)^2 + (0.592622-0.413793)^2) = -0.5926,
		// high = -0.413793 + sqrt((0.242494-0)^2 + (0.413793-0.255132)^2) = -0.1240.
		// Its relative rate is 0, with an interval from 0 (casework.RelativeRateWilson): it exists.
		{"no yes in the group: a relative rate of 0", Tally{No: 12}, po, false, row{-0.4138, -0.5926, -0.1240, 0, true, false, true}},
		// 12/29 - 0/12 = 0.413793, the interval the same as above with its sign turned; a ratio
		// against a reference with no "yes" cannot exist.
		{"no yes in the reference: a difference but no relative rate", po, Tally{No: 12}, false, row{0.4138, 0.1240, 0.5926, 0, true, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := RateAgainst(tt.t, tt.ref, tt.reference, 0.95)
			got := row{round4(g.Diff), round4(g.DiffCI.Low), round4(g.DiffCI.High), round4(g.RR), g.Differs, g.Small, g.RREstimable}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 0.00015)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if g.Tally != tt.t || g.Reference != tt.reference {
				t.Errorf("tally %+v reference %v, want %+v %v", g.Tally, g.Reference, tt.t, tt.reference)
			}
		})
	}
}

// TestRateAgainstOneVerdict: a comparison's relative rate index and its difference give one
// verdict. Its interval excludes 1 exactly when the difference's excludes 0, for every pair of
// small groups, 0% and 100% included ("Other" grade at 3/3 once had an index "significant" while
// the difference was not).
func TestRateAgainstOneVerdict(t *testing.T) {
	for n1 := 1; n1 <= 12; n1++ {
		for y1 := 0; y1 <= n1; y1++ {
			for n2 := 1; n2 <= 12; n2++ {
				for y2 := 0; y2 <= n2; y2++ {
					gr := RateAgainst(Tally{Yes: y1, No: n1 - y1}, Tally{Yes: y2, No: n2 - y2}, false, 0.95)
					if !gr.RREstimable {
						if y2 > 0 {
							t.Errorf("%d/%d against %d/%d: no index, though the reference has a yes", y1, n1, y2, n2)
						}
						continue
					}
					if indexDiffers := gr.RRCI.Low > 1 || gr.RRCI.High < 1; indexDiffers != gr.Differs {
						t.Errorf("%d/%d against %d/%d: index %.3f (%.3f to %.3f) says differs=%v, the difference (%.3f to %.3f) says %v",
							y1, n1, y2, n2, gr.RR, gr.RRCI.Low, gr.RRCI.High, indexDiffers, gr.DiffCI.Low, gr.DiffCI.High, gr.Differs)
					}
				}
			}
		}
	}
}
