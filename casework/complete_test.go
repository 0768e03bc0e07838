package casework

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompleteness(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	all := func(except ...string) map[string]Answer {
		a := map[string]Answer{}
		for _, q := range f.Questions() {
			if q.Kind == KindKey {
				a[q.ID] = Yes
			}
		}
		for _, id := range except {
			delete(a, id)
		}
		return a
	}
	domainOne := []GivenRating{{Standard: "1.1", Rating: Good}, {Standard: "1.2", Rating: Good}, {Standard: "1.3", Rating: Good}}
	notCounted := mustBuiltin(t, "pdu-2023")
	no := false
	notCounted.Standards[3].Counts = &no // 2.1 rated, not counted
	cases := []Case{{ID: "C1", Type: Community}, {ID: "C2", Type: Licence}, {ID: "C3", Type: Licence}}
	tests := []struct {
		name    string
		f       *Framework
		answers map[string]map[string]Answer
		given   []GivenRating
		sampled []string
		drawn   bool
		pooled  bool // the standards' ratings are not asked for
		want    Incomplete
	}{
		{"every key question answered and every standard rated", f,
			map[string]map[string]Answer{"C1": all(), "C2": all(), "C3": all()}, domainOne, nil, false, false, Incomplete{}},
		{"a key question unanswered in two cases", f,
			map[string]map[string]Answer{"C1": all("2.1.2"), "C2": all(), "C3": all("2.1.2", "2.4.3")}, domainOne, nil, false, false,
			Incomplete{Cases: []string{"C1", "C3"}, Standards: []string{"2.1", "2.4"}}},
		{"a case with no answers at all", f,
			map[string]map[string]Answer{"C1": all(), "C2": all()}, domainOne, nil, false, false,
			Incomplete{Cases: []string{"C3"}, Standards: []string{"2.1", "2.2", "2.3", "2.4"}}},
		{"a domain-one standard not rated", f,
			map[string]map[string]Answer{"C1": all(), "C2": all(), "C3": all()}, domainOne[:2], nil, false, false,
			Incomplete{Standards: []string{"1.3"}}},
		{"a key question of a standard that does not count is not needed", notCounted,
			map[string]map[string]Answer{"C1": all("2.1.1"), "C2": all(), "C3": all()}, domainOne, nil, false, false, Incomplete{}},
		{"a case judged outside the drawn sample", f,
			map[string]map[string]Answer{"C1": all(), "C2": all(), "C3": all()}, domainOne, []string{"C1", "C2"}, true, false,
			Incomplete{OutsideSample: []string{"C3"}}},
		{"a case outside the sample with no judgements is not flagged", f,
			map[string]map[string]Answer{"C1": all(), "C2": all(), "C3": {}}, domainOne, []string{"C1", "C2"}, true, false,
			Incomplete{Cases: []string{"C3"}, Standards: []string{"2.1", "2.2", "2.3", "2.4"}}},
		{"no sample drawn: no case is outside it", f,
			map[string]map[string]Answer{"C1": all(), "C2": all(), "C3": all()}, domainOne, nil, false, false, Incomplete{}},
		{"pooled inspections: no rating asked for, answers still are", f,
			map[string]map[string]Answer{"C1": all("2.2.1"), "C2": all(), "C3": all()}, nil, nil, false, true,
			Incomplete{Cases: []string{"C1"}, Standards: []string{"2.2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tallies := Tallies{}
			for _, c := range cases {
				for q, a := range tt.answers[c.ID] {
					tallies.Add(q, a)
				}
			}
			res := tt.f.Rate(tallies, tt.given)
			rated := &res
			if tt.pooled {
				rated = nil
			}
			got := tt.f.Completeness(cases, tt.answers, rated, tt.sampled, tt.drawn)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Completeness (-want +got):\n%s", diff)
			}
			if got.Provisional() != (tt.want.Cases != nil || tt.want.Standards != nil) {
				t.Errorf("Provisional() = %v for %+v", got.Provisional(), got)
			}
			if got.Flagged() != (got.Provisional() || tt.want.OutsideSample != nil) {
				t.Errorf("Flagged() = %v for %+v", got.Flagged(), got)
			}
		})
	}
}

func TestIncompleteString(t *testing.T) {
	tests := []struct {
		in   Incomplete
		want string
	}{
		{Incomplete{}, ""},
		{Incomplete{Cases: []string{"C1"}, Standards: []string{"2.1"}}, "1 case incomplete (standards 2.1)"},
		{Incomplete{Standards: []string{"1.1", "1.3"}}, "0 cases incomplete (standards 1.1, 1.3)"},
		{Incomplete{Cases: []string{"C1", "C2"}, Standards: []string{"2.1"}, OutsideSample: []string{"X9"}},
			"2 cases incomplete (standards 2.1); 1 case judged outside the drawn sample"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.in.String()); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestRefuseFinal(t *testing.T) {
	tests := []struct {
		in   Incomplete
		want string // "" for no refusal
	}{
		{Incomplete{}, ""},
		{Incomplete{Cases: []string{"C1", "C2"}, Standards: []string{"1.1", "2.1"}},
			"the figures are provisional and cannot be final: 2 cases incomplete (standards 1.1, 2.1):\n  cases incomplete: C1, C2\n  standards incomplete: 1.1, 2.1"},
		{Incomplete{OutsideSample: []string{"X9"}}, ""},
		{Incomplete{Cases: []string{"C1"}, Standards: []string{"2.1"}, OutsideSample: []string{"X9"}},
			"the figures are provisional and cannot be final: 1 case incomplete (standards 2.1); 1 case judged outside the drawn sample:\n  cases incomplete: C1\n  standards incomplete: 2.1\n  cases judged outside the drawn sample: X9"},
	}
	for _, tt := range tests {
		err := tt.in.RefuseFinal()
		got := ""
		if err != nil {
			got = err.Error()
			if ErrorCode(err) != EINVALID {
				t.Errorf("%+v: code %q, want %q", tt.in, ErrorCode(err), EINVALID)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestCompletenessCheckFindsWhatCheckCaseForFinds holds the check's own reading of a case to
// CheckCaseFor's errors, on cases drawn at random: samples of a framework that has them, right,
// wrong and missing; a yes/no attribute read, unreadable and blank; any question answered or not.
func TestCompletenessCheckFindsWhatCheckCaseForFinds(t *testing.T) {
	exempting := mustBuiltin(t, "pdu-2023")
	exempting.ID = "pdu-2023 with an exemption"
	exempting.Standards[3].KeyQuestions[0].Prompts[0].NotFor = []string{ProbationReset}
	for _, f := range []*Framework{mustBuiltin(t, "crc-2018"), exempting, mustBuiltin(t, "pdu-2023")} {
		t.Run(f.ID, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
			samples := append(f.Samples(), "", "no such sample")
			var cases []Case
			answers := map[string]map[string]Answer{}
			for i := range 400 {
				c := Case{ID: fmt.Sprintf("C%03d", i), Type: Community, Attributes: map[string]string{
					SampleField: pick(samples...), ProbationReset: pick("yes", "no", "", "perhaps")}}
				cases = append(cases, c)
				a := map[string]Answer{}
				for _, q := range f.Questions() {
					if rng.IntN(40) > 0 {
						a[q.ID] = Answer(rng.IntN(3) + 1)
					}
				}
				answers[c.ID] = a
			}
			var want Incomplete
			short := map[string]bool{}
			for _, c := range cases {
				bad := false
				for _, fd := range f.CheckCaseFor(c, answers[c.ID]) {
					if fd.Severity != SeverityError {
						continue
					}
					if fd.Question == "" {
						bad = true
						continue
					}
					q, _ := f.Question(fd.Question)
					if s, _ := f.Standard(q.Standard); s.CountsToScore() {
						bad, short[q.Standard] = true, true
					}
				}
				if bad {
					want.Cases = append(want.Cases, c.ID)
				}
			}
			for _, s := range f.Standards {
				if short[s.ID] {
					want.Standards = append(want.Standards, s.ID)
				}
			}
			if want.Cases == nil || len(want.Cases) == len(cases) {
				t.Fatalf("the random cases should be partly incomplete: %d of %d are", len(want.Cases), len(cases))
			}
			got := f.Completeness(cases, answers, nil, nil, false)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Completeness (-CheckCaseFor's errors +got):\n%s", diff)
			}
		})
	}
}
