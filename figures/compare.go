package figures

import (
	"context"
	"encoding/json"
	"math"

	"fieldwork/casework"
)

// Changes is an inspection set beside the previous inspection of the same PDU: each key
// question's change, and both ratings tables.
type Changes struct {
	Previous, Current Rated
	casework.Comparison
}

// Compare sets current beside previous, with intervals at level confidence.
func Compare(previous, current Rated, confidence float64) Changes {
	return Changes{Previous: previous, Current: current, Comparison: casework.CompareInspections(previous.Result, current.Result, confidence)}
}

// The JSON shape of `compare --format json`.

type comparedInspectionJSON struct {
	Inspection     string  `json:"inspection"`
	FieldworkStart string  `json:"fieldwork_start,omitempty"`
	Framework      string  `json:"framework"`
	Score          int     `json:"score"`
	MaxScore       int     `json:"max_score"`
	Overall        *string `json:"overall"`
}

type keyQuestionChangeJSON struct {
	ID               string    `json:"id,omitempty"`
	PreviousID       string    `json:"previous_id,omitempty"`
	Standard         string    `json:"standard"`
	Theme            string    `json:"theme"`
	Text             string    `json:"text"`
	Previous         tallyJSON `json:"previous"`
	Current          tallyJSON `json:"current"`
	Comparable       bool      `json:"comparable"`
	ChangePoints     *float64  `json:"change_points"`
	IntervalLow      *float64  `json:"interval_low_points"`
	IntervalHigh     *float64  `json:"interval_high_points"`
	LargerThanChance bool      `json:"larger_than_chance"`
}

type standardPairJSON struct {
	Name     string        `json:"name"`
	Previous *standardJSON `json:"previous"`
	Current  *standardJSON `json:"current"`
}

type comparisonJSON struct {
	Previous     comparedInspectionJSON  `json:"previous"`
	Current      comparedInspectionJSON  `json:"current"`
	Confidence   float64                 `json:"confidence"`
	KeyQuestions []keyQuestionChangeJSON `json:"key_questions"`
	Standards    []standardPairJSON      `json:"standards"`
}

// MarshalJSON writes the changes as `compare --format json` does.
func (c Changes) MarshalJSON() ([]byte, error) {
	side := func(r Rated) comparedInspectionJSON {
		return comparedInspectionJSON{Inspection: r.Name, FieldworkStart: r.FieldworkStart, Framework: r.Framework.ID,
			Score: r.Result.Score, MaxScore: r.Result.MaxScore, Overall: ratingPtr(r.Result.Overall)}
	}
	v := comparisonJSON{Previous: side(c.Previous), Current: side(c.Current), Confidence: c.Confidence, KeyQuestions: []keyQuestionChangeJSON{}, Standards: []standardPairJSON{}}
	for _, kc := range c.KeyQuestions {
		kj := keyQuestionChangeJSON{ID: kc.ID, PreviousID: kc.PreviousID, Standard: kc.Standard, Theme: kc.Theme, Text: kc.Text,
			Previous: tallyView(kc.Previous, c.Confidence), Current: tallyView(kc.Current, c.Confidence), Comparable: kc.Comparable, LargerThanChance: kc.Beyond}
		if kc.Comparable {
			kj.ChangePoints, kj.IntervalLow, kj.IntervalHigh = &kc.Change, &kc.CI.Low, &kc.CI.High
		}
		v.KeyQuestions = append(v.KeyQuestions, kj)
	}
	one := func(s *casework.StandardResult) *standardJSON {
		if s == nil {
			return nil
		}
		return &standardsView([]casework.StandardResult{*s}, c.Confidence)[0]
	}
	for _, sp := range c.Standards {
		v.Standards = append(v.Standards, standardPairJSON{Name: sp.Name, Previous: one(sp.Previous), Current: one(sp.Current)})
	}
	return json.Marshal(v)
}

// GroupComparison is every key question's rate by the groups of one case field, each group
// against the reference group.
type GroupComparison struct {
	By, Reference string
	Confidence    float64
	Questions     []casework.QuestionComparison
}

// CompareGroups splits the cases in st by the field by and compares each group's rate on every
// key question with the reference group's; reference "" is PO for grade, else the largest group.
func CompareGroups(ctx context.Context, st Store, fw *casework.Framework, by, reference string, confidence float64) (GroupComparison, error) {
	splits, err := Splits(ctx, st, []string{by})
	if err != nil {
		return GroupComparison{}, err
	}
	groups := splits[0].Groups
	if reference == "" {
		reference = casework.ReferenceGroup(by, groups)
	}
	qs, err := fw.CompareGroups(groups, reference, confidence)
	if err != nil {
		return GroupComparison{}, err
	}
	return GroupComparison{By: by, Reference: reference, Confidence: confidence, Questions: qs}, nil
}

// The JSON shape of `compare-groups --format json`.

type groupRateJSON struct {
	Value          string   `json:"value"`
	Cases          int      `json:"cases"`
	Reference      bool     `json:"reference"`
	Yes            int      `json:"yes"`
	Relevant       int      `json:"relevant"`
	Percent        float64  `json:"percent"`
	CILow          float64  `json:"ci_low"`
	CIHigh         float64  `json:"ci_high"`
	Difference     *float64 `json:"difference"` // percentage points, group minus reference
	DifferenceLow  *float64 `json:"difference_ci_low"`
	DifferenceHigh *float64 `json:"difference_ci_high"`
	RelativeRate   *float64 `json:"relative_rate"`
	RelativeLow    *float64 `json:"relative_rate_ci_low"`
	RelativeHigh   *float64 `json:"relative_rate_ci_high"`
	Differs        bool     `json:"differs"`
	Small          bool     `json:"small"`
}

type questionRatesJSON struct {
	Question string          `json:"question"`
	Text     string          `json:"text"`
	Groups   []groupRateJSON `json:"groups"`
}

// groupComparisonJSON's keys are in alphabetical order, as they were when it was a map.
type groupComparisonJSON struct {
	By         string              `json:"by"`
	Confidence float64             `json:"confidence"`
	Questions  []questionRatesJSON `json:"questions"`
	Reference  string              `json:"reference"`
	SmallGroup int                 `json:"small_group"`
}

func fptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// MarshalJSON writes the comparison as `compare-groups --format json` does.
func (c GroupComparison) MarshalJSON() ([]byte, error) {
	out := []questionRatesJSON{}
	for _, q := range c.Questions {
		qj := questionRatesJSON{Question: q.Question, Text: q.Text}
		for _, g := range q.Groups {
			gj := groupRateJSON{Value: g.Value, Cases: g.Cases, Reference: g.Reference, Yes: g.Tally.Yes, Relevant: g.Tally.Relevant(),
				Percent: g.Tally.Percent(), CILow: 100 * g.CI.Low, CIHigh: 100 * g.CI.High, Differs: g.Differs, Small: g.Small}
			if !g.Reference && g.Tally.Relevant() > 0 {
				gj.Difference, gj.DifferenceLow, gj.DifferenceHigh = fptr(100*g.Diff), fptr(100*g.DiffCI.Low), fptr(100*g.DiffCI.High)
			}
			if g.RREstimable {
				gj.RelativeRate, gj.RelativeLow, gj.RelativeHigh = fptr(g.RR), fptr(g.RRCI.Low), fptr(g.RRCI.High)
			}
			qj.Groups = append(qj.Groups, gj)
		}
		out = append(out, qj)
	}
	return json.Marshal(groupComparisonJSON{By: c.By, Confidence: c.Confidence, Questions: out, Reference: c.Reference, SmallGroup: casework.SmallGroup})
}
