package casework

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The youth justice programme's shape: 13 rated standards, 12 of them scored out of 36, the
// case standards read from two samples, each asking after the child's desistance, the child's
// safety and wellbeing, and other people's safety.
func TestYouthJusticeFramework(t *testing.T) {
	f := mustBuiltin(t, "yjs-2021")
	type standard struct {
		ID, Name, Sample string
		RatedFrom        RatedFrom
		Counts           bool
		Themes           []string
	}
	var got []standard
	for _, s := range f.Standards {
		st := standard{s.ID, s.Name, s.Sample, s.RatedFrom, s.CountsToScore(), nil}
		for _, k := range s.KeyQuestions {
			st.Themes = append(st.Themes, k.Theme)
		}
		got = append(got, st)
	}
	themes := []string{"desistance", "safety and wellbeing", "keeping safe"}
	court, ooc := "court disposals", "out-of-court disposals"
	want := []standard{
		{"1.1", "Governance and leadership", "", FromInspectors, true, nil},
		{"1.2", "Staff", "", FromInspectors, true, nil},
		{"1.3", "Partnerships and services", "", FromInspectors, true, nil},
		{"1.4", "Information and facilities", "", FromInspectors, true, nil},
		{"2.1", "Assessment", court, FromCases, true, themes},
		{"2.2", "Planning", court, FromCases, true, themes},
		{"2.3", "Implementation and delivery", court, FromCases, true, themes},
		{"2.4", "Reviewing", court, FromCases, true, themes},
		{"3.1", "Assessment", ooc, FromCases, true, themes},
		{"3.2", "Planning", ooc, FromCases, true, themes},
		{"3.3", "Implementation and delivery", ooc, FromCases, true, themes},
		{"3.4", "Out-of-court disposal policy and provision", "", FromInspectors, true, nil},
		{"4.1", "Resettlement policy and provision", "", FromInspectors, false, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("standards (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{36, 12, []string{court, ooc}}, []any{f.MaxScore(), len(f.Scored()), f.Samples()}); diff != "" {
		t.Errorf("max score, scored standards, samples (-want +got):\n%s", diff)
	}
	for _, part := range []string{"Confirmed from", "NOT CONFIRMED, fieldwork's assumption:", "13 standards", "0-6 Inadequate, 7-18 Requires improvement, 19-30 Good, 31-36 Outstanding, which follow a rule, not a published table"} {
		if !strings.Contains(f.Source, part) {
			t.Errorf("provenance does not say %q", part)
		}
	}
}

// A youth justice inspection scores out of 36 with resettlement rated but not counted.
func TestYouthJusticeScore(t *testing.T) {
	I, R, G, O := Inadequate, RequiresImprovement, Good, Outstanding
	f := mustBuiltin(t, "yjs-2021")
	all := func(r Rating, except map[string]Rating) map[string]Rating {
		m := map[string]Rating{}
		for _, s := range f.Standards {
			m[s.ID] = r
		}
		for id, e := range except {
			if e == 0 {
				delete(m, id)
			} else {
				m[id] = e
			}
		}
		return m
	}
	type result struct {
		Score, Max int
		Overall    Rating
		Complete   bool
		Resettle   StandardResult
	}
	resettled := func(r Rating) StandardResult {
		return StandardResult{ID: "4.1", Domain: "Resettlement", Name: "Resettlement policy and provision", RatedFrom: FromInspectors, Rating: r, NotCounted: true}
	}
	tests := []struct {
		name    string
		ratings map[string]Rating
		want    result
	}{
		{"every standard Outstanding but resettlement Inadequate: 36/36", all(O, map[string]Rating{"4.1": I}),
			result{36, 36, O, true, resettled(I)}},
		{"every standard Inadequate but resettlement Outstanding: 0/36", all(I, map[string]Rating{"4.1": O}),
			result{0, 36, I, true, resettled(O)}},
		{"resettlement not rated, no child released from custody (Reading, 2024): the score stands", all(G, map[string]Rating{"4.1": 0}),
			result{24, 36, G, true, resettled(0)}},
		{"a scored standard not rated: no score yet", all(G, map[string]Rating{"3.4": 0}),
			result{22, 36, 0, false, resettled(G)}},
		{"top of Inadequate: 6", all(I, map[string]Rating{"1.1": O, "1.2": O, "4.1": O}),
			result{6, 36, I, true, resettled(O)}},
		{"bottom of Requires improvement: 7", all(I, map[string]Rating{"1.1": O, "1.2": O, "1.3": R, "4.1": I}),
			result{7, 36, R, true, resettled(I)}},
		{"top of Good: 30", all(G, map[string]Rating{"1.1": O, "1.2": O, "1.3": O, "1.4": O, "2.1": O, "2.2": O, "4.1": O}),
			result{30, 36, G, true, resettled(O)}},
		{"bottom of Outstanding: 31", all(O, map[string]Rating{"2.1": G, "2.2": G, "2.3": G, "2.4": G, "3.1": G, "4.1": I}),
			result{31, 36, O, true, resettled(I)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, given := ratingsFor(f, tt.ratings)
			res := f.Rate(ts, given)
			var resettle StandardResult
			for _, s := range res.Standards {
				if s.ID == "4.1" {
					resettle = s
				}
			}
			got := result{res.Score, res.MaxScore, res.Overall, res.Complete, resettle}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// Dorset, January 2023 (the council's minutes of the published report): "11 of the 13 standards
// were rated Good, one was rated Requires Improvement and one was rated Outstanding", the
// Requires improvement out-of-court assessment; overall Good. The minutes do not say which
// standard was Outstanding: whichever it was, and whether or not it is the one not counted,
// the score is Good's.
func TestYouthJusticeDorset2023(t *testing.T) {
	f := mustBuiltin(t, "yjs-2021")
	for _, top := range f.Standards {
		if top.ID == "3.1" {
			continue
		}
		t.Run(top.ID+" Outstanding", func(t *testing.T) {
			ratings := map[string]Rating{}
			for _, s := range f.Standards {
				ratings[s.ID] = Good
			}
			ratings["3.1"], ratings[top.ID] = RequiresImprovement, Outstanding
			ts, given := ratingsFor(f, ratings)
			res := f.Rate(ts, given)
			if diff := cmp.Diff([]any{Good, true}, []any{res.Overall, res.Complete}); diff != "" {
				t.Errorf("score %d/%d: overall, complete (-published +computed):\n%s", res.Score, res.MaxScore, diff)
			}
		})
	}
}

// A framework says a standard is rated but not counted with "counts": false; anything else
// there is refused with the file's name and where.
func TestFrameworkCountsField(t *testing.T) {
	standard := func(f map[string]any, id string) map[string]any {
		for _, s := range f["standards"].([]any) {
			if s := s.(map[string]any); s["id"] == id {
				return s
			}
		}
		t.Fatalf("no standard %s", id)
		return nil
	}
	tests := []struct {
		name    string
		edit    func(f map[string]any)
		wantErr string
		wantMax int
	}{
		{"as shipped: 4.1 does not count", func(map[string]any) {}, "", 36},
		{"counts true said outright is the default", func(f map[string]any) { standard(f, "1.1")["counts"] = true }, "", 36},
		{"counts null is the default", func(f map[string]any) { standard(f, "1.1")["counts"] = nil }, "", 36},
		{"a case standard may be left out of the score too", func(f map[string]any) {
			standard(f, "3.3")["counts"] = false
			f["overall"] = []any{
				map[string]any{"from": 0, "to": 5, "rating": "Inadequate"}, map[string]any{"from": 6, "to": 16, "rating": "Requires improvement"},
				map[string]any{"from": 17, "to": 27, "rating": "Good"}, map[string]any{"from": 28, "to": 33, "rating": "Outstanding"}}
		}, "", 33},
		{"counts as a word", func(f map[string]any) { standard(f, "4.1")["counts"] = "no" }, "field standards.counts", 0},
		{"counts as a number", func(f map[string]any) { standard(f, "4.1")["counts"] = 0 }, "field standards.counts", 0},
		{"misspelt", func(f map[string]any) { delete(standard(f, "4.1"), "counts"); standard(f, "4.1")["count"] = false }, `unknown field "count"`, 0},
		{"thresholds counting the standard left out", func(f map[string]any) {
			f["overall"].([]any)[3].(map[string]any)["to"] = 39
		}, "overall thresholds run to 39 but the maximum score is 36", 0},
		{"counted back in without new thresholds", func(f map[string]any) { delete(standard(f, "4.1"), "counts") }, "overall thresholds stop at 36 but the maximum score is 39", 0},
		{"no standard counts", func(f map[string]any) {
			for _, s := range f["standards"].([]any) {
				s.(map[string]any)["counts"] = false
			}
			f["overall"] = []any{map[string]any{"from": 0, "to": 0, "rating": "Inadequate"}}
		}, "no standard counts towards the score", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFramework("youth.json", editedFramework(t, "yjs-2021", tt.edit))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if diff := cmp.Diff(tt.wantMax, f.MaxScore()); diff != "" {
					t.Errorf("max score (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "youth.json") || ErrorCode(err) != EINVALID {
				t.Fatalf("error = %v (code %s); want an EINVALID error naming youth.json and containing %q", err, ErrorCode(err), tt.wantErr)
			}
			var e *Error
			if wantHint := strings.HasPrefix(tt.wantErr, "field standards.counts"); errors.As(err, &e) && wantHint != strings.Contains(e.Hint, `"counts" takes true or false`) {
				t.Errorf("hint %q; want the hint on counts: %v", e.Hint, wantHint)
			}
		})
	}
}

// A standard that does not count towards the score cannot move the overall rating, however few
// answers would move its own.
func TestOverallHingeSkipsUncountedStandards(t *testing.T) {
	f := mustBuiltin(t, "yjs-2021")
	f.Standards[10].Counts = new(bool) // 3.3 rated, not counted
	on := true
	f.Standards[12].Counts = &on // 4.1 counted, so the maximum stays 36
	if f.Standards[10].ID != "3.3" || f.MaxScore() != 36 {
		t.Fatalf("fixture: standard %s, max %d", f.Standards[10].ID, f.MaxScore())
	}
	ts := Tallies{}
	var given []GivenRating
	for _, s := range f.Standards {
		if s.RatedFrom == FromInspectors {
			given = append(given, GivenRating{Standard: s.ID, Rating: Outstanding}) // 6 x 3 = 18
			continue
		}
		for _, k := range s.KeyQuestions {
			ts[k.ID] = Tally{Yes: 70, No: 30} // Good: 10 more yes each to reach 80%
			if s.ID == "3.3" {
				ts[k.ID] = Tally{Yes: 79, No: 21} // one more yes each would make 3.3 Outstanding
			}
		}
	}
	res := f.Rate(ts, given)
	if res.Score != 30 || res.Overall != Good {
		t.Fatalf("fixture scores %d, %s; want 30, Good (top of Good)", res.Score, res.Overall)
	}
	up, _ := f.OverallHinge(res)
	if up == nil {
		t.Fatal("no way up from 30")
	}
	// One case standard from Good to Outstanding: 10 answers on each of its three key questions.
	if diff := cmp.Diff([]any{30, Outstanding, false}, []any{up.Changes, up.To, slices.Contains(up.Of, "3.3")}); diff != "" {
		t.Errorf("overall up %+v: changes, to, moves 3.3 (-want +got):\n%s", up, diff)
	}
}

func TestParseCaseType(t *testing.T) {
	tests := []struct {
		in   string
		want CaseType
	}{
		{"community", Community}, {"CO", Community}, {"Suspended Sentence Order", Community},
		{"licence", Licence}, {"License", Licence}, {"PSS", Licence},
		{"court", Court}, {"Court disposal", Court}, {"post-court", Court},
		{"out-of-court", OutOfCourt}, {"Out of court disposal", OutOfCourt}, {"OOCD", OutOfCourt}, {"pre-court", OutOfCourt},
		{"custody", ""}, {"youth caution", ""}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCaseType(tt.in)
			if diff := cmp.Diff([]any{tt.want, tt.want == ""}, []any{got, err != nil}); diff != "" {
				t.Errorf("ParseCaseType(%q) = %v, %v (-want +got):\n%s", tt.in, got, err, diff)
			}
		})
	}
}

// Court disposals come before out-of-court disposals, as the reports print them, after the
// adult case types.
func TestGroupOrderCaseTypes(t *testing.T) {
	got := []string{"out-of-court", "", "court", "licence", "community"}
	GroupOrder("case_type", got)
	if diff := cmp.Diff([]string{"community", "licence", "court", "out-of-court", ""}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
