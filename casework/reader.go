package casework

import "sort"

// ReadBy says which inspector reads a case: the one the case list names in an "inspector"
// column, otherwise whoever gave most of its answers (a tie goes to the name first in
// alphabetical order, so lists stay stable), and "" for a case no one has started.
// answeredBy counts the case's current answers by the inspector recorded on each.
func ReadBy(c Case, answeredBy map[string]int) string {
	if name := c.Attributes["inspector"]; name != "" {
		return name
	}
	names := make([]string, 0, len(answeredBy))
	for name, n := range answeredBy {
		if name != "" && n > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	best := ""
	for _, name := range names {
		if best == "" || answeredBy[name] > answeredBy[best] {
			best = name
		}
	}
	return best
}

// CasesFor are the cases an inspector may take: those read by them and those no one has
// started. answeredBy counts each case's answers by inspector, by case id.
func CasesFor(inspector string, cases []Case, answeredBy map[string]map[string]int) []Case {
	var theirs []Case
	for _, c := range cases {
		if r := ReadBy(c, answeredBy[c.ID]); r == "" || r == inspector {
			theirs = append(theirs, c)
		}
	}
	return theirs
}
