package sampling

import (
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestParsePlan(t *testing.T) {
	request := func(change func(*Request)) Request {
		r := Request{Windows: []string{"22/01/2024:28/01/2024"}, CaseTypes: []string{"Community Order", "licence"},
			Exclude: []string{"Status=Transferred Out"}, Map: []string{"CRN=case_id"}, Strata: []string{"Case_Type", "rosh"},
			MinPerType: []string{"licence=30"}, Margin: 0.10, Confidence: 0.80, Proportion: 0.5, Reserve: 3, Seed: 7}
		if change != nil {
			change(&r)
		}
		return r
	}
	tests := []struct {
		name string
		req  Request
		want *Plan
	}{
		{"sized for a margin", request(nil), &Plan{
			Eligibility: Eligibility{Windows: windows(t, "2024-01-22:2024-01-28"), CaseTypes: []casework.CaseType{casework.Community, casework.Licence},
				Rules: []Rule{{Field: "status", Value: "Transferred Out"}}},
			Mapping:    Mapping{"crn": "case_id"},
			Design:     Design{StratifyBy: []string{"case_type", "rosh"}, MinPerType: map[casework.CaseType]int{casework.Licence: 30}, Reserve: 3, Seed: 7},
			Target:     &Target{Confidence: 0.80, Margin: 0.10, Proportion: 0.5},
			Confidence: 0.80, Proportion: 0.5, MinPerType: []string{"licence=30"},
		}},
		{"size given", request(func(r *Request) { r.Size, r.Margin, r.MinPerType, r.Exclude, r.Map = 79, 0, nil, nil, nil }), &Plan{
			Eligibility: Eligibility{Windows: windows(t, "2024-01-22:2024-01-28"), CaseTypes: []casework.CaseType{casework.Community, casework.Licence}},
			Mapping:     Mapping{},
			Design:      Design{StratifyBy: []string{"case_type", "rosh"}, Size: 79, Reserve: 3, Seed: 7},
			Confidence:  0.80, Proportion: 0.5,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePlan(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b Window) bool { return a == b })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePlanRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Request)
		want   string
	}{
		{"a window backwards", func(r *Request) { r.Windows = []string{"2024-01-28:2024-01-22"} }, `window "2024-01-28:2024-01-22" ends before it starts`},
		{"a case type", func(r *Request) { r.CaseTypes = []string{"custody"} }, `--case-types: "custody" is not a case type`},
		{"an exclusion", func(r *Request) { r.Exclude = []string{"status"} }, `--exclude "status" is not FIELD=VALUE`},
		{"a mapping", func(r *Request) { r.Map = []string{"CRN"} }, `--map "CRN" is not HEADER=field`},
		{"a minimum", func(r *Request) { r.MinPerType = []string{"licence=many"} }, `--min-per-type "licence=many": want TYPE=N or N`},
		{"a margin", func(r *Request) { r.Margin = 1.5 }, "margin 1.5 is not a proportion between 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Request{Windows: []string{"2024-01-22:2024-01-28"}, Margin: 0.10, Confidence: 0.80, Proportion: 0.5}
			tt.change(&r)
			_, err := ParsePlan(r)
			if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want it invalid, saying %q", err, tt.want)
			}
		})
	}
}

func TestParseMinimums(t *testing.T) {
	tests := []struct {
		name  string
		specs []string
		types []casework.CaseType
		want  map[casework.CaseType]int
	}{
		{"none", nil, nil, nil},
		{"one type", []string{"licence=30"}, nil, map[casework.CaseType]int{casework.Licence: 30}},
		{"each type sampled", []string{"20"}, []casework.CaseType{casework.Licence}, map[casework.CaseType]int{casework.Licence: 20}},
		{"each of both types", []string{" 20 "}, nil, map[casework.CaseType]int{casework.Community: 20, casework.Licence: 20}},
		{"a named type after all", []string{"10", "CO=25"}, nil, map[casework.CaseType]int{casework.Community: 25, casework.Licence: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMinimums(tt.specs, tt.types)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, bad := range []string{"-1", "licence=", "custody=3"} {
		if _, err := ParseMinimums([]string{bad}, nil); casework.ErrorCode(err) != casework.EINVALID {
			t.Errorf("%q: error %v, want it refused", bad, err)
		}
	}
}

// A plan with a target sizes the sample for the eligible population before drawing it; one
// with a size draws that many.
func TestPlanDraw(t *testing.T) {
	pop := readTestExtract(t, false)
	target := Target{Confidence: 0.80, Margin: 0.10, Proportion: 0.5}
	wantSize, err := SizeFor(pop.Eligible(), target)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		plan Plan
		size int
	}{
		{"for a target", Plan{Design: Design{Seed: 1}, Target: &target, Confidence: 0.80, Proportion: 0.5}, wantSize},
		{"of a size", Plan{Design: Design{Size: 12, Seed: 1}, Confidence: 0.80, Proportion: 0.5}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.plan.Draw(pop)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.size, s.Design.Size); diff != "" {
				t.Errorf("size (-want +got):\n%s", diff)
			}
			if got, want := tt.plan.MarginOf(s.Design.Size, s.Population), casework.MarginOfError(0.5, tt.size, pop.Eligible(), 0.80); got != want {
				t.Errorf("margin %v, want %v", got, want)
			}
		})
	}
}

func TestComparedFields(t *testing.T) {
	pop := readTestExtract(t, false)
	tests := []struct {
		strata []string
		want   []string
	}{
		{[]string{"case_type", "rosh", "gender"}, []string{"case_type", "rosh", "gender", "grade", "ethnicity"}},
		{[]string{"office"}, []string{"office", "case_type", "grade", "rosh", "gender", "ethnicity"}},
	}
	for _, tt := range tests {
		s := &Sample{Design: Design{StratifyBy: tt.strata}}
		if diff := cmp.Diff(tt.want, ComparedFields(pop, s)); diff != "" {
			t.Errorf("stratified by %v (-want +got):\n%s", tt.strata, diff)
		}
	}
}

func TestReserves(t *testing.T) {
	tests := []struct {
		name  string
		drawn []Drawn
		want  []int
	}{
		{"none drawn", nil, []int{0, 0}},
		{"reserves in one stratum", []Drawn{{Stratum: 0}, {Stratum: 0, Reserve: true}, {Stratum: 0, Reserve: true}, {Stratum: 1}}, []int{2, 0}},
		{"in both", []Drawn{{Stratum: 0, Reserve: true}, {Stratum: 1}, {Stratum: 1, Reserve: true}}, []int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Sample{Strata: make([]Stratum, 2), Drawn: tt.drawn}
			if diff := cmp.Diff(tt.want, s.Reserves()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
