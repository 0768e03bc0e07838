package sampling

import (
	"cmp"
	"fmt"
	"maps"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"

	"fieldwork/casework"
)

// DefaultStrata are the fields the inspectorate stratifies by.
var DefaultStrata = []string{FieldCaseType, "rosh", "gender"}

// pcgStream is the second word of the generator's seed: fixed, so the seed a user gives (or is
// told) is all it takes to draw the same sample again.
const pcgStream = 0x6669656c64776f72 // "fieldwor"

// Design is how a sample is drawn from a population.
type Design struct {
	StratifyBy []string                  // the stratum fields, e.g. case_type, rosh, gender
	Size       int                       // cases to read
	MinPerType map[casework.CaseType]int // optional: at least this many cases of a type
	Reserve    int                       // reserves drawn per stratum, to replace unsuitable cases
	Seed       uint64
}

// Stratum is one combination of the stratum fields' values.
type Stratum struct {
	Key        string // the values joined by " / ", e.g. "community / high / male"
	Values     []string
	Type       casework.CaseType // "" when case_type is not a stratum field
	Population int
	Share      float64 // the stratum's exact share of the size it was allocated from
	Allocated  int
	members    []int // indices of the population's eligible cases
}

// NotRecorded stands for an empty value in a stratum's key.
const NotRecorded = "not recorded"

// Drawn is a case drawn for the sample or its reserve list.
type Drawn struct {
	Case    *Record
	Stratum int  // index into Sample.Strata
	Order   int  // position in the stratum's random order, 1 first
	Reserve bool // a reserve: brought in, in order, only to replace an unsuitable case
}

// Sample is the drawn sample and its reserves.
type Sample struct {
	Design     Design
	Population int
	Strata     []Stratum
	Drawn      []Drawn // by stratum, then draw order: each stratum's sample, then its reserves
}

// Draw allocates d.Size across the strata of pop in proportion to their sizes (see Allocate)
// and draws each stratum's cases, and then its reserves, in a random order. The order comes
// from a PCG generator seeded with d.Seed, and each stratum's cases are put in case-id order
// before they are shuffled, so the same seed and extract give the same sample on any machine,
// whatever the order of the extract's rows.
func Draw(pop *Population, d Design) (*Sample, error) {
	if len(d.StratifyBy) == 0 {
		d.StratifyBy = DefaultStrata
	}
	for _, f := range d.StratifyBy {
		if !slices.Contains(pop.Fields, f) && !slices.Contains(casework.CaseFields, f) {
			return nil, casework.Errorf(casework.EINVALID, "--strata %s: %s has no field %s (its fields are: %s)", strings.Join(d.StratifyBy, ","), pop.Source, f, strings.Join(pop.Fields, ", "))
		}
	}
	if slices.Contains(d.StratifyBy, FieldCaseID) {
		return nil, casework.Errorf(casework.EINVALID, "--strata cannot include case_id: each case would be a stratum of one")
	}
	n := pop.Eligible()
	switch {
	case d.Size <= 0:
		return nil, casework.Errorf(casework.EINVALID, "a sample needs at least one case (size %d)", d.Size)
	case d.Size > n:
		return nil, casework.Errorf(casework.EINVALID, "size %d is more than the %d eligible cases in %s", d.Size, n, pop.Source).
			WithHint(fmt.Sprintf("draw at most %d (a census), or widen the --window dates", n))
	case d.Reserve < 0:
		return nil, casework.Errorf(casework.EINVALID, "--reserve %d: the reserve list cannot be negative", d.Reserve)
	}
	s := &Sample{Design: d, Population: n, Strata: stratify(pop, d.StratifyBy)}
	if err := Allocate(s.Strata, d.Size, d.MinPerType); err != nil {
		return nil, err
	}
	src := rand.NewPCG(d.Seed, pcgStream)
	for si := range s.Strata {
		st := &s.Strata[si]
		m := st.members
		slices.SortFunc(m, func(a, b int) int { return cmp.Compare(pop.id(a), pop.id(b)) })
		k := min(len(m), st.Allocated+d.Reserve)
		for i := range k {
			j := i + int(uniform(src, uint64(len(m)-i)))
			m[i], m[j] = m[j], m[i]
			s.Drawn = append(s.Drawn, Drawn{Case: pop.Case(m[i]), Stratum: si, Order: i + 1, Reserve: i >= st.Allocated})
		}
	}
	return s, nil
}

// uniform is a uniformly random integer in [0, n), by Lemire's multiply-and-reject method. It
// uses nothing of math/rand but the PCG's output, which Go specifies, so the sample does not
// depend on how a Go release implements IntN.
func uniform(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		floor := -n % n
		for lo < floor {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}

// stratify groups the population's cases by their values of fields, in the order readers
// expect (casework.GroupOrder on each field in turn).
func stratify(pop *Population, fields []string) []Stratum {
	byKey := map[string]int{}
	var strata []Stratum
	readers := make([]func(*Record) string, len(fields))
	for j, f := range fields {
		readers[j] = pop.cols.reader(f)
	}
	values := make([]string, len(fields))
	var key []byte // the lookup by string(key) does not copy it
	pop.each(func(i int, r *Record) {
		key = key[:0]
		for j, read := range readers {
			values[j] = read(r)
			if j > 0 {
				key = append(key, " / "...)
			}
			key = append(key, cmp.Or(values[j], NotRecorded)...)
		}
		k, ok := byKey[string(key)]
		if !ok {
			key := stratumKey(values)
			k = len(strata)
			byKey[key] = k
			st := Stratum{Key: key, Values: slices.Clone(values)}
			if j := slices.Index(fields, FieldCaseType); j >= 0 {
				st.Type = casework.CaseType(values[j])
			}
			strata = append(strata, st)
		}
		strata[k].Population++
		strata[k].members = append(strata[k].members, i)
	})
	rank := make([]map[string]int, len(fields))
	for j, f := range fields {
		var vals []string
		for _, st := range strata {
			if !slices.Contains(vals, st.Values[j]) {
				vals = append(vals, st.Values[j])
			}
		}
		casework.GroupOrder(f, vals)
		rank[j] = map[string]int{}
		for i, v := range vals {
			rank[j][v] = i
		}
	}
	slices.SortFunc(strata, func(a, b Stratum) int {
		for j := range fields {
			if c := cmp.Compare(rank[j][a.Values[j]], rank[j][b.Values[j]]); c != 0 {
				return c
			}
		}
		return 0
	})
	return strata
}

func stratumKey(values []string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = cmp.Or(v, NotRecorded)
	}
	return strings.Join(parts, " / ")
}

// Allocate shares size among the strata in proportion to their populations, so the sample
// mirrors the population. Each stratum gets the whole part of its exact share, and the cases
// left over go one each to the largest remainders (ties to the larger stratum, then the
// earlier): the allocations sum to size and each is within one case of its exact share.
//
// A minimum per case type (case_type must be a stratum field) lifts a type whose proportional
// share falls short to exactly its minimum; the other types share what is left in proportion,
// and each stratum's Share is its exact share of its group. A minimum larger than a type's
// eligible cases, or minimums adding up to more than size, is an error.
func Allocate(strata []Stratum, size int, minimum map[casework.CaseType]int) error {
	pop := map[casework.CaseType]int{}
	total := 0
	for _, st := range strata {
		pop[st.Type] += st.Population
		total += st.Population
	}
	fixed := map[casework.CaseType]bool{}
	if len(minimum) > 0 {
		if _, ok := pop[""]; ok {
			return casework.Errorf(casework.EINVALID, "a minimum per case type needs case_type among the stratum fields").
				WithHint("add case_type to --strata, e.g. --strata case_type,rosh,gender")
		}
		p := &casework.Problems{Source: "--min-per-type", Hint: "lower the minimum, or widen the --window dates to bring in more cases"}
		sum := 0
		for _, t := range []casework.CaseType{casework.Community, casework.Licence} {
			m, ok := minimum[t]
			if !ok {
				continue
			}
			if m > pop[t] {
				p.Add("%s: a minimum of %d cases, but only %d eligible", t, m, pop[t])
			}
			sum += m
		}
		if sum > size {
			p.Add("the minimums add up to %d, more than the sample size %d", sum, size)
		}
		if err := p.Err(); err != nil {
			return err
		}
		// A type whose proportional share of what is left falls below its minimum is fixed at
		// the minimum; fixing one leaves less for the rest, so repeat until none changes.
		for changed := true; changed; {
			changed = false
			rest, restPop := size, total
			for t := range fixed {
				rest -= minimum[t]
				restPop -= pop[t]
			}
			for t, m := range minimum {
				if !fixed[t] && float64(rest)*float64(pop[t]) < float64(m)*float64(restPop) {
					fixed[t], changed = true, true
				}
			}
		}
	}
	groups := map[casework.CaseType][]*Stratum{}
	var free []*Stratum
	rest := size
	for i := range strata {
		st := &strata[i]
		if fixed[st.Type] {
			groups[st.Type] = append(groups[st.Type], st)
		} else {
			free = append(free, st)
		}
	}
	for t, g := range groups {
		largestRemainder(g, minimum[t])
		rest -= minimum[t]
	}
	largestRemainder(free, rest)
	return nil
}

func largestRemainder(strata []*Stratum, total int) {
	sum := 0
	for _, st := range strata {
		sum += st.Population
	}
	if sum == 0 {
		return
	}
	type remainder struct{ stratum, rem int }
	rems := make([]remainder, len(strata))
	given := 0
	for i, st := range strata {
		share := total * st.Population
		st.Allocated = share / sum
		st.Share = float64(share) / float64(sum)
		rems[i] = remainder{i, share % sum}
		given += st.Allocated
	}
	// The remainders share the denominator sum, so comparing the integers is exact.
	slices.SortStableFunc(rems, func(a, b remainder) int {
		return cmp.Or(cmp.Compare(b.rem, a.rem), cmp.Compare(strata[b.stratum].Population, strata[a.stratum].Population))
	})
	for _, r := range rems[:total-given] {
		strata[r.stratum].Allocated++
	}
}

// Reserves are how many reserves each stratum drew, by stratum.
func (s *Sample) Reserves() []int {
	n := make([]int, len(s.Strata))
	for _, d := range s.Drawn {
		if d.Reserve {
			n[d.Stratum]++
		}
	}
	return n
}

// Counts are the sample's cases (not its reserves) by their value of field.
func (s *Sample) Counts(field string) map[string]int {
	n := map[string]int{}
	for _, d := range s.Drawn {
		if !d.Reserve {
			n[d.Case.Field(field)]++
		}
	}
	return n
}

// Counts are the population's cases by their value of field. A field the table keeps as codes
// or repeated values is counted by code, and each code's value read once; the counts are
// kept, since the record of the draw and its report both ask for them.
func (p *Population) Counts(field string) map[string]int {
	if n, ok := p.counted[field]; ok {
		return maps.Clone(n)
	}
	n := map[string]int{}
	if p.cols == nil {
		return n
	}
	value := p.cols.reader(field)
	if key, ok := p.table.keyOf(field, p.cols); ok {
		var byKey []int
		first := map[uint32]int32{} // a row of each key, to read its value from
		for _, row := range p.eligible {
			k := key(row)
			if int(k) >= len(byKey) {
				byKey = append(byKey, make([]int, int(k)+1-len(byKey))...)
			}
			if byKey[k] == 0 {
				first[k] = row
			}
			byKey[k]++
		}
		var r Record
		for k, row := range first {
			p.table.fill(&r, row, p.cols)
			n[value(&r)] += byKey[k] // spellings that tidy alike count together
		}
	} else {
		p.each(func(_ int, r *Record) { n[value(r)]++ })
	}
	if p.counted == nil {
		p.counted = map[string]map[string]int{}
	}
	p.counted[field] = n
	return maps.Clone(n)
}
