package casework

import "time"

// Judgement is one answer an inspector gave about one case.
type Judgement struct {
	CaseID    string
	Question  string
	Answer    Answer
	Inspector string
	Note      string
	// Where names the answer's origin for error messages ("judgements.csv line 14"); it is
	// not stored. CaseWhere, QuestionWhere and AnswerWhere, where set, name the cells the case
	// id, question and answer came from ("judgements.csv line 14, column case_id").
	Where, CaseWhere, QuestionWhere, AnswerWhere string
}

// WhereCase is where the case id came from, as precisely as known.
func (j Judgement) WhereCase() string { return firstOf(j.CaseWhere, j.Where) }

// WhereQuestion is where the question id came from, as precisely as known.
func (j Judgement) WhereQuestion() string { return firstOf(j.QuestionWhere, j.Where) }

// WhereAnswer is where the answer came from, as precisely as known.
func (j Judgement) WhereAnswer() string { return firstOf(j.AnswerWhere, j.Where) }

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// Inspection is one PDU inspection: a database holds exactly one.
type Inspection struct {
	Name           string
	Region         string
	FieldworkStart string // ISO date, "" when not set
	Framework      *Framework
	CreatedAt      time.Time
}

// Change is one stored change to an answer, as the history keeps it.
type Change struct {
	CaseID, Question string
	Old, New         Answer // Old is NoAnswer for a first answer
	OldNote, NewNote string
	Inspector        string
	Source           string
	At               time.Time
}
