package figures

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// fakeStore is an inspection's store held in memory: its cases and their answers, counted by
// casework as the real store counts them.
type fakeStore struct {
	fw      *casework.Framework
	cases   []casework.Case
	answers map[string]casework.Tallies // by case id
	given   []casework.GivenRating
	// population profiles the eligible population by field when the sample was drawn by
	// fieldwork; nil when it was not.
	population map[string]map[string]int
	design     Design
	pooled     []PooledInspection
	asked      [][]string // the fields SplitTallies was asked for, in order
	sampled    []string   // the cases of the drawn sample; nil when none was drawn
}

func (s *fakeStore) Tallies(context.Context) (casework.Tallies, error) {
	all := casework.Tallies{}
	for _, ts := range s.answers {
		for q, t := range ts {
			a := all[q]
			a.Yes, a.No, a.NotApplicable = a.Yes+t.Yes, a.No+t.No, a.NotApplicable+t.NotApplicable
			all[q] = a
		}
	}
	return all, nil
}

func (s *fakeStore) Result(ctx context.Context, fw *casework.Framework) (casework.Result, error) {
	ts, _ := s.Tallies(ctx)
	return fw.Rate(ts, s.given), nil
}

func (s *fakeStore) SplitTallies(_ context.Context, fields []string) (map[string][]casework.Group, error) {
	s.asked = append(s.asked, fields)
	out := map[string][]casework.Group{}
	for _, f := range fields {
		byValue := map[string]*casework.Group{}
		var values []string
		for _, c := range s.cases {
			v := c.Field(f)
			g := byValue[v]
			if g == nil {
				g = &casework.Group{Value: v, Tallies: casework.Tallies{}}
				byValue[v] = g
				values = append(values, v)
			}
			g.Cases++
			for q, t := range s.answers[c.ID] {
				a := g.Tallies[q]
				a.Yes, a.No, a.NotApplicable = a.Yes+t.Yes, a.No+t.No, a.NotApplicable+t.NotApplicable
				g.Tallies[q] = a
			}
		}
		casework.GroupOrder(f, values)
		for _, v := range values {
			out[f] = append(out[f], *byValue[v])
		}
	}
	return out, nil
}

func (s *fakeStore) Cases(context.Context) ([]casework.Case, error) { return s.cases, nil }

func (s *fakeStore) PopulationProfile(_ context.Context, field string) (map[string]int, bool, error) {
	if s.population == nil {
		return nil, false, nil
	}
	counts, ok := s.population[field]
	if !ok {
		return nil, true, casework.Errorf(casework.ENOTFOUND, "the population profile has no field %q", field)
	}
	return counts, true, nil
}

func (s *fakeStore) SampleDesign(context.Context) (Design, bool, error) {
	return s.design, s.population != nil, nil
}

func (s *fakeStore) PooledInspections(context.Context) ([]PooledInspection, error) {
	return s.pooled, nil
}

func (s *fakeStore) Evidence(context.Context, string) ([]casework.Evidence, error) { return nil, nil }

func (s *fakeStore) Surveys(context.Context) ([]casework.Survey, error) { return nil, nil }

func (s *fakeStore) Path() string { return "test.db" }

func (s *fakeStore) EachCaseAnswers(_ context.Context, fn func(string, map[string]casework.Answer) error) error {
	for id, ts := range s.answers {
		one := map[string]casework.Answer{}
		for q, t := range ts {
			switch {
			case t.Yes > 0:
				one[q] = casework.Yes
			case t.No > 0:
				one[q] = casework.No
			case t.NotApplicable > 0:
				one[q] = casework.NotApplicable
			}
		}
		if err := fn(id, one); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeStore) SampledCases(context.Context) ([]string, bool, error) {
	return s.sampled, s.sampled != nil, nil
}

// inspection is ten cases, the first four community orders managed by POs in office Halifax,
// the rest licences managed by PSOs in office Bradford, the first six from PDU A and the rest
// from PDU B; every case answers every key question yes, and 2.1.1 no in the licences.
func inspection(t *testing.T) *fakeStore {
	t.Helper()
	fw := framework(t)
	s := &fakeStore{fw: fw, answers: map[string]casework.Tallies{}}
	for i := range 10 {
		c := casework.Case{ID: fmt.Sprintf("C%02d", i+1), Type: casework.Community, Grade: casework.PO,
			Attributes: map[string]string{"office": "Halifax", PDUField: "A"}}
		if i >= 4 {
			c.Type, c.Grade, c.Attributes["office"] = casework.Licence, casework.PSO, "Bradford"
		}
		if i >= 6 {
			c.Attributes[PDUField] = "B"
		}
		s.cases = append(s.cases, c)
		ts := casework.Tallies{}
		for _, q := range fw.Questions() {
			if q.Kind == casework.KindKey {
				ts[q.ID] = casework.Tally{Yes: 1}
			}
		}
		if c.Type == casework.Licence {
			ts["2.1.1"] = casework.Tally{No: 1}
		}
		s.answers[c.ID] = ts
	}
	return s
}

func TestCountSplits(t *testing.T) {
	tests := []struct {
		name   string
		by     []string
		splits []string
		asked  []string
	}{
		{"the usual splits", nil, []string{"grade", "rosh", "gender", "ethnicity"}, []string{"case_type", "grade", "rosh", "gender", "ethnicity"}},
		{"an attribute asked for, once, in the inspectors' spelling", []string{" Office ", "office", "grade", "case_type", ""},
			[]string{"grade", "rosh", "gender", "ethnicity", "office"}, []string{"case_type", "grade", "rosh", "gender", "ethnicity", "office"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := inspection(t)
			fig, err := Count(context.Background(), st, casework.Inspection{Framework: st.fw}, tt.by, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, sp := range fig.Splits {
				got = append(got, sp.Field)
			}
			if diff := cmp.Diff(tt.splits, got); diff != "" {
				t.Errorf("splits (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([][]string{tt.asked}, st.asked); diff != "" {
				t.Errorf("counted in one pass (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int{4, 6}, []int{fig.CaseType(casework.Community).Cases, fig.CaseType(casework.Licence).Cases}); diff != "" {
				t.Errorf("case types (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCountRefusesAnIdentifyingSplit(t *testing.T) {
	tests := []struct {
		name    string
		tweak   func(*fakeStore)
		refused bool
	}{
		{"groups of cases", func(*fakeStore) {}, false},
		{"groups named by case references", func(s *fakeStore) {
			for i := range s.cases {
				s.cases[i].Attributes["office"] = s.cases[(i+1)%len(s.cases)].ID
			}
		}, true},
		{"every case in a group of its own", func(s *fakeStore) {
			for i := range s.cases {
				s.cases[i].Attributes["office"] = fmt.Sprintf("office %d", i)
			}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := inspection(t)
			tt.tweak(st)
			_, err := Count(context.Background(), st, casework.Inspection{Framework: st.fw}, []string{"office"}, time.Time{})
			if got := casework.ErrorCode(err) == casework.EINVALID; got != tt.refused {
				t.Errorf("refused %v (%v), want %v", got, err, tt.refused)
			}
		})
	}
}

func TestCountSampleProfile(t *testing.T) {
	design := Design{Windows: []string{"2024-01-22:2024-01-28"}, Population: 312, Size: 10, Excluded: 2}
	tests := []struct {
		name       string
		population map[string]map[string]int
		want       map[string]map[string]int
		design     *Design
	}{
		{"drawn elsewhere: no population, no design", nil, nil, nil},
		{"drawn by fieldwork: an attribute the population was not profiled by is left out",
			map[string]map[string]int{"case_type": {"community": 200, "licence": 112}, "grade": {"PO": 150, "PSO": 162}},
			map[string]map[string]int{"case_type": {"community": 200, "licence": 112}, "grade": {"PO": 150, "PSO": 162}}, &design},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := inspection(t)
			st.population, st.design = tt.population, design
			fig, err := Count(context.Background(), st, casework.Inspection{Framework: st.fw}, []string{"office"}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, fig.Population); diff != "" {
				t.Errorf("population (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.design, fig.Design); diff != "" {
				t.Errorf("design (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPDUsRatedOnTheirOwnCases(t *testing.T) {
	st := inspection(t)
	if _, err := PDUs(context.Background(), st, st.fw); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("one inspection: got %v, want it refused as needing pooled inspections", err)
	}
	st.pooled = []PooledInspection{
		{PDU: "A", Region: "North", Given: []casework.GivenRating{{Standard: "1.1", Rating: casework.Good}}},
		{PDU: "B", Region: "North"},
		{PDU: "C", Region: "South"}, // pooled with no case
	}
	pdus, err := PDUs(context.Background(), st, st.fw)
	if err != nil {
		t.Fatal(err)
	}
	type pdu struct {
		Name, Region string
		Cases        int
		Leadership   casework.Rating
		Assessment   casework.Rating // 2.1.1 is yes in A's 4 community orders of 6, no in every licence
	}
	var got []pdu
	for _, p := range pdus {
		got = append(got, pdu{p.Name, p.Region, p.Cases, rating(p.Result.Standards, "1.1"), rating(p.Result.Standards, "2.1")})
	}
	want := []pdu{
		{"A", "North", 6, casework.Good, casework.Good}, // 4 of 6: 67%
		{"B", "North", 4, 0, casework.Inadequate},       // 0 of 4
		{"C", "South", 0, 0, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// rating is the rating of standard id among ss, 0 when it is not there.
func rating(ss []casework.StandardResult, id string) casework.Rating {
	for _, s := range ss {
		if s.ID == id {
			return s.Rating
		}
	}
	return 0
}

func TestScoreOf(t *testing.T) {
	tests := []struct {
		name     string
		by       string
		pooled   []PooledInspection
		groups   []string
		regional bool
	}{
		{"one inspection", "", nil, nil, false},
		{"split by grade", "grade", nil, []string{"PO 4 Outstanding", "PSO 6 Inadequate"}, false},
		{"a combined database rates its regional standards", "pdu", []PooledInspection{{PDU: "A"}, {PDU: "B"}}, []string{"A 6 Good", "B 4 Inadequate"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := inspection(t)
			st.pooled = tt.pooled
			s, err := ScoreOf(context.Background(), st, casework.Inspection{Framework: st.fw}, tt.by, 0.9)
			if err != nil {
				t.Fatal(err)
			}
			var groups []string
			for _, g := range s.Groups {
				groups = append(groups, fmt.Sprintf("%s %d %s", g.Value, g.Cases, rating(g.Standards, "2.1")))
			}
			if diff := cmp.Diff(tt.groups, groups); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
			if got := len(s.Regional) > 0; got != tt.regional {
				t.Errorf("regional standards rated: %v, want %v", got, tt.regional)
			}
			if s.Confidence != 0.9 || s.By != tt.by {
				t.Errorf("confidence %g by %q, want 0.9 by %q", s.Confidence, s.By, tt.by)
			}
		})
	}
}

func TestCompareGroupsReference(t *testing.T) {
	tests := []struct {
		name, by, reference, want string
		err                       string
	}{
		{"PO for grade", "grade", "", "PO", ""},
		{"the largest group otherwise", "office", "", "Bradford", ""},
		{"the group asked for", "grade", "PSO", "PSO", ""},
		{"no such group", "grade", "SPO", "", casework.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := inspection(t)
			c, err := CompareGroups(context.Background(), st, st.fw, tt.by, tt.reference, 0.95)
			if casework.ErrorCode(err) != tt.err {
				t.Fatalf("error %v, want code %q", err, tt.err)
			}
			if diff := cmp.Diff(tt.want, c.Reference); diff != "" {
				t.Errorf("reference (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegionalStandardsFromTheKeyQuestions(t *testing.T) {
	st := inspection(t)
	fig, err := Count(context.Background(), st, casework.Inspection{Framework: st.fw}, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := RegionalStandards(context.Background(), st, st.fw)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !slices.ContainsFunc(want, func(r casework.RegionalResult) bool { return r.Rating != 0 }) {
		t.Fatalf("pdu-2023 rates no regional standard from these cases: %+v", want)
	}
	if diff := cmp.Diff(want, fig.RegionalStandards()); diff != "" {
		t.Errorf("from the workbook's figures (-want +got):\n%s", diff)
	}
}

func TestStoreErrorsPassThrough(t *testing.T) {
	st := &failingStore{fakeStore: inspection(t), err: errors.New("disk I/O error")}
	ins := casework.Inspection{Framework: st.fw}
	for name, call := range map[string]func() error{
		"count":    func() error { _, err := Count(context.Background(), st, ins, nil, time.Time{}); return err },
		"score":    func() error { _, err := ScoreOf(context.Background(), st, ins, "grade", 0.95); return err },
		"workbook": func() error { _, err := Workbook(context.Background(), st, ins, WorkbookRequest{}); return err },
	} {
		if err := call(); !errors.Is(err, st.err) {
			t.Errorf("%s: %v, want the store's error", name, err)
		}
	}
}

type failingStore struct {
	*fakeStore
	err error
}

func (s *failingStore) SplitTallies(context.Context, []string) (map[string][]casework.Group, error) {
	return nil, s.err
}

func TestWorkbookProvisional(t *testing.T) {
	rated := []casework.GivenRating{{Standard: "1.1", Rating: casework.Good}, {Standard: "1.2", Rating: casework.Good}, {Standard: "1.3", Rating: casework.Good}}
	all := []string{"C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10"}
	tests := []struct {
		name       string
		tweak      func(*fakeStore)
		final      bool
		internal   bool
		wantStatus Status
		wantErr    bool
	}{
		{"complete: a draft", func(s *fakeStore) { s.given = rated }, false, false, Draft, false},
		{"complete: final when asked", func(s *fakeStore) { s.given = rated }, true, false, Final, false},
		{"domain one not rated: provisional", func(*fakeStore) {}, false, false, Provisional, false},
		{"domain one not rated: final refused", func(*fakeStore) {}, true, false, 0, true},
		{"a key question unanswered: provisional", func(s *fakeStore) { s.given = rated; delete(s.answers["C03"], "2.2.1") }, false, false, Provisional, false},
		{"a case outside the drawn sample: flagged, not provisional", func(s *fakeStore) { s.given = rated; s.sampled = all[1:] }, true, false, Final, false},
		{"every case in the drawn sample: a draft", func(s *fakeStore) { s.given = rated; s.sampled = all }, false, false, Draft, false},
		{"internal figures stay not for publication", func(*fakeStore) {}, false, true, NotForPublication, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := inspection(t)
			tt.tweak(st)
			p, err := Workbook(context.Background(), st, casework.Inspection{Framework: st.fw}, WorkbookRequest{Options: Options{Final: tt.final, Internal: tt.internal}})
			if tt.wantErr {
				if casework.ErrorCode(err) != casework.EINVALID {
					t.Fatalf("err = %v, want a refusal", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantStatus.String(), p.Status.String()); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
		})
	}
}
