package sampling

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"fieldwork/intake"
)

// nationalExtract is a synthetic extract of a million cases commencing over three years, in
// the shape examples/sampling/extract.csv has (UK dates, the usual headers).
var nationalExtract = sync.OnceValue(func() []byte {
	const rows = 1_000_000
	types := []string{"Community Order", "Licence", "Suspended Sentence Order", "Licence", "Community Order"}
	rosh := []string{"Low", "Medium", "High", "Medium", "Very High", "Medium", "Low"}
	gender := []string{"Male", "Male", "Male", "Female", "Male", "Male", "Female"}
	ethnicity := []string{"White", "Asian or Asian British", "White", "Black or Black British", "White", "Mixed", ""}
	grade := []string{"PO", "PSO", "PQiP", "PO", "PSO"}
	status := []string{"Active", "Active", "Active", "Transferred Out", "Active", "Active", "Active", "Active", "Terminated", "Active", "Active"}
	start := time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	b.WriteString("CRN,Sentence Type,Commencement Date,RoSH Level,Gender,Ethnicity,Practitioner Grade,Office,Status\n")
	for i := range rows {
		// A multiplicative hash spreads the days and categories without a generator.
		h := uint64(i) * 0x9E3779B97F4A7C15
		day := start.AddDate(0, 0, int(h>>40)%1096)
		fmt.Fprintf(&b, "N%07d,%s,%s,%s,%s,%s,%s,Office %d,%s\n", i, types[h%5], day.Format("02/01/2006"),
			rosh[(h>>8)%7], gender[(h>>16)%7], ethnicity[(h>>24)%7], grade[(h>>32)%5], (h>>48)%40, status[(h>>52)%11])
	}
	return b.Bytes()
})

func benchmarkDraw(b *testing.B, spans ...string) {
	data := nationalExtract()
	el := Eligibility{Windows: windows(b, spans...), Rules: []Rule{{Field: "status", Value: "transferred out"}}}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rows, err := intake.CSVRows("national.csv", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		pop, err := ReadPopulation(rows, nil, el)
		if err != nil {
			b.Fatal(err)
		}
		size, err := SizeFor(len(pop.Cases), Target{Confidence: 0.80, Margin: 0.10})
		if err != nil {
			b.Fatal(err)
		}
		s, err := Draw(pop, Design{Size: size, Reserve: 3, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range ProfileFields {
			Compare(f, s.Counts(f), pop.Counts(f))
		}
		b.ReportMetric(float64(len(pop.Cases)), "eligible")
	}
}

// BenchmarkDrawNational filters a million-row extract to two weeks (about 1.3% of the rows)
// and draws from them: the target is under 3 s and 500 MB. Peak memory is measured on the
// command itself (see the README's "Drawing the sample"), since this benchmark holds the
// whole extract in memory to read it.
func BenchmarkDrawNational(b *testing.B) {
	benchmarkDraw(b, "2024-01-22:2024-01-28", "2024-03-04:2024-03-10")
}

// BenchmarkDrawNationalAllEligible is the worst case: every row commenced in the window and is
// kept.
func BenchmarkDrawNationalAllEligible(b *testing.B) {
	benchmarkDraw(b, "2021-07-01:2024-06-30")
}
