package figures

import (
	"context"
	"encoding/json"

	"fieldwork/casework"
)

// Agreement is how far the second readings agree with the first.
type Agreement struct {
	casework.AgreementReport
}

// AgreementOf measures the agreement of the readings in st by framework fw.
func AgreementOf(ctx context.Context, st Readings, fw *casework.Framework) (Agreement, error) {
	pairs, err := st.ReadTwice(ctx)
	if err != nil {
		return Agreement{}, err
	}
	return Agreement{fw.Agreement(pairs)}, nil
}

// The JSON shape of `agreement --format json`.

type agreementJSON struct {
	Question string   `json:"question,omitempty"`
	Cases    int      `json:"read_twice"`
	Agreed   int      `json:"agree"`
	Percent  *float64 `json:"percent"`
	Kappa    *float64 `json:"kappa"`
}

type disagreementJSON struct {
	Case      string          `json:"case"`
	Question  string          `json:"question"`
	First     casework.Answer `json:"first"`
	FirstBy   string          `json:"first_by"`
	Second    casework.Answer `json:"second"`
	SecondBy  string          `json:"second_by"`
	Moderated casework.Answer `json:"moderated,omitempty"`
	Reason    string          `json:"moderation_reason,omitempty"`
}

func agreementView(a casework.Agreement) agreementJSON {
	out := agreementJSON{Question: a.Question, Cases: a.Cases, Agreed: a.Agreed}
	if a.Cases > 0 {
		p := a.Percent()
		out.Percent = &p
	}
	if a.KappaDefined {
		k := a.Kappa
		out.Kappa = &k
	}
	return out
}

// MarshalJSON writes the agreement as `agreement --format json` does.
func (a Agreement) MarshalJSON() ([]byte, error) {
	out := struct {
		CasesReadTwice int                `json:"cases_read_twice"`
		KeyQuestions   []agreementJSON    `json:"key_questions"`
		Overall        agreementJSON      `json:"all_key_questions"`
		Disagreements  []disagreementJSON `json:"disagreements"`
	}{CasesReadTwice: a.CasesReadTwice, Overall: agreementView(a.Overall), Disagreements: []disagreementJSON{}}
	for _, k := range a.KeyQuestions {
		out.KeyQuestions = append(out.KeyQuestions, agreementView(k))
	}
	for _, d := range a.Disagreements {
		out.Disagreements = append(out.Disagreements, disagreementJSON{d.CaseID, d.Question, d.First, d.FirstBy, d.Second, d.SecondBy, d.Moderated, d.ModerationReason})
	}
	return json.Marshal(out)
}
