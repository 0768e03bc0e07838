package sampling

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/intake"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func strataOf(pops ...int) []Stratum {
	s := make([]Stratum, len(pops))
	for i, p := range pops {
		s[i] = Stratum{Key: fmt.Sprint(i), Population: p}
	}
	return s
}

func allocations(strata []Stratum) []int {
	var out []int
	for _, s := range strata {
		out = append(out, s.Allocated)
	}
	return out
}

func TestAllocateByHand(t *testing.T) {
	tests := []struct {
		name string
		pops []int
		size int
		want []int
	}{
		{"exact shares", []int{50, 30, 20}, 10, []int{5, 3, 2}},
		// 3⅓ each: the one case left goes to the first of the tied strata
		{"a three-way tie", []int{5, 5, 5}, 10, []int{4, 3, 3}},
		// 4.2, 1.75, 1.05: floors give 6, the seventh goes to the largest remainder
		{"largest remainder", []int{60, 25, 15}, 7, []int{4, 2, 1}},
		// 0.5 each to the two small strata: the tie goes to the larger (none), then the earlier
		{"half and half", []int{98, 1, 1}, 50, []int{49, 1, 0}},
		{"a census", []int{3, 7}, 10, []int{3, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strataOf(tt.pops...)
			if err := Allocate(s, tt.size, nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, allocations(s)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAllocateWithMinimum(t *testing.T) {
	s := []Stratum{
		{Key: "community / high", Type: casework.Community, Population: 80},
		{Key: "community / low", Type: casework.Community, Population: 60},
		{Key: "licence / high", Type: casework.Licence, Population: 12},
		{Key: "licence / low", Type: casework.Licence, Population: 8},
	}
	// Licences' proportional share is 32 × 20/160 = 4, under the minimum of 10: they get 10
	// (6 and 4), and community orders share the other 22 as 12.57 and 9.43.
	if err := Allocate(s, 32, map[casework.CaseType]int{casework.Licence: 10}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{13, 9, 6, 4}, allocations(s)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A minimum the proportional share already meets changes nothing.
	s2 := slices.Clone(s)
	if err := Allocate(s2, 32, map[casework.CaseType]int{casework.Community: 20}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{16, 12, 2, 2}, allocations(s2)); diff != "" {
		t.Errorf("a met minimum (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		name string
		min  map[casework.CaseType]int
		size int
		want string
	}{
		{"a stratum too small", map[casework.CaseType]int{casework.Licence: 21}, 32, "licence: a minimum of 21 cases, but only 20 eligible (nothing was written)"},
		{"minimums over the size", map[casework.CaseType]int{casework.Licence: 15, casework.Community: 20}, 32, "the minimums add up to 35, more than the sample size 32 (nothing was written)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := Allocate(slices.Clone(s), tt.size, tt.min)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %s", err, tt.want)
			}
		})
	}
	if err := Allocate(strataOf(10, 10), 5, map[casework.CaseType]int{casework.Licence: 1}); err == nil {
		t.Error("a minimum per type was accepted without case_type among the strata")
	}
}

// Over many random populations and sizes, the allocation sums to the size and every stratum is
// within one case of its exact proportional share; with minimums, every type meets its minimum.
func TestAllocateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		var s []Stratum
		total := 0
		for i := range 1 + r.IntN(24) {
			typ := casework.Community
			if i%2 == 1 {
				typ = casework.Licence
			}
			p := 1 + r.IntN(200)
			if r.IntN(4) == 0 {
				p = 1 + r.IntN(3) // small strata, where rounding bites
			}
			s = append(s, Stratum{Key: fmt.Sprint(i), Type: typ, Population: p})
			total += p
		}
		size := 1 + r.IntN(total)
		var minimum map[casework.CaseType]int
		if trial%2 == 1 && len(s) > 1 {
			lic := 0
			for _, st := range s {
				if st.Type == casework.Licence {
					lic += st.Population
				}
			}
			minimum = map[casework.CaseType]int{casework.Licence: min(lic, size/2, 1+r.IntN(40))}
		}
		if err := Allocate(s, size, minimum); err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		sum, byType := 0, map[casework.CaseType]int{}
		for _, st := range s {
			sum += st.Allocated
			byType[st.Type] += st.Allocated
			if math.Abs(float64(st.Allocated)-st.Share) >= 1 || st.Allocated > st.Population {
				t.Fatalf("trial %d: stratum of %d allocated %d, exact share %.3f", trial, st.Population, st.Allocated, st.Share)
			}
			if minimum == nil {
				if exact := float64(size) * float64(st.Population) / float64(total); math.Abs(exact-st.Share) > 1e-9 {
					t.Fatalf("trial %d: share %.4f, want %.4f", trial, st.Share, exact)
				}
			}
		}
		if sum != size {
			t.Fatalf("trial %d: allocations sum to %d, want %d", trial, sum, size)
		}
		for typ, m := range minimum {
			if byType[typ] < m {
				t.Fatalf("trial %d: %s has %d, under its minimum %d", trial, typ, byType[typ], m)
			}
		}
	}
}

func readTestExtract(t testing.TB, reverse bool) *Population {
	t.Helper()
	data, err := os.ReadFile("testdata/extract.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if reverse {
		lines := strings.Split(strings.TrimSpace(text), "\n")
		slices.Reverse(lines[1:])
		text = strings.Join(lines, "\n") + "\n"
	}
	rows, err := intake.CSVRows("extract.csv", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	var ws []Window
	for _, s := range []string{"2024-01-22:2024-01-28", "2024-03-04:2024-03-10"} {
		w, _ := ParseWindow(s)
		ws = append(ws, w)
	}
	pop, err := ReadPopulation(rows, nil, Eligibility{Windows: ws, Rules: []Rule{{Field: "status", Value: "transferred out"}}})
	if err != nil {
		t.Fatal(err)
	}
	return pop
}

var goldenDesign = Design{Size: 40, Reserve: 2, Seed: 20240901, MinPerType: map[casework.CaseType]int{casework.Licence: 18}}

func describe(s *Sample) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d, size %d of %d, strata by %s\n", s.Design.Seed, s.Design.Size, s.Population, strings.Join(s.Design.StratifyBy, ","))
	for _, st := range s.Strata {
		fmt.Fprintf(&b, "stratum %-40s population %3d share %6.3f allocated %2d\n", st.Key, st.Population, st.Share, st.Allocated)
	}
	for _, d := range s.Drawn {
		kind := "sample"
		if d.Reserve {
			kind = "reserve"
		}
		fmt.Fprintf(&b, "%-40s %2d %-7s %s\n", s.Strata[d.Stratum].Key, d.Order, kind, d.Case.ID)
	}
	return b.String()
}

// The golden sample: the same extract and seed give the same sample on any machine and Go
// release, since it depends only on the PCG generator's specified output.
func TestGoldenSample(t *testing.T) {
	s, err := Draw(readTestExtract(t, false), goldenDesign)
	if err != nil {
		t.Fatal(err)
	}
	got := describe(s)
	matchGolden(t, "testdata/golden-sample.txt", got)
	// The extract's row order does not matter.
	again, err := Draw(readTestExtract(t, true), goldenDesign)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, describe(again)); diff != "" {
		t.Errorf("the extract with its rows reversed gives another sample (-first +reversed):\n%s", diff)
	}
	// Another seed gives another sample.
	other := goldenDesign
	other.Seed++
	if s2, _ := Draw(readTestExtract(t, false), other); describe(s2) == got {
		t.Error("seed+1 drew the same sample")
	}
}

func TestDrawShape(t *testing.T) {
	pop := readTestExtract(t, false)
	s, err := Draw(pop, goldenDesign)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	sampled, reserves := make([]int, len(s.Strata)), make([]int, len(s.Strata))
	for _, d := range s.Drawn {
		if seen[d.Case.ID] {
			t.Errorf("%s drawn twice", d.Case.ID)
		}
		seen[d.Case.ID] = true
		st := s.Strata[d.Stratum]
		if got := stratumKey(valuesOf(d.Case, s.Design.StratifyBy)); got != st.Key {
			t.Errorf("%s is in stratum %q but its values say %q", d.Case.ID, st.Key, got)
		}
		if d.Reserve {
			reserves[d.Stratum]++
			if d.Order != st.Allocated+reserves[d.Stratum] {
				t.Errorf("%s: reserve %d of %s has draw order %d", d.Case.ID, reserves[d.Stratum], st.Key, d.Order)
			}
		} else {
			sampled[d.Stratum]++
		}
	}
	total := 0
	for i, st := range s.Strata {
		total += sampled[i]
		if sampled[i] != st.Allocated {
			t.Errorf("%s: %d drawn, %d allocated", st.Key, sampled[i], st.Allocated)
		}
		if want := min(2, st.Population-st.Allocated); reserves[i] != want {
			t.Errorf("%s: %d reserves, want %d", st.Key, reserves[i], want)
		}
	}
	if total != 40 || s.Counts(FieldCaseType)["licence"] < 18 {
		t.Errorf("%d cases, %d licences; want 40 with at least 18 licences", total, s.Counts(FieldCaseType)["licence"])
	}
}

// matchGolden compares got with the golden file (rewritten under -update).
func matchGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./sampling -run %s -update to write it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("the draw differs from %s (-want +got):\n%s", golden, diff)
	}
}

func valuesOf(r *Record, fields []string) []string {
	var v []string
	for _, f := range fields {
		v = append(v, r.Field(f))
	}
	return v
}

func TestDrawRefuses(t *testing.T) {
	pop := readTestExtract(t, false)
	n := pop.Eligible()
	tests := []struct {
		name string
		d    Design
		want string
	}{
		{"a size above the population", Design{Size: n + 1}, fmt.Sprintf("size %d is more than the %d eligible cases in extract.csv", n+1, n)},
		{"no size", Design{}, "a sample needs at least one case (size 0)"},
		{"an unknown stratum field", Design{Size: 5, StratifyBy: []string{"case_type", "postcode"}}, "--strata case_type,postcode: extract.csv has no field postcode (its fields are: case_id, case_type, commenced, rosh, gender, ethnicity, grade, office, status)"},
		{"strata of one", Design{Size: 5, StratifyBy: []string{"case_id"}}, "--strata cannot include case_id: each case would be a stratum of one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Draw(pop, tt.d)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %s", err, tt.want)
			}
		})
	}
}
