package sampling_test

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sampling"
)

// BenchmarkSampleNational does what `fieldwork sample --dry-run` does with a million-row
// extract on disk, nearly every case eligible (the worst case for memory): opens and hashes
// the file, reads the population, sizes and draws the sample, records it and prints the
// report. It reports the process's peak resident memory while it ran (peak-MB, from
// /proc/self/status after resetting the mark), which the extract written beforehand does not
// count in.
func BenchmarkSampleNational(b *testing.B) {
	path := filepath.Join(b.TempDir(), "national.csv")
	if err := os.WriteFile(path, sampling.GeneratedExtract(1_000_000), 0o644); err != nil {
		b.Fatal(err)
	}
	plan, err := sampling.ParsePlan(sampling.Request{
		Windows: []string{"2021-07-01:2024-06-30"}, Exclude: []string{"status=transferred out"},
		Strata: sampling.DefaultStrata, Confidence: 0.80, Margin: 0.10, Proportion: 0.5, Reserve: 3, Seed: 1,
	})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	resetPeak := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	for b.Loop() {
		extract, err := intake.Open(path, "")
		if err != nil {
			b.Fatal(err)
		}
		pop, err := sampling.ReadPopulation(extract, plan.Mapping, plan.Eligibility)
		extract.Close()
		if err != nil {
			b.Fatal(err)
		}
		s, err := plan.Draw(pop)
		if err != nil {
			b.Fatal(err)
		}
		drawn := sampling.RecordOf(plan, pop, s, "national.csv", extract.SHA256())
		report.SampleDrawn(io.Discard, pop, plan, s, drawn)
		b.ReportMetric(float64(pop.Eligible()), "eligible")
	}
	if peak, ok := peakResidentMB(); ok && resetPeak {
		b.ReportMetric(peak, "peak-MB")
	}
}

// peakResidentMB is the process's peak resident memory (VmHWM), in megabytes.
func peakResidentMB() (float64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024, err == nil
		}
	}
	return 0, false
}
