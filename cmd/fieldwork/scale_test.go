package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/demo"
	"fieldwork/sqlite"
)

// The benchmarks of working at the scale of a programme: 110 inspections of 80 cases (about
// 400,000 answers), and a million answer rows imported from CSV. They run only with -bench
// (go test -run XXX -bench . ./cmd/fieldwork/) and make their data inside, so the default test
// run neither waits for them nor needs files.

// runQuiet runs fieldwork in process, discarding what it prints.
func runQuiet(b *testing.B, args ...string) {
	b.Helper()
	var stderr strings.Builder
	if code := run(context.Background(), append([]string{"fieldwork"}, args...), strings.NewReader(""), io.Discard, &stderr, func(string) string { return "" }); code != 0 {
		b.Fatalf("fieldwork %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
}

// importRows is the size of the import benchmark; FIELDWORK_BENCH_ROWS makes it smaller while
// profiling.
func importRows() int {
	var n int
	if _, err := fmt.Sscan(os.Getenv("FIELDWORK_BENCH_ROWS"), &n); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkImportJudgementsCSV imports a million answer rows from a CSV file into an inspection
// whose cases are already in, as `fieldwork judgements import` does: reading the file, checking
// every row, storing every answer and its history. Reported in rows/s, and the Go heap's peak
// while importing, for a quarter of the rows and for all of them: the import streams, so the
// peak must not grow with the rows read; it grows with the answers stored, by the 8-byte mark
// per case and question that catches a file contradicting itself. SQLite's own memory is its
// page cache, which it caps (2,000 pages, 8 MB, by default).
func BenchmarkImportJudgementsCSV(b *testing.B) {
	for _, rows := range []int{importRows() / 4, importRows()} {
		b.Run(fmt.Sprintf("%d rows", rows), func(b *testing.B) { benchmarkImport(b, rows) })
	}
}

func benchmarkImport(b *testing.B, rows int) {
	ctx := context.Background()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "judgements.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	cases, err := demo.WriteAnswerFiles(io.Discard, f, fw, rows)
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	n := 0
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		n++
		path := filepath.Join(dir, fmt.Sprintf("import-%d.db", n))
		db, err := sqlite.Create(ctx, path, casework.Inspection{Name: "Import PDU", Framework: fw})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.SaveCases(ctx, cases); err != nil {
			b.Fatal(err)
		}
		db.Close()
		b.StartTimer()
		peak = max(peak, peakHeap(func() { runQuiet(b, "--db", path, "judgements", "import", csvPath) }))
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// peakHeap runs fn and returns the most the Go heap held (live and not yet collected objects)
// while it ran, sampled every millisecond, above what it held before.
func peakHeap(fn func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	before := sample[0].Value.Uint64()
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var most uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			most = max(most, sample[0].Value.Uint64())
			select {
			case <-done:
				peak <- most
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	return <-peak - before
}

// BenchmarkNational works on the synthetic national data set (110 inspections of 80 cases):
// score and score --by pdu against the sqlite3 command-line tool running the equivalent GROUP
// BY on the same file, the workbook, combine of the 110 inspection files, and score on a tenth
// of the data to show its memory does not grow with the number of answers.
func BenchmarkNational(b *testing.B) {
	dir := b.TempDir()
	national := filepath.Join(dir, "national.db")
	split := filepath.Join(dir, "pdus")
	runQuiet(b, "demo", "-o", national, "--inspections", "110", "--cases", "80", "--split", split)
	small := filepath.Join(dir, "eleven.db")
	runQuiet(b, "demo", "-o", small, "--inspections", "11", "--cases", "80")
	files, err := filepath.Glob(filepath.Join(split, "*.db"))
	if err != nil || len(files) != 110 {
		b.Fatalf("%d inspection files: %v", len(files), err)
	}

	const byQuestion = `SELECT question_id, answer, count(*) FROM answers GROUP BY question_id, answer`
	const byPDU = `SELECT coalesce(ca.value, ''), a.question_id, a.answer, count(*) FROM answers a JOIN cases c ON c.id = a.case_id
		LEFT JOIN case_attributes ca ON ca.case_id = c.id AND ca.name = 'pdu' GROUP BY 1, 2, 3`
	b.Run("score", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			runQuiet(b, "--db", national, "score")
		}
	})
	b.Run("score/eleven inspections", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			runQuiet(b, "--db", small, "score")
		}
	})
	b.Run("score --by pdu", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			runQuiet(b, "--db", national, "score", "--by", "pdu")
		}
	})
	for _, q := range []struct{ name, query string }{{"GROUP BY question", byQuestion}, {"GROUP BY pdu", byPDU}} {
		b.Run("sqlite3 CLI "+q.name, func(b *testing.B) {
			cli, err := exec.LookPath("sqlite3")
			if err != nil {
				b.Skip("no sqlite3 command-line tool")
			}
			for b.Loop() {
				if out, err := exec.Command(cli, national, q.query).CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
		b.Run("same query in process "+q.name, func(b *testing.B) {
			db, err := sql.Open("sqlite3", "file:"+national+"?mode=ro")
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			for b.Loop() {
				rows, err := db.Query(q.query)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			}
		})
	}
	b.Run("workbook", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			runQuiet(b, "--db", national, "workbook", "-o", filepath.Join(dir, "national.xlsx"))
		}
	})
	b.Run("combine 110 files", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			runQuiet(b, append([]string{"combine", "-o", filepath.Join(dir, fmt.Sprintf("again-%d.db", n)), "--name", "Again"}, files...)...)
		}
	})
}
