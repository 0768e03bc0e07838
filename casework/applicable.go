package casework

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Which questions are asked of which case. Two things take a question away from a case:
//   - samples: a framework may rate some standards from samples of their own (the 2018-2020
//     programme read unpaid work and Through the Gate cases apart from case supervision), so a
//     case is asked only the questions of its own sample;
//   - exemptions: a prompt or case question may be "not_for" a yes/no case attribute, such as
//     probation_reset: supervision of those cases stopped at the two-thirds point, so work due
//     in the final third cannot be judged.
//
// The rule for answers: a question that does not apply is answered n/a (or left unanswered).
// A yes or no given to it anyway is kept, never refused or erased (the case list may be wrong
// and be corrected later), but it counts as not applicable, so it leaves the denominator, and
// CheckCaseFor flags it for the inspector to look at again.

// ProbationReset is the case attribute marking a case under Probation Reset (2024): yes or no.
const ProbationReset = "probation_reset"

// SampleField is the case attribute naming the sample a case was drawn for ("unpaid work").
const SampleField = "sample"

// ParseFlag reads a yes/no case attribute. An empty value is not recorded.
func ParseFlag(s string) (set, recorded bool, err error) {
	switch norm(s) {
	case "":
		return false, false, nil
	case "yes", "y", "true", "1":
		return true, true, nil
	case "no", "n", "false", "0":
		return false, true, nil
	}
	return false, false, Errorf(EINVALID, "%q is not yes or no", s)
}

// AppliesTo says whether q is asked of case c: c is in the sample q belongs to, and has none of
// the attributes q is not for. A flag that cannot be read exempts nothing (CheckCaseFor
// reports it), so a typo in the case list never silently drops an answer.
func (q Question) AppliesTo(c Case) bool {
	return q.exemption(c) == ""
}

// exemption says why q does not apply to c, "" when it does.
func (q Question) exemption(c Case) string {
	if q.Sample != "" {
		if got := norm(c.Field(SampleField)); got != q.Sample {
			if got == "" {
				return fmt.Sprintf("the case has no sample; %s is asked of the %s sample", q.ID, q.Sample)
			}
			return fmt.Sprintf("the case is in the %s sample; %s is asked of the %s sample", got, q.ID, q.Sample)
		}
	}
	for _, name := range q.NotFor {
		if set, _, err := ParseFlag(c.Field(name)); err == nil && set {
			return fmt.Sprintf("%s is yes; %s is not for those cases", name, q.ID)
		}
	}
	return ""
}

// Counted is the answer that counts for case c: a yes or no to a question that does not apply
// to c counts as not applicable.
func (q Question) Counted(c Case, a Answer) Answer {
	if a != NoAnswer && !q.AppliesTo(c) {
		return NotApplicable
	}
	return a
}

// AddCounted counts n answers a to q given in cases like c, as Counted says they count. A store
// that tallies with GROUP BY groups by the ApplicabilityFields and calls this for each group.
func (ts Tallies) AddCounted(q Question, c Case, a Answer, n int) {
	t := ts[q.ID]
	switch q.Counted(c, a) {
	case Yes:
		t.Yes += n
	case No:
		t.No += n
	case NotApplicable:
		t.NotApplicable += n
	}
	ts[q.ID] = t
}

// ApplicabilityFields lists the case attributes that decide which questions apply to a case,
// sorted; none when every question applies to every case (and plain tallies are exact).
func (f *Framework) ApplicabilityFields() []string {
	seen := map[string]bool{}
	for _, q := range f.Questions() {
		if q.Sample != "" {
			seen[SampleField] = true
		}
		for _, name := range q.NotFor {
			seen[name] = true
		}
	}
	var out []string
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Samples lists the case samples the framework reads, in framework order; none when every case
// is asked every question.
func (f *Framework) Samples() []string {
	var out []string
	for _, q := range f.Questions() {
		if q.Sample != "" && !slices.Contains(out, q.Sample) {
			out = append(out, q.Sample)
		}
	}
	return out
}

// CheckCaseFor is CheckCase for a known case: it asks for the key questions of the case's own
// sample only, reports a sample or yes/no attribute it cannot read (an error: which questions
// apply is unknown), and warns of each yes or no given to a question that does not apply to the
// case, which counts as not applicable.
func (f *Framework) CheckCaseFor(c Case, answers map[string]Answer) []Finding {
	var out []Finding
	if samples := f.Samples(); len(samples) > 0 && !slices.Contains(samples, norm(c.Field(SampleField))) {
		out = append(out, Finding{SeverityError, "", fmt.Sprintf("sample %q is not a sample of framework %s (want %s in the case list's sample column)",
			c.Field(SampleField), f.ID, strings.Join(samples, ", "))})
	}
	flags := f.ApplicabilityFields()
	for _, name := range flags {
		if name == SampleField {
			continue
		}
		if _, _, err := ParseFlag(c.Field(name)); err != nil {
			out = append(out, Finding{SeverityError, "", fmt.Sprintf("%s: %v (or blank when not recorded)", name, err)})
		}
	}
	qs := f.Questions()
	applies := map[string]bool{}
	counted := map[string]Answer{} // so a key question is not held to a prompt that does not apply
	for _, q := range qs {
		applies[q.ID] = q.AppliesTo(c)
		counted[q.ID] = q.Counted(c, answers[q.ID])
	}
	for _, fd := range f.CheckCase(counted) {
		if applies[fd.Question] {
			out = append(out, fd)
		}
	}
	for _, q := range qs {
		if a := answers[q.ID]; !applies[q.ID] && (a == Yes || a == No) {
			out = append(out, Finding{SeverityWarning, q.ID, fmt.Sprintf("%s is answered %s but does not apply to this case (%s): it counts as not applicable", q.ID, a, q.exemption(c))})
		}
	}
	return out
}

// ProgressFor is Progress over the questions that apply to case c.
func (f *Framework) ProgressFor(c Case, answers map[string]Answer) (answered, required int) {
	for _, q := range f.Questions() {
		if !q.AppliesTo(c) {
			continue
		}
		required++
		if answers[q.ID] != NoAnswer {
			answered++
		}
	}
	return answered, required
}

// ResetCount is how many inspected cases were under Probation Reset, out of the cases whose
// case list records it either way: the Bradford & Calderdale report's "Nine out of 70 cases
// inspected were subject to Probation Reset".
type ResetCount struct {
	Reset, Recorded int
}

// Add counts cases whose probation_reset attribute is value.
func (n *ResetCount) Add(value string, cases int) error {
	set, recorded, err := ParseFlag(value)
	if err != nil {
		return Errorf(EINVALID, "%s: %v", ProbationReset, err).WithHint("record probation_reset as yes or no in the case list, or leave it blank when not known")
	}
	if recorded {
		n.Recorded += cases
	}
	if set {
		n.Reset += cases
	}
	return nil
}

func (n ResetCount) String() string { return fmt.Sprintf("%d of %d", n.Reset, n.Recorded) }

// Note is the sentence for the published notes, "" when no case records Probation Reset.
func (n ResetCount) Note() string {
	if n.Recorded == 0 {
		return ""
	}
	return fmt.Sprintf("Probation Reset: %d of %d cases inspected (those whose records say either way) had their supervision suspended at the two-thirds point. "+
		"Questions the framework marks as not for Probation Reset cases count as not applicable for them.", n.Reset, n.Recorded)
}

// checkApplicability checks a question's or standard's sample and exemptions for Validate.
func checkApplicability(p *Problems, what, sample string, notFor []string, allowsNA bool) {
	if sample != norm(sample) {
		p.Add("%s: sample %q must be lower case with single spaces (%q)", what, sample, norm(sample))
	}
	for _, name := range notFor {
		switch {
		case name == "" || name != strings.ToLower(strings.TrimSpace(name)):
			p.Add("%s: not_for %q must be a case attribute's lower-case name", what, name)
		case name == SampleField || slices.Contains(CaseFields, name):
			p.Add("%s: not_for %q is not a yes/no case attribute (a sample or a built-in field)", what, name)
		}
	}
	if len(notFor) > 0 && !allowsNA {
		p.Add("%s is not for %s cases, so it must allow n/a (set \"not_applicable\": true)", what, strings.Join(notFor, ", "))
	}
}
