package casework

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSuppressionHides(t *testing.T) {
	tests := []struct {
		name  string
		below int
		base  int
		want  bool
	}{
		{"no suppression", 0, 1, false},
		{"below 1 hides nothing", 1, 1, false},
		{"one under the limit", 5, 4, true},
		{"at the limit", 5, 5, false},
		{"a single case", 5, 1, true},
		{"no relevant case tells nothing", 5, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Suppression{Below: tt.below}).Hides(tt.base); got != tt.want {
				t.Errorf("Suppression{%d}.Hides(%d) = %v, want %v", tt.below, tt.base, got, tt.want)
			}
		})
	}
}

func TestSuppressionSplit(t *testing.T) {
	tests := []struct {
		name  string
		below int
		bases []int
		want  []bool
	}{
		{"nothing small", 5, []int{49, 30}, []bool{false, false}},
		{"no suppression asked", 0, []int{1, 78}, []bool{false, false}},
		{"one small of two: the other goes too, or total less it reveals it", 5, []int{3, 76}, []bool{true, true}},
		{"two small already: the total reveals only their sum", 5, []int{2, 3, 40, 30}, []bool{true, true, false, false}},
		{"one small: the next smallest goes with it", 10, []int{30, 39, 7, 3}, []bool{false, false, true, true}},
		{"one small: smallest other part, first on a tie", 5, []int{2, 40, 6, 6}, []bool{true, false, true, false}},
		{"a part with no relevant case is no cover", 5, []int{2, 0, 40}, []bool{true, false, true}},
		{"the only relevant part: the total is small and hidden itself", 5, []int{3, 0}, []bool{true, false}},
		{"all small", 10, []int{4, 3, 2}, []bool{true, true, true}},
		{"one part", 5, []int{4}, []bool{true}},
		{"no parts", 5, nil, []bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Suppression{Below: tt.below}.Split(tt.bases)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Split(%v) (-want +got):\n%s", tt.bases, diff)
			}
		})
	}
}

// TestSplitRevealsNothing checks the property the rule exists for: whatever the bases, no
// hidden part can be worked out from the total (when shown) less the shown parts.
func TestSplitRevealsNothing(t *testing.T) {
	s := Suppression{Below: 5}
	for a := 0; a < 8; a++ {
		for b := 0; b < 8; b++ {
			for c := 0; c < 8; c++ {
				bases := []int{a, b, c}
				hidden := s.Split(bases)
				total := a + b + c
				if s.Hides(total) {
					continue
				}
				var nHidden, relevantHidden int
				for i, h := range hidden {
					if h {
						nHidden++
						if bases[i] > 0 {
							relevantHidden++
						}
					}
					if !h && s.Hides(bases[i]) {
						t.Errorf("bases %v: part %d is small but shown", bases, i)
					}
				}
				if relevantHidden == 1 {
					t.Errorf("bases %v: hidden %v leaves one hidden part the total gives away", bases, hidden)
				}
			}
		}
	}
}

func TestCheckSplit(t *testing.T) {
	ids := []string{"BC001", "BC002", "BC003"}
	tests := []struct {
		name    string
		values  []string
		sizes   []int
		wantErr bool
	}{
		{"groups of cases", []string{"Halifax", "Bradford"}, []int{2, 1}, false},
		{"one group", []string{"Halifax"}, []int{1}, false},
		{"a group named by a case id", []string{"Halifax", "bc002 "}, []int{2, 1}, true},
		{"every case on its own", []string{"1980-01-02", "1975-03-04", "1990-05-06"}, []int{1, 1, 1}, true},
		{"more than half the cases alone: a surname", []string{"Smithson", "Khan", "Patel", "Jones"}, []int{1, 1, 1, 2}, true},
		{"half the cases alone is a grouping still", []string{"Halifax", "Keighley", "Bradford"}, []int{1, 1, 2}, false},
		{"a few alone among large groups", []string{"Halifax", "Keighley", "Bradford"}, []int{1, 40, 38}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSplit("office", tt.values, tt.sizes, ids)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CheckSplit = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && ErrorCode(err) != EINVALID {
				t.Errorf("code %q, want %q", ErrorCode(err), EINVALID)
			}
		})
	}
}
