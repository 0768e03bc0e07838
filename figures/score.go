package figures

import (
	"context"
	"encoding/json"

	"fieldwork/casework"
)

// Score is the ratings of an inspection as `score` shows them, with its figures split by one
// case field if asked, and the regional standards of a combined database.
type Score struct {
	Rated
	Confidence float64
	By         string       // the field the groups split the cases by; "" for none
	Groups     []RatedGroup // the cases split by By, each group rated on its own cases
	// Regional are the regional standards rated from the pooled cases of a combined database
	// whose framework declares them; nil otherwise.
	Regional []casework.RegionalResult
	// Surveys are the surveys imported, for the inspectors: nothing hidden, as the cases.
	Surveys []SurveyFigures
	// Incomplete is what keeps the figures provisional; its zero value when nothing does.
	Incomplete casework.Incomplete
}

// RatedGroup is one group of cases rated on its own cases.
type RatedGroup struct {
	Value     string
	Cases     int
	Standards []casework.StandardResult
}

// ScoreOf rates the inspection in st, splits its cases by the field by ("" for none) and rates
// each group, and, for a combined database, rates the regional standards from its pooled cases.
func ScoreOf(ctx context.Context, st Store, ins casework.Inspection, by string, confidence float64) (Score, error) {
	rated, err := Rate(ctx, st, ins)
	if err != nil {
		return Score{}, err
	}
	s := Score{Rated: rated, Confidence: confidence, By: by}
	if s.Incomplete, err = Completeness(ctx, st, ins, rated.Result); err != nil {
		return s, err
	}
	if by != "" {
		splits, err := Splits(ctx, st, []string{by})
		if err != nil {
			return s, err
		}
		for _, g := range splits[0].Groups {
			s.Groups = append(s.Groups, RatedGroup{Value: g.Value, Cases: g.Cases, Standards: ins.Framework.RateCases(g.Tallies)})
		}
	}
	if s.Surveys, err = Surveys(ctx, st, confidence, casework.Suppression{}); err != nil {
		return s, err
	}
	pis, err := st.PooledInspections(ctx)
	if err != nil {
		return s, err
	}
	if len(pis) > 0 && len(ins.Framework.RegionalStandards) > 0 {
		if s.Regional, err = RegionalStandards(ctx, st, ins.Framework); err != nil {
			return s, err
		}
	}
	return s, nil
}

// The JSON shape of `score --format json` is a public interface: keep these keys stable.

type tallyJSON struct {
	Yes           int     `json:"yes"`
	No            int     `json:"no"`
	NotApplicable int     `json:"not_applicable"`
	Relevant      int     `json:"relevant"`
	Percent       float64 `json:"percent"`
	CILow         float64 `json:"ci_low"`  // Wilson interval, 0-100 like percent
	CIHigh        float64 `json:"ci_high"` // (0-100 when nothing is relevant)
}

func tallyView(t casework.Tally, conf float64) tallyJSON {
	ci := casework.Wilson(t.Yes, t.Relevant(), conf)
	return tallyJSON{t.Yes, t.No, t.NotApplicable, t.Relevant(), t.Percent(), 100 * ci.Low, 100 * ci.High}
}

type questionJSON struct {
	ID    string `json:"id"`
	Group string `json:"group,omitempty"`
	Text  string `json:"text"`
	tallyJSON
}

type keyQuestionJSON struct {
	ID         string         `json:"id"`
	Theme      string         `json:"theme"`
	Text       string         `json:"text"`
	Band       string         `json:"band,omitempty"`
	BandRating *string        `json:"band_rating"`
	Driving    bool           `json:"driving"`
	Prompts    []questionJSON `json:"prompts"`
	tallyJSON
}

type departureJSON struct {
	From   *string `json:"from"`
	To     string  `json:"to"`
	Reason string  `json:"reason"`
}

type standardJSON struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Domain       string            `json:"domain,omitempty"`
	RatedFrom    string            `json:"rated_from"`
	Rating       *string           `json:"rating"`
	DataRating   *string           `json:"data_rating"`
	Points       int               `json:"points"`
	Counts       *bool             `json:"counts,omitempty"` // false for a standard rated but not counted in the score
	Driving      string            `json:"driving,omitempty"`
	Departure    *departureJSON    `json:"departure"`
	Hinge        *hingeJSON        `json:"hinge,omitempty"`
	KeyQuestions []keyQuestionJSON `json:"key_questions"`
}

type groupJSON struct {
	Value     string         `json:"value"`
	Cases     int            `json:"cases"`
	Standards []standardJSON `json:"standards"`
}

type scoreJSON struct {
	Inspection       string           `json:"inspection"`
	Region           string           `json:"region,omitempty"`
	FieldworkStart   string           `json:"fieldwork_start,omitempty"`
	Framework        string           `json:"framework"`
	Standards        []standardJSON   `json:"standards"`
	Score            int              `json:"score"`
	MaxScore         int              `json:"max_score"`
	Complete         bool             `json:"complete"`
	Overall          *string          `json:"overall"`
	DataOverall      *string          `json:"data_overall"`
	OverallDeparture *departureJSON   `json:"overall_departure"`
	CaseQuestions    []questionJSON   `json:"case_questions"`
	Confidence       float64          `json:"confidence"`
	OverallHinge     []string         `json:"overall_hinge"`
	By               string           `json:"by,omitempty"`
	Groups           []groupJSON      `json:"groups,omitempty"`
	Provisional      *provisionalJSON `json:"provisional,omitempty"`
	Surveys          []surveyJSON     `json:"surveys,omitempty"`
}

// surveyJSON is one survey's questions as score prints them: positive answers out of those who
// answered, the share and its Wilson interval.
type surveyJSON struct {
	Name        string               `json:"name"`
	Respondents int                  `json:"respondents"`
	Questions   []surveyQuestionJSON `json:"questions"`
}

type surveyQuestionJSON struct {
	Question string  `json:"question"`
	Positive int     `json:"positive"`
	Answered int     `json:"answered"`
	Percent  float64 `json:"percent"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
}

func surveysView(ss []SurveyFigures) []surveyJSON {
	var out []surveyJSON
	for _, s := range ss {
		sv := surveyJSON{Name: s.Name, Respondents: s.Respondents, Questions: []surveyQuestionJSON{}}
		for _, q := range s.Questions {
			pct := 0.0
			if q.Answered > 0 {
				pct = 100 * float64(q.Positive) / float64(q.Answered)
			}
			sv.Questions = append(sv.Questions, surveyQuestionJSON{q.Question, q.Positive, q.Answered, pct, 100 * q.Interval.Low, 100 * q.Interval.High})
		}
		out = append(out, sv)
	}
	return out
}

// provisionalJSON is what keeps the figures provisional, present only while something does or
// a case outside the drawn sample is counted.
type provisionalJSON struct {
	Provisional   bool     `json:"provisional"` // false when only cases outside the sample are flagged
	Summary       string   `json:"summary"`
	Cases         []string `json:"incomplete_cases"`
	Standards     []string `json:"incomplete_standards"`
	OutsideSample []string `json:"outside_sample"`
}

func provisionalView(in casework.Incomplete) *provisionalJSON {
	if !in.Flagged() {
		return nil
	}
	nonNil := func(xs []string) []string {
		if xs == nil {
			return []string{}
		}
		return xs
	}
	return &provisionalJSON{Provisional: in.Provisional(), Summary: in.String(), Cases: nonNil(in.Cases), Standards: nonNil(in.Standards), OutsideSample: nonNil(in.OutsideSample)}
}

func ratingPtr(r casework.Rating) *string {
	if r == 0 {
		return nil
	}
	s := r.String()
	return &s
}

func departureView(d *casework.Departure) *departureJSON {
	if d == nil {
		return nil
	}
	return &departureJSON{From: ratingPtr(d.From), To: d.To.String(), Reason: d.Reason}
}

func standardsView(ss []casework.StandardResult, conf float64) []standardJSON {
	out := []standardJSON{}
	for _, s := range ss {
		sj := standardJSON{ID: s.ID, Name: s.Name, Domain: s.Domain, RatedFrom: string(s.RatedFrom), Rating: ratingPtr(s.Rating),
			DataRating: ratingPtr(s.DataRating), Points: s.Points, Driving: s.Driving, Departure: departureView(s.Departure), KeyQuestions: keyQuestionsView(s.KeyQuestions, conf)}
		if s.NotCounted {
			sj.Counts = new(bool)
		}
		out = append(out, sj)
	}
	return out
}

func keyQuestionsView(ks []casework.KeyQuestionResult, conf float64) []keyQuestionJSON {
	out := []keyQuestionJSON{}
	for _, k := range ks {
		kj := keyQuestionJSON{ID: k.ID, Theme: k.Theme, Text: k.Text, Band: k.Band.Name, BandRating: ratingPtr(k.Band.Rating), Driving: k.Driving, Prompts: []questionJSON{}, tallyJSON: tallyView(k.Tally, conf)}
		for _, p := range k.Prompts {
			kj.Prompts = append(kj.Prompts, questionJSON{ID: p.ID, Text: p.Text, tallyJSON: tallyView(p.Tally, conf)})
		}
		out = append(out, kj)
	}
	return out
}

// MarshalJSON writes the score as `score --format json` does.
func (s Score) MarshalJSON() ([]byte, error) {
	res, conf := s.Result, s.Confidence
	v := scoreJSON{
		Inspection: s.Name, Region: s.Region, FieldworkStart: s.FieldworkStart, Framework: s.Framework.ID,
		Standards: standardsView(res.Standards, conf), Score: res.Score, MaxScore: res.MaxScore, Complete: res.Complete,
		Overall: ratingPtr(res.Overall), DataOverall: ratingPtr(res.DataOverall), OverallDeparture: departureView(res.Departure),
		CaseQuestions: []questionJSON{}, By: s.By, Confidence: conf, OverallHinge: []string{}, Provisional: provisionalView(s.Incomplete),
		Surveys: surveysView(s.Surveys),
	}
	fw := s.Framework
	for _, h := range fw.Hinges(res, conf) {
		for i := range v.Standards {
			if v.Standards[i].ID == h.Standard {
				v.Standards[i].Hinge = hingeView(h)
			}
		}
	}
	up, down := fw.OverallHinge(res)
	for _, s := range []string{up.Sentence("up"), down.Sentence("down")} {
		if s != "" {
			v.OverallHinge = append(v.OverallHinge, s)
		}
	}
	for _, q := range res.CaseQuestions {
		v.CaseQuestions = append(v.CaseQuestions, questionJSON{ID: q.ID, Group: q.Group, Text: q.Text, tallyJSON: tallyView(q.Tally, conf)})
	}
	for _, g := range s.Groups {
		v.Groups = append(v.Groups, groupJSON{Value: g.Value, Cases: g.Cases, Standards: standardsView(g.Standards, conf)})
	}
	return json.Marshal(v)
}

type shiftJSON struct {
	To      string           `json:"to"`
	Changes int              `json:"changes"`
	On      []questionChange `json:"on"`
}

type questionChange struct {
	Question string `json:"question"`
	N        int    `json:"n"`
}

type hingeJSON struct {
	DataRating  string     `json:"data_rating"`
	Up          *shiftJSON `json:"up"`
	Down        *shiftJSON `json:"down"`
	Driving     string     `json:"driving"`
	DrivingLow  float64    `json:"driving_ci_low"`
	DrivingHigh float64    `json:"driving_ci_high"`
	CrossesEdge bool       `json:"crosses_band_edge"`
	Sentences   []string   `json:"sentences"`
}

func shiftView(s *casework.Shift) *shiftJSON {
	if s == nil {
		return nil
	}
	v := &shiftJSON{To: s.To.String(), Changes: s.Changes, On: []questionChange{}}
	for _, c := range s.On {
		v.On = append(v.On, questionChange{c.Question, c.N})
	}
	return v
}

func hingeView(h casework.Hinge) *hingeJSON {
	return &hingeJSON{DataRating: h.Rating.String(), Up: shiftView(h.Up), Down: shiftView(h.Down), Driving: h.Driving,
		DrivingLow: 100 * h.DrivingCI.Low, DrivingHigh: 100 * h.DrivingCI.High, CrossesEdge: len(h.Edges) > 0, Sentences: h.Sentences()}
}
