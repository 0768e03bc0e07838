// Package figures is the figures an inspection publishes, counted from its store: the ratings,
// every key question and prompt for all cases and split by case attributes, the sample profile,
// the comparisons between groups and with a previous inspection, and the figures of inspections
// pooled into a region. The data workbook, the report, the tables and JSON of score, regional,
// compare, compare-groups and agreement, and the web results page render from it.
//
// It also decides, once, what small numbers hide (Publish): which figure is suppressed, which
// second group goes with it so that a total cannot give it away, and which hinge, comparison or
// change is worked out from a suppressed figure. Renderers show [c] where it says so and decide
// nothing of their own.
//
// It reads through Store, an interface it declares, and knows nothing of SQL, Excel or HTTP.
package figures

import (
	"context"
	"time"

	"fieldwork/casework"
)

// Figures is everything the data workbook shows, counted from the inspection.
type Figures struct {
	Inspection casework.Inspection
	// Result holds every standard's rating and figures over all cases, with the inspectors'
	// ratings and departures.
	Result casework.Result
	// CaseTypes splits the cases by case type (community orders and licences; court and
	// out-of-court disposals), shown beside all cases on every standard's sheet.
	CaseTypes []Group
	// Splits are the other ways the figures are split, one sheet each: practitioner grade, RoSH
	// level, gender, ethnicity and any case attribute asked for.
	Splits []Split
	// Population counts the eligible population by field and value when fieldwork drew the
	// sample; nil when the sample came from elsewhere.
	Population map[string]map[string]int
	// Design is how fieldwork drew the sample; nil when the sample came from elsewhere.
	Design *Design
	// Incomplete is what keeps the figures provisional; its zero value when nothing does.
	Incomplete casework.Incomplete
	// Written is when the figures were produced, shown on the workbook's cover and in its
	// properties.
	Written time.Time
	// PDUs are the inspections pooled into a regional or national database, each on its own
	// cases; nil for one inspection.
	PDUs []PDU
	// Previous is the previous inspection of the same PDU, to set this one beside; nil for none.
	Previous *Rated
	// Evidence is, per standard with any, what may be published of the inspectors' evidence:
	// its counts, strengths and areas for improvement, summaries only where marked.
	Evidence []casework.StandardEvidence
	// Surveys are the surveys imported, counted with nothing hidden; Publish hides what its
	// suppression does.
	Surveys []SurveyFigures
}

// Group is the cases sharing one value of a field and their answers' tallies: the domain's
// group, so the figures compare groups with casework's own statistics.
type Group = casework.Group

// Split is the cases grouped by one field (grade, rosh, gender, ethnicity or an attribute).
type Split struct {
	Field  string
	Groups []Group
}

// Design is how the sample was drawn, for the notes.
type Design struct {
	Windows    []string // commencement windows, "FROM:TO"
	StratifyBy []string
	Population int // eligible cases after exclusions
	Size       int
	Confidence float64 // 0-1
	Margin     float64 // the margin of error the size achieves, 0-1
	Seed       uint64
	Excluded   int // eligible cases left out, each with its reason in the database
}

// PDU is one inspection pooled into a combined database, rated on its own cases with the
// ratings its inspectors gave.
type PDU struct {
	Name, Region, FieldworkStart string
	Cases                        int
	Result                       casework.Result
}

// PooledInspection is one inspection as a combined database records it: its PDU, where it was
// pooled from, and the ratings its inspectors gave.
type PooledInspection struct {
	PDU, Region, FieldworkStart string
	Source                      string // the file it was pooled from
	Given                       []casework.GivenRating
}

// PDUField is the case attribute in which a combined database keeps the inspection each case
// came from, so `score --by pdu` and every other split work on it as on any attribute.
const PDUField = "pdu"

// Rated is an inspection and its ratings as they stand.
type Rated struct {
	casework.Inspection
	Result casework.Result
}

// Completeness finds what keeps the figures of the inspection in st, rated as res, provisional
// (casework.Completeness). The inspections pooled into a combined database were each rated by
// their own inspectors, so there the standards' ratings are not asked for.
func Completeness(ctx context.Context, st Store, ins casework.Inspection, res casework.Result) (casework.Incomplete, error) {
	cases, err := st.Cases(ctx)
	if err != nil {
		return casework.Incomplete{}, err
	}
	sampled, drawn, err := st.SampledCases(ctx)
	if err != nil {
		return casework.Incomplete{}, err
	}
	pis, err := st.PooledInspections(ctx)
	if err != nil {
		return casework.Incomplete{}, err
	}
	rated := &res
	if len(pis) > 0 {
		rated = nil
	}
	check := ins.Framework.NewCompletenessCheck(cases, sampled, drawn)
	err = st.EachCaseAnswers(ctx, func(caseID string, answers map[string]casework.Answer) error {
		check.Add(caseID, answers)
		return nil
	})
	if err != nil {
		return casework.Incomplete{}, err
	}
	return check.Incomplete(rated), nil
}

// Cases is the number of cases in the sample.
func (f Figures) Cases() int {
	n := 0
	for _, g := range f.CaseTypes {
		n += g.Cases
	}
	return n
}

// CaseTypePair is the groups of the framework's two case types (casework.Framework.CaseTypePair),
// in its order, each empty when the sample has none of it.
func (f Figures) CaseTypePair() [2]Group {
	var pair [2]casework.CaseType
	if fw := f.Inspection.Framework; fw != nil {
		pair = fw.CaseTypePair()
	} else {
		pair = (&casework.Framework{}).CaseTypePair()
	}
	var out [2]Group
	for i, t := range pair {
		out[i] = f.CaseType(t)
		out[i].Value = string(t) // named even when the sample has none
	}
	return out
}

// CaseType returns the group of one case type, empty when the sample has none of it.
func (f Figures) CaseType(t casework.CaseType) Group {
	return groupOf(f.CaseTypes, string(t))
}

// Split returns the groups of the split by field, nil when the figures are not split by it.
func (f Figures) Split(field string) []Group {
	for _, sp := range f.Splits {
		if sp.Field == field {
			return sp.Groups
		}
	}
	return nil
}

// groupOf returns the group of value, empty when there is none.
func groupOf(gs []Group, value string) Group {
	for _, g := range gs {
		if g.Value == value {
			return g
		}
	}
	return Group{Value: value, Tallies: casework.Tallies{}}
}

// RegionalStandards are the framework's regional standards rated from the key questions over
// all the cases, which in a combined database are the pooled cases of every PDU.
func (f Figures) RegionalStandards() []casework.RegionalResult {
	ts := casework.Tallies{}
	for _, s := range f.Result.Standards {
		for _, k := range s.KeyQuestions {
			ts[k.ID] = k.Tally
		}
	}
	return f.Inspection.Framework.RateRegional(ts)
}

// PooledFile is what combining took from one file.
type PooledFile struct {
	File           string
	PDUs           []string // the inspection; every pooled one when the file is itself combined
	Cases, Answers int
}
