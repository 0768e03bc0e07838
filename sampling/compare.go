package sampling

import (
	"math"

	"fieldwork/casework"
)

// MaterialP is the chi-square p-value under which a field of the sample is said to differ
// materially from the population: the usual 5% significance level.
const MaterialP = 0.05

// Comparison sets the sample against the population on one field.
type Comparison struct {
	Field     string
	Rows      []ComparisonRow
	ChiSquare float64 // goodness of fit of the sample's counts to the population's proportions
	DF        int     // categories less one; 0 when the field has one value
	P         float64 // the chance of a difference this large from random sampling alone; 1 when DF is 0
	// SmallExpected: some category expects fewer than 5 sample cases, where the chi-square
	// approximation is rough; read P as a guide.
	SmallExpected bool
}

// ComparisonRow is one value of the field.
type ComparisonRow struct {
	Value                    string // "" is not recorded
	Population, Sample       int
	PopulationPct, SamplePct float64
	Difference               float64 // SamplePct - PopulationPct, in percentage points
}

// Material says whether the sample differs from the population on the field by more than
// random sampling would readily explain.
func (c Comparison) Material() bool { return c.DF > 0 && c.P < MaterialP }

// Compare sets the sample's counts of a field's values against the population's, with a
// chi-square goodness-of-fit test of the sample to the population's proportions.
func Compare(field string, sample, population map[string]int) Comparison {
	c := Comparison{Field: field, P: 1}
	var values []string
	n, N := 0, 0
	for v, k := range population {
		values = append(values, v)
		N += k
	}
	for v, k := range sample {
		if _, ok := population[v]; !ok {
			values = append(values, v)
		}
		n += k
	}
	casework.GroupOrder(field, values)
	categories := 0
	for _, v := range values {
		r := ComparisonRow{Value: v, Population: population[v], Sample: sample[v]}
		if N > 0 {
			r.PopulationPct = 100 * float64(r.Population) / float64(N)
		}
		if n > 0 {
			r.SamplePct = 100 * float64(r.Sample) / float64(n)
		}
		r.Difference = r.SamplePct - r.PopulationPct
		c.Rows = append(c.Rows, r)
		if r.Population == 0 {
			continue
		}
		categories++
		expected := float64(n) * float64(r.Population) / float64(N)
		if expected < 5 {
			c.SmallExpected = true
		}
		c.ChiSquare += math.Pow(float64(r.Sample)-expected, 2) / expected
	}
	c.DF = max(categories-1, 0)
	if c.DF > 0 {
		c.P = ChiSquareSF(c.ChiSquare, c.DF)
	}
	return c
}
