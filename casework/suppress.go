package casework

import "strings"

// Suppression is the published rule for small numbers. Figures about a handful of cases can
// point at the people behind them, so a figure whose base (the relevant cases it is counted
// over) is below Below is hidden and shown as [c], the government statistics symbol for
// confidential. Below 0 or 1 hides nothing.
type Suppression struct {
	Below int
}

// DefaultSuppression is the small-numbers rule the figures are published under unless the lead
// inspector chooses another: a figure counted over fewer than 5 relevant cases is hidden. Five is
// the minimum-frequency rule most used for published counts about people in UK official
// statistics; the Code of Practice asks for protection without fixing a number. It hides a
// handful of cases (one practitioner's, one person's) and leaves the groups the inspectorate's own
// reports quote, such as 3 of 7 cases managed by PQiPs, which SmallGroup (10, the
// fewest cases a comparison needs to mean much) would hide.
var DefaultSuppression = Suppression{Below: 5}

// Hides reports whether a figure counted over base cases is hidden on its own (primary
// suppression). A base of 0 is never hidden: no case was answered, which tells nothing about any
// case.
func (s Suppression) Hides(base int) bool { return base > 0 && base < s.Below }

// DisclosureBase is the number of cases a published tally speaks about, the base Hides and
// Split judge it by: its relevant cases, or, where no case was relevant, the cases answered "not
// applicable", since that is an answer too (a group of one case showing 0 yes, 0 no and 1 not
// applicable publishes that case's answer).
func (t Tally) DisclosureBase() int {
	if r := t.Relevant(); r > 0 {
		return r
	}
	return t.NotApplicable
}

// Split decides which parts of a total to hide, given each part's relevant base: the parts
// that are small themselves, and, where exactly one part would be hidden, also the smallest
// other part with any relevant case (secondary suppression). Otherwise the published total
// less the shown parts would give the hidden one away. Ties go to the first part.
//
// When every other part has no relevant case the total equals the hidden part, so the total
// is small too and Hides(total) hides it: no second part is needed.
func (s Suppression) Split(bases []int) []bool {
	hidden := make([]bool, len(bases))
	n := 0
	for i, b := range bases {
		if s.Hides(b) {
			hidden[i] = true
			n++
		}
	}
	if n != 1 {
		return hidden
	}
	pick := -1
	for i, b := range bases {
		if !hidden[i] && b > 0 && (pick < 0 || b < bases[pick]) {
			pick = i
		}
	}
	if pick >= 0 {
		hidden[pick] = true
	}
	return hidden
}

// CheckSplit refuses to publish a split of the cases by field that would identify cases: one
// whose groups are named by case references (CheckSplitNames), or one that puts most cases in
// groups of their own (CheckSplitSizes). values and sizes are the groups and their case counts;
// caseIDs are the inspection's case references.
func CheckSplit(field string, values []string, sizes []int, caseIDs []string) error {
	if err := CheckSplitNames(field, values, caseIDs); err != nil {
		return err
	}
	return CheckSplitSizes(field, sizes)
}

// CheckSplitNames refuses a split whose groups are named by case references: the group's name
// would publish the reference, whatever is done to its figures.
func CheckSplitNames(field string, values []string, caseIDs []string) error {
	ids := map[string]bool{}
	for _, id := range caseIDs {
		ids[strings.ToLower(strings.TrimSpace(id))] = true
	}
	for _, v := range values {
		if ids[strings.ToLower(strings.TrimSpace(v))] {
			return Errorf(EINVALID, "splitting the figures by %s would publish case references (a group is named %q, a case id)", field, v).
				WithHint("split by a field that groups cases, such as grade, rosh, gender, ethnicity or office")
		}
	}
	return nil
}

// CheckSplitSizes refuses a split that puts more than half the cases in groups of one: a field
// with (nearly) as many values as cases, such as a surname or a date of birth. Suppression hides
// each group's figures, but the group's name still stands beside its single case, and a field
// like that tells a reader nothing about practice. A split into one group is the whole sample.
func CheckSplitSizes(field string, sizes []int) error {
	singles, cases := 0, 0
	for _, n := range sizes {
		cases += n
		if n == 1 {
			singles++
		}
	}
	if len(sizes) > 1 && 2*singles > cases {
		return Errorf(EINVALID, "%d of the %d cases have a %s no other case has: splitting the figures by it would identify them", singles, cases, field).
			WithHint("split by a field that groups cases, such as grade, rosh, gender, ethnicity or office; only internal figures, never published, may be split by it")
	}
	return nil
}
