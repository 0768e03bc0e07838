package casework

import "fmt"

// Group is the cases sharing one value of a case field, with their answers' tallies.
type Group struct {
	Value   string // "" for cases with no value recorded
	Cases   int
	Tallies Tallies
}

// SmallGroup is the fewest relevant cases a group needs before its rate is compared with
// another's. Below it a Wilson interval spans more than about 60 points even at 50%, so any
// difference is noise; the comparison is still printed, with a warning.
const SmallGroup = 10

// GroupRate is one group's rate on one question, and how it compares with the reference group.
type GroupRate struct {
	Value     string
	Cases     int
	Tally     Tally
	CI        Interval // Wilson interval of the group's rate
	Reference bool
	// Against the reference group (zero for the reference itself):
	Diff        float64  // difference of proportions, group minus reference, 0-1
	DiffCI      Interval // Newcombe hybrid score interval
	RR          float64  // relative rate index: group rate / reference rate
	RRCI        Interval // from the two Wilson intervals, agreeing with DiffCI (RelativeRateWilson)
	RREstimable bool
	Differs     bool // the difference interval excludes no difference
	Small       bool // fewer than SmallGroup relevant cases, here or in the reference
}

// QuestionComparison is every group's rate on one question.
type QuestionComparison struct {
	Question, Text string
	Groups         []GroupRate
}

// CompareGroups compares each group's rate on every key question with the reference group's,
// by the difference of proportions (Newcombe's hybrid score interval) and the relative rate
// index (log method), as the inspectorate's caveat about grade findings asks.
func (f *Framework) CompareGroups(groups []Group, reference string, confidence float64) ([]QuestionComparison, error) {
	ref := -1
	for i, g := range groups {
		if g.Value == reference {
			ref = i
		}
	}
	if ref < 0 {
		var have []string
		for _, g := range groups {
			have = append(have, fmt.Sprintf("%q", g.Value))
		}
		return nil, Errorf(EINVALID, "there is no group %q to compare with (groups: %v)", reference, have).WithNeed(Need{What: NeedGroup}, "choose one of the groups listed")
	}
	var out []QuestionComparison
	for _, q := range f.Questions() {
		if q.Kind != KindKey {
			continue
		}
		qc := QuestionComparison{Question: q.ID, Text: q.Text}
		rt := groups[ref].Tallies[q.ID]
		for i, g := range groups {
			gr := RateAgainst(g.Tallies[q.ID], rt, i == ref, confidence)
			gr.Value, gr.Cases = g.Value, g.Cases
			qc.Groups = append(qc.Groups, gr)
		}
		out = append(out, qc)
	}
	return out, nil
}

// RateAgainst is one group's rate on one question, t, compared with the reference group's, ref;
// reference says the group is the reference itself. Value and Cases are left for the caller.
// It serves every question a split shows, prompts and other case questions as well as the key
// questions CompareGroups covers.
func RateAgainst(t, ref Tally, reference bool, confidence float64) GroupRate {
	gr := GroupRate{Tally: t, CI: Wilson(t.Yes, t.Relevant(), confidence), Reference: reference}
	gr.Small = t.Relevant() < SmallGroup || ref.Relevant() < SmallGroup
	if !reference && t.Relevant() > 0 && ref.Relevant() > 0 {
		gr.Diff, gr.DiffCI = Newcombe(t.Yes, t.Relevant(), ref.Yes, ref.Relevant(), confidence)
		gr.RR, gr.RRCI, gr.RREstimable = RelativeRateWilson(t.Yes, t.Relevant(), ref.Yes, ref.Relevant(), confidence)
		gr.Differs = gr.DiffCI.Low > 0 || gr.DiffCI.High < 0
	}
	return gr
}

// ReferenceGroup is the group a split's other groups are compared with: for practitioner grade
// the qualified grade, PO, where the sample has POs, since the question readers ask is how the
// other grades' cases fare against theirs; otherwise the largest group, whose rate is the most
// certain.
func ReferenceGroup(field string, groups []Group) string {
	if field == "grade" {
		for _, g := range groups {
			if g.Value == string(PO) && g.Cases > 0 {
				return g.Value
			}
		}
	}
	return LargestGroup(groups)
}

// LargestGroup is the default reference: the group with the most cases.
func LargestGroup(groups []Group) string {
	best := -1
	for i, g := range groups {
		if best < 0 || g.Cases > groups[best].Cases {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return groups[best].Value
}
