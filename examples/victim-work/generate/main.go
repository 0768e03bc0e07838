// Command generate builds the synthetic case data of the statutory victim work example:
// cases.csv (22 statutory victim cases) and judgements.csv (framework victim-work answered for
// each), consistent with every figure the Yorkshire and the Humber regional letter (30 March
// 2023, seeds/yorkshire-humber-regional-letter-2023.txt) prints about its victim cases. No real
// person is in it.
//
// The letter's figures fix the prompts; the key questions' answers, which the letter does not
// give, and the size of the relevant groups it does not state, are ours. The fixed-seed PCG
// generator only decides which case plays which part. Before writing anything the program counts
// its own answers with casework, checks every figure and that no case contradicts itself, and
// exits non-zero if not.
//
// Run from the repository root: go run ./examples/victim-work/generate
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"fieldwork/casework"
)

const cases = 22 // "We looked at 22 statutory victim cases"

// part is a group of cases answered alike; n is how many cases play it.
type part struct {
	n       int
	answers map[string]string
}

// Each case plays one part in each of the three areas the letter looks at.
var areas = [][]part{
	// Initial contact: "All of the victim cases we inspected were recorded appropriately";
	// "In all but one case, a VLO contacted the victim soon after the person on probation had
	// been sentenced"; correspondence "appropriately personalised in all the cases".
	{
		{21, map[string]string{"V1": "yes", "V1a": "yes", "V1b": "yes", "V1c": "yes"}},
		{1, map[string]string{"V1": "no", "V1a": "yes", "V1b": "no", "V1c": "yes"}},
	},
	// Information exchange, 15 relevant cases: not told what to do about unwanted contact in 8;
	// not referred to other services or given information about help in 11.
	{
		{4, map[string]string{"V2": "yes", "V2a": "yes", "V2b": "yes"}},
		{3, map[string]string{"V2": "yes", "V2a": "yes", "V2b": "no"}},
		{8, map[string]string{"V2": "no", "V2a": "no", "V2b": "no"}},
		{5, map[string]string{"V2": "yes", "V2a": "n/a", "V2b": "n/a"}},
		{2, map[string]string{"V2": "no", "V2a": "n/a", "V2b": "n/a"}},
	},
	// Pre-release contact: concerns addressed "in all the relevant cases"; non-contact licence
	// conditions "used in all relevant cases".
	{
		{9, map[string]string{"V3": "yes", "V3a": "yes", "V3b": "yes"}},
		{3, map[string]string{"V3": "yes", "V3a": "yes", "V3b": "n/a"}},
		{7, map[string]string{"V3": "yes", "V3a": "n/a", "V3b": "n/a"}},
		{3, map[string]string{"V3": "no", "V3a": "n/a", "V3b": "n/a"}},
	},
}

// figures are the letter's counts: yes and relevant cases.
var figures = map[string][2]int{
	"V1a": {22, 22}, "V1b": {21, 22}, "V1c": {22, 22},
	"V2a": {15 - 8, 15}, "V2b": {15 - 11, 15},
	"V3a": {12, 12}, "V3b": {9, 9}, // "all the relevant cases": how many were relevant is ours
}

var inspectors = []string{"Inspector A", "Inspector B", "Inspector C"}

func main() {
	out := flag.String("out", "examples/victim-work", "folder to write cases.csv and judgements.csv into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	fw, err := casework.Builtin("victim-work")
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2023, 3))
	answers := make([]map[string]casework.Answer, cases)
	for i := range answers {
		answers[i] = map[string]casework.Answer{}
	}
	for _, parts := range areas {
		order := rng.Perm(cases)
		next := 0
		for _, p := range parts {
			for range p.n {
				for q, a := range p.answers {
					ans, err := casework.ParseAnswer(a)
					if err != nil {
						return err
					}
					answers[order[next]][q] = ans
				}
				next++
			}
		}
		if next != cases {
			return fmt.Errorf("an area's parts cover %d cases, want %d", next, cases)
		}
	}
	if err := check(fw, answers); err != nil {
		return err
	}
	caseRows := [][]string{{"case_id", "case_type"}}
	answerRows := [][]string{{"case_id", "question", "answer", "inspector"}}
	for i, as := range answers {
		id := fmt.Sprintf("VC%02d", i+1)
		// Statutory victim contact follows a custodial sentence: the person is in prison or
		// released on licence.
		caseRows = append(caseRows, []string{id, "licence"})
		for _, q := range fw.Questions() {
			if a, ok := as[q.ID]; ok {
				answerRows = append(answerRows, []string{id, q.ID, a.String(), inspectors[i%len(inspectors)]})
			}
		}
	}
	if err := writeCSV(filepath.Join(dir, "cases.csv"), caseRows); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "judgements.csv"), answerRows); err != nil {
		return err
	}
	fmt.Printf("wrote %d cases, %d answers\n", cases, len(answerRows)-1)
	return nil
}

// check counts the answers as `fieldwork score` does and insists on the letter's figures.
func check(fw *casework.Framework, answers []map[string]casework.Answer) error {
	ts := casework.Tallies{}
	for i, as := range answers {
		for q, a := range as {
			ts.Add(q, a)
		}
		if fs := fw.CheckCase(as); len(fs) > 0 {
			return fmt.Errorf("case %d: %s", i+1, fs[0].Message)
		}
	}
	for q, want := range figures {
		if got := [2]int{ts[q].Yes, ts[q].Relevant()}; got != want {
			return fmt.Errorf("%s: %d of %d relevant, the letter says %d of %d", q, got[0], got[1], want[0], want[1])
		}
	}
	return nil
}

func writeCSV(path string, rows [][]string) error {
	var b bytes.Buffer
	if err := csv.NewWriter(&b).WriteAll(rows); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
