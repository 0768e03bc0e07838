package figures

import (
	"context"
	"encoding/json"

	"fieldwork/casework"
)

// Regional is a combined database's figures: the regional standards rated from the pooled
// cases, and each PDU rated on its own.
type Regional struct {
	casework.Inspection
	Standards []casework.RegionalResult
	PDUs      []PDU
}

// RegionalOf rates the regional standards of the combined database st from its pooled cases,
// and each inspection pooled into it from its own. A database of one inspection is refused.
func RegionalOf(ctx context.Context, st Store, ins casework.Inspection) (Regional, error) {
	pdus, err := PDUs(ctx, st, ins.Framework)
	if err != nil {
		return Regional{}, err
	}
	rs, err := RegionalStandards(ctx, st, ins.Framework)
	if err != nil {
		return Regional{}, err
	}
	return Regional{Inspection: ins, Standards: rs, PDUs: pdus}, nil
}

// The JSON shape of `regional --format json`.

type regionalStandardJSON struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Rule         string            `json:"rule"`
	Rating       *string           `json:"rating"`
	Driving      string            `json:"driving,omitempty"`
	Pooled       tallyJSON         `json:"pooled"`
	KeyQuestions []keyQuestionJSON `json:"key_questions"`
}

type pduJSON struct {
	PDU            string         `json:"pdu"`
	Region         string         `json:"region,omitempty"`
	FieldworkStart string         `json:"fieldwork_start,omitempty"`
	Cases          int            `json:"cases"`
	Standards      []standardJSON `json:"standards"`
	Score          int            `json:"score"`
	MaxScore       int            `json:"max_score"`
	Overall        *string        `json:"overall"`
}

type regionalJSON struct {
	Inspection        string                 `json:"inspection"`
	Framework         string                 `json:"framework"`
	RegionalStandards []regionalStandardJSON `json:"regional_standards"`
	PDUs              []pduJSON              `json:"pdus"`
}

// MarshalJSON writes the figures as `regional --format json` does.
func (r Regional) MarshalJSON() ([]byte, error) {
	v := regionalJSON{Inspection: r.Name, Framework: r.Framework.ID, RegionalStandards: []regionalStandardJSON{}, PDUs: []pduJSON{}}
	for _, s := range r.Standards {
		// The pooled key questions read as a standard's, so they share its JSON shape.
		v.RegionalStandards = append(v.RegionalStandards, regionalStandardJSON{ID: s.ID, Name: s.Name, Rule: string(s.Rule), Rating: ratingPtr(s.Rating),
			Driving: s.Driving, Pooled: tallyView(s.Pooled, casework.DefaultConfidence), KeyQuestions: keyQuestionsView(s.KeyQuestions, casework.DefaultConfidence)})
	}
	for _, p := range r.PDUs {
		v.PDUs = append(v.PDUs, pduJSON{PDU: p.Name, Region: p.Region, FieldworkStart: p.FieldworkStart, Cases: p.Cases,
			Standards: standardsView(p.Result.Standards, casework.DefaultConfidence), Score: p.Result.Score, MaxScore: p.Result.MaxScore, Overall: ratingPtr(p.Result.Overall)})
	}
	return json.Marshal(v)
}

// RegionalStandards rates the framework's regional standards from every case in st, which in a
// combined database are the pooled cases of every PDU.
func RegionalStandards(ctx context.Context, st Store, fw *casework.Framework) ([]casework.RegionalResult, error) {
	tallies, err := st.Tallies(ctx)
	if err != nil {
		return nil, err
	}
	return fw.RateRegional(tallies), nil
}
