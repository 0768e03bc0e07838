package web

import (
	"net/http"
	"strconv"
	"strings"

	"fieldwork/casework"
)

// The lead inspector's evidence for each standard (domain one above all), as `fieldwork
// evidence add/list/remove` records it: the same store and the same checks.

type evidencePage struct {
	page
	Standards []casework.Standard
	Kinds     []casework.EvidenceKind
	Evidence  []casework.Evidence
	Names     map[string]string // standard id to its name
	Form      evidenceForm      // what was entered, kept when it is refused
	Added     bool
	Removed   bool
}

// evidenceForm is the add form's fields as entered.
type evidenceForm struct {
	Standard, Kind, Finding, Summary, Count string
	Publish                                 bool
}

func (s *Server) evidencePage(w http.ResponseWriter, r *http.Request, u user) {
	s.renderEvidence(w, r, http.StatusOK, evidenceForm{}, nil)
}

func (s *Server) renderEvidence(w http.ResponseWriter, r *http.Request, status int, f evidenceForm, problems []problem) {
	ins, err := s.db.Inspection(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	es, err := s.db.Evidence(r.Context(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := evidencePage{page: s.base(w, r, "Evidence for the standards"), Standards: ins.Framework.Standards, Kinds: casework.EvidenceKinds,
		Evidence: es, Names: map[string]string{}, Form: f, Added: r.URL.Query().Get("added") != "", Removed: r.URL.Query().Get("removed") != ""}
	for _, st := range ins.Framework.Standards {
		p.Names[st.ID] = st.Name
	}
	p.Nav, p.Errors = "evidence", problems
	if len(problems) > 0 {
		p.Title = "Error: " + p.Title
	}
	s.render(w, r, status, "evidence", p)
}

// addEvidence records one piece of evidence, checked as `evidence add` checks it; a refusal
// shows the form again with what was entered and what is wrong.
func (s *Server) addEvidence(w http.ResponseWriter, r *http.Request, u user) {
	f := evidenceForm{Standard: r.PostForm.Get("standard"), Kind: r.PostForm.Get("kind"), Finding: r.PostForm.Get("finding"),
		Summary: strings.TrimSpace(r.PostForm.Get("summary")), Count: strings.TrimSpace(r.PostForm.Get("count")), Publish: r.PostForm.Get("publish") != ""}
	e := casework.Evidence{Standard: f.Standard, Summary: f.Summary, Publish: f.Publish, Count: 1}
	var problems []problem
	var err error
	if e.Kind, err = casework.ParseEvidenceKind(f.Kind); err != nil {
		problems = append(problems, problem{Href: "#kind", Message: "Choose what kind of evidence it is"})
	}
	if e.Finding, err = casework.ParseFinding(f.Finding); err != nil {
		problems = append(problems, problem{Href: "#finding", Message: "Choose a strength, an area for improvement, or neither"})
	}
	if f.Count != "" {
		if e.Count, err = strconv.Atoi(f.Count); err != nil || e.Count < 1 {
			problems = append(problems, problem{Href: "#count", Message: "How many must be a whole number, 1 or more"})
		}
	}
	if len(problems) == 0 {
		if _, err := s.db.AddEvidence(r.Context(), []casework.Evidence{e}, u.Name); err != nil {
			if casework.ErrorCode(err) != casework.EINVALID {
				s.fail(w, r, err)
				return
			}
			problems = append(problems, problem{Href: "#summary", Message: sentence(err.Error())})
		}
	}
	if len(problems) > 0 {
		s.renderEvidence(w, r, http.StatusBadRequest, f, problems)
		return
	}
	http.Redirect(w, r, "/evidence?added=1", http.StatusSeeOther)
}

func (s *Server) removeEvidence(w http.ResponseWriter, r *http.Request, u user) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, casework.Errorf(casework.ENOTFOUND, "there is no evidence %q", r.PathValue("id")))
		return
	}
	if err := s.db.RemoveEvidence(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/evidence?removed=1", http.StatusSeeOther)
}
