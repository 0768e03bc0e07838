// Command generate writes a synthetic caseload extract for the sampling example: one row per
// case with the headers an extract from a case management system might carry. The people are
// invented; the case references are random. extract.csv here is the output with the default flags.
//
//	go run ./examples/sampling/generate > examples/sampling/extract.csv
//	go run ./examples/sampling/generate -rows 1000000 -from 2021-07-01 > /tmp/national.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

type weighted struct {
	value  string
	weight int
}

func pick(r *rand.Rand, options []weighted) string {
	total := 0
	for _, o := range options {
		total += o.weight
	}
	n := r.IntN(total)
	for _, o := range options {
		if n < o.weight {
			return o.value
		}
		n -= o.weight
	}
	return options[len(options)-1].value
}

var (
	types = []weighted{{"Community Order", 52}, {"Suspended Sentence Order", 8}, {"Licence", 36}, {"Post-Sentence Supervision", 4}}
	rosh  = []weighted{{"Low", 24}, {"Medium", 52}, {"High", 21}, {"Very High", 3}}
	// Licences carry more high-risk cases than community orders.
	roshLicence = []weighted{{"Low", 8}, {"Medium", 45}, {"High", 40}, {"Very High", 7}}
	gender      = []weighted{{"Male", 86}, {"Female", 14}}
	ethnicity   = []weighted{{"White", 78}, {"Asian or Asian British", 12}, {"Black or Black British", 3}, {"Mixed", 3}, {"Other", 1}, {"", 3}}
	grade       = []weighted{{"PO", 55}, {"PSO", 33}, {"PQiP", 12}}
	offices     = []weighted{{"Bradford Fraternal House", 45}, {"Halifax", 30}, {"Keighley", 15}, {"Bradford City Courts", 10}}
	status      = []weighted{{"Active", 95}, {"Transferred Out", 3}, {"Terminated", 2}}
)

func main() {
	rows := flag.Int("rows", 4000, "cases to write")
	from := flag.String("from", "2023-07-01", "earliest commencement date")
	to := flag.String("to", "2024-06-30", "latest commencement date")
	seed := flag.Uint64("seed", 2024, "seed of the invented data")
	flag.Parse()
	start, err1 := time.Parse(time.DateOnly, *from)
	end, err2 := time.Parse(time.DateOnly, *to)
	if err1 != nil || err2 != nil || end.Before(start) {
		fmt.Fprintln(os.Stderr, "generate: -from and -to must be dates YYYY-MM-DD, -from first")
		os.Exit(2)
	}
	days := int(end.Sub(start).Hours()/24) + 1
	r := rand.New(rand.NewPCG(*seed, 1))
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "CRN,Sentence Type,Commencement Date,RoSH Level,Gender,Ethnicity,Practitioner Grade,Office,Status")
	// Case references are distinct: consecutive numbers under a random permutation.
	perm := r.Perm(*rows)
	for i := range *rows {
		t := pick(r, types)
		risk := rosh
		if t == "Licence" || t == "Post-Sentence Supervision" {
			risk = roshLicence
		}
		day := start.AddDate(0, 0, r.IntN(days))
		fmt.Fprintf(w, "X%06d,%s,%s,%s,%s,%s,%s,%s,%s\n", 100000+perm[i], t, day.Format("02/01/2006"),
			pick(r, risk), pick(r, gender), pick(r, ethnicity), pick(r, grade), pick(r, offices), pick(r, status))
	}
}
