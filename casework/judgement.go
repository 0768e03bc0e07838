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
	// From, where set, names the cells of row Row that the case id, question and answer came
	// from ("judgements.csv line 14, column case_id"). A file reader shares one Locator among
	// all its rows, so a million answers carry no million strings.
	From Locator
	Row  int
}

// Locator names the cells a file's answers came from, for error messages.
type Locator interface {
	// Locate names the cell of field ("case_id", "question" or "answer") in row.
	Locate(row int, field string) string
}

// WhereField is where field ("case_id", "question" or "answer") came from, as precisely as
// known.
func (j Judgement) WhereField(field string) string {
	if j.From != nil {
		return j.From.Locate(j.Row, field)
	}
	return j.Where
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
	Old, New         Answer // Old is NoAnswer for a first answer, New for a clearing
	OldNote, NewNote string
	Inspector        string
	Source           string
	At               time.Time
	// Cleared marks the answer's clearing (Clearing), Reason why it was cleared.
	Cleared bool
	Reason  string
}

// Clearing takes one answer back: one keyed against the wrong case, say. Nothing is lost by
// it: the answer cleared stays in the history, and the clearing is kept with who made it and
// why. Reason is required.
type Clearing struct {
	CaseID, Question string
	By               string
	Reason           string
}

// AnswerImport counts what saving a batch of answers did.
type AnswerImport struct {
	Added, Changed, Unchanged int
	Cleared                   int // answers cleared (a merge takes in a copy's clearings)
}
