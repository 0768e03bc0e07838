package workbook

import (
	"fmt"
	"math"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
)

// The notes every workbook carries, numbered in this order; the departures from the data
// follow, one note each.
const (
	noteRelevant = iota + 1
	notePercent
	noteBands
	noteLowest
	notePoints
	noteSmall
	noteSymbols
	noteGroups
	noteSample
	noteFramework
	noteIdentifying
	noteInterval
	noteFirmness
	noteCompare
	noteHindsight
	noteDepartures
)

func ref(n int) string { return fmt.Sprintf("[note %d]", n) }

// notes writes the text of every note, in number order.
func notes(fig figures.Published) []string {
	fw := fig.Inspection.Framework
	out := []string{
		noteRelevant - 1: "A relevant case is one where the question applies. Answers of 'not applicable' leave the denominator: " +
			"% yes is the cases answered yes as a share of the relevant cases. Key questions apply to every case and are never answered 'not applicable'.",
		notePercent - 1: "Percentages are rounded to the nearest whole per cent, halves rounded up, as the report prints them, and held as the rounded value, so every program shows the same figure; " +
			"the exact share is the yes and relevant counts beside them. Ratings compare the exact share with the band edges, so a share shown as 65% can still fall in the band below 65%. " +
			"Confidence intervals are rounded the same way, differences to whole percentage points (halves away from zero) and relative rate indexes to two decimal places.",
		noteBands - 1:  bandsNote(fw),
		noteLowest - 1: "A case standard is rated by the band of its lowest key question: the driving key question, marked 'Yes' under 'Drives the rating' and in bold. Where two key questions tie, the first in the framework's order drives the rating.",
		notePoints - 1: pointsNote(fw),
		noteSmall - 1:  smallNote(fig.Suppress),
		noteSymbols - 1: "Shorthand: " + confidential + " confidential, suppressed so that people in small groups cannot be picked out; " +
			notAvailable + " not available, such as a rating not yet given or a population not recorded; " + notApplicable + " not applicable, a figure that cannot exist, such as a percentage of no relevant case, a ratio to a rate of 0%, or the driving key question of a standard rated from inspectors' evidence.",
		noteGroups - 1: "Cases are grouped by the details in the case list: case type, the grade of the responsible practitioner, RoSH (risk of serious harm) level, gender and ethnicity. " +
			"'Not recorded' is the group of cases with no value recorded. Every group's rows give its number of cases.",
		noteSample - 1:      sampleNote(fig),
		noteFramework - 1:   frameworkNote(fw),
		noteIdentifying - 1: "The workbook holds counts only. No case reference, name or other personal detail, and none of the inspectors' notes about a case, is in it.",
		noteInterval - 1:    intervalNote(fig.Confidence),
		noteFirmness - 1:    firmnessNote(fig.Confidence),
		noteCompare - 1:     compareNote(fig.Confidence),
		noteHindsight - 1:   hindsightNote(fig),
	}
	deps := departures(fig.Inspection.Framework, fig.Result)
	if len(deps) == 0 {
		return append(out, "No rating departs from the data or the decision guidance.")
	}
	return append(out, deps...)
}

// departures describes every rating that departs from the data or the decision guidance, with
// its reason: a rating against the guidance by the footnote the report prints.
func departures(fw *casework.Framework, res casework.Result) []string {
	var out []string
	for _, s := range res.Standards {
		if notes := guidanceNotes(res, s.ID); len(notes) > 0 {
			out = append(out, notes...)
		} else if s.Departure != nil {
			out = append(out, departureText(s.ID+" "+s.Name, s.Departure))
		}
	}
	if res.Departure != nil {
		out = append(out, departureText("the overall rating", res.Departure))
	}
	return out
}

// guidanceNotes are the footnotes of the decision-guidance rules standard id is rated against.
func guidanceNotes(res casework.Result, id string) []string {
	var out []string
	for _, b := range res.Guidance {
		if b.When == id {
			out = append(out, b.Footnote())
		}
	}
	return out
}

func departureText(what string, d *casework.Departure) string {
	if d.From == 0 {
		// No rating from the data to depart from: the inspectors rated it from their evidence.
		return sentence(fmt.Sprintf("Rated by the inspectors: %s was rated %s from their evidence. Reason: %s", what, d.To, d.Reason))
	}
	return sentence(fmt.Sprintf("Departure: the data gave %s %s; the inspectors rated it %s. Reason: %s", what, d.From, d.To, d.Reason))
}

// sentence ends s with a full stop unless it ends with punctuation already.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// departureNote is the number of the note about standard id's departure ("overall" for the
// overall rating), 0 when it has none.
func departureNote(res casework.Result, id string) int {
	n := noteDepartures
	for _, s := range res.Standards {
		k := len(guidanceNotes(res, s.ID)) // as many notes as departures lists for the standard
		if k == 0 && s.Departure != nil {
			k = 1
		}
		if k > 0 {
			if s.ID == id {
				return n
			}
			n += k
		}
	}
	if res.Departure != nil && id == casework.Overall {
		return n
	}
	return 0
}

func bandsNote(fw *casework.Framework) string {
	var parts []string
	for i, b := range fw.Bands {
		var span string
		switch {
		case i == len(fw.Bands)-1:
			span = fmt.Sprintf("%g%% or more", b.From)
		case b.From == 0:
			span = fmt.Sprintf("under %g%%", fw.Bands[i+1].From)
		default:
			span = fmt.Sprintf("%g%% to under %g%%", b.From, fw.Bands[i+1].From)
		}
		parts = append(parts, fmt.Sprintf("%s '%s' (%s)", span, b.Name, b.Rating))
	}
	return "The share of relevant cases answered yes to a key question falls in a band: " + strings.Join(parts, "; ") +
		". Bands compare the exact share, never the rounded percentage."
}

func pointsNote(fw *casework.Framework) string {
	var pts, thr []string
	for i := len(casework.Ratings) - 1; i >= 0; i-- {
		r := casework.Ratings[i]
		pts = append(pts, fmt.Sprintf("%s %d", r, fw.Points[r]))
	}
	for _, t := range fw.Overall {
		thr = append(thr, fmt.Sprintf("%d to %d %s", t.From, t.To, t.Rating))
	}
	var apart []string
	for _, s := range fw.Standards {
		if !s.CountsToScore() {
			apart = append(apart, s.ID+" "+s.Name)
		}
	}
	scored := fmt.Sprintf("%d standards", len(fw.Scored()))
	if len(apart) > 0 {
		scored += fmt.Sprintf(" that count (%s: rated, %s)", strings.Join(apart, ", "), casework.NotCountedNote)
	}
	return fmt.Sprintf("Points for each standard's rating: %s. The score is their sum over the %s, out of %d. The overall rating comes from the score: %s.",
		strings.Join(pts, ", "), scored, fw.MaxScore(), strings.Join(thr, "; "))
}

func smallNote(suppress casework.Suppression) string {
	if suppress.Below > 1 {
		return fmt.Sprintf("Figures counted over fewer than %d relevant cases are suppressed and shown as %s, so that no person or practitioner in a small group can be picked out. "+
			"So that no total or difference gives a suppressed figure away, where only one group of a split would be suppressed, the next smallest group is suppressed too, "+
			"and an interval, comparison or hinge worked out from a suppressed figure is suppressed with it. "+
			"Case counts are shown, so small groups stay visible.", suppress.Below, confidential)
	}
	return "No figure is suppressed in these figures, which are not for publication. Every group's number of cases is shown: " +
		"a percentage of a few cases swings widely with one answer, and may be one person's answers."
}

func sampleNote(fig figures.Published) string {
	pair := fig.CaseTypePair()
	s := fmt.Sprintf("The inspectors read %s: %s and %s. Each case was read by one inspector, who answered every key question and the prompts that apply to it.",
		plural(fig.Cases(), "case", "cases"), typeCount(pair[0]), typeCount(pair[1]))
	if fig.Population == nil {
		return s + " The eligible population the sample was drawn from is not recorded with these figures, so it is not available (" + notAvailable + ") on the sample profile sheet."
	}
	s += " The sample was drawn from the eligible population by proportional stratified random allocation; the sample profile sheet sets the two side by side."
	if d := fig.Design; d != nil {
		var fields []string
		for _, f := range d.StratifyBy {
			fields = append(fields, fieldPhrase(f))
		}
		s += fmt.Sprintf(" Design: %d of %d eligible cases whose order or licence commenced in %s (%s left out, each with a recorded reason), stratified by %s, random seed %d; "+
			"the size gives a margin of error of plus or minus %.1f percentage points at %g%% confidence.",
			d.Size, d.Population, strings.Join(windows(d.Windows), " or "), plural(d.Excluded, "case", "cases"), strings.Join(fields, ", "), d.Seed, 100*d.Margin, 100*d.Confidence)
	}
	return s
}

// windows writes commencement windows "2024-01-22:2024-01-28" as "22 January 2024 to 28 January 2024".
func windows(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		from, to, ok := strings.Cut(w, ":")
		if !ok {
			out[i] = w
			continue
		}
		out[i] = longDate(from) + " to " + longDate(to)
	}
	return out
}

// frameworkNote names the framework the inspection used. Its own account of its sources, which
// the inspectorate confirms before publishing, is on the checklist printed beside the workbook
// (figures.Published.BeforePublishing), not in it.
func frameworkNote(fw *casework.Framework) string {
	return fmt.Sprintf("Framework %s: %s. Its standards, key questions and prompts are on the standards' sheets; its bands, points and overall score ranges on the Method sheet.", fw.ID, fw.Name)
}

func intervalNote(confidence float64) string {
	l := level(confidence)
	return fmt.Sprintf("'%s CI lower' and 'upper' are the ends of the %s confidence interval of %% yes, the Wilson score interval, shown as whole percentages "+ref(notePercent)+". "+
		"It says how far the share could be from the share among all the eligible cases by the chance of which cases were drawn: intervals worked out this way hold the true share %s of the time. "+
		"It does not cover differences in how inspectors judged cases. It stays within 0%% to 100%% and is right for few cases and for shares of 0%% or 100%%, where a simpler interval fails. "+
		"A wide interval is a percentage to read with care; where the interval of a key question spans a band edge, the band it falls in could be chance. "+
		"The interval of a suppressed figure is suppressed too, and a percentage of no relevant case has none (%s).", l, l, l, notApplicable)
}

func firmnessNote(confidence float64) string {
	return fmt.Sprintf("How firmly each rating stands: for each standard rated from the cases, the fewest answers to its key questions that would have to have been judged the other way for the data to give the band above or below, "+
		"and the same for the overall rating, moving standards between bands by the cheapest route. A rating that one or two answers would move hinges on a few cases. "+
		"'Driving key question's interval crosses a band edge' is Yes where the %s confidence interval of the driving key question %s spans a band edge, so the rating could be chance. "+
		"A rating set by a departure from the data stays whatever the answers; its sentences are about the rating the data give.", level(confidence), ref(noteInterval))
}

func compareNote(confidence float64) string {
	l := level(confidence)
	return fmt.Sprintf("Comparing groups: on the sheets by grade, RoSH level, gender, ethnicity and other case details, each group is compared with a reference group, "+
		"PO for practitioner grade where the sample has cases managed by POs, otherwise the largest group. "+
		"The difference is the group's %% yes less the reference's, in percentage points, with its %s confidence interval by Newcombe's hybrid score method. "+
		"'Differs' is Yes where that interval excludes no difference: a gap larger than the chance of which cases were drawn would explain. "+
		"The relative rate index is the group's %% yes divided by the reference's (1 is the same rate, 0.5 half of it), with its %s confidence interval recovered from the two groups' Wilson intervals (Donner and Zou's method), "+
		"which holds at 0%% and 100%% and excludes 1 exactly when the difference's interval excludes 0: the two never disagree, and 'Differs' is the one verdict on them. "+
		"It cannot exist (%s) where the reference has no 'yes' or either group no relevant case. "+
		"'Small group' is Yes where the group or the reference has fewer than %d relevant cases: its comparison says little whatever the figures. "+
		"Where groups do not truly differ, about one comparison in %d is still flagged 'Differs' by chance, and with many questions and groups some will be; a difference between groups of cases shows where practice differs, not why: "+
		"the groups also differ in the cases they hold.", l, l, notApplicable, casework.SmallGroup, int(math.Round(1/(1-confidence))))
}

// hindsightNote says how the margin of error beside each percentage on the standards' sheets is
// worked out, from the sample the inspectors read.
func hindsightNote(fig figures.Published) string {
	s := "Sample size in hindsight: 'Margin of error' on each standard's sheet is the margin of error each percentage actually has, at " + level(fig.Confidence) + " confidence, " +
		"in percentage points either side, from its share and its relevant cases. "
	if d := fig.Design; d != nil && d.Population > 0 {
		s += fmt.Sprintf("The sample drawn: %d of %d eligible cases, a size chosen for a margin of plus or minus %.1f percentage points at %s confidence %s; "+
			"a higher confidence level widens every margin. The margins allow for the sample being a share of the eligible cases (the finite population correction). ",
			d.Size, d.Population, 100*d.Margin, level(d.Confidence), ref(noteSample))
	} else {
		s += "The size of the eligible population is not recorded with these figures: the margins treat it as infinite, which makes them a little wider than they are where the sample is a large share of the population. "
	}
	return s + "The margin is the half-width of the simple interval that sample sizes are planned with; it is zero at 0% or 100%, where the Wilson interval " + ref(noteInterval) + " is the one to read."
}
