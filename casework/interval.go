package casework

import (
	"math"
)

// Interval is a confidence interval for a proportion or a difference, on a 0-1 scale.
type Interval struct {
	Low, High float64
}

// DefaultConfidence is the confidence level of every interval fieldwork prints unless told
// otherwise.
const DefaultConfidence = 0.95

// ZFor returns the two-sided standard normal quantile for a confidence level: 1.959964 for
// 0.95, 1.281552 for 0.80. Every interval, margin of error and sample size uses it.
func ZFor(confidence float64) float64 {
	return normalQuantile(1 - (1-confidence)/2)
}

// Wilson is the Wilson score interval for yes out of n at the given confidence level. Unlike
// the textbook p ± z·se interval it stays inside 0-1 and behaves at 0 of n and n of n, which
// matters for the small groups inspection samples split into. n = 0 gives [0, 1]: no data
// says nothing.
func Wilson(yes, n int, confidence float64) Interval {
	if n <= 0 {
		return Interval{0, 1}
	}
	z := ZFor(confidence)
	p := float64(yes) / float64(n)
	nn := float64(n)
	denom := 1 + z*z/nn
	centre := (p + z*z/(2*nn)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn))
	lo, hi := centre-half, centre+half
	// At the extremes the formula is exact in theory; keep rounding from leaving 0-1.
	if yes == 0 {
		lo = 0
	}
	if yes == n {
		hi = 1
	}
	return Interval{math.Max(0, lo), math.Min(1, hi)}
}

// Newcombe is the hybrid score interval (Newcombe 1998, method 10) for the difference
// p1 - p2 of two independent proportions yes1/n1 and yes2/n2, built from the two Wilson
// intervals. It is the interval fieldwork uses to say whether two groups, or two inspections,
// differ by more than chance.
func Newcombe(yes1, n1, yes2, n2 int, confidence float64) (diff float64, ci Interval) {
	p1, p2 := ratio(yes1, n1), ratio(yes2, n2)
	w1, w2 := Wilson(yes1, n1, confidence), Wilson(yes2, n2, confidence)
	diff = p1 - p2
	lo := diff - math.Sqrt((p1-w1.Low)*(p1-w1.Low)+(w2.High-p2)*(w2.High-p2))
	hi := diff + math.Sqrt((w1.High-p1)*(w1.High-p1)+(p2-w2.Low)*(p2-w2.Low))
	return diff, Interval{math.Max(-1, lo), math.Min(1, hi)}
}

// RelativeRateWilson is the relative rate index p1 / p2 with its interval recovered from the
// two groups' Wilson intervals (the MOVER-R method of Donner and Zou, 2012): the ratio's
// counterpart of Newcombe's difference, built from the same two intervals. It behaves where the
// log method fails, at 0% and 100% and for a handful of cases, and it says what the difference
// says: its interval excludes 1 exactly when Newcombe's excludes 0, since both ask whether
// p1 - θ·p2 = 0 is plausible, at θ = 1 the same question.
//
// The ratio cannot exist (ok false) where either group has no relevant case or the reference
// (group 2) has no "yes". A group with no "yes" has a ratio of 0, with an interval from 0.
func RelativeRateWilson(yes1, n1, yes2, n2 int, confidence float64) (rr float64, ci Interval, ok bool) {
	if n1 <= 0 || n2 <= 0 || yes2 <= 0 {
		return 0, Interval{}, false
	}
	p1, p2 := ratio(yes1, n1), ratio(yes2, n2)
	w1, w2 := Wilson(yes1, n1, confidence), Wilson(yes2, n2, confidence)
	b := p1 * p2
	// The lower end is the θ at which the lower MOVER limit of p1 - θ·p2 reaches 0: the
	// smaller root of u2(2p2-u2)θ² - 2p1p2θ + l1(2p1-l1) = 0, written c/(b+√(b²-ac)) so
	// that it holds when u2(2p2-u2) is 0 or negative (a reference of few cases near 0%).
	if a, c := w2.High*(2*p2-w2.High), w1.Low*(2*p1-w1.Low); c > 0 {
		ci.Low = c / (b + math.Sqrt(math.Max(0, b*b-a*c)))
	}
	// The upper end, where the upper limit reaches 0: the larger root of
	// l2(2p2-l2)θ² - 2p1p2θ + u1(2p1-u1) = 0. l2 > 0 since the reference has a "yes".
	a, c := w2.Low*(2*p2-w2.Low), w1.High*(2*p1-w1.High)
	ci.High = (b + math.Sqrt(math.Max(0, b*b-a*c))) / a
	return p1 / p2, ci, true
}

func ratio(a, b int) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// MarginOfError is the half-width, on a 0-1 scale, of the normal-approximation interval for a
// proportion p from a sample of n drawn from a population of size population (0 for an
// infinite one), with the finite population correction.
func MarginOfError(p float64, n, population int, confidence float64) float64 {
	if n <= 0 {
		return 1
	}
	z := ZFor(confidence)
	moe := z * math.Sqrt(p*(1-p)/float64(n))
	if population > 0 && population > n {
		moe *= math.Sqrt(float64(population-n) / float64(population-1))
	} else if population > 0 && population <= n {
		return 0 // the whole population was read
	}
	return moe
}

// normalQuantile is the inverse of the standard normal distribution function, by Acklam's
// rational approximation refined with one Halley step on math.Erfc; accurate to about 1e-15.
func normalQuantile(p float64) float64 {
	if p <= 0 {
		return math.Inf(-1)
	}
	if p >= 1 {
		return math.Inf(1)
	}
	a := [6]float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	b := [5]float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	c := [6]float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	d := [4]float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
	const low = 0.02425
	var x float64
	switch {
	case p < low:
		q := math.Sqrt(-2 * math.Log(p))
		x = (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	case p <= 1-low:
		q := p - 0.5
		r := q * q
		x = (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r + a[5]) * q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r + 1)
	default:
		q := math.Sqrt(-2 * math.Log(1-p))
		x = -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	}
	e := 0.5*math.Erfc(-x/math.Sqrt2) - p
	u := e * math.Sqrt(2*math.Pi) * math.Exp(x*x/2)
	return x - u/(1+x*u/2)
}
