package casework

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Tally counts the answers to one question over a set of cases.
type Tally struct {
	Yes, No, NotApplicable int
}

// Relevant is the denominator of every published percentage: "not applicable" answers leave it.
func (t Tally) Relevant() int { return t.Yes + t.No }

// Percent is yes / relevant on a 0-100 scale, unrounded; 0 when no case is relevant.
func (t Tally) Percent() float64 {
	if t.Relevant() == 0 {
		return 0
	}
	return 100 * float64(t.Yes) / float64(t.Relevant())
}

// RoundPercent rounds a percentage to a whole number the way the report prints it, halves up.
func RoundPercent(p float64) int { return int(p + 0.5) }

// PercentText is a percentage (0-100) as every output prints it: whole, rounded by RoundPercent.
func PercentText(p float64) string { return fmt.Sprintf("%d%%", RoundPercent(p)) }

// RoundPoints is a difference of two proportions (-1 to 1) in whole percentage points, halves
// away from zero, as a spreadsheet's number format shows the same difference: so the text
// outputs and the workbook never print one comparison two ways.
func RoundPoints(d float64) int { return int(math.Round(100 * d)) }

// Add counts one answer.
func (t *Tally) Add(a Answer) {
	switch a {
	case Yes:
		t.Yes++
	case No:
		t.No++
	case NotApplicable:
		t.NotApplicable++
	}
}

// lower reports whether t's share of yes is strictly below u's, comparing exact fractions.
func (t Tally) lower(u Tally) bool { return t.Yes*u.Relevant() < u.Yes*t.Relevant() }

// Tallies holds the tally of each question, by question id.
type Tallies map[string]Tally

// Add counts one answer to question.
func (ts Tallies) Add(question string, a Answer) {
	t := ts[question]
	t.Add(a)
	ts[question] = t
}

// GivenRating is a rating recorded by the inspectors. For a standard rated from inspectors'
// judgement it is the rating; for a case standard or "overall" it is a departure from the
// data-driven rating, and must carry its reason.
type GivenRating struct {
	Standard string // a standard id or "overall"
	Rating   Rating
	Reason   string
	Where    string // where it was read, such as "ratings.csv line 3"; "" when typed or stored
}

// Overall is the id under which a departure from the data-driven overall rating is recorded.
const Overall = "overall"

// CheckGivenRating says whether r may be recorded under framework f; a refusal of a rating read
// from a file names the place.
func (f *Framework) CheckGivenRating(r GivenRating) error {
	err := f.checkGivenRating(r)
	var e *Error
	if r.Where == "" || !errors.As(err, &e) {
		return err
	}
	located := *e
	located.Message = r.Where + ": " + e.Message
	return &located
}

func (f *Framework) checkGivenRating(r GivenRating) error {
	if r.Rating == 0 {
		return Errorf(EINVALID, "%s: no rating given", r.Standard)
	}
	if r.Standard == Overall {
		if r.Reason == "" {
			return Errorf(EINVALID, "the overall rating comes from the score: giving it is a departure from the data and needs a reason").WithNeed(Need{NeedReason, Overall}, "give the reason the inspectors depart from the score")
		}
		return nil
	}
	if err := f.CheckRatedID(r.Standard); err != nil {
		return err
	}
	s, _ := f.Standard(r.Standard)
	if s.RatedFrom == FromCases && r.Reason == "" {
		return Errorf(EINVALID, "%s %s is rated from the cases: giving it a rating is a departure from the data and needs a reason", s.ID, s.Name).WithNeed(Need{NeedReason, s.ID}, "give the reason the inspectors depart from the data")
	}
	return nil
}

// Departure records that a rating differs from what the data or decision guidance gave, and why.
type Departure struct {
	From   Rating // the data-driven rating; 0 for a standard rated from inspectors' judgement
	To     Rating
	Reason string
}

func (d *Departure) String() string {
	if d == nil {
		return ""
	}
	if d.From == 0 {
		return fmt.Sprintf("rated %s: %s", d.To, d.Reason)
	}
	return fmt.Sprintf("data gave %s, rated %s: %s", d.From, d.To, d.Reason)
}

// Result is an inspection's ratings and the figures behind them.
type Result struct {
	Standards     []StandardResult
	Score         int
	MaxScore      int
	Complete      bool   // every standard that counts towards the score has a rating, so the score and overall rating stand
	DataOverall   Rating // the rating the thresholds give the score; 0 while incomplete
	Overall       Rating // DataOverall, or the departure's rating
	Departure     *Departure
	CaseQuestions []QuestionResult
	Guidance      []BrokenGuidance // the decision-guidance rules the ratings go against
}

// StandardResult is one standard's rating and, for a case standard, its key questions.
type StandardResult struct {
	ID, Domain, Name string
	RatedFrom        RatedFrom
	Rating           Rating // 0 while not rated
	DataRating       Rating // the band of the driving key question; 0 for domain one
	Points           int    // what the rating adds to the score: 0 while not rated, or when it does not count
	NotCounted       bool   // rated, but not part of the score (Standard.CountsToScore)
	Driving          string // the key question whose band rates the standard
	Departure        *Departure
	KeyQuestions     []KeyQuestionResult
}

// NotCountedNote is the words every output puts beside a standard that is rated but not part of
// the score, so a reader adding up the points is not misled.
const NotCountedNote = "not counted in the score"

// KeyQuestionResult is one key question's figures.
type KeyQuestionResult struct {
	ID, Theme, Text string
	Tally
	Band    Band // zero when no case is relevant
	Driving bool
	Prompts []QuestionResult
}

// QuestionResult is a prompt's or other case question's figures.
type QuestionResult struct {
	ID, Group, Text string
	Tally
}

// Rate turns the answers' tallies and the inspectors' given ratings into ratings, a score and an
// overall rating, by the framework's published method:
//   - a key question's percentage is yes / relevant cases;
//   - a case standard is rated by the band of its lowest key question (compared as exact
//     fractions; ties go to the first in framework order);
//   - a standard rated from inspectors' judgement takes the rating they gave;
//   - a rating given to a case standard, or to the overall rating, replaces the data-driven one
//     and is kept as a Departure with its reason;
//   - the score is the sum of the standards' points, and the overall rating comes from it; a
//     standard the framework marks as not counting is rated all the same, but adds no points,
//     and the score stands without its rating.
func (f *Framework) Rate(tallies Tallies, given []GivenRating) Result {
	byStd := map[string]GivenRating{}
	for _, g := range given {
		byStd[g.Standard] = g
	}
	res := Result{MaxScore: f.MaxScore(), Complete: true}
	for _, s := range f.Standards {
		sr := f.rateStandard(s, tallies)
		if g, ok := byStd[s.ID]; ok && g.Rating != 0 {
			if s.RatedFrom == FromInspectors {
				sr.Rating = g.Rating
				if g.Reason != "" {
					sr.Departure = &Departure{To: g.Rating, Reason: g.Reason}
				}
			} else {
				sr.Departure = &Departure{From: sr.DataRating, To: g.Rating, Reason: g.Reason}
				sr.Rating = g.Rating
			}
		}
		switch {
		case !s.CountsToScore():
			sr.NotCounted = true
		case sr.Rating != 0:
			sr.Points = f.Points[sr.Rating]
			res.Score += sr.Points
		default:
			res.Complete = false
		}
		res.Standards = append(res.Standards, sr)
	}
	if res.Complete {
		res.DataOverall, _ = f.OverallRating(res.Score)
		res.Overall = res.DataOverall
	}
	if g, ok := byStd[Overall]; ok && g.Rating != 0 {
		res.Departure = &Departure{From: res.DataOverall, To: g.Rating, Reason: g.Reason}
		res.Overall = g.Rating
	}
	for _, c := range f.CaseQuestions {
		res.CaseQuestions = append(res.CaseQuestions, QuestionResult{ID: c.ID, Group: c.Group, Text: c.Text, Tally: tallies[c.ID]})
	}
	res.Guidance = f.BrokenGuidance(res.Standards)
	return res
}

// RateCases is Rate without the inspectors' ratings: the case standards' figures and their
// data-driven ratings alone, as shown for a group of cases.
func (f *Framework) RateCases(tallies Tallies) []StandardResult {
	var out []StandardResult
	for _, s := range f.Standards {
		if s.RatedFrom == FromCases {
			out = append(out, f.rateStandard(s, tallies))
		}
	}
	return out
}

func (f *Framework) rateStandard(s Standard, tallies Tallies) StandardResult {
	sr := StandardResult{ID: s.ID, Domain: s.Domain, Name: s.Name, RatedFrom: s.RatedFrom}
	driving, rateable := -1, len(s.KeyQuestions) > 0
	for i, k := range s.KeyQuestions {
		kr := KeyQuestionResult{ID: k.ID, Theme: k.Theme, Text: k.Text, Tally: tallies[k.ID]}
		kr.Band, _ = f.Band(kr.Yes, kr.Relevant())
		for _, p := range k.Prompts {
			kr.Prompts = append(kr.Prompts, QuestionResult{ID: p.ID, Text: p.Text, Tally: tallies[p.ID]})
		}
		if kr.Relevant() == 0 {
			rateable = false // a key question applies to every case: no answers, no rating
		} else if driving < 0 || kr.lower(sr.KeyQuestions[driving].Tally) {
			driving = i
		}
		sr.KeyQuestions = append(sr.KeyQuestions, kr)
	}
	if rateable && driving >= 0 {
		sr.KeyQuestions[driving].Driving = true
		sr.Driving = sr.KeyQuestions[driving].ID
		sr.DataRating = sr.KeyQuestions[driving].Band.Rating
		sr.Rating = sr.DataRating
	}
	return sr
}

// RatingChange is one change to a recorded rating: given, changed or cleared.
type RatingChange struct {
	Standard             string // a standard id or Overall
	Old, New             Rating // Old is 0 for a first rating, New 0 for a rating cleared
	OldReason, NewReason string
	By                   string
	At                   time.Time
}

// CheckRatedID says whether id names something a rating is recorded for: a standard of f, or
// Overall.
func (f *Framework) CheckRatedID(id string) error {
	if _, ok := f.Standard(id); ok || id == Overall {
		return nil
	}
	return Errorf(ENOTFOUND, "%q is not a standard of framework %s", id, f.ID).WithNeed(Need{NeedStandard, f.ID}, "choose one of the standards of framework "+f.ID+", or overall")
}
