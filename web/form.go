package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fieldwork/casework"
)

// The case form's fields, per question: its answer "a:ID"; the stored answer when the page
// was made "w:ID", which tells the inspector's own changes from someone else's when a save
// clashes; on a key question or other case question, a note "n:ID" and a fingerprint of the
// stored note "wn:ID". Then "version" (the case's version when the page was made), "save"
// (which standard the button saves, or "all") and the CSRF token.
const (
	answerField  = "a:"
	wasField     = "w:"
	noteField    = "n:"
	wasNoteField = "wn:"
	scopeAll     = "all"
	scopeOther   = "other" // the case questions outside the standards
	// scopeNothing is the form's first, hidden button, the one a browser presses for Enter
	// with JavaScript off. Enter saves nothing then: the server cannot tell which standard the
	// inspector was in, and saving the first (as the first visible button made it) saved the
	// wrong one. With JavaScript, static/form.js presses the save button of the standard the
	// focus is in.
	scopeNothing = "nothing"
)

// maxNote is the longest note accepted, in characters.
const maxNote = 2000

type option struct {
	ID, Value, Label string
	Checked          bool
}

// field is one question on the case form.
type field struct {
	casework.Question
	HTMLID  string
	Options []option
	Answer  string // the answer shown: "yes", "no", "n/a" or ""
	Was     string // the stored answer when the page was made
	By      string // who gave the stored answer
	Error   string
	// Theirs is the answer someone else saved meanwhile that differs from the one shown,
	// which is this inspector's unsaved answer; TheirsBy is who saved it.
	Theirs, TheirsBy string
	ChangedBy        string // someone else changed this meanwhile; their answer is shown
	Pending          bool   // changed on this page but not saved yet
	Applies          bool   // the question is asked of this case (casework.Question.AppliesTo)
	Note             *note  // key questions and other case questions carry a note
}

type note struct {
	HTMLID, Text, WasMark string
	Error                 string
	Theirs, TheirsBy      string
	Pending               bool
}

func (f field) Name() string            { return answerField + f.ID }
func (f field) WasName() string         { return wasField + f.ID }
func (f field) FirstID() string         { return f.Options[0].ID }
func (f field) IsKey() bool             { return f.Kind == casework.KindKey }
func (n note) Name(id string) string    { return noteField + id }
func (n note) WasName(id string) string { return wasNoteField + id }

// Describedby lists the ids of the hint and the messages that describe the field.
func (f field) Describedby() string {
	ids := []string{f.HTMLID + "-hint"}
	if f.Error != "" {
		ids = append(ids, f.HTMLID+"-error")
	}
	if f.Theirs != "" || f.ChangedBy != "" {
		ids = append(ids, f.HTMLID+"-theirs")
	}
	return strings.Join(ids, " ")
}

// block is a key question with its prompts, or another case question alone.
type block struct {
	Lead    field
	Prompts []field
}

// section is a standard, or the other case questions, with its own save button.
type section struct {
	Scope, Title, Anchor string
	Blocks               []block
	Answered, Required   int  // over the questions asked of this case
	Held                 bool // some question holds an answer
}

// shown is what the form shows for a question where it differs from what is stored.
type shown struct {
	answer, note           string
	answerErr, noteErr     string
	theirs, theirsNote     bool
	changedBy, noteChanged bool
	pending, notePending   bool
}

// view is everything the case form is built from: the stored answers, the stored state the
// hidden fields record (what the inspector's page was made from), and per question what to
// show instead of the stored answer.
type view struct {
	c       casework.Case // the case: which questions apply to it
	fw      *casework.Framework
	stored  map[string]casework.Judgement
	was     map[string]string // answer per question the page was made from
	wasNote map[string]string // note fingerprint per question the page was made from
	show    map[string]shown
}

func mark(note string) string {
	if note == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(note))
	return hex.EncodeToString(sum[:8])
}

// storedView shows what is stored.
func storedView(fw *casework.Framework, stored map[string]casework.Judgement) view {
	v := view{fw: fw, stored: stored, was: map[string]string{}, wasNote: map[string]string{}, show: map[string]shown{}}
	for id, j := range stored {
		v.was[id], v.wasNote[id] = j.Answer.String(), mark(j.Note)
	}
	return v
}

func (v view) sections() []section {
	index := map[string]int{}
	byID := map[string]casework.Question{}
	for i, q := range v.fw.Questions() {
		index[q.ID], byID[q.ID] = i, q
	}
	make1 := func(q casework.Question, withNote bool) field {
		i := index[q.ID]
		f := field{Question: q, HTMLID: fmt.Sprintf("q%d", i), Was: v.was[q.ID], Applies: q.AppliesTo(v.c)}
		j, stored := v.stored[q.ID]
		sh, changed := v.show[q.ID]
		f.Answer = j.Answer.String()
		if changed {
			f.Answer = sh.answer
			f.Error, f.Pending = sh.answerErr, sh.pending
			if sh.theirs {
				f.Theirs, f.TheirsBy = j.Answer.Label(), j.Inspector
			}
			if sh.changedBy {
				f.ChangedBy = orSomeone(j.Inspector)
			}
		}
		if stored {
			f.By = j.Inspector
		}
		allowed := []casework.Answer{casework.Yes, casework.No}
		if q.Kind != casework.KindKey && q.NotApplicable {
			allowed = append(allowed, casework.NotApplicable)
		}
		for _, a := range allowed {
			id := f.HTMLID + "-" + map[casework.Answer]string{casework.Yes: "yes", casework.No: "no", casework.NotApplicable: "na"}[a]
			f.Options = append(f.Options, option{ID: id, Value: a.String(), Label: a.Label(), Checked: f.Answer == a.String()})
		}
		if withNote {
			n := &note{HTMLID: f.HTMLID + "-note", Text: j.Note, WasMark: v.wasNote[q.ID]}
			if changed {
				n.Text, n.Error, n.Pending = sh.note, sh.noteErr, sh.notePending
				if sh.theirsNote {
					n.Theirs, n.TheirsBy = j.Note, orSomeone(j.Inspector)
				}
			}
			f.Note = n
		}
		return f
	}
	var out []section
	for _, s := range v.fw.Standards {
		if len(s.KeyQuestions) == 0 {
			continue
		}
		sec := section{Scope: s.ID, Title: s.ID + " " + s.Name, Anchor: fmt.Sprintf("standard-%d", len(out)+1)}
		for _, k := range s.KeyQuestions {
			b := block{Lead: make1(byID[k.ID], true)}
			for _, p := range k.Prompts {
				b.Prompts = append(b.Prompts, make1(byID[p.ID], false))
			}
			sec.Blocks = append(sec.Blocks, b)
		}
		out = append(out, sec)
	}
	if len(v.fw.CaseQuestions) > 0 {
		sec := section{Scope: scopeOther, Title: "Other judgements about the case", Anchor: "other-judgements"}
		for _, c := range v.fw.CaseQuestions {
			sec.Blocks = append(sec.Blocks, block{Lead: make1(byID[c.ID], true)})
		}
		out = append(out, sec)
	}
	// A standard asked of another sample of cases is left off, unless it holds answers.
	kept := out[:0]
	for _, sec := range out {
		for _, b := range sec.Blocks {
			for _, f := range append([]field{b.Lead}, b.Prompts...) {
				_, answered := v.stored[f.ID]
				if f.Applies {
					sec.Required++
				}
				if f.Applies && answered {
					sec.Answered++
				}
				if answered {
					sec.Held = true
				}
			}
		}
		if sec.Required > 0 || sec.Held {
			kept = append(kept, sec)
		}
	}
	out = kept
	return out
}

func label(answer string) string {
	a, _ := casework.ParseAnswer(answer)
	return a.Label()
}

func orSomeone(name string) string {
	if name == "" {
		return "someone else"
	}
	return name
}

// scopeTitle names what a save button saves, "" for no such scope.
func scopeTitle(fw *casework.Framework, scope string) string {
	switch scope {
	case scopeAll:
		return "all answers"
	case scopeOther:
		if len(fw.CaseQuestions) > 0 {
			return "Other judgements about the case"
		}
		return ""
	}
	if s, ok := fw.Standard(scope); ok && len(s.KeyQuestions) > 0 {
		return s.ID + " " + s.Name
	}
	return ""
}

func inScope(q casework.Question, scope string) bool {
	switch scope {
	case scopeAll:
		return true
	case scopeOther:
		return q.Kind == casework.KindCase
	}
	return q.Kind != casework.KindCase && q.Standard == scope
}

// submission is a posted case form, read and checked.
type submission struct {
	version int
	scope   string
	answer  map[string]string // canonical answer per question, "" when not answered
	was     map[string]string
	note    map[string]string
	wasNote map[string]string
	errs    map[string]shown // per question, the messages for its answer and note
}

// readSubmission reads a posted case form. A form that could not have come from the page (no
// version, an unknown button or question) is an error; answers and notes that break a rule
// are collected in errs, so the form can be shown again with every message at once.
func readSubmission(fw *casework.Framework, form url.Values) (*submission, error) {
	sub := &submission{answer: map[string]string{}, was: map[string]string{}, note: map[string]string{}, wasNote: map[string]string{}, errs: map[string]shown{}}
	v, err := strconv.Atoi(form.Get("version"))
	if err != nil || v < 0 {
		return nil, casework.Errorf(casework.EINVALID, "The form has no valid case version, so it cannot be saved safely. Nothing was saved.").
			WithHint("Open the case again from the case list.")
	}
	sub.version = v
	sub.scope = form.Get("save")
	if sub.scope == "" {
		sub.scope = scopeAll // a form sent with the Enter key, as some browsers do, saves the lot
	}
	if sub.scope != scopeNothing && scopeTitle(fw, sub.scope) == "" {
		return nil, casework.Errorf(casework.EINVALID, "The form asks to save %q, which is not a part of this case. Nothing was saved.", sub.scope)
	}
	known := map[string]casework.Question{}
	for _, q := range fw.Questions() {
		known[q.ID] = q
	}
	for name := range form {
		for _, prefix := range []string{answerField, wasField, noteField, wasNoteField} {
			if id, ok := strings.CutPrefix(name, prefix); ok {
				if _, ok := known[id]; !ok {
					return nil, casework.Errorf(casework.EINVALID, "The form has a field for %q, which is not a question of framework %s. Nothing was saved.", id, fw.ID)
				}
			}
		}
	}
	for _, q := range fw.Questions() {
		e := shown{}
		raw := strings.TrimSpace(form.Get(answerField + q.ID))
		if raw != "" {
			a, err := casework.ParseAnswer(raw)
			if err == nil {
				err = q.CheckAnswer(a)
			}
			if err != nil {
				e.answerErr = fmt.Sprintf("%s: %v", q.ID, err)
			} else {
				sub.answer[q.ID] = a.String()
			}
		}
		sub.was[q.ID] = strings.TrimSpace(form.Get(wasField + q.ID))
		sub.wasNote[q.ID] = form.Get(wasNoteField + q.ID)
		if q.Kind != casework.KindPrompt {
			n := strings.TrimSpace(strings.ReplaceAll(form.Get(noteField+q.ID), "\r\n", "\n"))
			sub.note[q.ID] = n
			switch {
			case len([]rune(n)) > maxNote:
				e.noteErr = fmt.Sprintf("The note on %s must be %d characters or fewer (it has %d)", q.ID, maxNote, len([]rune(n)))
			case n != "" && mark(n) != sub.wasNote[q.ID] && raw == "":
				e.noteErr = fmt.Sprintf("Answer %s before saving a note on it", q.ID)
			}
		}
		if e.answerErr != "" || e.noteErr != "" {
			sub.errs[q.ID] = e
		}
	}
	return sub, nil
}

// changedAnswer and changedNote say whether the inspector changed a question on the page. An
// emptied field is not a change: a stored answer or note is never erased from the form.
func (sub *submission) changedAnswer(id string) bool {
	return casework.ChangedSince(sub.was[id], sub.answer[id])
}

func (sub *submission) changedNote(id string) bool {
	return casework.ChangedSince(sub.wasNote[id], mark(sub.note[id]))
}

// judgements are the answers in scope, recorded as given by who. Unchanged answers go too:
// the store leaves them as they are, with the inspector who first gave them.
func (sub *submission) judgements(fw *casework.Framework, caseID, who string) []casework.Judgement {
	var js []casework.Judgement
	for _, q := range fw.Questions() {
		if !inScope(q, sub.scope) || sub.answer[q.ID] == "" {
			continue
		}
		a, _ := casework.ParseAnswer(sub.answer[q.ID])
		js = append(js, casework.Judgement{CaseID: caseID, Question: q.ID, Answer: a, Inspector: who, Note: sub.note[q.ID], Where: "question " + q.ID})
	}
	return js
}

// asPosted shows the form as it was posted, with its messages: the view for a form with
// faults, where the hidden fields keep what the page was made from.
func (sub *submission) asPosted(fw *casework.Framework, stored map[string]casework.Judgement) view {
	v := view{fw: fw, stored: stored, was: sub.was, wasNote: sub.wasNote, show: map[string]shown{}}
	for _, q := range fw.Questions() {
		e := sub.errs[q.ID]
		e.answer, e.note = sub.answer[q.ID], sub.note[q.ID]
		if e.answer == "" && e.answerErr == "" {
			e.answer = sub.was[q.ID]
		}
		e.pending, e.notePending = sub.changedAnswer(q.ID), sub.changedNote(q.ID)
		v.show[q.ID] = e
	}
	return v
}

// unsavedOutside keeps the inspector's changes outside the scope just saved on the form, marked
// as not saved yet, over the answers now stored. It returns the view and the titles of the
// sections with unsaved changes.
func (sub *submission) unsavedOutside(fw *casework.Framework, stored map[string]casework.Judgement) (view, []string) {
	v := storedView(fw, stored)
	var titles []string
	for _, q := range fw.Questions() {
		if inScope(q, sub.scope) || (!sub.changedAnswer(q.ID) && !sub.changedNote(q.ID)) {
			continue
		}
		j := stored[q.ID]
		e := shown{answer: j.Answer.String(), note: j.Note}
		if sub.changedAnswer(q.ID) {
			e.answer, e.pending = sub.answer[q.ID], true
		}
		if sub.changedNote(q.ID) {
			e.note, e.notePending = sub.note[q.ID], true
		}
		v.show[q.ID] = e
		scope := q.Standard
		if q.Kind == casework.KindCase {
			scope = scopeOther
		}
		if t := scopeTitle(fw, scope); !slices.Contains(titles, t) {
			titles = append(titles, t)
		}
	}
	return v, titles
}

// merge is the form after a refused save, decided as `fieldwork merge` decides (ours is the
// answer saved meanwhile, theirs the inspector's unsaved one, the base what the page was made
// from), for the answer and the note apart: where only the inspector changed a question, their
// unsaved answer; where only someone else did, the saved one, marked; where both did and
// differ, the inspector's answer with the other one shown beside it. Nothing is saved: the
// inspector looks, and saves again.
func (sub *submission) merge(fw *casework.Framework, stored map[string]casework.Judgement) (v view, clashes []casework.Question, others []string) {
	v = storedView(fw, stored)
	for _, q := range fw.Questions() {
		j := stored[q.ID]
		saved, savedNote := j.Answer.String(), mark(j.Note)
		e := shown{answer: saved, note: j.Note}
		otherChanged := saved != sub.was[q.ID]
		otherNote := savedNote != sub.wasNote[q.ID]
		if otherChanged || otherNote {
			if !slices.Contains(others, orSomeone(j.Inspector)) {
				others = append(others, orSomeone(j.Inspector))
			}
		}
		if d := casework.DecideMerge(sub.was[q.ID], saved, sub.answer[q.ID], false); d.Action == casework.KeepOurs {
			e.changedBy = otherChanged
		} else {
			e.answer, e.pending = sub.answer[q.ID], true
			e.theirs = d.Action == casework.Conflict
		}
		if d := casework.DecideMerge(sub.wasNote[q.ID], savedNote, mark(sub.note[q.ID]), false); d.Action == casework.KeepOurs {
			e.noteChanged = otherNote
		} else {
			e.note, e.notePending = sub.note[q.ID], true
			e.theirsNote = d.Action == casework.Conflict
		}
		if e.theirs || e.theirsNote {
			clashes = append(clashes, q)
		}
		v.show[q.ID] = e
	}
	return v, clashes, others
}

type casePage struct {
	page
	Case                 casework.Case
	URL, HistoryURL      string
	ReadBy               string
	Version              int
	Answered, Required   int
	Sections             []section
	Saved                string   // what was just saved
	Unsaved              []string // sections with changes not saved yet
	Warnings, Unanswered []problem
	Conflict             bool
	SavedMeanwhile       string // who saved the case while this inspector worked on it
	SavedAnchor          string // the section just saved, which the page returns to
	NothingSaved         bool   // Enter was pressed with JavaScript off
	Pending              bool   // the page shows changes not saved yet
	DraftKey             string // where static/form.js keeps the draft of this case in the browser
	Done                 string // what the team's last action on the case did (allocated, signed off...)
	teamPart
}

// loaded is a case and its stored answers.
type loaded struct {
	ins     casework.Inspection
	c       casework.Case
	stored  map[string]casework.Judgement
	version int
	st      casework.Standing // who has the case, and whether it is signed off
}

func (s *Server) load(ctx context.Context, id string) (loaded, error) {
	var l loaded
	var err error
	if l.ins, err = s.db.Inspection(ctx); err != nil {
		return l, err
	}
	if l.c, err = s.db.Case(ctx, id); err != nil {
		return l, err
	}
	if l.stored, l.version, err = s.db.CaseAnswers(ctx, id); err != nil {
		return l, err
	}
	standings, err := s.db.Standings(ctx)
	l.st = standings[id]
	return l, err
}

func (s *Server) newCasePage(w http.ResponseWriter, r *http.Request, l loaded, v view, version int) (casePage, error) {
	p := casePage{page: s.base(w, r, "Case "+l.c.ID), Case: l.c, Version: version}
	p.Nav = "cases"
	p.URL = caseURL(l.c.ID)
	p.HistoryURL = historyURL(l.c.ID)
	by := map[string]int{}
	answers := map[string]casework.Answer{}
	for id, j := range l.stored {
		by[j.Inspector]++
		answers[id] = j.Answer
	}
	p.ReadBy = casework.ReadBy(l.c, by)
	p.Answered, p.Required = l.ins.Framework.ProgressFor(l.c, answers)
	v.c = l.c
	p.Sections = v.sections()
	for _, sh := range v.show {
		p.Pending = p.Pending || sh.pending || sh.notePending
	}
	p.DraftKey = s.draftKey(l.c.ID)
	u, _ := s.who(r)
	var err error
	p.teamPart, err = s.teamPart(r, u, l, p.Sections)
	return p, err
}

// anchorOf is the id of the section that saves scope, "" for the whole page.
func anchorOf(sections []section, scope string) string {
	for _, sec := range sections {
		if sec.Scope == scope {
			return sec.Anchor
		}
	}
	return ""
}

// fieldHref links a message to its question's first radio, or with note set to its note.
func fieldHref(sections []section, question string, note bool) string {
	for _, s := range sections {
		for _, b := range s.Blocks {
			for _, f := range append([]field{b.Lead}, b.Prompts...) {
				switch {
				case f.ID != question:
				case note && f.Note != nil:
					return "#" + f.Note.HTMLID
				default:
					return "#" + f.FirstID()
				}
			}
		}
	}
	return "#main-content"
}

// checks adds, after a save, what CheckCase finds: contradictions as warnings and the key
// questions still to answer. Neither blocks saving.
func (p *casePage) checks(fw *casework.Framework, stored map[string]casework.Judgement) {
	answers := map[string]casework.Answer{}
	for id, j := range stored {
		answers[id] = j.Answer
	}
	for _, f := range fw.CheckCaseFor(p.Case, answers) {
		pr := problem{Href: fieldHref(p.Sections, f.Question, false), Message: f.Message}
		if f.Severity == casework.SeverityWarning {
			p.Warnings = append(p.Warnings, pr)
		} else {
			p.Unanswered = append(p.Unanswered, pr)
		}
	}
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, u user) {
	l, err := s.load(r.Context(), caseID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fw := l.ins.Framework
	v, version := storedView(fw, l.stored), l.version
	var unsaved []string
	q := r.URL.Query()
	if c, ok := s.keptChanges(r, q.Get("kept"), l.c.ID); ok {
		// The page after a save that left changes elsewhere: as the answers stood after it, with
		// those changes kept.
		l.stored, version = c.stored, c.version
		v, unsaved = c.sub.unsavedOutside(fw, c.stored)
	}
	p, err := s.newCasePage(w, r, l, v, version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for param, done := range map[string]string{"allocated": "Allocated to " + orNoOne(p.AllocatedTo), "signed": "Signed off: its answers are locked", "reopened": "Reopened: its answers can be changed again"} {
		if q.Get(param) != "" {
			p.Done = done
		}
	}
	if saved := scopeTitle(fw, q.Get("saved")); saved != "" {
		p.Saved, p.Unsaved = saved, unsaved
		p.SavedAnchor = anchorOf(p.Sections, q.Get("saved"))
		p.checks(fw, l.stored)
	}
	s.render(w, r, http.StatusOK, "case", p)
}

// keptChanges returns the changes a save kept for the page after it (kept).
func (s *Server) keptChanges(r *http.Request, id, caseID string) (*keptChanges, bool) {
	c, err := r.Cookie(s.sessionCookie)
	if id == "" || err != nil {
		return nil, false
	}
	return s.kept.get(id, ownerOf(c.Value), caseID, s.now())
}

// saveCase saves the answers of one standard, or of the whole page, as the signed-in
// inspector, if the case is still at the version the page was made from.
func (s *Server) saveCase(w http.ResponseWriter, r *http.Request, u user) {
	ctx := r.Context()
	l, err := s.load(ctx, caseID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fw := l.ins.Framework
	sub, err := readSubmission(fw, r.PostForm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if a := casework.FirstReadingAccess(accessRole(u), u.Name, l.c.ID, standingOf(l), s.colleagues); !a.Edit && sub.scope != scopeNothing {
		// The store refuses a signed-off case whoever asks; the form says so first, and keeps
		// what was entered on the page.
		p, err := s.newCasePage(w, r, l, sub.asPosted(fw, l.stored), sub.version)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Title = "Error: " + p.Title
		p.Errors = append(p.Errors, problem{"#main-content", a.Refusal + " Nothing was saved."})
		status := http.StatusForbidden
		if l.st.SignedOffBy != "" {
			status = http.StatusConflict
		}
		s.render(w, r, status, "case", p)
		return
	}
	if len(sub.errs) > 0 {
		// Nothing is saved; the page keeps the version it was made from, so a save after the
		// fix still notices anyone else's save in between.
		p, err := s.newCasePage(w, r, l, sub.asPosted(fw, l.stored), sub.version)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Title = "Error: " + p.Title
		for _, q := range fw.Questions() {
			e := sub.errs[q.ID]
			if e.answerErr != "" {
				p.Errors = append(p.Errors, problem{fieldHref(p.Sections, q.ID, false), e.answerErr})
			}
			if e.noteErr != "" {
				p.Errors = append(p.Errors, problem{fieldHref(p.Sections, q.ID, true), e.noteErr})
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "case", p)
		return
	}
	if sub.scope == scopeNothing {
		p, err := s.newCasePage(w, r, l, sub.asPosted(fw, l.stored), sub.version)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.NothingSaved = true
		s.render(w, r, http.StatusOK, "case", p)
		return
	}
	version, _, err := s.db.SaveCaseAnswers(ctx, l.c.ID, sub.version, sub.judgements(fw, l.c.ID, u.Name), "web")
	if errors.Is(err, casework.ErrStale) {
		s.conflict(w, r, l.c.ID, sub)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stored, _, err := s.db.CaseAnswers(ctx, l.c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Back to the page, at the standard saved. Changes elsewhere not saved yet are kept for it.
	next := withQuery(caseURL(l.c.ID), "saved", sub.scope)
	if _, unsaved := sub.unsavedOutside(fw, stored); len(unsaved) > 0 {
		c, _ := r.Cookie(s.sessionCookie) // signedIn has seen it
		next = withQuery(next, "kept", s.kept.put(&keptChanges{owner: ownerOf(c.Value), caseID: l.c.ID, sub: sub, stored: stored, version: version, at: s.now()}))
	}
	v := storedView(fw, stored)
	v.c = l.c
	if a := anchorOf(v.sections(), sub.scope); a != "" {
		next += "#" + a
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// conflict shows the form again after a refused save, with the answers saved meanwhile and
// the inspector's unsaved ones, and the case's current version so the next save goes through.
func (s *Server) conflict(w http.ResponseWriter, r *http.Request, id string, sub *submission) {
	l, err := s.load(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, clashes, others := sub.merge(l.ins.Framework, l.stored)
	p, err := s.newCasePage(w, r, l, v, l.version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Title = "Error: " + p.Title
	p.Conflict = true
	p.SavedMeanwhile = strings.Join(others, " and ")
	if p.SavedMeanwhile == "" {
		p.SavedMeanwhile = "someone else"
	}
	for _, q := range clashes {
		j, e := l.stored[q.ID], v.show[q.ID]
		if e.theirs {
			p.Errors = append(p.Errors, problem{fieldHref(p.Sections, q.ID, false),
				fmt.Sprintf("%s: %s saved %s; your answer, not saved yet, is %s", q.ID, orSomeone(j.Inspector), j.Answer.Label(), label(e.answer))})
		}
		if e.theirsNote {
			p.Errors = append(p.Errors, problem{fieldHref(p.Sections, q.ID, true),
				fmt.Sprintf("%s: %s saved a different note from yours", q.ID, orSomeone(j.Inspector))})
		}
	}
	if len(p.Errors) == 0 {
		p.Errors = append(p.Errors, problem{"#main-content", fmt.Sprintf("%s saved this case while you were working on it: check the answers marked below, then save again", p.SavedMeanwhile)})
	}
	s.render(w, r, http.StatusConflict, "case", p)
}
