package casework

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadBy(t *testing.T) {
	tests := []struct {
		name       string
		c          Case
		answeredBy map[string]int
		want       string
	}{
		{"not started", Case{ID: "C1"}, nil, ""},
		{"most answers", Case{ID: "C1"}, map[string]int{"Inspector A": 3, "Inspector B": 10}, "Inspector B"},
		{"a tie goes to the first name", Case{ID: "C1"}, map[string]int{"Inspector B": 4, "Inspector A": 4}, "Inspector A"},
		{"answers with no inspector recorded do not count", Case{ID: "C1"}, map[string]int{"": 40, "Inspector C": 1}, "Inspector C"},
		{"the case list's inspector column wins", Case{ID: "C1", Attributes: map[string]string{"inspector": "Inspector D"}}, map[string]int{"Inspector A": 40}, "Inspector D"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadBy(tt.c, tt.answeredBy); got != tt.want {
				t.Errorf("ReadBy = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCasesFor(t *testing.T) {
	cases := []Case{{ID: "C1"}, {ID: "C2"}, {ID: "C3", Attributes: map[string]string{"inspector": "B"}}, {ID: "C4"}}
	by := map[string]map[string]int{"C1": {"A": 3}, "C2": {"B": 5, "A": 1}}
	var got []string
	for _, c := range CasesFor("A", cases, by) {
		got = append(got, c.ID)
	}
	if diff := cmp.Diff([]string{"C1", "C4"}, got); diff != "" {
		t.Errorf("cases for A (-want +got):\n%s", diff)
	}
}
