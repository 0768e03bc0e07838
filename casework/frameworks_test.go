package casework

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The 2018-2020 CRC and NPS programmes and the regional case frameworks: each loads, validates
// and has the shape its provenance note claims.
func TestOlderAndRegionalFrameworks(t *testing.T) {
	tests := []struct {
		id            string
		standards     int
		max           int
		caseStandards []string
		samples       []string
		overall       []Threshold
	}{
		{"crc-2018", 10, 30, []string{"2.1", "2.2", "2.3", "2.4", "3.1", "3.2"},
			[]string{"case supervision", "unpaid work", "through the gate"},
			[]Threshold{{0, 5, Inadequate}, {6, 15, RequiresImprovement}, {16, 25, Good}, {26, 30, Outstanding}}},
		{"nps-2018", 10, 30, []string{"2.1", "2.2", "2.3", "2.4", "3.1", "3.2"},
			[]string{"case supervision", "court reports and allocation", "victim work"},
			[]Threshold{{0, 5, Inadequate}, {6, 15, RequiresImprovement}, {16, 25, Good}, {26, 30, Outstanding}}},
		{"victim-work", 1, 3, []string{"V"}, nil,
			[]Threshold{{0, 0, Inadequate}, {1, 1, RequiresImprovement}, {2, 2, Good}, {3, 3, Outstanding}}},
		{"unpaid-work", 1, 3, []string{"U"}, nil,
			[]Threshold{{0, 0, Inadequate}, {1, 1, RequiresImprovement}, {2, 2, Good}, {3, 3, Outstanding}}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			f := mustBuiltin(t, tt.id)
			var cs []string
			for _, s := range f.Standards {
				if s.RatedFrom == FromCases {
					cs = append(cs, s.ID)
				}
			}
			got := []any{len(f.Standards), f.MaxScore(), cs, f.Samples(), f.Overall}
			want := []any{tt.standards, tt.max, tt.caseStandards, tt.samples, tt.overall}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("standards, max score, case standards, samples, thresholds (-want +got):\n%s", diff)
			}
			for _, part := range []string{"Confirmed from", "NOT CONFIRMED, fieldwork's assumption:"} {
				if !strings.Contains(f.Source, part) {
					t.Errorf("provenance does not say %q: %s", part, f.Source)
				}
			}
		})
	}
}

// Every seed a provenance note names must exist: a note citing a document no one can open
// confirms nothing.
func TestProvenanceNamesRealSeeds(t *testing.T) {
	seed := regexp.MustCompile(`seeds/[a-z0-9-]+\.txt`)
	for _, id := range []string{"crc-2018", "nps-2018", "victim-work", "unpaid-work"} {
		f := mustBuiltin(t, id)
		names := seed.FindAllString(f.Source, -1)
		if len(names) == 0 {
			t.Errorf("%s: provenance names no seed document", id)
		}
		for _, n := range names {
			if _, err := os.Stat(filepath.Join("..", "..", "shared", n)); err != nil {
				t.Errorf("%s names %s: %v", id, n, err)
			}
		}
	}
}

// The provenance notes say which texts are borrowed; check the borrowing is what they say.
func TestSharedQuestionTexts(t *testing.T) {
	texts := func(f *Framework, std string) []string {
		s, ok := f.Standard(std)
		if !ok {
			t.Fatalf("%s has no standard %s", f.ID, std)
		}
		var out []string
		for _, k := range s.KeyQuestions {
			out = append(out, k.Theme+": "+k.Text)
			for _, p := range k.Prompts {
				out = append(out, p.Text)
			}
		}
		return out
	}
	pdu, crc, nps := mustBuiltin(t, "pdu-2023"), mustBuiltin(t, "crc-2018"), mustBuiltin(t, "nps-2018")
	tests := []struct {
		name string
		a    *Framework
		aStd string
		b    *Framework
		bStd string
	}{
		{"crc-2018 2.1 repeats pdu-2023 2.1", crc, "2.1", pdu, "2.1"},
		{"crc-2018 2.4 repeats pdu-2023 2.4", crc, "2.4", pdu, "2.4"},
		{"nps-2018 2.2 repeats pdu-2023 2.2", nps, "2.2", pdu, "2.2"},
		{"crc-2018 3.1 is unpaid-work's standard", crc, "3.1", mustBuiltin(t, "unpaid-work"), "U"},
		{"nps-2018 3.2 is victim-work's standard", nps, "3.2", mustBuiltin(t, "victim-work"), "V"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(texts(tt.a, tt.aStd), texts(tt.b, tt.bStd)); diff != "" {
				t.Errorf("(-%s +%s):\n%s", tt.a.ID, tt.b.ID, diff)
			}
		})
	}
}
