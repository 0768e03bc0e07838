package sampling

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/intake"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A draw is recorded with the design it was drawn by, as asked for and as worked out.
func TestRecordOf(t *testing.T) {
	extract := "CRN,Sentence Type,Commenced,Gender,Status\n" +
		"C1,Community Order,2024-01-22,Male,Active\n" +
		"L1,Licence,2024-01-23,Female,Active\n" +
		"L2,Licence,2024-01-24,Female,Transferred out\n" +
		"L3,Licence,2024-01-25,Male,Active\n"
	plan, err := ParsePlan(Request{Windows: []string{"2024-01-22:2024-01-28"}, CaseTypes: []string{"community", "licence"},
		Exclude: []string{"status=transferred out"}, Strata: []string{"case_type"}, MinPerType: []string{"licence=1"},
		Margin: 0.30, Confidence: 0.80, Proportion: 0.5, Reserve: 1, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	plan.ListedIn = "deceased.csv"
	rows, err := intake.CSVRows("extract.csv", strings.NewReader(extract))
	if err != nil {
		t.Fatal(err)
	}
	pop, err := ReadPopulation(rows, plan.Mapping, plan.Eligibility)
	if err != nil {
		t.Fatal(err)
	}
	s, err := plan.Draw(pop)
	if err != nil {
		t.Fatal(err)
	}
	got := RecordOf(plan, pop, s, "extract.csv", "abc")

	want := RecordOfDraw{
		Design: RecordDesign{
			Extract: "extract.csv", ExtractSHA256: "abc", Windows: []string{"2024-01-22:2024-01-28"}, CaseTypes: []string{"community", "licence"},
			Exclusions: []string{"status=transferred out", "listed in deceased.csv"}, StratifyBy: []string{"case_type"}, MinPerType: []string{"licence=1"},
			Seed: 42, Size: s.Design.Size, Population: 3, Confidence: 0.80, Proportion: 0.5, TargetMargin: 0.30,
			Margin: plan.MarginOf(s.Design.Size, 3), Reserve: 1,
		},
		Strata:     []RecordStratum{{"community", 1, 1 * float64(s.Design.Size) / 3, 1}, {"licence", 2, 2 * float64(s.Design.Size) / 3, 1}},
		Exclusions: []Exclusion{{"L2", "status=transferred out", "extract.csv line 4"}},
		Profile: map[string]map[string]int{
			"case_type": {"community": 1, "licence": 2}, "gender": {"Male": 2, "Female": 1},
		},
	}
	if s.Design.Size != 2 {
		t.Fatalf("drew %d cases; the test expects 2, one a stratum", s.Design.Size)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(RecordOfDraw{}, "Cases"), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Within the licence stratum the seed decides which case is drawn and which is its reserve.
	wantCases := []RecordCase{
		{Stratum: "community", DrawOrder: 1, Status: StatusSampled},
		{Stratum: "licence", DrawOrder: 1, Status: StatusSampled},
		{Stratum: "licence", DrawOrder: 2, Status: StatusReserve},
	}
	if diff := cmp.Diff(wantCases, got.Cases, cmpopts.IgnoreFields(RecordCase{}, "Case")); diff != "" {
		t.Errorf("cases (-want +got):\n%s", diff)
	}
	var ids []string
	for _, c := range got.Cases {
		ids = append(ids, c.Case.ID)
	}
	if ids[0] != "C1" || !slices.Equal(slices.Sorted(slices.Values(ids[1:])), []string{"L1", "L3"}) {
		t.Errorf("cases drawn %v, want C1 then L1 and L3 in either order", ids)
	}
}

func TestReplaced(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2024, 9, 2, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		cases []RecordCase
		want  []string
	}{
		{"none", []RecordCase{{Case: casework.Case{ID: "C1"}, Status: StatusSampled}}, nil},
		{"in the order replaced", []RecordCase{
			{Case: casework.Case{ID: "C1"}, Status: StatusReplaced, ChangedAt: at(11)},
			{Case: casework.Case{ID: "C2"}, Status: StatusReserve},
			{Case: casework.Case{ID: "C3"}, Status: StatusReplaced, ChangedAt: at(9)},
		}, []string{"C3", "C1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range (RecordOfDraw{Cases: tt.cases}).Replaced() {
				got = append(got, c.Case.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
