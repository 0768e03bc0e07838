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
	// not stored.
	Where string
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
