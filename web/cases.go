package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"fieldwork/casework"
	"fieldwork/figures"
)

// caseRow is one line of the case list.
type caseRow struct {
	casework.Case
	URL                string
	ReadBy             string
	Answered, Required int
	SignedOff          bool
	Tasks              []task // each standard's status, with team accounts
}

func (c caseRow) Status() string { return casework.Status(c.Answered, c.Required, c.SignedOff) }

type caseListPage struct {
	page
	Rows               []caseRow
	Total              int // cases in the inspection
	Complete           int
	Answered, Required int
	Inspectors         []string
	Inspector          string // the filter; "" for everyone
	Incomplete         bool   // the filter: only cases not complete
	Filtered           bool
	// Mine is the filter an inspector's list opens with: the cases allocated to them.
	Mine, Team bool
}

// overview is what the case list and the results page are built from.
type overview struct {
	ins     casework.Inspection
	cases   []casework.Case
	answers map[string]map[string]casework.Answer
	// Answered and Required count the whole inspection's questions, over the questions that
	// apply to each case.
	Answered, Required int
}

func (s *Server) overview(ctx context.Context) (overview, error) {
	var o overview
	var err error
	if o.ins, err = s.db.Inspection(ctx); err != nil {
		return o, err
	}
	if o.cases, err = s.db.Cases(ctx); err != nil {
		return o, err
	}
	if o.answers, err = s.db.Answers(ctx); err != nil {
		return o, err
	}
	for _, c := range o.cases {
		a, n := o.ins.Framework.ProgressFor(c, o.answers[c.ID])
		o.Answered += a
		o.Required += n
	}
	return o, nil
}

// caseList shows every case with who reads it and how far its answers are, the whole
// inspection's progress at the top, and filters by inspector and by cases not complete.
func (s *Server) caseList(w http.ResponseWriter, r *http.Request, u user) {
	o, err := s.overview(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	by, err := s.db.AnsweredBy(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	standings, err := s.db.Standings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	p := caseListPage{page: s.base(w, r, "Cases"), Total: len(o.cases), Inspector: q.Get("inspector"), Incomplete: q.Get("incomplete") != "", Team: u.Team}
	p.Nav = "cases"
	p.Answered, p.Required = o.Answered, o.Required
	// An inspector's list opens with their own cases; a link shows all.
	p.Mine = q.Get("mine") != "" || (u.Team && u.Role == casework.RoleInspector && len(q) == 0)
	p.Filtered = p.Inspector != "" || p.Incomplete || p.Mine
	anchors := map[string]string{} // each standard's place on the case page, as sections numbers them
	for _, st := range o.ins.Framework.Standards {
		if len(st.KeyQuestions) > 0 {
			anchors[st.ID] = fmt.Sprintf("standard-%d", len(anchors)+1)
		}
	}
	for _, c := range o.cases {
		st := standings[c.ID]
		row := caseRow{Case: c, URL: caseURL(c.ID), ReadBy: casework.ReadBy(c, by[c.ID]), SignedOff: st.SignedOffBy != ""}
		if st.AllocatedTo != "" {
			row.ReadBy = st.AllocatedTo
		}
		row.Answered, row.Required = o.ins.Framework.ProgressFor(c, o.answers[c.ID])
		if row.Answered == row.Required {
			p.Complete++
		}
		if row.ReadBy != "" && !slices.Contains(p.Inspectors, row.ReadBy) {
			p.Inspectors = append(p.Inspectors, row.ReadBy)
		}
		if (p.Inspector != "" && row.ReadBy != p.Inspector) || (p.Incomplete && row.Answered == row.Required) ||
			(p.Mine && casework.AllocatedTo(c, st.AllocatedTo) != u.Name) {
			continue
		}
		if u.Team {
			for _, sp := range o.ins.Framework.StandardsProgressFor(c, o.answers[c.ID]) {
				row.Tasks = append(row.Tasks, task{ID: sp.Standard, Anchor: anchors[sp.Standard], Status: casework.Status(sp.Answered, sp.Required, row.SignedOff)})
			}
		}
		p.Rows = append(p.Rows, row)
	}
	slices.Sort(p.Inspectors)
	s.render(w, r, http.StatusOK, "cases", p)
}

type historyPage struct {
	page
	Case     casework.Case
	CaseURL  string
	Changes  []casework.Change
	SignOffs []casework.SignOff // the latest first
}

// history lists every stored change to a case's answers: who, when, question, old and new.
func (s *Server) history(w http.ResponseWriter, r *http.Request, u user) {
	id := caseID(r)
	c, err := s.db.Case(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	changes, err := s.db.History(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slices.Reverse(changes) // the latest first: what an inspector checking a save looks for
	signOffs, err := s.db.SignOffHistory(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slices.Reverse(signOffs)
	p := historyPage{page: s.base(w, r, "History of case "+c.ID), Case: c, CaseURL: caseURL(c.ID), Changes: changes, SignOffs: signOffs}
	p.Nav = "cases"
	s.render(w, r, http.StatusOK, "history", p)
}

type resultsPage struct {
	page
	casework.Result
	Framework          *casework.Framework
	Cases              int
	Answered, Required int
}

// results shows the ratings table and the key-question percentages, worked out from the
// answers saved so far as every published figure is (figures.Rate).
func (s *Server) results(w http.ResponseWriter, r *http.Request, u user) {
	o, err := s.overview(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rated, err := figures.Rate(r.Context(), s.db, o.ins)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := resultsPage{page: s.base(w, r, "Results"), Result: rated.Result, Framework: rated.Framework,
		Cases: len(o.cases), Answered: o.Answered, Required: o.Required}
	p.Nav = "results"
	s.render(w, r, http.StatusOK, "results", p)
}
