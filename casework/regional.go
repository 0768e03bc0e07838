package casework

import (
	"reflect"
	"slices"
	"strings"
)

// A region is inspected after all its PDUs. Its desistance and public protection standards are
// not read from cases of their own: the inspectorate rates them from the aggregated case data of
// the region's PDU inspections. How the pooled answers turn into a rating is a rule the
// inspectorate may change, so a framework declares it (regional_standards) rather than the code.

// RegionalRule says how a regional standard is rated from its pooled key questions.
type RegionalRule string

const (
	// RuleLowest rates a regional standard by the band of its lowest pooled key question, the
	// rule that rates a case standard from its own key questions. It is the default of the
	// built-in frameworks: a region is then never rated above the weakest stage of its
	// casework on that theme (see README, "Across inspections").
	RuleLowest RegionalRule = "lowest"
	// RulePooled rates it by the band of every answer to its key questions added together.
	RulePooled RegionalRule = "pooled"
)

// RegionalStandard is a regional standard rated from the pooled cases of the region's PDU
// inspections, by Rule, from the key questions it names (e.g. desistance from the desistance
// key question of assessment, planning, implementation and reviewing).
type RegionalStandard struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	KeyQuestions []string     `json:"key_questions"`
	Rule         RegionalRule `json:"rule"`
}

// RegionalResult is a regional standard's rating and the pooled figures behind it.
type RegionalResult struct {
	ID, Name     string
	Rule         RegionalRule
	KeyQuestions []KeyQuestionResult // each pooled key question; under RuleLowest the driving one is marked
	Pooled       Tally               // all the key questions' answers added together
	Band         Band                // the band the rule gives; zero while not rated
	Rating       Rating              // 0 while a key question has no answers
	Driving      string              // under RuleLowest, the key question whose band rates it
}

// RateRegional rates the framework's regional standards from tallies over pooled cases.
func (f *Framework) RateRegional(tallies Tallies) []RegionalResult {
	var out []RegionalResult
	for _, rs := range f.RegionalStandards {
		// The pooled key questions form a standard of their own, rated by the same function
		// that rates a case standard, so "lowest" means exactly what it means there.
		s := Standard{ID: rs.ID, Name: rs.Name, RatedFrom: FromCases}
		for _, id := range rs.KeyQuestions {
			if k, ok := f.keyQuestion(id); ok {
				s.KeyQuestions = append(s.KeyQuestions, k)
			}
		}
		sr := f.rateStandard(s, tallies)
		res := RegionalResult{ID: rs.ID, Name: rs.Name, Rule: rs.Rule, KeyQuestions: sr.KeyQuestions}
		answered := len(sr.KeyQuestions) > 0
		for _, k := range sr.KeyQuestions {
			res.Pooled.Yes += k.Yes
			res.Pooled.No += k.No
			res.Pooled.NotApplicable += k.NotApplicable
			if k.Relevant() == 0 {
				answered = false
			}
		}
		switch {
		case !answered:
			for i := range res.KeyQuestions {
				res.KeyQuestions[i].Driving = false
			}
		case rs.Rule == RulePooled:
			for i := range res.KeyQuestions {
				res.KeyQuestions[i].Driving = false
			}
			res.Band, _ = f.Band(res.Pooled.Yes, res.Pooled.Relevant())
			res.Rating = res.Band.Rating
		default:
			res.Driving = sr.Driving
			res.Rating = sr.DataRating
			for _, k := range sr.KeyQuestions {
				if k.Driving {
					res.Band = k.Band
				}
			}
		}
		out = append(out, res)
	}
	return out
}

func (f *Framework) keyQuestion(id string) (KeyQuestion, bool) {
	for _, s := range f.Standards {
		for _, k := range s.KeyQuestions {
			if k.ID == id {
				return k, true
			}
		}
	}
	return KeyQuestion{}, false
}

// validateRegionalStandards adds to p what is wrong with the regional standards.
func (f *Framework) validateRegionalStandards(p *Problems) {
	taken := map[string]bool{Overall: true}
	for _, s := range f.Standards {
		taken[s.ID] = true
	}
	for _, rs := range f.RegionalStandards {
		switch {
		case strings.TrimSpace(rs.ID) == "":
			p.Add("a regional standard has an empty id")
		case rs.ID != strings.TrimSpace(rs.ID) || strings.ContainsAny(rs.ID, "=,\""):
			p.Add("regional standard id %q may not contain spaces at its ends, '=', ',' or quotes", rs.ID)
		case taken[rs.ID]:
			p.Add("regional standard id %q is used twice (or is a standard's id)", rs.ID)
		}
		taken[rs.ID] = true
		if rs.Name == "" {
			p.Add("regional standard %s has no name", rs.ID)
		}
		if rs.Rule != RuleLowest && rs.Rule != RulePooled {
			p.Add("regional standard %s: rule %q is not allowed (want %s or %s)", rs.ID, rs.Rule, RuleLowest, RulePooled)
		}
		if len(rs.KeyQuestions) == 0 {
			p.Add("regional standard %s pools no key questions", rs.ID)
		}
		for i, id := range rs.KeyQuestions {
			if _, ok := f.keyQuestion(id); !ok {
				p.Add("regional standard %s: %q is not a key question of the framework", rs.ID, id)
			}
			if slices.Contains(rs.KeyQuestions[:i], id) {
				p.Add("regional standard %s names key question %s twice", rs.ID, id)
			}
		}
	}
}

// Differs names the first part of the method in which g differs from f ("" when none), for
// refusing to pool cases whose answers mean different things or are rated by different rules.
// Neither the provenance note nor the regional standards are part of it: they rate no single
// inspection, so inspections that differ only there pool as they are.
func (f *Framework) Differs(g *Framework) string {
	parts := []struct {
		name string
		a, b any
	}{
		{"id", f.ID, g.ID},
		{"standards and questions", f.Standards, g.Standards},
		{"case questions", f.CaseQuestions, g.CaseQuestions},
		{"bands", f.Bands, g.Bands},
		{"points", f.Points, g.Points},
		{"overall thresholds", f.Overall, g.Overall},
	}
	for _, p := range parts {
		if !reflect.DeepEqual(p.a, p.b) {
			return p.name
		}
	}
	return ""
}

// SameRegionalStandards says whether f and g pool and rate a region alike.
func (f *Framework) SameRegionalStandards(g *Framework) bool {
	return reflect.DeepEqual(f.RegionalStandards, g.RegionalStandards)
}
