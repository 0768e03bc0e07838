package sampling

import "math"

// ChiSquareSF is the probability that a chi-square variable with df degrees of freedom is at
// least x: the p-value of a goodness-of-fit statistic x. It is the regularised upper incomplete
// gamma function Q(df/2, x/2), by its power series below a+1 and its continued fraction above
// (Press et al., Numerical Recipes, 3rd ed., §6.2).
func ChiSquareSF(x float64, df int) float64 {
	if df <= 0 || math.IsNaN(x) {
		return math.NaN()
	}
	if x <= 0 {
		return 1
	}
	a, h := float64(df)/2, x/2
	if h < a+1 {
		return 1 - lowerGammaSeries(a, h)
	}
	return upperGammaFraction(a, h)
}

const (
	gammaEpsilon = 1e-15
	gammaTiny    = 1e-300
	gammaSteps   = 10000
)

// lowerGammaSeries is P(a, x) = e^-x x^a / Γ(a) · Σ x^n / (a(a+1)...(a+n)).
func lowerGammaSeries(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	term := 1 / a
	sum := term
	for n := 1; n < gammaSteps; n++ {
		term *= x / (a + float64(n))
		sum += term
		if math.Abs(term) < math.Abs(sum)*gammaEpsilon {
			break
		}
	}
	return sum * math.Exp(-x+a*math.Log(x)-lg)
}

// upperGammaFraction is Q(a, x) by the continued fraction
// e^-x x^a / Γ(a) · 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- ...))), evaluated by the
// modified Lentz method.
func upperGammaFraction(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	b := x + 1 - a
	c := 1 / gammaTiny
	d := 1 / b
	h := d
	for i := 1; i < gammaSteps; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < gammaTiny {
			d = gammaTiny
		}
		c = b + an/c
		if math.Abs(c) < gammaTiny {
			c = gammaTiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < gammaEpsilon {
			break
		}
	}
	return math.Exp(-x+a*math.Log(x)-lg) * h
}
