package casework

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// regionalRatings is what a test checks of a regional result: rating, driving key question and
// the pooled yes/relevant.
type regionalRating struct {
	ID       string
	Rating   Rating
	Driving  string
	Yes, Rel int
}

func TestRateRegional(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	pooled := mustBuiltin(t, "pdu-2023")
	for i := range pooled.RegionalStandards {
		pooled.RegionalStandards[i].Rule = RulePooled
	}
	// Of 100 pooled cases: desistance strong except in reviewing; keeping safe weak throughout.
	yes := map[string]int{
		"2.1.1": 70, "2.1.2": 80, "2.1.3": 40,
		"2.2.1": 60, "2.2.2": 85, "2.2.3": 45,
		"2.3.1": 75, "2.3.2": 90, "2.3.3": 35,
		"2.4.1": 65, "2.4.2": 62, "2.4.3": 30,
	}
	tests := []struct {
		name    string
		fw      *Framework
		tallies Tallies
		want    []regionalRating
	}{
		{"the lowest pooled key question rates the standard", f, tallies(100, yes), []regionalRating{
			{"desistance", RequiresImprovement, "2.4.2", 80 + 85 + 90 + 62, 400},
			{"public-protection", Inadequate, "2.4.3", 40 + 45 + 35 + 30, 400},
		}},
		// (80+85+90+62)/400 = 79.25%: Good, where the lowest key question gives Requires improvement.
		{"pooled rule rates every answer added together", pooled, tallies(100, yes), []regionalRating{
			{"desistance", Good, "", 317, 400},
			{"public-protection", Inadequate, "", 150, 400},
		}},
		{"an unanswered key question leaves the standard unrated", f, tallies(100, map[string]int{"2.1.2": 80, "2.2.2": 85, "2.3.2": 90}), []regionalRating{
			{"desistance", 0, "", 255, 300},
			{"public-protection", 0, "", 0, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []regionalRating
			for _, r := range tt.fw.RateRegional(tt.tallies) {
				got = append(got, regionalRating{r.ID, r.Rating, r.Driving, r.Pooled.Yes, r.Pooled.Relevant()})
				for _, k := range r.KeyQuestions {
					if k.Driving != (k.ID == r.Driving && r.Driving != "") {
						t.Errorf("%s: key question %s Driving = %v", r.ID, k.ID, k.Driving)
					}
				}
				if r.Rating != 0 && r.Band.Rating != r.Rating {
					t.Errorf("%s: band %v does not give rating %v", r.ID, r.Band, r.Rating)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegionalStandardsValidation(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(rs []RegionalStandard) []RegionalStandard
		wantErr string
	}{
		{"valid as shipped", func(rs []RegionalStandard) []RegionalStandard { return rs }, ""},
		{"none declared", func([]RegionalStandard) []RegionalStandard { return nil }, ""},
		{"a prompt is not a key question", func(rs []RegionalStandard) []RegionalStandard {
			rs[0].KeyQuestions = []string{"2.1.2", "2.1.2a"}
			return rs
		}, `regional standard desistance: "2.1.2a" is not a key question of the framework`},
		{"unknown rule", func(rs []RegionalStandard) []RegionalStandard { rs[1].Rule = "average"; return rs },
			`regional standard public-protection: rule "average" is not allowed (want lowest or pooled)`},
		{"no key questions", func(rs []RegionalStandard) []RegionalStandard { rs[0].KeyQuestions = nil; return rs },
			"regional standard desistance pools no key questions"},
		{"a key question twice", func(rs []RegionalStandard) []RegionalStandard {
			rs[0].KeyQuestions = []string{"2.1.2", "2.1.2"}
			return rs
		}, "regional standard desistance names key question 2.1.2 twice"},
		{"an id twice", func(rs []RegionalStandard) []RegionalStandard { rs[1].ID = "desistance"; return rs },
			`regional standard id "desistance" is used twice`},
		{"a standard's id", func(rs []RegionalStandard) []RegionalStandard { rs[1].ID = "2.1"; return rs },
			`regional standard id "2.1" is used twice (or is a standard's id)`},
		{"no name", func(rs []RegionalStandard) []RegionalStandard { rs[0].Name = ""; return rs },
			"regional standard desistance has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustBuiltin(t, "pdu-2023")
			f.RegionalStandards = tt.edit(f.RegionalStandards)
			err := f.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v; want it to contain %q", err, tt.wantErr)
			}
		})
	}
	// The rule is read from the file: a framework file can declare it.
	data, err := BuiltinJSON("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"regional_standards"`) {
		t.Error("pdu-2023.json declares no regional standards")
	}
}

func TestFrameworkDiffers(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *Framework)
		want string
	}{
		{"the same", func(*Framework) {}, ""},
		{"only the provenance note", func(f *Framework) { f.Source = "corrected" }, ""},
		{"another programme", func(f *Framework) { f.ID = "pdu-2021" }, "id"},
		{"a corrected band", func(f *Framework) { f.Bands[1].From = 55 }, "bands"},
		{"a corrected threshold", func(f *Framework) { f.Overall[0].To, f.Overall[1].From = 4, 5 }, "overall thresholds"},
		{"a prompt that allows n/a", func(f *Framework) { f.Standards[3].KeyQuestions[0].Prompts[0].NotApplicable = true }, "standards and questions"},
		{"another pooling rule: rates no single inspection", func(f *Framework) { f.RegionalStandards[0].Rule = RulePooled }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := mustBuiltin(t, "pdu-2023"), mustBuiltin(t, "pdu-2023")
			tt.edit(b)
			if got := a.Differs(b); got != tt.want {
				t.Errorf("Differs = %q, want %q", got, tt.want)
			}
			if same := a.SameRegionalStandards(b); same != (tt.name != "another pooling rule: rates no single inspection") {
				t.Errorf("SameRegionalStandards = %v", same)
			}
		})
	}
}
