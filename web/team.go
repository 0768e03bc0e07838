package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"fieldwork/casework"
)

// The team's pages beside the case form: the lead inspector allocates cases, checks a case's
// answers and signs it off (or reopens it); a quality lead (or the lead) enters a second
// reading and moderates where the readings differ. What each may do is casework's rule
// (FirstReadingAccess, MayReadSecond); the lock of a signed-off case is the store's, whichever
// page or command asks.

// accessRole is the role a member acts in: with no team accounts everyone may do what the
// form offers, as the lead can.
func accessRole(u user) casework.Role {
	if !u.Team {
		return casework.RoleLead
	}
	return u.Role
}

func (u user) isLead() bool { return u.Team && u.Role == casework.RoleLead }

// mayReadSecond says whether u enters second readings in the form: with team accounts only.
func (u user) mayReadSecond() bool { return u.Team && casework.MayReadSecond(u.Role) }

// teamPart is what the case page shows of the team: who has the case, whether it is signed
// off, what the member may do with it and where.
type teamPart struct {
	Team                   bool
	AllocatedTo, SignedOff string
	Access                 casework.Access
	ReadOnly               bool
	Lead, SecondReader     bool
	Members                []string // the accounts a lead allocates to
	AllocateURL, CheckURL  string
	SecondURL, PrintURL    string
	Attributes             []attribute
	Tasks                  []task
	SignOffs               []casework.SignOff
}

type attribute struct{ Name, Value string }

// task is one standard of a case in the task list: its status and where its questions are.
type task struct {
	ID, Title, Anchor, Status string
}

func statusClass(status string) string {
	return map[string]string{casework.Complete: "green", casework.InProgress: "blue", casework.NotStarted: "grey", casework.SignedOff: "turquoise"}[status]
}

// attributesOf are the case's details an inspector reads it with: RoSH, gender, ethnicity and
// every other column of the case list.
func attributesOf(c casework.Case) []attribute {
	orNot := func(s string) string {
		if s == "" {
			return "not recorded"
		}
		return s
	}
	out := []attribute{{"RoSH", orNot(string(c.RoSH))}, {"Gender", orNot(c.Gender)}, {"Ethnicity", orNot(c.Ethnicity)}}
	for _, name := range slices.Sorted(maps.Keys(c.Attributes)) {
		if name == "inspector" {
			continue // shown as who reads the case
		}
		out = append(out, attribute{sentence(strings.ReplaceAll(name, "_", " ")), orNot(c.Attributes[name])})
	}
	return out
}

// standingOf is the case's standing with who reads it as the case list says, where the lead
// has allocated it to no one.
func standingOf(l loaded) casework.Standing {
	st := l.st
	st.AllocatedTo = casework.AllocatedTo(l.c, l.st.AllocatedTo)
	return st
}

func orNoOne(name string) string {
	if name == "" {
		return "no one"
	}
	return name
}

func (s *Server) teamPart(r *http.Request, u user, l loaded, sections []section) (teamPart, error) {
	t := teamPart{Team: u.Team, AllocatedTo: casework.AllocatedTo(l.c, l.st.AllocatedTo), SignedOff: l.st.SignedOffBy,
		Lead: u.isLead(), SecondReader: u.mayReadSecond(),
		AllocateURL: caseAction(l.c.ID, "allocate"), CheckURL: caseAction(l.c.ID, "check"),
		SecondURL: caseAction(l.c.ID, "second"), PrintURL: caseAction(l.c.ID, "print"),
		Attributes: attributesOf(l.c)}
	st := standingOf(l)
	t.Access = casework.FirstReadingAccess(accessRole(u), u.Name, l.c.ID, st, s.colleagues)
	t.ReadOnly = !t.Access.Edit
	for _, sec := range sections {
		if sec.Scope == scopeOther {
			continue
		}
		t.Tasks = append(t.Tasks, task{ID: sec.Scope, Title: sec.Title, Anchor: sec.Anchor, Status: casework.Status(sec.Answered, sec.Required, st.SignedOffBy != "")})
	}
	if t.Lead {
		as, err := s.db.Accounts(r.Context())
		if err != nil {
			return t, err
		}
		for _, a := range as {
			if a.Role != casework.RoleQA {
				t.Members = append(t.Members, a.Name)
			}
		}
	}
	var err error
	t.SignOffs, err = s.db.SignOffHistory(r.Context(), l.c.ID)
	return t, err
}

// leadOnly and secondReaderOnly refuse a page to a member without the role for it.
func (s *Server) leadOnly(h handler) handler {
	return s.only(user.isLead, "Only the lead inspector can do this.", "Sign in with the lead inspector's account.", h)
}

func (s *Server) secondReaderOnly(h handler) handler {
	return s.only(user.mayReadSecond, "Only a quality lead or the lead inspector enters second readings and moderates.", "Sign in with a quality lead's account.", h)
}

func (s *Server) only(may func(user) bool, refusal, hint string, h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, u user) {
		if !may(u) {
			s.refuse(w, r, refusal, hint)
			return
		}
		h(w, r, u)
	}
}

// allocate gives the case to the member chosen, and returns to the case.
func (s *Server) allocate(w http.ResponseWriter, r *http.Request, u user) {
	id := caseID(r)
	if err := s.db.Allocate(r.Context(), id, r.PostForm.Get("to"), u.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, withQuery(caseURL(id), "allocated", "1"), http.StatusSeeOther)
}

type checkPage struct {
	page
	Case      casework.Case
	CaseURL   string
	ActionURL string
	Sections  []section
	teamPart
	Unanswered []problem
	Warnings   []problem
}

// checkAnswers is "check your answers" before sign-off: every answer of the case by
// standard, what validate would ask about, and the button that signs it off (or reopens it).
func (s *Server) checkAnswers(w http.ResponseWriter, r *http.Request, u user) {
	l, sections, ok := s.loadSections(w, r)
	if !ok {
		return
	}
	p := checkPage{page: s.base(w, r, "Check the answers to case "+l.c.ID), Case: l.c, CaseURL: caseURL(l.c.ID), Sections: sections}
	p.Nav = "cases"
	var err error
	if p.teamPart, err = s.teamPart(r, u, l, p.Sections); err != nil {
		s.fail(w, r, err)
		return
	}
	p.ActionURL = caseAction(l.c.ID, "sign-off")
	if l.st.SignedOffBy != "" {
		p.ActionURL = caseAction(l.c.ID, "reopen")
	}
	cp := casePage{Case: l.c, Sections: p.Sections}
	cp.checks(l.ins.Framework, l.stored)
	p.Unanswered, p.Warnings = cp.Unanswered, cp.Warnings
	s.render(w, r, http.StatusOK, "check", p)
}

func (s *Server) signOff(w http.ResponseWriter, r *http.Request, u user) {
	id := caseID(r)
	if err := s.db.SignOff(r.Context(), id, u.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, withQuery(caseURL(id), "signed", "1"), http.StatusSeeOther)
}

func (s *Server) reopen(w http.ResponseWriter, r *http.Request, u user) {
	id := caseID(r)
	if err := s.db.Reopen(r.Context(), id, u.Name, r.PostForm.Get("reason")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, withQuery(caseURL(id), "reopened", "1"), http.StatusSeeOther)
}

// reading is one question on the second-reading page: the first reading, the second, and
// where they differ whether and how it was moderated.
type reading struct {
	field
	First, FirstBy string
	Second         string
	Moderated      string
	Differs        bool
	ModerateName   string
	ModerateOpts   []option
}

type secondPage struct {
	page
	Case       casework.Case
	CaseURL    string
	ActionURL  string
	ModerateAt string
	SignedOff  string
	Standards  []secondStandard
	Differ     int
	Saved      string
}

type secondStandard struct {
	Title, Anchor string
	Readings      []reading
}

// secondReading shows a case's first reading beside the quality lead's second, with a form for
// the second and, where the two differ, one to moderate.
func (s *Server) secondReading(w http.ResponseWriter, r *http.Request, u user) {
	l, sections, ok := s.loadSections(w, r)
	if !ok {
		return
	}
	twice, err := s.db.ReadTwice(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byQ := map[string]casework.ReadTwice{}
	for _, t := range twice {
		if t.CaseID == l.c.ID {
			byQ[t.Question] = t
		}
	}
	p := secondPage{page: s.base(w, r, "Second reading of case "+l.c.ID), Case: l.c, CaseURL: caseURL(l.c.ID),
		ActionURL: caseAction(l.c.ID, "second"), ModerateAt: caseAction(l.c.ID, "moderate"), SignedOff: l.st.SignedOffBy}
	p.Nav = "cases"
	switch {
	case r.URL.Query().Get("saved") != "":
		p.Saved = "Second reading saved"
	case r.URL.Query().Get("moderated") != "":
		p.Saved = "Moderation saved"
	}
	for _, sec := range sections {
		ss := secondStandard{Title: sec.Title, Anchor: sec.Anchor}
		for _, b := range sec.Blocks {
			for _, f := range append([]field{b.Lead}, b.Prompts...) {
				t := byQ[f.ID]
				rd := reading{field: f, First: l.stored[f.ID].Answer.Label(), FirstBy: l.stored[f.ID].Inspector, Second: t.Second.String()}
				if t.First != casework.NoAnswer {
					rd.First = t.First.Label() // the first reading as it stood before moderation
				}
				rd.Moderated = t.Moderated.Label()
				rd.Differs = t.Second != casework.NoAnswer && t.First != casework.NoAnswer && t.First != t.Second
				// The second reading's radios, under the first's field names with another id.
				rd.field.HTMLID = "s" + f.HTMLID
				rd.field.Options = nil
				for _, o := range f.Options {
					id := "s" + o.ID
					rd.field.Options = append(rd.field.Options, option{ID: id, Value: o.Value, Label: o.Label, Checked: o.Value == rd.Second})
				}
				if rd.Differs {
					p.Differ++
					rd.ModerateName = answerField + f.ID
					for _, o := range f.Options {
						moderated := t.Moderated.String()
						rd.ModerateOpts = append(rd.ModerateOpts, option{ID: "m" + o.ID, Value: o.Value, Label: o.Label, Checked: o.Value == moderated})
					}
				}
				ss.Readings = append(ss.Readings, rd)
			}
		}
		p.Standards = append(p.Standards, ss)
	}
	s.render(w, r, http.StatusOK, "second", p)
}

// saveSecondReading stores the second reading posted, as `fieldwork judge --reading 2` does.
func (s *Server) saveSecondReading(w http.ResponseWriter, r *http.Request, u user) {
	s.saveReading(w, r, u, "saved", func(js []casework.Judgement) error {
		_, err := s.db.SaveSecondReading(r.Context(), js, "web")
		return err
	})
}

// moderate stores the answers settled on, with the reason, as `fieldwork moderate` does.
func (s *Server) moderate(w http.ResponseWriter, r *http.Request, u user) {
	s.saveReading(w, r, u, "moderated", func(js []casework.Judgement) error {
		_, err := s.db.Moderate(r.Context(), js, r.PostForm.Get("reason"), u.Name)
		return err
	})
}

// saveReading stores the answers of the second-reading page's form with store, and returns
// to the page saying done.
func (s *Server) saveReading(w http.ResponseWriter, r *http.Request, u user, done string, store func([]casework.Judgement) error) {
	l, err := s.load(r.Context(), caseID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	js, err := postedAnswers(l, r, u)
	if err == nil {
		err = store(js)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, withQuery(caseAction(l.c.ID, "second"), done, "1"), http.StatusSeeOther)
}

// loadSections loads the request's case and its sections as stored; false when it failed,
// having said so.
func (s *Server) loadSections(w http.ResponseWriter, r *http.Request) (loaded, []section, bool) {
	l, err := s.load(r.Context(), caseID(r))
	if err != nil {
		s.fail(w, r, err)
		return l, nil, false
	}
	v := storedView(l.ins.Framework, l.stored)
	v.c = l.c
	return l, v.sections(), true
}

// postedAnswers reads the answers of a second-reading or moderation form, checked as the case
// form's are (readSubmission), as given by u.
func postedAnswers(l loaded, r *http.Request, u user) ([]casework.Judgement, error) {
	form := r.PostForm
	form.Set("version", "0") // neither a second reading nor a moderation changes the case's version
	form.Set("save", scopeAll)
	sub, err := readSubmission(l.ins.Framework, form)
	if err != nil {
		return nil, err
	}
	for _, q := range l.ins.Framework.Questions() {
		if e, ok := sub.errs[q.ID]; ok && e.answerErr != "" {
			return nil, casework.Errorf(casework.EINVALID, "%s. Nothing was saved.", e.answerErr)
		}
	}
	js := sub.judgements(l.ins.Framework, l.c.ID, u.Name)
	if len(js) == 0 {
		return nil, casework.Errorf(casework.EINVALID, "No answer was chosen, so nothing was saved.").WithHint("Choose an answer for each question to save, then save again.")
	}
	return js, nil
}
