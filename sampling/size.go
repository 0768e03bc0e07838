package sampling

import (
	"math"

	"fieldwork/casework"
)

// Target is what a sample is sized for: estimating a proportion (such as the share of cases
// where a key question is answered yes) to within Margin, at the Confidence level, when the
// proportion is expected near Proportion (0.5, the default, needs the most cases).
type Target struct {
	Confidence float64 // e.g. 0.80 or 0.95
	Margin     float64 // e.g. 0.10 for ±10 percentage points
	Proportion float64 // 0 means 0.5
}

func (t Target) proportion() float64 {
	if t.Proportion == 0 {
		return 0.5
	}
	return t.Proportion
}

func (t Target) check() error {
	switch {
	case !(t.Confidence > 0 && t.Confidence < 1):
		return casework.Errorf(casework.EINVALID, "confidence %v is not a level between 0 and 1 (e.g. 0.80 or 0.95)", t.Confidence)
	case !(t.Margin > 0 && t.Margin < 1):
		return casework.Errorf(casework.EINVALID, "margin %v is not a proportion between 0 and 1 (e.g. 0.10 for ±10 points)", t.Margin)
	case !(t.proportion() > 0 && t.proportion() < 1):
		return casework.Errorf(casework.EINVALID, "proportion %v is not between 0 and 1 (0.5 needs the most cases)", t.Proportion)
	}
	return nil
}

// SizeFor is the number of cases to draw from a population of the given size to meet t:
// n0 = z²p(1-p)/e² for an unlimited population, corrected for the finite population as
// n = n0 / (1 + (n0-1)/N), rounded to the nearest case. Rounding to the nearest case is how the
// published sample-size tables are made (Krejcie & Morgan, 1970); the margin the size actually
// achieves (casework.MarginOfError) may be a hair over the target, and is always reported.
func SizeFor(population int, t Target) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	if population <= 0 {
		return 0, casework.Errorf(casework.EINVALID, "there are no eligible cases to sample")
	}
	z := casework.ZFor(t.Confidence)
	return sizeFor(population, z*z, t.Margin, t.proportion()), nil
}

// sizeFor takes z² directly, so a test can use the rounded chi-square a published table used.
func sizeFor(population int, z2, margin, p float64) int {
	n0 := z2 * p * (1 - p) / (margin * margin)
	N := float64(population)
	n := int(math.Floor(N*n0/(N+n0-1) + 0.5))
	return max(1, min(n, population))
}
