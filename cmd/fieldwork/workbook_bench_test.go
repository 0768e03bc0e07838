package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/sqlite"
)

// BenchmarkWorkbookLarge writes the workbook, split by office too, for an inspection database
// the size of 100 inspections: 8,000 cases and 560,000 answers. The target is under 10 s
// and 300 MB. The database is built once, through the store, before the timing; set
// FIELDWORK_BENCH_DB to a path to keep it (and reuse it) for measuring the command itself:
//
//	FIELDWORK_BENCH_DB=/tmp/large.db go test -run '^$' -bench WorkbookLarge -benchmem ./cmd/fieldwork/
//	/usr/bin/time -v fieldwork --db /tmp/large.db workbook -o /tmp/large.xlsx --by office
//
// FIELDWORK_BENCH_BY names the extra split (default office; empty for none), so the benchmark
// can profile a database made otherwise, such as an inspection of bench/side-by-side.sh:
//
//	FIELDWORK_BENCH_DB=/tmp/i.db FIELDWORK_BENCH_BY= go test -run '^$' -bench WorkbookLarge -benchtime 1x -cpuprofile cpu.prof ./cmd/fieldwork/
func BenchmarkWorkbookLarge(b *testing.B) {
	path := os.Getenv("FIELDWORK_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "large.db")
	}
	if _, err := os.Stat(path); err != nil {
		buildLargeInspection(b, path, 8000)
	}
	out := filepath.Join(b.TempDir(), "large.xlsx")
	args := []string{"fieldwork", "--db", path, "workbook", "-o", out, "--suppress-below", "5"}
	by, ok := os.LookupEnv("FIELDWORK_BENCH_BY")
	if !ok {
		by = "office"
	}
	if by != "" {
		args = append(args, "--by", by)
	}
	b.Run("8000 cases", func(b *testing.B) {
		for b.Loop() {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args,
				strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
			if code != 0 {
				b.Fatalf("workbook exited %d: %s", code, stderr.String())
			}
		}
	})
}

// largeFramework is pdu-2023 with two more prompts under each key question, so a case has 70
// questions and 8,000 cases 560,000 answers.
func largeFramework(tb testing.TB) *casework.Framework {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		tb.Fatal(err)
	}
	fw.ID = "pdu-2023-large"
	for i := range fw.Standards {
		for j := range fw.Standards[i].KeyQuestions {
			k := &fw.Standards[i].KeyQuestions[j]
			for _, suffix := range []string{"x", "y"} {
				k.Prompts = append(k.Prompts, casework.Prompt{ID: k.ID + suffix, Text: "Extra prompt " + k.ID + suffix + " for the benchmark?", NotApplicable: true})
			}
		}
	}
	if err := fw.Validate(); err != nil {
		tb.Fatal(err)
	}
	return fw
}

// buildLargeInspection fills a new database at path with n cases in 100 offices and an answer
// to every question of every case, through SaveCases and SaveAnswers in batches.
func buildLargeInspection(tb testing.TB, path string, n int) {
	ctx := context.Background()
	fw := largeFramework(tb)
	db, err := sqlite.Create(ctx, path, casework.Inspection{Name: "Large PDU", Region: "Benchmark", Framework: fw})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(2024, 9))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	grades := []string{"PO", "PSO", "PQiP", "other", ""}
	roshes := []string{"low", "medium", "high", "very high", ""}
	genders := []string{"male", "female", ""}
	ethnicities := []string{"White", "Asian or Asian British", "Black or Black British", "Mixed", "Other", ""}
	cases := make([]casework.Case, n)
	for i := range cases {
		c := casework.Case{ID: fmt.Sprintf("L%05d", i+1), Type: casework.Community,
			Grade: casework.Grade(pick(grades)), RoSH: casework.RoSH(pick(roshes)),
			Gender: pick(genders), Ethnicity: pick(ethnicities),
			Attributes: map[string]string{"office": fmt.Sprintf("Office %03d", rng.IntN(100)+1)}}
		if rng.IntN(5) < 2 {
			c.Type = casework.Licence
		}
		cases[i] = c
	}
	if _, err := db.SaveCases(ctx, cases); err != nil {
		tb.Fatal(err)
	}
	questions := fw.Questions()
	var batch []casework.Judgement
	flush := func() {
		if _, err := db.SaveAnswers(ctx, batch, "benchmark"); err != nil {
			tb.Fatal(err)
		}
		batch = batch[:0]
	}
	for _, c := range cases {
		for _, q := range questions {
			a := casework.No
			switch r := rng.IntN(10); {
			case r < 5:
				a = casework.Yes
			case r == 9 && q.NotApplicable:
				a = casework.NotApplicable
			}
			batch = append(batch, casework.Judgement{CaseID: c.ID, Question: q.ID, Answer: a, Inspector: "Inspector " + c.ID[len(c.ID)-1:]})
		}
		if len(batch) >= 50000 {
			flush()
		}
	}
	if len(batch) > 0 {
		flush()
	}
}
