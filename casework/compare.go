package casework

import (
	"fmt"
	"strings"
	"time"
)

// A PDU is inspected again a year or more later (Kirklees 2023 then 2024; Leicestershire 2022
// then 2025), sometimes under a newer programme. Comparing the two says, per key question, how
// far practice moved and whether the move is larger than the two samples' chance variation.

// KeyQuestionChange is one key question in a previous and a current inspection.
type KeyQuestionChange struct {
	ID         string // the key question in the current inspection's framework ("" if it has none)
	PreviousID string // the same key question in the previous inspection's framework
	Standard   string // the standard's name, e.g. "Assessment"
	Theme      string
	Text       string
	Previous   Tally
	Current    Tally
	// Change is the current minus the previous share of relevant cases judged sufficient, in
	// percentage points; CI is its Newcombe hybrid score interval, also in points.
	Change     float64
	CI         Interval
	Comparable bool // both inspections have relevant answers to it
	// Beyond says the change is larger than chance: its interval excludes no change.
	Beyond bool
}

// StandardPair is one standard's result in the previous and the current inspection; either is
// nil when only one programme has the standard.
type StandardPair struct {
	Name              string
	Previous, Current *StandardResult
}

// Comparison sets a current inspection beside the previous one.
type Comparison struct {
	Confidence   float64
	KeyQuestions []KeyQuestionChange // in the current framework's order, then any only the previous had
	Standards    []StandardPair      // likewise
}

// CompareInspections compares two inspections' results. Key questions are matched by id where
// the id names the same standard and theme in both, otherwise by standard name and theme, so a
// PDU inspected under the 2021 programme (2.2.1 Assessment, engagement) can be set beside its
// inspection under the 2023 programme (2.1.1 Assessment, engagement). Standards are matched by
// name, a renamed one by its names in each programme (sameStandard).
func CompareInspections(previous, current Result, confidence float64) Comparison {
	cmp := Comparison{Confidence: confidence}
	used := map[string]bool{}
	for _, s := range current.Standards {
		for _, k := range s.KeyQuestions {
			kc := KeyQuestionChange{ID: k.ID, Standard: s.Name, Theme: k.Theme, Text: k.Text, Current: k.Tally}
			if pk, ok := matchKeyQuestion(previous, s.Name, k, used); ok {
				used[pk.ID] = true
				kc.PreviousID, kc.Previous = pk.ID, pk.Tally
			}
			cmp.KeyQuestions = append(cmp.KeyQuestions, kc.measure(confidence))
		}
	}
	for _, s := range previous.Standards {
		for _, k := range s.KeyQuestions {
			if !used[k.ID] {
				cmp.KeyQuestions = append(cmp.KeyQuestions, KeyQuestionChange{PreviousID: k.ID, Standard: s.Name, Theme: k.Theme, Text: k.Text, Previous: k.Tally})
			}
		}
	}
	paired := map[int]bool{}
	for i := range current.Standards {
		sp := StandardPair{Name: current.Standards[i].Name, Current: &current.Standards[i]}
		for j := range previous.Standards {
			if !paired[j] && sameStandard(previous.Standards[j].Name, sp.Name) {
				paired[j] = true
				sp.Previous = &previous.Standards[j]
				break
			}
		}
		cmp.Standards = append(cmp.Standards, sp)
	}
	for j := range previous.Standards {
		if !paired[j] {
			cmp.Standards = append(cmp.Standards, StandardPair{Name: previous.Standards[j].Name, Previous: &previous.Standards[j]})
		}
	}
	return cmp
}

// matchKeyQuestion finds k's counterpart in the previous result: the key question of the same
// id if it sits in a standard of the same name with the same theme, else the only one of the
// same standard name and theme.
func matchKeyQuestion(previous Result, standard string, k KeyQuestionResult, used map[string]bool) (KeyQuestionResult, bool) {
	var cands []KeyQuestionResult
	for _, ps := range previous.Standards {
		if !sameStandard(ps.Name, standard) {
			continue
		}
		for _, pk := range ps.KeyQuestions {
			if used[pk.ID] || !sameName(pk.Theme, k.Theme) {
				continue
			}
			if pk.ID == k.ID {
				return pk, true
			}
			cands = append(cands, pk)
		}
	}
	if len(cands) == 1 {
		return cands[0], true
	}
	return KeyQuestionResult{}, false
}

func sameName(a, b string) bool { return norm(a) == norm(b) }

// renamedStandards pairs the names of a standard renamed from one programme to the next, so an
// inspection is set beside the previous one standard by standard: pdu-2021's 1.2 Staff is
// pdu-2023's 1.2 Staffing.
var renamedStandards = [][2]string{
	{"staff", "staffing"},
}

// sameStandard says whether two standards' names name one standard: the same name, or the names
// of a standard renamed between programmes (renamedStandards).
func sameStandard(a, b string) bool {
	a, b = norm(a), norm(b)
	if a == b {
		return true
	}
	for _, r := range renamedStandards {
		if (a == r[0] && b == r[1]) || (a == r[1] && b == r[0]) {
			return true
		}
	}
	return false
}

// CompareWarnings says what looks wrong in setting current beside previous, the inspection
// before it of the same PDU: the same inspection twice (one file, or a copy of it), two
// different PDUs, or the previous one newer (by the first day of fieldwork where both record
// it, else by when each was started). The comparison is still made.
func CompareWarnings(previous, current Inspection) []string {
	var out []string
	if sameName(previous.Name, current.Name) && previous.CreatedAt.Equal(current.CreatedAt) {
		return []string{fmt.Sprintf("both files hold the same inspection (%s, started %s): every change is 0", current.Name, current.CreatedAt.UTC().Format(time.DateOnly))}
	}
	if !sameName(previous.Name, current.Name) {
		out = append(out, fmt.Sprintf("the two inspections are of different PDUs (%q, then %q): a change is measured within one PDU", previous.Name, current.Name))
	}
	before, after, by := previous.CreatedAt.UTC().Format(time.DateOnly), current.CreatedAt.UTC().Format(time.DateOnly), "started"
	newer := previous.CreatedAt.After(current.CreatedAt)
	if previous.FieldworkStart != "" && current.FieldworkStart != "" {
		before, after, by = previous.FieldworkStart, current.FieldworkStart, "first day of fieldwork"
		newer = previous.FieldworkStart > current.FieldworkStart
	}
	if newer {
		out = append(out, fmt.Sprintf("the previous inspection is the newer one (%s %s, the current %s): give the previous inspection first", by, before, after))
	}
	return out
}

// measure works out the change and its interval.
func (kc KeyQuestionChange) measure(confidence float64) KeyQuestionChange {
	if kc.PreviousID == "" || kc.Previous.Relevant() == 0 || kc.Current.Relevant() == 0 {
		return kc
	}
	kc.Comparable = true
	diff, ci := Newcombe(kc.Current.Yes, kc.Current.Relevant(), kc.Previous.Yes, kc.Previous.Relevant(), confidence)
	kc.Change = 100 * diff
	kc.CI = Interval{Low: 100 * ci.Low, High: 100 * ci.High}
	kc.Beyond = ci.Low > 0 || ci.High < 0
	return kc
}

// Label names a compared key question for people: "2.1.1 Assessment: engagement (was 2.2.1)".
func (kc KeyQuestionChange) Label() string {
	var b strings.Builder
	id := kc.ID
	if id == "" {
		id = kc.PreviousID
	}
	b.WriteString(id + " " + kc.Standard + ": " + kc.Theme)
	switch {
	case kc.ID == "":
		b.WriteString(" (previous inspection only)")
	case kc.PreviousID == "":
		b.WriteString(" (current inspection only)")
	case kc.PreviousID != kc.ID:
		b.WriteString(" (was " + kc.PreviousID + ")")
	}
	return b.String()
}
