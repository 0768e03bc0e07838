package casework

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ruleRating is the overall rating the inspectorate's published ratings fit, for a score out of
// max: Inadequate up to max/6, Requires improvement up to max/2, Good up to five sixths of max,
// Outstanding above. It is written here, apart from the frameworks' JSON, so that a threshold
// typed wrong in a file fails the tests below rather than setting what they expect.
func ruleRating(score, max int) Rating {
	switch {
	case 6*score <= max:
		return Inadequate
	case 2*score <= max:
		return RequiresImprovement
	case 6*score <= 5*max:
		return Good
	}
	return Outstanding
}

// ruleEdges lists the lowest score of each rating above Inadequate, as ruleRating gives them.
func ruleEdges(max int) []int {
	var edges []int
	for score := 1; score <= max; score++ {
		if ruleRating(score, max) != ruleRating(score-1, max) {
			edges = append(edges, score)
		}
	}
	return edges
}

// The rule's edges for every maximum a built-in framework has, as the issue and DOMAIN.md state
// them: so ruleRating itself is checked against numbers written out by hand.
func TestRuleEdges(t *testing.T) {
	tests := []struct {
		max  int
		want []int // lowest score of Requires improvement, Good, Outstanding
	}{
		{3, []int{1, 2, 3}},    // one standard: its own rating
		{21, []int{4, 11, 18}}, // pdu-2023: 0-3, 4-10, 11-17, 18-21
		{27, []int{5, 14, 23}}, // pdu-2021: 0-4, 5-13, 14-22, 23-27
		{30, []int{6, 16, 26}}, // crc-2018, nps-2018: 0-5, 6-15, 16-25, 26-30
		{36, []int{7, 19, 31}}, // yjs-2021: 0-6, 7-18, 19-30, 31-36
		{6, []int{2, 4, 6}},    // max/6 exactly on a whole score: 1 is still Inadequate
		{12, []int{3, 7, 11}},  // likewise max/2 and 5max/6: 2, 6 and 10 stay below
		{24, []int{5, 13, 21}}, // eight standards, were there a programme of them
		{33, []int{6, 17, 28}}, // eleven
		{39, []int{7, 20, 33}}, // thirteen
		{0, []int(nil)},        // no score at all: nothing to cut
		{1, []int{1}},          // 1 is over five sixths of 1
		{2, []int{1, 2}},       // 1 is half of 2: Requires improvement
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("out of %d", tt.max), func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ruleEdges(tt.max)); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
		})
	}
}

// thresholdCase is one score to look up and the rating the rule gives it.
type thresholdCase struct {
	Score int
	Want  Rating
}

// edgeScores are the scores where a wrong threshold shows: 0, each band's lower edge, one below
// and one above it, and the maximum.
func edgeScores(max int) []int {
	seen := map[int]bool{}
	var out []int
	add := func(s int) {
		if s >= 0 && s <= max && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	add(0)
	for _, e := range ruleEdges(max) {
		add(e - 1)
		add(e)
		add(e + 1)
	}
	add(max)
	return out
}

// Every built-in framework's overall thresholds give, at every edge, the rating the rule gives:
// the scores come from the framework's own maximum, the expected ratings from the rule alone.
func TestOverallThresholdsFollowTheRule(t *testing.T) {
	ids := BuiltinIDs()
	for _, want := range []string{"crc-2018", "nps-2018", "pdu-2021", "pdu-2023", "unpaid-work", "victim-work", "yjs-2021"} {
		if !slices.Contains(ids, want) {
			t.Errorf("built-in framework %s is missing from %v", want, ids)
		}
	}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			f := mustBuiltin(t, id)
			max := f.MaxScore()
			var want, got []thresholdCase
			for _, score := range edgeScores(max) {
				want = append(want, thresholdCase{score, ruleRating(score, max)})
				r, _ := f.OverallRating(score)
				got = append(got, thresholdCase{score, r})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("overall rating at the edges of %d (-rule +%s):\n%s", max, id, diff)
			}
		})
	}
}

// The tests above read only the edges; this says the whole table the rule gives, so a
// framework's thresholds are the rule's and nothing else.
func TestOverallThresholdTablesAreTheRule(t *testing.T) {
	for _, id := range BuiltinIDs() {
		t.Run(id, func(t *testing.T) {
			f := mustBuiltin(t, id)
			max := f.MaxScore()
			var want []Threshold
			from := 0
			for i, e := range append(ruleEdges(max), max+1) {
				want = append(want, Threshold{From: from, To: e - 1, Rating: Ratings[i]})
				from = e
			}
			if diff := cmp.Diff(want, f.Overall); diff != "" {
				t.Errorf("thresholds (-rule +%s):\n%s", id, diff)
			}
		})
	}
}
