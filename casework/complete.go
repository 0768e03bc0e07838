package casework

import (
	"fmt"
	"slices"
	"strings"
)

// Incomplete is what keeps an inspection's figures provisional: they will change before they
// are final, so every output of them says so, and none can be marked final.
type Incomplete struct {
	// Cases are the cases, in case order, with a key question of a counting standard
	// unanswered, or whose questions cannot be told (validate's errors).
	Cases []string
	// Standards are those, in framework order, with a key question unanswered in some case, or
	// that count towards the score and have no rating.
	Standards []string
	// OutsideSample are the cases, in case order, with judgements recorded that are not in the
	// drawn sample; nil when no sample was drawn and stored. They are counted, and flagged
	// wherever the figures are shown, but do not by themselves make the figures provisional:
	// a case can be added by hand on purpose (a stratum with no reserve left).
	OutsideSample []string
}

// Provisional says whether the figures will still change: some case or standard is incomplete.
func (in Incomplete) Provisional() bool {
	return len(in.Cases) > 0 || len(in.Standards) > 0
}

// Flagged says whether there is anything to say at the top of an output: the figures are
// provisional, or count a case outside the drawn sample.
func (in Incomplete) Flagged() bool {
	return in.Provisional() || len(in.OutsideSample) > 0
}

// String says in one line, without case ids (it goes into published files), what is
// incomplete: "2 cases incomplete (standards 1.1, 2.1); 1 case judged outside the drawn sample".
func (in Incomplete) String() string {
	var parts []string
	if len(in.Cases) > 0 || len(in.Standards) > 0 {
		s := fmt.Sprintf("%d %s incomplete", len(in.Cases), pluralCases(len(in.Cases)))
		if len(in.Standards) > 0 {
			s += " (standards " + strings.Join(in.Standards, ", ") + ")"
		}
		parts = append(parts, s)
	}
	if n := len(in.OutsideSample); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s judged outside the drawn sample", n, pluralCases(n)))
	}
	return strings.Join(parts, "; ")
}

func pluralCases(n int) string {
	if n == 1 {
		return "case"
	}
	return "cases"
}

// Completeness finds what is incomplete in an inspection: its cases and their answers, the
// result rated from them (nil: the standards' ratings are not asked for), and the cases of the
// drawn sample (drawn false when the sample came from elsewhere, and then no case is outside it).
func (f *Framework) Completeness(cases []Case, answers map[string]map[string]Answer, res *Result, sampled []string, drawn bool) Incomplete {
	c := f.NewCompletenessCheck(cases, sampled, drawn)
	for _, cs := range cases {
		c.Add(cs.ID, answers[cs.ID])
	}
	return c.Incomplete(res)
}

// CompletenessCheck finds what Completeness finds from the answers handed to it one case at a
// time, so that a national database's millions of answers need not be held at once.
type CompletenessCheck struct {
	f         *Framework
	cases     []Case
	index     map[string]int // case id to its place in cases
	samples   []string       // f.Samples()
	flags     []string       // the yes/no attributes deciding which questions apply
	keys      []Question     // the key questions of the standards that count towards the score
	inSample  map[string]bool
	drawn     bool
	seen, bad []bool // by case: answers handed over; incomplete
	outside   []bool // by case: judged outside the drawn sample
	short     map[string]bool
}

// NewCompletenessCheck starts a check of the cases of an inspection.
func (f *Framework) NewCompletenessCheck(cases []Case, sampled []string, drawn bool) *CompletenessCheck {
	c := &CompletenessCheck{f: f, cases: cases, index: make(map[string]int, len(cases)), samples: f.Samples(),
		inSample: map[string]bool{}, drawn: drawn, seen: make([]bool, len(cases)), bad: make([]bool, len(cases)), outside: make([]bool, len(cases)), short: map[string]bool{}}
	for i, cs := range cases {
		c.index[cs.ID] = i
	}
	for _, name := range f.ApplicabilityFields() {
		if name != SampleField {
			c.flags = append(c.flags, name)
		}
	}
	counts := map[string]bool{}
	for _, s := range f.Standards {
		counts[s.ID] = s.CountsToScore()
	}
	for _, q := range f.Questions() {
		if q.Kind == KindKey && counts[q.Standard] {
			c.keys = append(c.keys, q)
		}
	}
	for _, id := range sampled {
		c.inSample[id] = true
	}
	return c
}

// Add checks one case's answers (not kept: the caller may reuse the map). A case never added
// is checked as unanswered; an id that is not one of the cases is ignored.
//
// It finds the errors CheckCaseFor finds, without their messages, which a national database's
// tens of thousands of complete cases would otherwise pay for: a sample or yes/no attribute that
// cannot be read (which questions apply cannot be told), and a key question that applies to the
// case and is not answered, which leaves its standard short. (A key question's counted answer is
// unanswered exactly when its answer is: Question.Counted only turns an answer into n/a.)
func (c *CompletenessCheck) Add(caseID string, answers map[string]Answer) {
	i, ok := c.index[caseID]
	if !ok {
		return
	}
	cs := c.cases[i]
	c.seen[i] = true
	c.outside[i] = c.drawn && len(answers) > 0 && !c.inSample[caseID]
	if len(c.samples) > 0 && !slices.Contains(c.samples, norm(cs.Field(SampleField))) {
		c.bad[i] = true
	}
	for _, name := range c.flags {
		if _, _, err := ParseFlag(cs.Field(name)); err != nil {
			c.bad[i] = true
		}
	}
	for _, k := range c.keys {
		if answers[k.ID] == NoAnswer && k.AppliesTo(cs) {
			c.bad[i], c.short[k.Standard] = true, true
		}
	}
}

// Incomplete is what the cases added show incomplete, in case order, with the standards not yet
// rated in res (nil: not asked for).
func (c *CompletenessCheck) Incomplete(res *Result) Incomplete {
	var in Incomplete
	for i, cs := range c.cases {
		if !c.seen[i] {
			c.Add(cs.ID, nil)
		}
		if c.bad[i] {
			in.Cases = append(in.Cases, cs.ID)
		}
		if c.outside[i] {
			in.OutsideSample = append(in.OutsideSample, cs.ID)
		}
	}
	rated := map[string]bool{}
	if res != nil {
		for _, s := range res.Standards {
			rated[s.ID] = s.Rating != 0
		}
	}
	for _, s := range c.f.Standards {
		if c.short[s.ID] || (res != nil && s.CountsToScore() && !rated[s.ID]) {
			in.Standards = append(in.Standards, s.ID)
		}
	}
	return in
}

// OutsideSample lists the cases, in case order, with judgements recorded that are not in the
// drawn sample; none when no sample was drawn (drawn false).
func OutsideSample(cases []Case, answers map[string]map[string]Answer, sampled []string, drawn bool) []string {
	if !drawn {
		return nil
	}
	inSample := map[string]bool{}
	for _, id := range sampled {
		inSample[id] = true
	}
	var out []string
	for _, c := range cases {
		if len(answers[c.ID]) > 0 && !inSample[c.ID] {
			out = append(out, c.ID)
		}
	}
	return out
}

// RefuseFinal is the error for figures asked for as final while in is provisional, nil when
// they are not. It lists every case (for the terminal only: a published file never names one).
func (in Incomplete) RefuseFinal() error {
	if !in.Provisional() {
		return nil
	}
	var lines []string
	if len(in.Cases) > 0 {
		lines = append(lines, "cases incomplete: "+strings.Join(in.Cases, ", "))
	}
	if len(in.Standards) > 0 {
		lines = append(lines, "standards incomplete: "+strings.Join(in.Standards, ", "))
	}
	if len(in.OutsideSample) > 0 {
		lines = append(lines, "cases judged outside the drawn sample: "+strings.Join(in.OutsideSample, ", "))
	}
	return Errorf(EINVALID, "the figures are provisional and cannot be final: %s:\n  %s", in, strings.Join(lines, "\n  ")).
		WithHint("answer every key question the cases listed leave unanswered and rate every standard listed, then ask for final figures again")
}
