package casework

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustBuiltin(t *testing.T, id string) *Framework {
	t.Helper()
	f, err := Builtin(id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBandEdges(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	tests := []struct {
		name          string
		yes, relevant int
		want          Rating
	}{
		{"0 of 79", 0, 79, Inadequate},
		{"just under 50%: 39 of 79 (49.4%)", 39, 79, Inadequate},
		{"just under 50% that rounds to 50%: 199 of 399 (49.87%)", 199, 399, Inadequate},
		{"exactly 50%", 40, 80, RequiresImprovement},
		{"just under 65% that rounds to 65%: 51 of 79 (64.56%)", 51, 79, RequiresImprovement},
		{"exactly 65%", 13, 20, Good},
		{"just under 80%: 63 of 79 (79.7%)", 63, 79, Good},
		{"exactly 80%", 4, 5, Outstanding},
		{"all", 79, 79, Outstanding},
		{"one case, no", 0, 1, Inadequate},
		{"one case, yes", 1, 1, Outstanding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok := f.Band(tt.yes, tt.relevant)
			if !ok {
				t.Fatal("no band")
			}
			if diff := cmp.Diff(tt.want, b.Rating); diff != "" {
				t.Errorf("Band(%d, %d) (-want +got):\n%s", tt.yes, tt.relevant, diff)
			}
		})
	}
	if _, ok := f.Band(0, 0); ok {
		t.Error("Band(0, 0) gave a band; no relevant case must give none")
	}
}

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		in      string
		want    Answer
		wantErr bool
	}{
		{"yes", Yes, false}, {"Y", Yes, false}, {" YES ", Yes, false},
		{"no", No, false}, {"n", No, false},
		{"n/a", NotApplicable, false}, {"NA", NotApplicable, false}, {"Not applicable", NotApplicable, false},
		{"", NoAnswer, true}, {"maybe", NoAnswer, true}, {"yess", NoAnswer, true},
	}
	for _, tt := range tests {
		got, err := ParseAnswer(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseAnswer(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseRating(t *testing.T) {
	for in, want := range map[string]Rating{"inadequate": Inadequate, "Requires Improvement": RequiresImprovement, "requires  improvement": RequiresImprovement, "GOOD": Good, "Outstanding": Outstanding} {
		got, err := ParseRating(in)
		if err != nil || got != want {
			t.Errorf("ParseRating(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseRating("Excellent"); err == nil || !strings.Contains(err.Error(), "want Outstanding, Good, Requires improvement or Inadequate") {
		t.Errorf("ParseRating(Excellent) error = %v", err)
	}
}

// tallies builds answers for n cases where yes[id] of them answered yes.
func tallies(n int, yes map[string]int) Tallies {
	ts := Tallies{}
	for id, y := range yes {
		ts[id] = Tally{Yes: y, No: n - y}
	}
	return ts
}

func TestLowestKeyQuestionRatesTheStandard(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	tests := []struct {
		name        string
		yes         map[string]int // of 100 cases
		wantRating  Rating
		wantDriving string
	}{
		{"lowest is keeping safe", map[string]int{"2.1.1": 90, "2.1.2": 85, "2.1.3": 70}, Good, "2.1.3"},
		{"lowest is engagement", map[string]int{"2.1.1": 49, "2.1.2": 85, "2.1.3": 90}, Inadequate, "2.1.1"},
		{"tie goes to the first in framework order", map[string]int{"2.1.1": 80, "2.1.2": 60, "2.1.3": 60}, RequiresImprovement, "2.1.2"},
		{"all outstanding", map[string]int{"2.1.1": 80, "2.1.2": 81, "2.1.3": 100}, Outstanding, "2.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.RateCases(tallies(100, tt.yes))
			got := res[0]
			if got.ID != "2.1" {
				t.Fatalf("first case standard is %s", got.ID)
			}
			if diff := cmp.Diff([2]any{tt.wantRating, tt.wantDriving}, [2]any{got.Rating, got.Driving}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, k := range got.KeyQuestions {
				if k.Driving != (k.ID == tt.wantDriving) {
					t.Errorf("key question %s Driving = %v", k.ID, k.Driving)
				}
			}
		})
	}
}

func TestUnansweredStandardIsNotRated(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	res := f.Rate(tallies(10, map[string]int{"2.1.1": 5, "2.1.2": 5}), nil)
	if res.Standards[3].Rating != 0 || res.Complete || res.Overall != 0 {
		t.Errorf("standard with an unanswered key question got rating %v; complete %v overall %v", res.Standards[3].Rating, res.Complete, res.Overall)
	}
}

// ratingsFor gives every case standard of f the data rating wanted by setting all its key
// questions to a share inside that band, and every inspectors' standard the rating given.
func ratingsFor(f *Framework, want map[string]Rating) (Tallies, []GivenRating) {
	share := map[Rating]int{Inadequate: 30, RequiresImprovement: 55, Good: 70, Outstanding: 90}
	ts := Tallies{}
	var given []GivenRating
	for _, s := range f.Standards {
		if s.RatedFrom == FromInspectors {
			given = append(given, GivenRating{Standard: s.ID, Rating: want[s.ID]})
			continue
		}
		for _, k := range s.KeyQuestions {
			ts[k.ID] = Tally{Yes: share[want[s.ID]], No: 100 - share[want[s.ID]]}
		}
	}
	return ts, given
}

func TestScoreAndOverall(t *testing.T) {
	I, R, G, O := Inadequate, RequiresImprovement, Good, Outstanding
	tests := []struct {
		name        string
		framework   string
		ratings     map[string]Rating
		wantScore   int
		wantMax     int
		wantOverall Rating
	}{
		{"Bradford & Calderdale 2024", "pdu-2023",
			map[string]Rating{"1.1": I, "1.2": I, "1.3": R, "2.1": I, "2.2": I, "2.3": I, "2.4": I}, 1, 21, I},
		{"Hull and East Riding 2023 (regional letter)", "pdu-2021",
			map[string]Rating{"1.1": R, "1.2": G, "1.3": R, "1.4": G, "2.1": I, "2.2": I, "2.3": I, "2.4": I, "2.5": R}, 7, 27, R},
		{"North and North East Lincolnshire 2023 (regional letter)", "pdu-2021",
			map[string]Rating{"1.1": R, "1.2": G, "1.3": R, "1.4": G, "2.1": I, "2.2": I, "2.3": R, "2.4": R, "2.5": R}, 9, 27, R},
		{"pdu-2023 top of Inadequate: 3", "pdu-2023",
			map[string]Rating{"1.1": R, "1.2": R, "1.3": R, "2.1": I, "2.2": I, "2.3": I, "2.4": I}, 3, 21, I},
		{"pdu-2023 bottom of Requires improvement: 4", "pdu-2023",
			map[string]Rating{"1.1": R, "1.2": R, "1.3": R, "2.1": R, "2.2": I, "2.3": I, "2.4": I}, 4, 21, R},
		{"pdu-2023 top of Requires improvement: 10", "pdu-2023",
			map[string]Rating{"1.1": G, "1.2": G, "1.3": G, "2.1": G, "2.2": R, "2.3": R, "2.4": I}, 10, 21, R},
		{"pdu-2023 bottom of Good: 11", "pdu-2023",
			map[string]Rating{"1.1": G, "1.2": G, "1.3": G, "2.1": G, "2.2": R, "2.3": R, "2.4": R}, 11, 21, G},
		{"pdu-2023 top of Good: 17", "pdu-2023",
			map[string]Rating{"1.1": O, "1.2": O, "1.3": O, "2.1": G, "2.2": G, "2.3": G, "2.4": G}, 17, 21, G},
		{"pdu-2023 bottom of Outstanding: 18", "pdu-2023",
			map[string]Rating{"1.1": O, "1.2": O, "1.3": O, "2.1": O, "2.2": G, "2.3": G, "2.4": G}, 18, 21, O},
		// pdu-2021 by the one-sixth, one-half, five-sixths rule: 0-4, 5-13, 14-22, 23-27.
		{"pdu-2021 top of Inadequate: 4", "pdu-2021",
			map[string]Rating{"1.1": R, "1.2": R, "1.3": R, "1.4": R, "2.1": I, "2.2": I, "2.3": I, "2.4": I, "2.5": I}, 4, 27, I},
		{"pdu-2021 bottom of Requires improvement: 5", "pdu-2021",
			map[string]Rating{"1.1": R, "1.2": R, "1.3": R, "1.4": R, "2.1": R, "2.2": I, "2.3": I, "2.4": I, "2.5": I}, 5, 27, R},
		{"pdu-2021 top of Requires improvement: 13", "pdu-2021",
			map[string]Rating{"1.1": G, "1.2": G, "1.3": G, "1.4": G, "2.1": R, "2.2": R, "2.3": R, "2.4": R, "2.5": R}, 13, 27, R},
		{"pdu-2021 bottom of Good: 14", "pdu-2021",
			map[string]Rating{"1.1": G, "1.2": G, "1.3": G, "1.4": G, "2.1": G, "2.2": R, "2.3": R, "2.4": R, "2.5": R}, 14, 27, G},
		{"pdu-2021 top of Good: 22", "pdu-2021",
			map[string]Rating{"1.1": O, "1.2": O, "1.3": O, "1.4": O, "2.1": G, "2.2": G, "2.3": G, "2.4": G, "2.5": G}, 22, 27, G},
		{"pdu-2021 bottom of Outstanding: 23", "pdu-2021",
			map[string]Rating{"1.1": O, "1.2": O, "1.3": O, "1.4": O, "2.1": O, "2.2": G, "2.3": G, "2.4": G, "2.5": G}, 23, 27, O},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustBuiltin(t, tt.framework)
			ts, given := ratingsFor(f, tt.ratings)
			res := f.Rate(ts, given)
			got := map[string]Rating{}
			for _, s := range res.Standards {
				got[s.ID] = s.Rating
			}
			if diff := cmp.Diff(tt.ratings, got); diff != "" {
				t.Errorf("standard ratings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]any{tt.wantScore, tt.wantMax, tt.wantOverall, true}, []any{res.Score, res.MaxScore, res.Overall, res.Complete}); diff != "" {
				t.Errorf("score, max, overall, complete (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDepartures(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	ts, given := ratingsFor(f, map[string]Rating{"1.1": Inadequate, "1.2": Inadequate, "1.3": Inadequate, "2.1": Inadequate, "2.2": Inadequate, "2.3": Inadequate, "2.4": Inadequate})
	given[2] = GivenRating{Standard: "1.3", Rating: RequiresImprovement, Reason: "strengths in delivery despite the decision guidance"}
	given = append(given,
		GivenRating{Standard: "2.4", Rating: RequiresImprovement, Reason: "moderation panel"},
		GivenRating{Standard: Overall, Rating: RequiresImprovement, Reason: "professional discretion"})
	res := f.Rate(ts, given)
	type view struct {
		Rating    Rating
		Departure *Departure
	}
	got := map[string]view{"overall": {res.Overall, res.Departure}}
	for _, s := range res.Standards {
		got[s.ID] = view{s.Rating, s.Departure}
	}
	want := map[string]view{
		"1.1":     {Inadequate, nil},
		"1.2":     {Inadequate, nil},
		"1.3":     {RequiresImprovement, &Departure{To: RequiresImprovement, Reason: "strengths in delivery despite the decision guidance"}},
		"2.1":     {Inadequate, nil},
		"2.2":     {Inadequate, nil},
		"2.3":     {Inadequate, nil},
		"2.4":     {RequiresImprovement, &Departure{From: Inadequate, To: RequiresImprovement, Reason: "moderation panel"}},
		"overall": {RequiresImprovement, &Departure{From: Inadequate, To: RequiresImprovement, Reason: "professional discretion"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if res.Score != 2 || res.DataOverall != Inadequate {
		t.Errorf("score %d data overall %v; want 2 (the departed 2.4 counts its new points), Inadequate", res.Score, res.DataOverall)
	}
}

func TestCheckGivenRating(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	tests := []struct {
		name    string
		r       GivenRating
		wantErr string
	}{
		{"domain one needs no reason", GivenRating{Standard: "1.1", Rating: Good}, ""},
		{"case standard needs a reason", GivenRating{Standard: "2.1", Rating: Good}, "needs a reason"},
		{"case standard with a reason", GivenRating{Standard: "2.1", Rating: Good, Reason: "x"}, ""},
		{"overall needs a reason", GivenRating{Standard: "overall", Rating: Good}, "needs a reason"},
		{"unknown standard", GivenRating{Standard: "3.1", Rating: Good}, "not a standard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.CheckGivenRating(tt.r)
			if (tt.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("CheckGivenRating = %v; want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestBuiltinFrameworks(t *testing.T) {
	tests := []struct {
		id                    string
		standards, max, keyQs int
		caseStandards         []string
	}{
		{"pdu-2023", 7, 21, 12, []string{"2.1", "2.2", "2.3", "2.4"}},
		{"pdu-2021", 9, 27, 15, []string{"2.1", "2.2", "2.3", "2.4", "2.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			f := mustBuiltin(t, tt.id)
			var cs []string
			keyQs := 0
			for _, s := range f.Standards {
				if s.RatedFrom == FromCases {
					cs = append(cs, s.ID)
					keyQs += len(s.KeyQuestions)
				}
			}
			got := []any{len(f.Standards), f.MaxScore(), keyQs, cs}
			if diff := cmp.Diff([]any{tt.standards, tt.max, tt.keyQs, tt.caseStandards}, got); diff != "" {
				t.Errorf("standards, max, key questions, case standards (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPDU2023KeyQuestionTextsAreTheReports(t *testing.T) {
	// As printed in the Bradford & Calderdale report's tables (DOMAIN.md).
	want := map[string]string{
		"2.1.1": "Does assessment focus sufficiently on engaging the person on probation?",
		"2.1.2": "Does assessment focus sufficiently on the factors linked to offending and desistance?",
		"2.1.3": "Does assessment focus sufficiently on keeping other people safe?",
		"2.2.1": "Does planning focus sufficiently on engaging the person on probation?",
		"2.2.2": "Does planning focus sufficiently on reducing reoffending and supporting desistance?",
		"2.2.3": "Does planning focus sufficiently on keeping other people safe?",
		"2.3.1": "Is the sentence or post-custody period implemented effectively with a focus on engaging the person on probation?",
		"2.3.2": "Does the implementation and delivery of services effectively support desistance?",
		"2.3.3": "Does the implementation and delivery of services effectively support the safety of other people?",
		"2.4.1": "Does reviewing focus sufficiently on supporting the compliance and engagement of the person on probation?",
		"2.4.2": "Does reviewing focus sufficiently on supporting desistance?",
		"2.4.3": "Does reviewing focus sufficiently on keeping other people safe?",
	}
	got := map[string]string{}
	for _, q := range mustBuiltin(t, "pdu-2023").Questions() {
		if q.Kind == KindKey {
			got[q.ID] = q.Text
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// editedFramework is the built-in framework id as JSON, changed by edit as a hand would change
// the file.
func editedFramework(t *testing.T, id string, edit func(f map[string]any)) []byte {
	t.Helper()
	base, err := BuiltinJSON(id)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(base, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestFrameworkValidation(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(f map[string]any)
		wantErr string
	}{
		{"valid as shipped", func(map[string]any) {}, ""},
		{"gap in the bands", func(f map[string]any) {
			f["bands"].([]any)[0].(map[string]any)["from"] = 10.0
		}, "bands leave a gap: the lowest band starts at 10%"},
		{"bands out of order", func(f map[string]any) {
			f["bands"].([]any)[2].(map[string]any)["from"] = 40.0
		}, "not in ascending order"},
		{"gap in the thresholds", func(f map[string]any) {
			f["overall"].([]any)[1].(map[string]any)["from"] = 5.0
		}, "leave scores 4-4 without a rating"},
		{"thresholds short of the maximum", func(f map[string]any) {
			f["overall"].([]any)[3].(map[string]any)["to"] = 20.0
		}, "stop at 20 but the maximum score is 21"},
		{"overlapping thresholds", func(f map[string]any) {
			f["overall"].([]any)[1].(map[string]any)["from"] = 3.0
		}, "overlap at score 3"},
		{"duplicate id", func(f map[string]any) {
			s := f["standards"].([]any)[3].(map[string]any)
			kq := s["key_questions"].([]any)[1].(map[string]any)
			kq["id"] = "2.1.1"
		}, `id "2.1.1" is used twice`},
		{"case standard without key questions", func(f map[string]any) {
			delete(f["standards"].([]any)[3].(map[string]any), "key_questions")
		}, "standard 2.1 is rated from cases but has no key questions"},
		{"unknown rated_from", func(f map[string]any) {
			f["standards"].([]any)[0].(map[string]any)["rated_from"] = "survey"
		}, `rated_from "survey" is not allowed`},
		{"missing points", func(f map[string]any) {
			delete(f["points"].(map[string]any), "Good")
		}, "points has no value for Good"},
		{"misspelt key", func(f map[string]any) {
			f["bandz"] = []any{}
		}, `unknown field "bandz"`},
		{"unknown rating", func(f map[string]any) {
			f["bands"].([]any)[0].(map[string]any)["rating"] = "Poor"
		}, `"Poor" is not a rating`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFramework("mine.json", editedFramework(t, "pdu-2023", tt.edit))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v; want it to contain %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "mine.json") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestFrameworkSyntaxErrorNamesLine(t *testing.T) {
	_, err := ParseFramework("mine.json", []byte("{\n  \"id\": \"x\",\n  \"name\": oops\n}"))
	if err == nil || !strings.Contains(err.Error(), "mine.json line 3") {
		t.Errorf("error = %v; want mine.json line 3", err)
	}
}

func TestExportRoundTrip(t *testing.T) {
	for _, id := range BuiltinIDs() {
		f := mustBuiltin(t, id)
		data, err := MarshalFramework(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := ParseFramework("export.json", data)
		if err != nil {
			t.Fatalf("%s: re-reading the export: %v", id, err)
		}
		if diff := cmp.Diff(f, g); diff != "" {
			t.Errorf("%s export round trip (-want +got):\n%s", id, diff)
		}
	}
}

func TestCheckCase(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	full := map[string]Answer{}
	for _, q := range f.Questions() {
		if q.Kind == KindKey {
			full[q.ID] = Yes
		}
	}
	with := func(changes map[string]Answer) map[string]Answer {
		m := map[string]Answer{}
		for k, v := range full {
			m[k] = v
		}
		for k, v := range changes {
			if v == NoAnswer {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name    string
		answers map[string]Answer
		want    []Finding
	}{
		{"all key questions yes, no prompts", full, nil},
		{"key question missing", with(map[string]Answer{"2.2.1": NoAnswer}),
			[]Finding{{SeverityError, "2.2.1", "key question 2.2.1 is not answered"}}},
		{"prompt without its key question", with(map[string]Answer{"2.2.1": NoAnswer, "2.2.1a": Yes}),
			[]Finding{{SeverityError, "2.2.1", "key question 2.2.1 is not answered, though its prompts 2.2.1a are"}}},
		{"yes over all-no prompts", with(map[string]Answer{"2.1.3a": No, "2.1.3b": No, "2.1.3c": NotApplicable}),
			[]Finding{{SeverityWarning, "2.1.3", "key question 2.1.3 is yes but every answered prompt (2.1.3a, 2.1.3b) is no"}}},
		{"no over all-yes prompts", with(map[string]Answer{"2.4.3": No, "2.4.3a": Yes}),
			[]Finding{{SeverityWarning, "2.4.3", "key question 2.4.3 is no but every answered prompt (2.4.3a) is yes"}}},
		{"mixed prompts are fine", with(map[string]Answer{"2.4.3": No, "2.4.3a": Yes, "2.4.3b": No}), nil},
		{"all prompts n/a are fine", with(map[string]Answer{"2.4.3": No, "2.4.3a": NotApplicable}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, f.CheckCase(tt.answers)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckAnswer(t *testing.T) {
	f := mustBuiltin(t, "pdu-2023")
	q := func(id string) Question { x, _ := f.Question(id); return x }
	if err := q("2.1.1").CheckAnswer(NotApplicable); err == nil || !strings.Contains(err.Error(), "never n/a") {
		t.Errorf("n/a on a key question: %v", err)
	}
	if err := q("2.1.1a").CheckAnswer(NotApplicable); err == nil {
		t.Error("n/a allowed on 2.1.1a, whose framework entry forbids it")
	}
	if err := q("2.1.3a").CheckAnswer(NotApplicable); err != nil {
		t.Errorf("n/a on 2.1.3a: %v", err)
	}
}

func TestRoundPoints(t *testing.T) {
	tests := []struct {
		d    float64
		want int
	}{
		{0, 0}, {0.004, 0}, {0.005, 1}, {-0.005, -1}, {0.125, 13}, {-0.125, -13}, {-0.554, -55}, {1, 100}, {-1, -100},
	}
	for _, tc := range tests {
		if got := RoundPoints(tc.d); got != tc.want {
			t.Errorf("RoundPoints(%v) = %d, want %d", tc.d, got, tc.want)
		}
	}
}

func TestPercentText(t *testing.T) {
	for p, want := range map[float64]string{0: "0%", 57.5: "58%", 64.6: "65%", 19.49: "19%", 100: "100%"} {
		if got := PercentText(p); got != want {
			t.Errorf("PercentText(%v) = %q, want %q", p, got, want)
		}
	}
}
