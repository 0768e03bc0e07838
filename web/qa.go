package web

import (
	"net/http"

	"fieldwork/casework"
	"fieldwork/figures"
)

// caseFinding is one line of the QA view: a case and what is worth a look in it.
type caseFinding struct {
	CaseID, URL, Message string
}

type qaPage struct {
	page
	Contradictions, Unanswered, Untouched []caseFinding
	Standards                             []firmness
	Score, MaxScore                       int
	Overall                               casework.Rating
	Cases, Answered, Required             int
}

// firmness is a case standard's live rating and how firmly it stands (casework.Hinge).
type firmness struct {
	ID, Name  string
	Rating    casework.Rating
	Sentences []string
}

// qaConfidence is the level of the intervals the QA view gives: the inspectorate's usual 80%,
// the one a sample is drawn for.
const qaConfidence = 0.8

// qaView is the lead inspector's view across cases: contradictions within a case and key
// questions not answered, as validate finds them (CheckCaseFor), cases in progress left for
// two days, and the ratings as they stand with how many answers would move each.
func (s *Server) qaView(w http.ResponseWriter, r *http.Request, u user) {
	ctx := r.Context()
	o, err := s.overview(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	last, err := s.db.LastChanges(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	standings, err := s.db.Standings(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := qaPage{page: s.base(w, r, "Quality assurance"), Cases: len(o.cases), Answered: o.Answered, Required: o.Required}
	p.Nav = "qa"
	fw := o.ins.Framework
	for _, c := range o.cases {
		url := caseURL(c.ID)
		for _, f := range fw.CheckCaseFor(c, o.answers[c.ID]) {
			cf := caseFinding{CaseID: c.ID, URL: url, Message: sentence(f.Message)}
			if f.Severity == casework.SeverityWarning {
				p.Contradictions = append(p.Contradictions, cf)
			} else if len(o.answers[c.ID]) > 0 {
				p.Unanswered = append(p.Unanswered, cf) // of a case begun: one not begun is all unanswered
			}
		}
		answered, required := fw.ProgressFor(c, o.answers[c.ID])
		if status := casework.Status(answered, required, standings[c.ID].SignedOffBy != ""); casework.Untouched(status, last[c.ID], s.now()) {
			p.Untouched = append(p.Untouched, caseFinding{CaseID: c.ID, URL: url, Message: "Last changed " + when(last[c.ID]) + ", " + itoa(answered) + " of " + itoa(required) + " questions answered"})
		}
	}
	rated, err := figures.Rate(ctx, s.db, o.ins)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Score, p.MaxScore, p.Overall = rated.Result.Score, rated.Result.MaxScore, rated.Result.Overall
	for _, h := range fw.Hinges(rated.Result, qaConfidence) {
		p.Standards = append(p.Standards, firmness{ID: h.Standard, Name: h.Name, Rating: h.Rating, Sentences: h.Sentences()})
	}
	s.render(w, r, http.StatusOK, "qa", p)
}

type printPage struct {
	page
	Case     casework.Case
	CaseURL  string
	Sections []section
	teamPart
	Printed string
}

// printCase is one case's record on paper: its details and every answer and note, laid out by
// the print stylesheet to fit A4.
func (s *Server) printCase(w http.ResponseWriter, r *http.Request, u user) {
	l, sections, ok := s.loadSections(w, r)
	if !ok {
		return
	}
	p := printPage{page: s.base(w, r, "Case record "+l.c.ID), Case: l.c, CaseURL: caseURL(l.c.ID), Sections: sections, Printed: when(s.now())}
	p.Nav = "cases"
	var err error
	if p.teamPart, err = s.teamPart(r, u, l, p.Sections); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "print", p)
}
