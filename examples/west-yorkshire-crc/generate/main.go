// Command generate builds the synthetic case data of the West Yorkshire CRC worked example:
// cases.csv (three case samples: case supervision, unpaid work, Through the Gate),
// judgements.csv (every question of framework crc-2018 that applies to each case, answered) and
// ratings.csv (the domain-one ratings). No real person is in it.
//
// The press release (seeds/west-yorkshire-crc-press-release-2020.txt) prints ratings, not
// figures: the four case-supervision standards Inadequate, Through the Gate Good, overall
// Requires improvement. Every count below is ours, chosen to give that pattern; the fixed-seed
// PCG generator only decides which case gets which answer, so the output is the same on every
// run. Before writing anything the program rates its own answers with casework, checks the
// pattern and that every case passes validation, and exits non-zero if not.
//
// Run from the repository root: go run ./examples/west-yorkshire-crc/generate
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"fieldwork/casework"
)

// sample is one case sample and its make-up. The CRC supervised low and medium risk of harm
// cases only; "staff at a lower grade" (PSOs) held most of them.
type sample struct {
	name     string
	caseType map[string]int
	grade    map[string]int // empty: not recorded (unpaid work supervisors, prison staff)
	rosh     map[string]int
	gender   map[string]int
}

var samples = []sample{
	{"case supervision", map[string]int{"community": 42, "licence": 18}, map[string]int{"PO": 16, "PSO": 38, "PQiP": 6},
		map[string]int{"low": 24, "medium": 36}, map[string]int{"male": 51, "female": 9}},
	{"unpaid work", map[string]int{"community": 25}, nil, map[string]int{"low": 15, "medium": 10}, map[string]int{"male": 21, "female": 4}},
	{"through the gate", map[string]int{"licence": 20}, nil, map[string]int{"low": 6, "medium": 14}, map[string]int{"male": 18, "female": 2}},
}

// yes is how many of its sample's cases each key question and case question is answered yes.
// "We found the management of risk of harm was consistently poor": keeping other people safe is
// the lowest key question, under 50%, in each case-supervision standard. Through the Gate's
// lowest key question is 70% (Good); unpaid work's 56% (Requires improvement: the press release
// does not rate unpaid work, so this is ours).
var yes = map[string]int{
	"2.1.1": 33, "2.1.2": 31, "2.1.3": 17, // of 60
	"2.2.1": 30, "2.2.2": 27, "2.2.3": 15,
	"2.3.1": 36, "2.3.2": 28, "2.3.3": 18,
	"2.4.1": 32, "2.4.2": 26, "2.4.3": 16,
	"3.1.1": 18, "3.1.2": 17, "3.1.3": 14, "hours_within_12_months": 15, // of 25
	"3.2.1": 15, "3.2.2": 14, "3.2.3": 16, // of 20
}

// ratings are the domain-one ratings the inspectors give. The press release prints none of
// them; these are ours, read from what it says (staffing "must take urgent action", a
// "comprehensive range of services", leaders' improvement plan not yet improving supervision).
var ratings = [][]string{
	{"standard", "rating", "reason"},
	{"1.1", "Requires improvement", ""},
	{"1.2", "Inadequate", ""},
	{"1.3", "Good", ""},
	{"1.4", "Requires improvement", ""},
}

var inspectors = []string{"Inspector A", "Inspector B", "Inspector C", "Inspector D", "Inspector E"}

type kase struct {
	casework.Case
	sample    string
	inspector string
	answers   map[string]casework.Answer
}

func main() {
	out := flag.String("out", "examples/west-yorkshire-crc", "folder to write cases.csv, judgements.csv and ratings.csv into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	fw, err := casework.Builtin("crc-2018")
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2019, 10))
	var cases []*kase
	for _, s := range samples {
		cs := makeSample(rng, s, len(cases))
		answerSample(rng, fw, cs)
		cases = append(cases, cs...)
	}
	if err := check(fw, cases); err != nil {
		return err
	}
	return write(dir, fw, cases)
}

// deal gives each case one value, in the numbers shares says, in a shuffled order.
func deal(rng *rand.Rand, shares map[string]int, n int) []string {
	vals := make([]string, 0, n)
	for _, v := range slices.Sorted(maps.Keys(shares)) {
		for range shares[v] {
			vals = append(vals, v)
		}
	}
	for len(vals) < n {
		vals = append(vals, "")
	}
	rng.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
	return vals
}

func makeSample(rng *rand.Rand, s sample, first int) []*kase {
	n := 0
	for _, k := range s.caseType {
		n += k
	}
	types, grades, rosh, gender := deal(rng, s.caseType, n), deal(rng, s.grade, n), deal(rng, s.rosh, n), deal(rng, s.gender, n)
	cs := make([]*kase, n)
	for i := range cs {
		c := &kase{sample: s.name, inspector: inspectors[(first+i)%len(inspectors)], answers: map[string]casework.Answer{}}
		c.ID = fmt.Sprintf("WY%03d", first+i+1)
		c.Type, c.Grade, c.RoSH, c.Gender = casework.CaseType(types[i]), casework.Grade(grades[i]), casework.RoSH(rosh[i]), gender[i]
		c.Attributes = map[string]string{casework.SampleField: s.name}
		cs[i] = c
	}
	return cs
}

// answerSample answers every question that applies to the sample's cases. Each theme ranks the
// cases once, so a case weak on keeping people safe in assessment tends to be weak on it in
// planning and reviewing too; a key question's `yes` best-ranked cases are answered yes. Its
// first prompt agrees with it and later prompts mostly do, so no case contradicts itself.
func answerSample(rng *rand.Rand, fw *casework.Framework, cs []*kase) {
	rank := map[string][]*kase{}
	order := func(theme string) []*kase {
		if rank[theme] == nil {
			r := append([]*kase(nil), cs...)
			rng.Shuffle(len(r), func(i, j int) { r[i], r[j] = r[j], r[i] })
			rank[theme] = r
		}
		return rank[theme]
	}
	for _, q := range fw.Questions() {
		if q.Kind == casework.KindPrompt || !q.AppliesTo(cs[0].Case) {
			continue
		}
		theme := q.ID
		if q.Kind == casework.KindKey {
			theme = keyTheme(fw, q)
		}
		for i, c := range order(theme) {
			c.answers[q.ID] = casework.No
			if i < yes[q.ID] {
				c.answers[q.ID] = casework.Yes
			}
		}
	}
	for ci, c := range cs {
		for _, q := range fw.Questions() {
			if q.Kind != casework.KindPrompt || !q.AppliesTo(c.Case) {
				continue
			}
			k := c.answers[q.KeyQuestion]
			j := promptIndex(fw, q)
			switch {
			case j > 0 && q.NotApplicable && (ci+3*j)%6 == 0:
				c.answers[q.ID] = casework.NotApplicable
			case j > 0 && (ci+j)%4 == 0:
				c.answers[q.ID] = flip(k)
			default:
				c.answers[q.ID] = k
			}
		}
	}
}

func keyTheme(fw *casework.Framework, q casework.Question) string {
	s, _ := fw.Standard(q.Standard)
	for _, k := range s.KeyQuestions {
		if k.ID == q.ID {
			return k.Theme
		}
	}
	return q.ID
}

func promptIndex(fw *casework.Framework, q casework.Question) int {
	s, _ := fw.Standard(q.Standard)
	for _, k := range s.KeyQuestions {
		for j, p := range k.Prompts {
			if p.ID == q.ID {
				return j
			}
		}
	}
	return 0
}

func flip(a casework.Answer) casework.Answer {
	if a == casework.Yes {
		return casework.No
	}
	return casework.Yes
}

// check rates the answers as `fieldwork score` will and insists on the press release's pattern,
// and that `fieldwork validate` will find nothing to query in any case.
func check(fw *casework.Framework, cases []*kase) error {
	ts := casework.Tallies{}
	for _, c := range cases {
		for _, q := range fw.Questions() {
			if a, ok := c.answers[q.ID]; ok {
				ts.AddCounted(q, c.Case, a, 1)
			}
		}
		if fs := fw.CheckCaseFor(c.Case, c.answers); len(fs) > 0 {
			return fmt.Errorf("case %s: %s", c.ID, fs[0].Message)
		}
	}
	var given []casework.GivenRating
	for _, r := range ratings[1:] {
		rating, err := casework.ParseRating(r[1])
		if err != nil {
			return err
		}
		given = append(given, casework.GivenRating{Standard: r[0], Rating: rating})
	}
	res := fw.Rate(ts, given)
	want := map[string]casework.Rating{"2.1": casework.Inadequate, "2.2": casework.Inadequate, "2.3": casework.Inadequate, "2.4": casework.Inadequate, "3.2": casework.Good}
	for _, s := range res.Standards {
		if w, ok := want[s.ID]; ok && s.Rating != w {
			return fmt.Errorf("%s %s is %s; the press release rates it %s", s.ID, s.Name, s.Rating, w)
		}
	}
	if res.Overall != casework.RequiresImprovement {
		return fmt.Errorf("overall %s (score %d/%d); the press release rates it Requires improvement", res.Overall, res.Score, res.MaxScore)
	}
	return nil
}

func write(dir string, fw *casework.Framework, cases []*kase) error {
	caseRows := [][]string{{"case_id", "case_type", "sample", "grade", "rosh", "gender"}}
	answerRows := [][]string{{"case_id", "question", "answer", "inspector"}}
	for _, c := range cases {
		caseRows = append(caseRows, []string{c.ID, string(c.Type), c.sample, string(c.Grade), string(c.RoSH), c.Gender})
		for _, q := range fw.Questions() {
			if a, ok := c.answers[q.ID]; ok {
				answerRows = append(answerRows, []string{c.ID, q.ID, a.String(), c.inspector})
			}
		}
	}
	for name, rows := range map[string][][]string{"cases.csv": caseRows, "judgements.csv": answerRows, "ratings.csv": ratings} {
		if err := writeCSV(filepath.Join(dir, name), rows); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d cases, %d answers\n", len(cases), len(answerRows)-1)
	return nil
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
