// Command generate builds the synthetic data of the youth justice worked example, an inspection
// of a made-up service, Northshire Youth Justice Service, under framework yjs-2021: cases.csv
// (30 children with court disposals and 20 with out-of-court disposals, each in its own sample),
// judgements.csv (every question that applies to each case, answered) and ratings.csv (the
// ratings the inspectors give: domain one, 3.4 and 4.1 Resettlement policy and provision). No
// real child or service is in it.
//
// Every count is ours. They are chosen so that the example shows what "rated but not counted"
// does: the twelve scored standards give 18 of 36, the top of Requires improvement, and
// resettlement is rated Outstanding beside them; were its 3 points counted, 21 of 39 would be
// Good. The fixed-seed PCG generator only decides which case gets which answer, so the output is
// the same on every run. Before writing anything the program rates its own answers with
// casework, checks that pattern and that every case passes validation, and exits non-zero if not.
//
// Run from the repository root: go run ./examples/youth-justice/generate
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"

	"fieldwork/casework"
)

// sample is one case sample: its children's disposals, risk of serious harm levels and gender,
// in the numbers given. Each list adds up to the sample's size.
type sample struct {
	name      string
	caseType  casework.CaseType
	prefix    int // case numbers start after it
	disposals []count
	rosh      []count
	gender    []count
}

type count struct {
	value string
	n     int
}

var samples = []sample{
	{"court disposals", casework.Court, 0,
		[]count{{"referral order", 16}, {"youth rehabilitation order", 11}, {"detention and training order", 3}},
		[]count{{"low", 9}, {"medium", 15}, {"high", 6}},
		[]count{{"male", 25}, {"female", 5}}},
	{"out-of-court disposals", casework.OutOfCourt, 30,
		[]count{{"community resolution", 11}, {"youth caution", 5}, {"youth conditional caution", 4}},
		[]count{{"low", 14}, {"medium", 6}},
		[]count{{"male", 15}, {"female", 5}}},
}

// yes is how many of its sample's children each key question is answered yes for, out of 30
// court and 20 out-of-court cases. Keeping other people safe is the lowest key question of most
// standards, as in many published inspections; the ratings it gives are in wantRatings.
var yes = map[string]int{
	"2.1.1": 20, "2.1.2": 19, "2.1.3": 17, // 57% Requires improvement
	"2.2.1": 21, "2.2.2": 18, "2.2.3": 16, // 53% Requires improvement
	"2.3.1": 24, "2.3.2": 22, "2.3.3": 21, // 70% Good
	"2.4.1": 19, "2.4.2": 17, "2.4.3": 16, // 53% Requires improvement
	"3.1.1": 16, "3.1.2": 15, "3.1.3": 14, // 70% Good
	"3.2.1": 14, "3.2.2": 12, "3.2.3": 11, // 55% Requires improvement
	"3.3.1": 17, "3.3.2": 16, "3.3.3": 15, // 75% Good
}

// given are the ratings the inspectors record from their evidence. 3.4 and the resettlement
// standard are the programme's standards rated from policy and provision, not from the sample.
var given = [][]string{
	{"standard", "rating", "reason"},
	{"1.1", "Good", ""},
	{"1.2", "Good", ""},
	{"1.3", "Requires improvement", ""},
	{"1.4", "Good", ""},
	{"3.4", "Requires improvement", ""},
	{"4.1", "Outstanding", ""},
}

var wantRatings = map[string]casework.Rating{
	"2.1": casework.RequiresImprovement, "2.2": casework.RequiresImprovement, "2.3": casework.Good, "2.4": casework.RequiresImprovement,
	"3.1": casework.Good, "3.2": casework.RequiresImprovement, "3.3": casework.Good,
}

var inspectors = []string{"Inspector A", "Inspector B", "Inspector C", "Inspector D"}

// child is one case of the sample with its answers.
type child struct {
	casework.Case
	inspector string
	answers   map[string]casework.Answer
}

func main() {
	out := flag.String("out", "examples/youth-justice", "folder to write cases.csv, judgements.csv and ratings.csv into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	fw, err := casework.Builtin("yjs-2021")
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2021, 36))
	var children []*child
	for _, s := range samples {
		cs := draw(rng, s)
		answer(rng, fw, cs)
		children = append(children, cs...)
	}
	if err := check(fw, children); err != nil {
		return err
	}
	return write(dir, fw, children)
}

// spread lists each value as many times as its count says, shuffled.
func spread(rng *rand.Rand, counts []count) []string {
	var out []string
	for _, c := range counts {
		for range c.n {
			out = append(out, c.value)
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func draw(rng *rand.Rand, s sample) []*child {
	disposal, rosh, gender := spread(rng, s.disposals), spread(rng, s.rosh), spread(rng, s.gender)
	cs := make([]*child, len(disposal))
	for i := range cs {
		n := s.prefix + i + 1
		cs[i] = &child{
			Case: casework.Case{ID: fmt.Sprintf("YJ%03d", n), Type: s.caseType, RoSH: casework.RoSH(rosh[i]), Gender: gender[i],
				Attributes: map[string]string{casework.SampleField: s.name, "disposal": disposal[i]}},
			inspector: inspectors[n%len(inspectors)],
			answers:   map[string]casework.Answer{},
		}
	}
	return cs
}

// answer gives each child a standing on each of the three themes, drawn once, so a child whose
// assessment missed the risk to others tends to have planning and reviewing that miss it too. A
// key question is yes for its `yes` best-standing children. The first prompt agrees with its key
// question; a later prompt falls short now and then under a yes, and is not applicable now and
// then where the framework allows it, so no case contradicts itself.
func answer(rng *rand.Rand, fw *casework.Framework, cs []*child) {
	standing := map[string][]*child{}
	for _, theme := range []string{"desistance", "safety and wellbeing", "keeping safe"} {
		order := append([]*child(nil), cs...)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		standing[theme] = order
	}
	for _, s := range fw.Standards {
		if s.RatedFrom != casework.FromCases || s.Sample != cs[0].Attributes[casework.SampleField] {
			continue
		}
		for _, k := range s.KeyQuestions {
			for rank, c := range standing[k.Theme] {
				ka := casework.No
				if rank < yes[k.ID] {
					ka = casework.Yes
				}
				c.answers[k.ID] = ka
				for j, p := range k.Prompts {
					pa := ka
					switch {
					case j == 0:
					case p.NotApplicable && (rank+j)%7 == 0:
						pa = casework.NotApplicable
					case ka == casework.Yes && (rank+j)%5 == 0:
						pa = casework.No
					}
					c.answers[p.ID] = pa
				}
			}
		}
	}
}

// check rates the answers as `fieldwork score` will and insists on the pattern the example is
// for, and that `fieldwork validate` finds nothing to query in any case.
func check(fw *casework.Framework, cs []*child) error {
	ts := casework.Tallies{}
	for _, c := range cs {
		for _, q := range fw.Questions() {
			if a, ok := c.answers[q.ID]; ok {
				ts.AddCounted(q, c.Case, a, 1)
			}
		}
		if fs := fw.CheckCaseFor(c.Case, c.answers); len(fs) > 0 {
			return fmt.Errorf("case %s: %s", c.ID, fs[0].Message)
		}
	}
	var gs []casework.GivenRating
	for _, row := range given[1:] {
		r, err := casework.ParseRating(row[1])
		if err != nil {
			return fmt.Errorf("ratings, standard %s: %w", row[0], err)
		}
		gs = append(gs, casework.GivenRating{Standard: row[0], Rating: r})
	}
	res := fw.Rate(ts, gs)
	for _, s := range res.Standards {
		if w, ok := wantRatings[s.ID]; ok && s.Rating != w {
			return fmt.Errorf("%s %s is %s; the example wants %s", s.ID, s.Name, s.Rating, w)
		}
		if s.NotCounted != (s.ID == "4.1") {
			return fmt.Errorf("%s %s: counted %v", s.ID, s.Name, !s.NotCounted)
		}
	}
	if res.Score != 18 || res.MaxScore != 36 || res.Overall != casework.RequiresImprovement {
		return fmt.Errorf("score %d/%d, %s; the example wants 18/36, Requires improvement", res.Score, res.MaxScore, res.Overall)
	}
	return nil
}

func write(dir string, fw *casework.Framework, cs []*child) error {
	cases := [][]string{{"case_id", "case_type", "sample", "disposal", "rosh", "gender"}}
	judgements := [][]string{{"case_id", "question", "answer", "inspector"}}
	order := map[string]int{} // framework order, so the file reads like the form
	for i, q := range fw.Questions() {
		order[q.ID] = i
	}
	for _, c := range cs {
		cases = append(cases, []string{c.ID, string(c.Type), c.Attributes[casework.SampleField], c.Attributes["disposal"], string(c.RoSH), c.Gender})
		ids := make([]string, 0, len(c.answers))
		for id := range c.answers {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return order[ids[i]] < order[ids[j]] })
		for _, id := range ids {
			judgements = append(judgements, []string{c.ID, id, c.answers[id].String(), c.inspector})
		}
	}
	files := []struct {
		name string
		rows [][]string
	}{{"cases.csv", cases}, {"judgements.csv", judgements}, {"ratings.csv", given}}
	for _, f := range files {
		out, err := os.Create(filepath.Join(dir, f.name))
		if err != nil {
			return err
		}
		w := csv.NewWriter(out)
		w.WriteAll(f.rows)
		if err := w.Error(); err != nil {
			out.Close()
			return fmt.Errorf("%s: %w", f.name, err)
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d cases, %d answers\n", len(cs), len(judgements)-1)
	return nil
}
