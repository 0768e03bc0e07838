package sampling

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// For even degrees of freedom and for one, the survival function has a closed form; the
// incomplete-gamma code must agree with it to near machine precision, on both sides of the
// series/fraction switch (x/2 = df/2 + 1).
func TestChiSquareSFClosedForms(t *testing.T) {
	forms := map[int]func(x float64) float64{
		1: func(x float64) float64 { return math.Erfc(math.Sqrt(x / 2)) },
		2: func(x float64) float64 { return math.Exp(-x / 2) },
		4: func(x float64) float64 { return math.Exp(-x/2) * (1 + x/2) },
		6: func(x float64) float64 { return math.Exp(-x/2) * (1 + x/2 + x*x/8) },
	}
	for df, sf := range forms {
		for _, x := range []float64{0.001, 0.1, 0.5, 1, 2, 3.841, 4, 5, 6, 8, 10, 20, 40, 80} {
			want, got := sf(x), ChiSquareSF(x, df)
			if math.Abs(got-want) > 1e-12*math.Max(want, 1e-300)+1e-15 {
				t.Errorf("ChiSquareSF(%v, %d) = %.15g, want %.15g", x, df, got, want)
			}
		}
	}
}

// Upper-tail critical values from NIST/SEMATECH e-Handbook of Statistical Methods, section
// 1.3.6.7.4, "Critical Values of the Chi-Square Distribution" (printed to three decimals, so
// the p-value at them is the tail area to about 1e-4).
func TestChiSquareSFAtNISTCriticalValues(t *testing.T) {
	tests := []struct {
		df       int
		x, alpha float64
	}{
		{1, 2.706, 0.10}, {2, 4.605, 0.10}, {5, 9.236, 0.10}, {10, 15.987, 0.10},
		{1, 3.841, 0.05}, {2, 5.991, 0.05}, {3, 7.815, 0.05}, {4, 9.488, 0.05}, {5, 11.070, 0.05},
		{6, 12.592, 0.05}, {7, 14.067, 0.05}, {8, 15.507, 0.05}, {9, 16.919, 0.05}, {10, 18.307, 0.05},
		{15, 24.996, 0.05}, {20, 31.410, 0.05}, {30, 43.773, 0.05}, {50, 67.505, 0.05}, {100, 124.342, 0.05},
		{1, 6.635, 0.01}, {2, 9.210, 0.01}, {3, 11.345, 0.01}, {4, 13.277, 0.01}, {5, 15.086, 0.01},
		{10, 23.209, 0.01}, {20, 37.566, 0.01}, {30, 50.892, 0.01}, {100, 135.807, 0.01},
	}
	for _, tt := range tests {
		if got := ChiSquareSF(tt.x, tt.df); math.Abs(got-tt.alpha) > 1e-4 {
			t.Errorf("ChiSquareSF(%v, %d) = %.6f, want %.2f", tt.x, tt.df, got, tt.alpha)
		}
	}
}

func TestChiSquareSFEdges(t *testing.T) {
	if got := ChiSquareSF(0, 3); got != 1 {
		t.Errorf("ChiSquareSF(0, 3) = %v, want 1", got)
	}
	if got := ChiSquareSF(-1, 3); got != 1 {
		t.Errorf("ChiSquareSF(-1, 3) = %v, want 1", got)
	}
	if got := ChiSquareSF(1, 0); !math.IsNaN(got) {
		t.Errorf("ChiSquareSF(1, 0) = %v, want NaN", got)
	}
	if got := ChiSquareSF(1000, 3); got < 0 || got > 1e-200 {
		t.Errorf("ChiSquareSF(1000, 3) = %v, want a tiny non-negative number", got)
	}
}

func TestCompare(t *testing.T) {
	population := map[string]int{"low": 30, "medium": 50, "high": 20}
	tests := []struct {
		name   string
		sample map[string]int
		want   Comparison
	}{
		{
			name:   "in proportion",
			sample: map[string]int{"low": 15, "medium": 25, "high": 10},
			want: Comparison{Field: "rosh", DF: 2, P: 1, Rows: []ComparisonRow{
				{"low", 30, 15, 30, 30, 0}, {"medium", 50, 25, 50, 50, 0}, {"high", 20, 10, 20, 20, 0},
			}},
		},
		{
			// expected 15, 25, 10: (5²/15 + 5²/25 + 0) = 2.6667; Q(1, 1.3333) = e^-1.3333
			name:   "off by five",
			sample: map[string]int{"low": 20, "medium": 20, "high": 10},
			want: Comparison{Field: "rosh", ChiSquare: 8.0 / 3, DF: 2, P: math.Exp(-4.0 / 3), Rows: []ComparisonRow{
				{"low", 30, 20, 30, 40, 10}, {"medium", 50, 20, 50, 40, -10}, {"high", 20, 10, 20, 20, 0},
			}},
		},
		{
			// expected 3, 5, 2 (all under 5): (7²/3 + 5 + 2) = 23.333; Q(1, 11.667) = e^-11.667
			name:   "all one level, materially different",
			sample: map[string]int{"low": 10},
			want: Comparison{Field: "rosh", ChiSquare: 49.0/3 + 7, DF: 2, P: math.Exp(-(49.0/3 + 7) / 2), SmallExpected: true, Rows: []ComparisonRow{
				{"low", 30, 10, 30, 100, 70}, {"medium", 50, 0, 50, 0, -50}, {"high", 20, 0, 20, 0, -20},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare("rosh", tt.sample, population)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if c := Compare("rosh", map[string]int{"low": 10}, population); !c.Material() {
		t.Error("a sample all of one level is not flagged as materially different")
	}
	if c := Compare("rosh", map[string]int{"low": 15, "medium": 25, "high": 10}, population); c.Material() {
		t.Error("a sample in proportion is flagged as materially different")
	}
	if c := Compare("gender", map[string]int{"male": 3}, map[string]int{"male": 9}); c.DF != 0 || c.Material() {
		t.Errorf("one category: DF %d, material %v; want 0, false", c.DF, c.Material())
	}
}
