package casework

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// bradford are the key-question counts of the Bradford & Calderdale example (of 79 cases).
var bradford = map[string]int{
	"2.1.1": 36, "2.1.2": 44, "2.1.3": 15,
	"2.2.1": 28, "2.2.2": 38, "2.2.3": 21,
	"2.3.1": 42, "2.3.2": 29, "2.3.3": 18,
	"2.4.1": 40, "2.4.2": 32, "2.4.3": 22,
}

func bradfordResult(t *testing.T) (*Framework, Result) {
	f := mustBuiltin(t, "pdu-2023")
	res := f.Rate(tallies(79, bradford), []GivenRating{
		{Standard: "1.1", Rating: Inadequate}, {Standard: "1.2", Rating: Inadequate},
		{Standard: "1.3", Rating: RequiresImprovement, Reason: "decision guidance"},
	})
	return f, res
}

func TestHingesHandWorked(t *testing.T) {
	f, res := bradfordResult(t)
	hs := f.Hinges(res, 0.95)
	byID := map[string]Hinge{}
	for _, h := range hs {
		byID[h.Standard] = h
	}
	// Reviewing: 50% of 79 needs 39.5, so 40 "yes". 2.4.1 has 40; 2.4.2 needs 8 more, 2.4.3 18.
	rev := byID["2.4"]
	want := &Shift{To: RequiresImprovement, Changes: 26, On: []QuestionChange{{"2.4.2", 8}, {"2.4.3", 18}}}
	if diff := cmp.Diff(want, rev.Up); diff != "" {
		t.Errorf("Reviewing up (-hand-worked +got):\n%s", diff)
	}
	if rev.Down != nil {
		t.Errorf("Reviewing is Inadequate, the bottom band, yet has a way down: %+v", rev.Down)
	}
	// Assessment: 2.1.1 needs 40-36 = 4, 2.1.3 needs 40-15 = 25.
	if got := byID["2.1"].Up.Changes; got != 29 {
		t.Errorf("Assessment up needs %d answers, want 29", got)
	}
	got := strings.Join(rev.Sentences(), " ")
	for _, s := range []string{
		"26 more 'yes' answers (8 on 2.4.2, 18 on 2.4.3) would make Reviewing 'Requires improvement'.",
		"The 95% interval of 2.4.3 (19% to 39%) lies within the Inadequate band.",
	} {
		if !strings.Contains(got, s) {
			t.Errorf("sentences %q do not say %q", got, s)
		}
	}
}

func TestHingeDownAndEdges(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	tests := []struct {
		name      string
		yes       map[string]int // of 80 cases
		wantUp    *Shift
		wantDown  *Shift
		wantEdges []float64
		sentence  string
	}{
		{"exactly 50% falls with one answer",
			map[string]int{"2.1.1": 40, "2.1.2": 60, "2.1.3": 70},
			&Shift{To: Good, Changes: 12, On: []QuestionChange{{"2.1.1", 12}}},
			&Shift{To: Inadequate, Changes: 1, On: []QuestionChange{{"2.1.1", 1}}},
			[]float64{50}, // Wilson 40/80 is 39% to 61%
			"One fewer 'yes' on 2.1.1 would make Assessment 'Inadequate'."},
		{"one short of Good",
			map[string]int{"2.1.1": 51, "2.1.2": 60, "2.1.3": 70},
			&Shift{To: Good, Changes: 1, On: []QuestionChange{{"2.1.1", 1}}},
			&Shift{To: Inadequate, Changes: 12, On: []QuestionChange{{"2.1.1", 12}}},
			[]float64{65},
			"One more 'yes' on 2.1.1 would make Assessment 'Good'."},
		{"top band has no way up",
			map[string]int{"2.1.1": 80, "2.1.2": 80, "2.1.3": 64},
			nil,
			&Shift{To: Good, Changes: 1, On: []QuestionChange{{"2.1.3", 1}}},
			[]float64{80},
			"Assessment is in the top band."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.Rate(tallies(80, tt.yes), nil)
			h := f.Hinges(res, 0.95)[0]
			if diff := cmp.Diff(tt.wantUp, h.Up); diff != "" {
				t.Errorf("up (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantDown, h.Down); diff != "" {
				t.Errorf("down (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantEdges, h.Edges, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("edges in the interval (-want +got):\n%s", diff)
			}
			if s := strings.Join(h.Sentences(), " "); !strings.Contains(s, tt.sentence) {
				t.Errorf("sentences %q do not say %q", s, tt.sentence)
			}
		})
	}
}

func TestOverallHinge(t *testing.T) {
	f, res := bradfordResult(t)
	up, down := f.OverallHinge(res)
	if down != nil {
		t.Errorf("overall Inadequate has a way down: %+v", down)
	}
	// From 1/21 the score must reach 4 (Requires improvement): +3 points.
	// Costs to Requires improvement (+1): 2.1 29, 2.2 33, 2.3 33, 2.4 26.
	// Costs to Good (+2; 52 of 79 needed): 2.1 16+8+37 = 61, 2.2 24+14+31 = 69,
	// 2.3 10+23+34 = 67, 2.4 12+20+30 = 62.
	// Three standards to RI: 26+29+33 = 88; 2.1 to Good and 2.4 to RI: 61+26 = 87, the cheapest.
	if up == nil || up.Changes != 87 || up.To != RequiresImprovement || len(up.Steps) != 2 {
		t.Fatalf("overall up = %+v; want 87 answers (2.1 to Good, 2.4 to Requires improvement)", up)
	}
	if s := up.Sentence("up"); !strings.HasPrefix(s, "87 more 'yes' answers would make the overall rating 'Requires improvement' (2.1 to 'Good' (16 on 2.1.1, 8 on 2.1.2, 37 on 2.1.3); 2.4 to 'Requires improvement'") {
		t.Errorf("sentence: %s", s)
	}
	// A departure on a standard fixes it: only the others can move.
	res2 := f.Rate(tallies(79, bradford), []GivenRating{
		{Standard: "1.1", Rating: Inadequate}, {Standard: "1.2", Rating: Inadequate}, {Standard: "1.3", Rating: RequiresImprovement},
		{Standard: "2.4", Rating: Inadequate, Reason: "panel"},
	})
	up2, _ := f.OverallHinge(res2)
	// Without 2.4: 2.1 to Good (61) and 2.3 or 2.2 to RI (33) = 94, against 29+33+33 = 95.
	if up2 == nil || up2.Changes != 94 {
		t.Errorf("with 2.4 fixed by a departure, overall up = %+v; want 94", up2)
	}
}
