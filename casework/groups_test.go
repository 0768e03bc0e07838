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
