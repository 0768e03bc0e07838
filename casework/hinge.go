package casework

import (
	"fmt"
	"math"
	"strings"
)

// Shift is the smallest change of case answers that would move a rating to another band: how
// many answers, and on which key questions.
type Shift struct {
	To      Rating
	Changes int
	On      []QuestionChange // in framework order
}

// QuestionChange is part of a Shift: N answers to one key question turned from no to yes
// (raising) or yes to no (lowering).
type QuestionChange struct {
	Question string
	N        int
}

// Hinge says how firmly a case standard's data-driven rating stands.
type Hinge struct {
	Standard, Name string
	Rating         Rating
	Departure      bool   // rated by a departure: answers alone no longer move it
	Up, Down       *Shift // nil where no band lies beyond
	Driving        string
	DrivingCI      Interval // the driving key question's interval, 0-1
	Confidence     float64
	Edges          []float64 // band edges (percent) inside the driving key question's interval
}

// bandIndex finds the band a rating belongs to (the lowest band with that rating).
func (f *Framework) bandIndex(r Rating) int {
	for i, b := range f.Bands {
		if b.Rating == r {
			return i
		}
	}
	return -1
}

// yesToReach is how many more "yes" answers a key question needs for its exact share to reach
// from percent; 0 when it is there already.
func yesToReach(t Tally, from float64) int {
	rel := t.Relevant()
	k := max(0, int(math.Floor(from*float64(rel)/100))-t.Yes)
	for float64(t.Yes+k)*100 < from*float64(rel) {
		k++
	}
	return k
}

// yesToFallBelow is how many of a key question's "yes" answers must become "no" for its share
// to fall below from percent; 0 when it is below already.
func yesToFallBelow(t Tally, from float64) int {
	k := 0
	for k <= t.Yes && float64(t.Yes-k)*100 >= from*float64(t.Relevant()) {
		k++
	}
	return k
}

// raiseTo is the smallest shift that lifts every key question of s to band index bi.
func (f *Framework) raiseTo(s StandardResult, bi int) *Shift {
	sh := &Shift{To: f.Bands[bi].Rating}
	for _, k := range s.KeyQuestions {
		if n := yesToReach(k.Tally, f.Bands[bi].From); n > 0 {
			sh.On = append(sh.On, QuestionChange{k.ID, n})
			sh.Changes += n
		}
	}
	return sh
}

// lowerTo is the smallest shift that drops the standard to band index bi: the cheapest key
// question to bring below the next band's lower edge.
func (f *Framework) lowerTo(s StandardResult, bi int) *Shift {
	var best *Shift
	for _, k := range s.KeyQuestions {
		n := yesToFallBelow(k.Tally, f.Bands[bi+1].From)
		if best == nil || n < best.Changes {
			best = &Shift{To: f.Bands[bi].Rating, Changes: n, On: []QuestionChange{{k.ID, n}}}
		}
	}
	return best
}

// Hinges works out, for every case standard with a data-driven rating, the fewest answers that
// would have to change for the rating to move up or down a band, and whether the interval of
// the driving key question crosses a band edge.
func (f *Framework) Hinges(res Result, confidence float64) []Hinge {
	var out []Hinge
	for _, s := range res.Standards {
		if s.RatedFrom != FromCases || s.DataRating == 0 {
			continue
		}
		h := Hinge{Standard: s.ID, Name: s.Name, Rating: s.DataRating, Departure: s.Departure != nil, Driving: s.Driving, Confidence: confidence}
		bi := f.bandIndex(s.DataRating)
		if bi+1 < len(f.Bands) {
			h.Up = f.raiseTo(s, bi+1)
		}
		if bi > 0 {
			h.Down = f.lowerTo(s, bi-1)
		}
		for _, k := range s.KeyQuestions {
			if k.Driving {
				h.DrivingCI = Wilson(k.Yes, k.Relevant(), confidence)
			}
		}
		for _, b := range f.Bands[1:] {
			if h.DrivingCI.Low*100 < b.From && b.From <= h.DrivingCI.High*100 {
				h.Edges = append(h.Edges, b.From)
			}
		}
		out = append(out, h)
	}
	return out
}

// OverallShift is the fewest answers that would move the overall rating, across standards.
type OverallShift struct {
	To      Rating
	Changes int
	Steps   []Shift // one per standard moved, with the standard in Standard
	Of      []string
}

// OverallHinge finds the fewest case answers whose change would move the overall rating up
// and down, by moving case standards between bands. Standards rated by a departure, domain-one
// standards and an overall departure are fixed: answers cannot move them. A standard that does
// not count towards the score cannot move it either.
func (f *Framework) OverallHinge(res Result) (up, down *OverallShift) {
	if !res.Complete || res.Departure != nil {
		return nil, nil
	}
	type option struct {
		delta int // change of points
		shift *Shift
		std   string
	}
	var choices [][]option // per movable standard, its options (including staying put)
	for _, s := range res.Standards {
		if s.RatedFrom != FromCases || s.Departure != nil || s.DataRating == 0 || s.NotCounted {
			continue
		}
		bi := f.bandIndex(s.DataRating)
		opts := []option{{0, nil, s.ID}}
		for t := range f.Bands {
			var sh *Shift
			switch {
			case t > bi:
				sh = f.raiseTo(s, t)
			case t < bi:
				sh = f.lowerTo(s, t)
			default:
				continue
			}
			opts = append(opts, option{f.Points[f.Bands[t].Rating] - f.Points[s.DataRating], sh, s.ID})
		}
		choices = append(choices, opts)
	}
	// Search every combination: at most four bands for a handful of standards.
	best := func(want func(score int) bool) *OverallShift {
		var found *OverallShift
		var walk func(i, delta, cost int, picked []option)
		walk = func(i, delta, cost int, picked []option) {
			if found != nil && cost >= found.Changes {
				return
			}
			if i == len(choices) {
				if delta != 0 && want(res.Score+delta) {
					r, _ := f.OverallRating(res.Score + delta)
					o := &OverallShift{To: r, Changes: cost}
					for _, p := range picked {
						if p.shift != nil {
							o.Steps = append(o.Steps, *p.shift)
							o.Of = append(o.Of, p.std)
						}
					}
					found = o
				}
				return
			}
			for _, o := range choices[i] {
				c := 0
				if o.shift != nil {
					c = o.shift.Changes
				}
				walk(i+1, delta+o.delta, cost+c, append(picked, o))
			}
		}
		walk(0, 0, 0, nil)
		return found
	}
	up = best(func(score int) bool { r, _ := f.OverallRating(score); return r > res.DataOverall })
	down = best(func(score int) bool { r, _ := f.OverallRating(score); return r < res.DataOverall })
	return up, down
}

func answersWord(n int, more string) string {
	if n == 1 {
		return "one " + more + " 'yes'"
	}
	return fmt.Sprintf("%d %s 'yes' answers", n, more)
}

func (s *Shift) on() string {
	if len(s.On) == 1 {
		return " on " + s.On[0].Question
	}
	var parts []string
	for _, c := range s.On {
		parts = append(parts, fmt.Sprintf("%d on %s", c.N, c.Question))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// Sentences says the hinge in plain words, as the lead inspector reads it before publishing.
func (h Hinge) Sentences() []string {
	var out []string
	if h.Departure {
		out = append(out, fmt.Sprintf("%s is rated by a departure from the data: the figures below are for its data-driven rating, %s.", h.Name, h.Rating))
	}
	if h.Up != nil {
		out = append(out, fmt.Sprintf("%s%s would make %s '%s'.", capital(answersWord(h.Up.Changes, "more")), h.Up.on(), h.Name, h.Up.To))
	} else {
		out = append(out, fmt.Sprintf("%s is in the top band.", h.Name))
	}
	if h.Down != nil {
		out = append(out, fmt.Sprintf("%s%s would make %s '%s'.", capital(answersWord(h.Down.Changes, "fewer")), h.Down.on(), h.Name, h.Down.To))
	}
	pc := int(math.Round(h.Confidence * 100))
	lo, hi := int(math.Round(h.DrivingCI.Low*100)), int(math.Round(h.DrivingCI.High*100))
	if len(h.Edges) > 0 {
		var es []string
		for _, e := range h.Edges {
			es = append(es, fmt.Sprintf("%g%%", e))
		}
		out = append(out, fmt.Sprintf("The %d%% interval of %s (%d%% to %d%%) crosses the band edge at %s: the rating could be chance.", pc, h.Driving, lo, hi, strings.Join(es, " and ")))
	} else {
		out = append(out, fmt.Sprintf("The %d%% interval of %s (%d%% to %d%%) lies within the %s band.", pc, h.Driving, lo, hi, h.Rating))
	}
	return out
}

// Sentence says the overall shift in plain words.
func (o *OverallShift) Sentence(direction string) string {
	if o == nil {
		return ""
	}
	more := "more"
	if direction == "down" {
		more = "fewer"
	}
	var parts []string
	for i, s := range o.Steps {
		parts = append(parts, fmt.Sprintf("%s to '%s'%s", o.Of[i], s.To, s.on()))
	}
	return fmt.Sprintf("%s would make the overall rating '%s' (%s).", capital(answersWord(o.Changes, more)), o.To, strings.Join(parts, "; "))
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
