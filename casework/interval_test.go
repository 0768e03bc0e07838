package casework

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

func TestNormalQuantile(t *testing.T) {
	for p, want := range map[float64]float64{0.975: 1.959964, 0.95: 1.644854, 0.9: 1.281552, 0.5: 0, 0.995: 2.575829, 0.01: -2.326348} {
		if got := normalQuantile(p); math.Abs(got-want) > 5e-7 {
			t.Errorf("normalQuantile(%g) = %.7f, want %.6f", p, got, want)
		}
	}
}

func TestZFor(t *testing.T) {
	// Two-sided standard normal quantiles, as printed in any table of the normal distribution.
	want := map[float64]float64{0.80: 1.281552, 0.90: 1.644854, 0.95: 1.959964, 0.99: 2.575829}
	got := map[float64]float64{}
	for c := range want {
		got[c] = ZFor(c)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("z by confidence level (-table +got):\n%s", diff)
	}
}

// Reference values: Newcombe RG. Two-sided confidence intervals for the single proportion:
// comparison of seven methods. Statistics in Medicine 1998; 17: 857-872, Table I, method 3
// (Wilson score interval without continuity correction), 95%.
func TestWilsonNewcombe1998(t *testing.T) {
	tests := []struct {
		yes, n  int
		low, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0.0000, 0.1611},
		{1, 29, 0.0061, 0.1718},
	}
	for _, tt := range tests {
		got := Wilson(tt.yes, tt.n, 0.95)
		if diff := cmp.Diff(Interval{tt.low, tt.hi}, Interval{round4(got.Low), round4(got.High)}); diff != "" {
			t.Errorf("Wilson(%d, %d) (-published +got):\n%s", tt.yes, tt.n, diff)
		}
	}
}

func TestWilsonEdges(t *testing.T) {
	tests := []struct {
		name   string
		yes, n int
		want   Interval
	}{
		{"n of n stays at 1", 10, 10, Interval{0.7225, 1}},
		{"one case, yes", 1, 1, Interval{0.2065, 1}},
		{"one case, no", 0, 1, Interval{0, 0.7935}},
		{"empty group says nothing", 0, 0, Interval{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wilson(tt.yes, tt.n, 0.95)
			if diff := cmp.Diff(tt.want, Interval{round4(got.Low), round4(got.High)}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// A higher confidence level gives a wider interval.
	a, b := Wilson(25, 30, 0.95), Wilson(25, 30, 0.99)
	if !(b.Low < a.Low && b.High > a.High) {
		t.Errorf("99%% interval %v is not wider than 95%% %v", b, a)
	}
}

// Reference values: Newcombe RG. Interval estimation for the difference between independent
// proportions: comparison of eleven methods. Statistics in Medicine 1998; 17: 873-890, Table II,
// method 10 (hybrid score interval), 95%.
func TestNewcombeDifference1998(t *testing.T) {
	tests := []struct {
		y1, n1, y2, n2 int
		low, hi        float64
	}{
		{56, 70, 48, 80, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.1705, 0.8090},
		{6, 7, 2, 7, 0.0582, 0.8062},
		{5, 56, 0, 29, -0.0381, 0.1926},
		{0, 10, 0, 20, -0.1611, 0.2775},
		{0, 10, 0, 10, -0.2775, 0.2775},
		{10, 10, 0, 20, 0.6791, 1.0000},
		{10, 10, 0, 10, 0.6075, 1.0000},
	}
	for _, tt := range tests {
		_, got := Newcombe(tt.y1, tt.n1, tt.y2, tt.n2, 0.95)
		if diff := cmp.Diff(Interval{tt.low, tt.hi}, Interval{round4(got.Low), round4(got.High)}); diff != "" {
			t.Errorf("Newcombe(%d/%d - %d/%d) (-published +got):\n%s", tt.y1, tt.n1, tt.y2, tt.n2, diff)
		}
	}
}

func TestRelativeRateWilson(t *testing.T) {
	// Worked from the Wilson intervals by Donner and Zou's closed form:
	// L = (p1p2 - sqrt((p1p2)^2 - l1u2(2p1-l1)(2p2-u2))) / (u2(2p2-u2)),
	// U = (p1p2 + sqrt((p1p2)^2 - u1l2(2p1-u1)(2p2-l2))) / (l2(2p2-l2)).
	type rate struct {
		RR, Low, High float64
		OK            bool
	}
	tests := []struct {
		name           string
		y1, n1, y2, n2 int
		want           rate
	}{
		// PSO 11/39 against PO 25/30 (2.3.1): Wilson (0.1654, 0.4378) and (0.6644, 0.9266).
		{"PSO against PO on 2.3.1", 11, 39, 25, 30, rate{0.3385, 0.1968, 0.5568, true}},
		// 3 of 3 against 25 of 30: the log method gave 1.02 to 1.41, "significant", where the
		// difference's interval (-40 to +34 points) says no difference.
		{"all three of a small group yes", 3, 3, 25, 30, rate{1.2, 0.5237, 1.5052, true}},
		{"both at 100%: from the group's Wilson lower end to 1 over the reference's", 3, 3, 3, 3, rate{1, 0.4385, 2.2805, true}},
		{"no yes in the group: a ratio of 0", 0, 12, 12, 29, rate{0, 0, 0.6345, true}},
		{"no yes in the reference: no ratio", 5, 10, 0, 10, rate{}},
		{"no relevant case in the group: no ratio", 0, 0, 5, 10, rate{}},
		{"no relevant case in the reference: no ratio", 5, 10, 0, 0, rate{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr, ci, ok := RelativeRateWilson(tt.y1, tt.n1, tt.y2, tt.n2, 0.95)
			got := rate{round4(rr), round4(ci.Low), round4(ci.High), ok}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 0.00011)); diff != "" {
				t.Errorf("(-worked +got):\n%s", diff)
			}
		})
	}
}

// TestRelativeRateWilsonAgreesWithNewcombe checks, for every pair of groups of up to 25 cases
// and at two levels, that the relative rate index's interval excludes 1 exactly when the
// difference's excludes 0: one verdict per comparison.
func TestRelativeRateWilsonAgreesWithNewcombe(t *testing.T) {
	type verdict struct{ Difference, Ratio bool }
	for _, conf := range []float64{0.8, 0.95} {
		for n1 := 1; n1 <= 25; n1++ {
			for n2 := 1; n2 <= 25; n2++ {
				for y1 := 0; y1 <= n1; y1++ {
					for y2 := 1; y2 <= n2; y2++ {
						_, d := Newcombe(y1, n1, y2, n2, conf)
						_, r, ok := RelativeRateWilson(y1, n1, y2, n2, conf)
						if !ok || r.Low > r.High || r.Low < 0 {
							t.Fatalf("%d/%d against %d/%d at %g: interval %+v, ok %v", y1, n1, y2, n2, conf, r, ok)
						}
						want := verdict{d.Low > 0 || d.High < 0, d.Low > 0 || d.High < 0}
						got := verdict{want.Difference, r.Low > 1 || r.High < 1}
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("%d/%d against %d/%d at %g: difference %+v, ratio %+v (-want +got):\n%s", y1, n1, y2, n2, conf, d, r, diff)
						}
					}
				}
			}
		}
	}
}

func TestMarginOfError(t *testing.T) {
	// 95%, p = 0.5, n = 79 from an infinite population: 1.959964*sqrt(0.25/79) = 0.11026.
	if got := round4(MarginOfError(0.5, 79, 0, 0.95)); got != 0.1103 {
		t.Errorf("MarginOfError = %v, want 0.1103", got)
	}
	// The finite population correction narrows it: N = 200 gives 0.11026*sqrt(121/199) = 0.0860.
	if got := round4(MarginOfError(0.5, 79, 200, 0.95)); got != 0.0860 {
		t.Errorf("MarginOfError with N=200 = %v, want 0.0860", got)
	}
}
