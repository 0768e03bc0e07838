package casework

import (
	"fmt"
	"slices"
	"strings"
)

// Guidance is a rule of the inspectorate's decision guidance: when standard When is rated
// Rated, standard Then would usually be rated one of Usually. It is guidance, not a rule of
// arithmetic: the inspectors may rate against it, but they say why (Rate records which ratings
// do).
type Guidance struct {
	When    string   `json:"when"`
	Rated   Rating   `json:"rated"`
	Then    string   `json:"then"`
	Usually []Rating `json:"usually"`
	// Quote is the guidance in the inspectorate's words, where a published document gives them,
	// and Source that document.
	Quote  string `json:"quote,omitempty"`
	Source string `json:"source,omitempty"`
}

// BrokenGuidance is a decision-guidance rule the ratings go against: Then is rated Found, which
// is not one of the ratings it would usually have. Reason is the inspectors' reason recorded
// with the rating of When, "" while they have given none.
type BrokenGuidance struct {
	Guidance
	WhenName, ThenName string
	Found              Rating
	Reason             string
}

// Rule is the rule in words: "when 1.3 Services is rated Requires improvement, 2.3
// Implementation and delivery would usually be rated Requires improvement or Good".
func (b BrokenGuidance) Rule() string {
	usually := make([]string, len(b.Usually))
	for i, r := range b.Usually {
		usually[i] = r.String()
	}
	return fmt.Sprintf("when %s %s is rated %s, %s %s would usually be rated %s",
		b.When, b.WhenName, b.Rated, b.Then, b.ThenName, orList(usually))
}

// Text is the rule and what the ratings found: the words `rate` refuses with and `validate`
// lists.
func (b BrokenGuidance) Text() string {
	return fmt.Sprintf("decision guidance: %s, but %s is rated %s", b.Rule(), b.Then, b.Found)
}

// Footnote is the note every output puts to the rating of When: the rule it goes against and
// the inspectors' reason, worded once so the report and the workbook print the same.
func (b BrokenGuidance) Footnote() string {
	s := fmt.Sprintf("Decision guidance: %s; %s is rated %s.", b.Rule(), b.Then, b.Found)
	if b.Reason == "" {
		return s + " The inspectors have not yet recorded why they rated " + b.When + " against it."
	}
	return s + " The inspectors' reason: " + b.Reason
}

func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// BrokenGuidance lists, in the framework's order of rules, every decision-guidance rule the
// standards' ratings go against. A rule whose standards are not both rated yet is not broken.
func (f *Framework) BrokenGuidance(standards []StandardResult) []BrokenGuidance {
	byID := map[string]StandardResult{}
	for _, s := range standards {
		byID[s.ID] = s
	}
	var out []BrokenGuidance
	for _, g := range f.Guidance {
		when, then := byID[g.When], byID[g.Then]
		if when.Rating != g.Rated || then.Rating == 0 || slices.Contains(g.Usually, then.Rating) {
			continue
		}
		b := BrokenGuidance{Guidance: g, WhenName: when.Name, ThenName: then.Name, Found: then.Rating}
		if when.Departure != nil {
			b.Reason = when.Departure.Reason
		}
		out = append(out, b)
	}
	return out
}

// CheckGuidance says whether the ratings rs may be recorded over those given already, with
// the answers' tallies: a rating that goes against the decision guidance needs the reason
// of the rating of the rule's When standard. It refuses only for rules rs touches, so a
// rating given before the rule broke (answers change a case standard's rating) does not stop
// another standard being rated; `validate` lists those.
func (f *Framework) CheckGuidance(tallies Tallies, given, rs []GivenRating) error {
	merged := map[string]GivenRating{}
	for _, g := range given {
		merged[g.Standard] = g
	}
	touched := map[string]bool{}
	for _, r := range rs {
		merged[r.Standard] = r
		touched[r.Standard] = true
	}
	all := make([]GivenRating, 0, len(merged))
	for _, g := range merged {
		all = append(all, g)
	}
	for _, b := range f.Rate(tallies, all).Guidance {
		if b.Reason != "" || !touched[b.When] && !touched[b.Then] {
			continue
		}
		return Errorf(EINVALID, "%s: rating %s %s against it needs a reason", b.Text(), b.When, b.WhenName).
			WithNeed(Need{NeedGuidanceReason, b.When}, "give the reason the inspectors rate "+b.When+" against the decision guidance")
	}
	return nil
}

// validateGuidance checks that every rule names two standards of the framework, a rating and
// the ratings usually given.
func (f *Framework) validateGuidance(p *Problems) {
	for i, g := range f.Guidance {
		at := fmt.Sprintf("decision guidance %d", i+1)
		for _, id := range []string{g.When, g.Then} {
			if _, ok := f.Standard(id); !ok {
				p.Add("%s: %q is not a standard of the framework", at, id)
			}
		}
		if g.When == g.Then {
			p.Add("%s: a rule relates two different standards, not %s to itself", at, g.When)
		}
		if g.Rated == 0 {
			p.Add("%s: no rating given for %s (\"rated\")", at, g.When)
		}
		if len(g.Usually) == 0 {
			p.Add("%s: no rating %s would usually have (\"usually\")", at, g.Then)
		}
	}
}
