package sampling

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/intake"
)

// generatedExtract is a synthetic extract of rows cases commencing over three years, in the
// shape examples/sampling/extract.csv has (UK dates, the usual headers). A multiplicative hash
// spreads the days and categories without a generator, so the same rows come out on any
// machine.
func generatedExtract(rows int) []byte {
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
		h := uint64(i) * 0x9E3779B97F4A7C15
		day := start.AddDate(0, 0, int(h>>40)%1096)
		fmt.Fprintf(&b, "N%07d,%s,%s,%s,%s,%s,%s,Office %d,%s\n", i, types[h%5], day.Format("02/01/2006"),
			rosh[(h>>8)%7], gender[(h>>16)%7], ethnicity[(h>>24)%7], grade[(h>>32)%5], (h>>48)%40, status[(h>>52)%11])
	}
	return b.Bytes()
}

// TestPinnedDraws pins the cases drawn, sample and reserves in draw order, for the same seed:
// on the example extract as examples/sampling/run.sh draws it, and on a generated extract of
// 50,000 rows nearly all eligible, stratified the default way and by office. A change to how
// the extract is read or kept must not change one case drawn.
func TestPinnedDraws(t *testing.T) {
	example, err := os.ReadFile("../examples/sampling/extract.csv")
	if err != nil {
		t.Fatal(err)
	}
	exclusions, err := os.ReadFile("../examples/sampling/exclusions.csv")
	if err != nil {
		t.Fatal(err)
	}
	large := generatedExtract(50_000)
	transfers := []Rule{{Field: "status", Value: "transferred out"}}
	tests := []struct {
		name    string
		extract []byte
		windows []string
		listed  []byte
		design  Design
	}{
		{"example", example, []string{"2024-01-22:2024-01-28", "2024-03-04:2024-03-10"}, exclusions,
			Design{Size: 79, Reserve: 3, Seed: 20240901}},
		{"generated-default", large, []string{"2021-07-01:2024-06-30"}, nil,
			Design{Size: 400, Reserve: 3, Seed: 1, MinPerType: map[casework.CaseType]int{casework.Licence: 180}}},
		{"generated-office", large, []string{"2021-07-01:2023-06-30", "2024-01-01:2024-06-30"}, nil,
			Design{Size: 250, Reserve: 2, Seed: 77, StratifyBy: []string{"case_type", "office"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			el := Eligibility{Windows: windows(t, tt.windows...), Rules: transfers}
			if tt.listed != nil {
				list, err := intake.CSVRows("exclusions.csv", bytes.NewReader(tt.listed))
				if err != nil {
					t.Fatal(err)
				}
				if el.Listed, err = ReadExclusionList(list); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := intake.CSVRows("extract.csv", bytes.NewReader(tt.extract))
			if err != nil {
				t.Fatal(err)
			}
			pop, err := ReadPopulation(rows, nil, el)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Draw(pop, tt.design)
			if err != nil {
				t.Fatal(err)
			}
			got := describe(s) + describeRecords(s)
			matchGolden(t, "testdata/pinned-"+tt.name+".txt", got)
		})
	}
}

// describeRecords prints each drawn case as the inspection stores it, so the fields kept of a
// drawn case are pinned as well as its id.
func describeRecords(s *Sample) string {
	var b strings.Builder
	for _, d := range s.Drawn {
		c := d.Case.Case()
		fmt.Fprintf(&b, "%s line %d %s %s %q %q %q %q %v\n", c.ID, d.Case.Line, c.Type, d.Case.Commenced, c.Grade, c.RoSH, c.Gender, c.Ethnicity, c.Attributes)
	}
	return b.String()
}
