package figures

import "fieldwork/casework"

// Options are the choices the lead inspector makes about the published figures.
type Options struct {
	// Suppress hides figures about too few relevant cases. The zero value is casework.DefaultSuppression:
	// suppression is off only for Internal figures.
	Suppress casework.Suppression
	// Internal is for figures used inside the inspectorate and never published: nothing is
	// suppressed (unless Suppress asks), a split that identifies cases is allowed, and every
	// output of them says they are not for publication.
	Internal bool
	// Final says the lead inspector has been through the checks before publishing
	// (BeforePublishing); until then the figures are a draft.
	Final bool
	// Confidence is the level of every interval, 0-1; 0 means casework.DefaultConfidence.
	Confidence float64
	// Release is how and by whom the figures are published, for the workbook's cover.
	Release Release
}

// Published is the figures as they are published: every figure comes from it with whether
// small numbers hide it, decided here and nowhere else.
type Published struct {
	Figures
	Suppress casework.Suppression
	// Status is whether the figures are a draft, final or not for publication at all.
	Status Status
	// Release is how and by whom the figures are published.
	Release Release
	// Confidence is the level of every interval, 0-1.
	Confidence float64
	// Since sets the inspection beside the previous one; nil without one.
	Since *Changes

	hinges map[string]casework.Hinge // by standard
}

// Publish decides what small numbers hide in fig under opt.
func Publish(fig Figures, opt Options) Published {
	conf := opt.Confidence
	if conf <= 0 || conf >= 1 {
		conf = casework.DefaultConfidence
	}
	p := Published{Figures: fig, Suppress: opt.Suppress, Status: Draft, Release: opt.Release.withDefaults(), Confidence: conf, hinges: map[string]casework.Hinge{}}
	switch {
	case opt.Internal:
		p.Status = NotForPublication
	case fig.Incomplete.Provisional():
		p.Status = Provisional
	case opt.Final:
		p.Status = Final
	}
	if !opt.Internal && p.Suppress.Below < 2 {
		p.Suppress = casework.DefaultSuppression
	}
	for _, h := range fig.Inspection.Framework.Hinges(fig.Result, conf) {
		p.hinges[h.Standard] = h
	}
	if fig.Previous != nil {
		c := Compare(*fig.Previous, Rated{Inspection: fig.Inspection, Result: fig.Result}, conf)
		p.Since = &c
	}
	p.Surveys = publishSurveys(fig.Surveys, conf, p.Suppress)
	return p
}

// Disclosure is whether a published figure is shown and, if not, why not.
type Disclosure int

const (
	Shown Disclosure = iota
	// Small is a figure counted over fewer relevant cases than the rule allows (primary
	// suppression).
	Small
	// GivesAway is a part of a total that is not small itself but, shown beside the total and
	// the other parts, would give a small one away (secondary suppression).
	GivesAway
	// FromHidden is a figure worked out from a suppressed one: the hinge of a standard that
	// counts a suppressed key question, a comparison with a suppressed group or reference, a
	// change from or to a suppressed figure.
	FromHidden
)

// Hidden reports whether the figure is suppressed, shown as [c].
func (d Disclosure) Hidden() bool { return d != Shown }

func (d Disclosure) String() string {
	switch d {
	case Small:
		return "too few relevant cases"
	case GivesAway:
		return "would give a suppressed part away"
	case FromHidden:
		return "worked out from a suppressed figure"
	}
	return "shown"
}

// hiddenWith is FromHidden when any of ds is hidden, else Shown.
func hiddenWith(ds ...Disclosure) Disclosure {
	for _, d := range ds {
		if d.Hidden() {
			return FromHidden
		}
	}
	return Shown
}

// Figure is one published tally and whether it is shown.
type Figure struct {
	casework.Tally
	Disclosure
}

// Figure is a tally published on its own: hidden when it speaks about a few cases
// (casework.Tally.DisclosureBase).
func (p Published) Figure(t casework.Tally) Figure {
	if p.Suppress.Hides(t.DisclosureBase()) {
		return Figure{t, Small}
	}
	return Figure{t, Shown}
}

// Parts are the parts of a published total (community orders and licences, the groups of a
// split): each hidden when small, and where exactly one is, the smallest other part with any
// relevant case too, so that the total less the shown parts cannot give it away.
func (p Published) Parts(ts []casework.Tally) []Figure {
	bases := make([]int, len(ts))
	for i, t := range ts {
		bases[i] = t.DisclosureBase()
	}
	hidden := p.Suppress.Split(bases)
	out := make([]Figure, len(ts))
	for i, t := range ts {
		out[i] = p.Figure(t)
		if hidden[i] && !out[i].Hidden() {
			out[i].Disclosure = GivesAway
		}
	}
	return out
}

// ByCaseType is one question's figures for all cases and for each of the framework's two case
// types (casework.Framework.CaseTypePair: community orders and licences, or court and
// out-of-court disposals).
type ByCaseType struct {
	All, First, Second Figure
}

// ByCaseType gives question id's figures by case type; all is its tally over all cases. The
// community orders and licences are suppressed together where one of them is small.
func (p Published) ByCaseType(id string, all casework.Tally) ByCaseType {
	pair := p.CaseTypePair()
	parts := p.Parts([]casework.Tally{pair[0].Tallies[id], pair[1].Tallies[id]})
	return ByCaseType{All: p.Figure(all), First: parts[0], Second: parts[1]}
}

// Reference is the index of the group the others of sp are compared with
// (casework.ReferenceGroup), -1 when it has no group.
func (sp Split) Reference() int {
	reference := casework.ReferenceGroup(sp.Field, sp.Groups)
	for i, g := range sp.Groups {
		if g.Value == reference {
			return i
		}
	}
	return -1
}

// InSplit is one question's figures in a split: all cases, then each group with its
// comparison against the reference group.
type InSplit struct {
	All    Figure
	Groups []GroupFigure // in the split's order
}

// GroupFigure is one group's figure on a question, and its rate against the reference group's.
type GroupFigure struct {
	Figure
	Reference bool
	// Compared is the group against the reference; zero for the reference itself. It is hidden
	// with either group, since the reference's figures follow from a group's and their
	// difference.
	Compared Comparison
}

// Comparison is a group's rate against the reference's, and whether it is shown.
type Comparison struct {
	casework.GroupRate
	Against casework.Tally // the reference group's
	Disclosure
}

// Differenced reports whether the groups' difference could be worked out: both have a relevant
// case.
func (c Comparison) Differenced() bool { return c.Tally.Relevant() > 0 && c.Against.Relevant() > 0 }

// InSplit gives question id's figures in sp; all is its tally over all cases.
func (p Published) InSplit(sp Split, id string, all casework.Tally) InSplit {
	ts := make([]casework.Tally, len(sp.Groups))
	for i, g := range sp.Groups {
		ts[i] = g.Tallies[id]
	}
	parts := p.Parts(ts)
	ref := sp.Reference()
	out := InSplit{All: p.Figure(all), Groups: make([]GroupFigure, len(sp.Groups))}
	for i, g := range sp.Groups {
		gf := GroupFigure{Figure: parts[i], Reference: i == ref}
		if !gf.Reference && ref >= 0 {
			rate := casework.RateAgainst(ts[i], ts[ref], false, p.Confidence)
			rate.Value, rate.Cases = g.Value, g.Cases
			gf.Compared = Comparison{rate, ts[ref], hiddenWith(parts[i].Disclosure, parts[ref].Disclosure)}
		}
		out.Groups[i] = gf
	}
	return out
}

// Hinge is how many answers a standard's rating hinges on, and whether it is shown.
type Hinge struct {
	casework.Hinge
	Disclosure
}

// Hinge is how firmly standard s's rating stands; ok is false when it has no hinge (it is not
// rated from cases, or not rated yet). A standard's hinge counts answers to all its key
// questions, so it is hidden with any of them, whether or not there is one.
func (p Published) Hinge(s casework.StandardResult) (h Hinge, ok bool) {
	h.Hinge, ok = p.hinges[s.ID]
	h.Disclosure = p.keyQuestionsHidden(s)
	return h, ok
}

// OverallHinge is whether the overall rating's hinge is shown: it counts every key question, so
// it is hidden with any of them.
func (p Published) OverallHinge() Disclosure {
	var ds []Disclosure
	for _, s := range p.Result.Standards {
		ds = append(ds, p.keyQuestionsHidden(s))
	}
	return hiddenWith(ds...)
}

func (p Published) keyQuestionsHidden(s casework.StandardResult) Disclosure {
	var ds []Disclosure
	for _, k := range s.KeyQuestions {
		ds = append(ds, p.Figure(k.Tally).Disclosure)
	}
	return hiddenWith(ds...)
}

// Change is one key question at the previous inspection and now, and whether the change
// between them is shown.
type Change struct {
	Previous, Current Figure
	// Disclosure is the change's own: hidden with either side, since either side's figures
	// follow from the other's and the change.
	Disclosure
}

// Change gives kc's figures, from Since.
func (p Published) Change(kc casework.KeyQuestionChange) Change {
	c := Change{Previous: p.Figure(kc.Previous), Current: p.Figure(kc.Current)}
	c.Disclosure = hiddenWith(c.Previous.Disclosure, c.Current.Disclosure)
	return c
}
