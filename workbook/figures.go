// Package workbook writes the data workbook published with an inspection report: the ratings,
// every key question and prompt for all cases and split by case type, practitioner grade, RoSH
// level, gender and ethnicity, the sample profile and the method, laid out by the UK government
// guidance on releasing statistics in spreadsheets (cover, contents and notes sheets, then one
// real Excel table per sheet, numbers as values, percentages as fractions).
//
// It takes figures already counted (Figures) and never sees a case: no case reference, note or
// answer of a single case can reach the file through it.
package workbook

import (
	"time"

	"fieldwork/casework"
)

// Figures is everything the workbook shows, counted beforehand from the inspection.
type Figures struct {
	Inspection casework.Inspection
	// Result holds every standard's rating and figures over all cases, with the inspectors'
	// ratings and departures.
	Result casework.Result
	// CaseTypes splits the cases into community orders and licences, shown beside all cases on
	// every standard's sheet.
	CaseTypes []Group
	// Splits are the other ways the figures are split, one sheet each: practitioner grade, RoSH
	// level, gender, ethnicity and any case attribute asked for.
	Splits []Split
	// Population counts the eligible population by field and value when fieldwork drew the
	// sample; nil when the sample came from elsewhere.
	Population map[string]map[string]int
	// Design is how fieldwork drew the sample; nil when the sample came from elsewhere.
	Design *Design
	// Written is when the workbook was produced, shown on the cover and in the properties.
	Written time.Time
	// PDUs are the inspections pooled into a regional or national database, each on its own
	// cases; nil for one inspection (across.go).
	PDUs []PDU
	// Previous is the previous inspection of the same PDU, to set this one beside; nil for none.
	Previous *Previous
}

// Group is the cases sharing one value of a field and their answers' tallies: the domain's
// group, so the workbook compares groups with casework's own statistics.
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

// Options are the choices the lead inspector makes about the published file.
type Options struct {
	// Suppress hides figures about too few relevant cases.
	Suppress casework.Suppression
	// Confidence is the level of every interval, 0-1; 0 means casework.DefaultConfidence.
	Confidence float64
}

// confidence is the level of the workbook's intervals.
func (o Options) confidence() float64 {
	if o.Confidence <= 0 || o.Confidence >= 1 {
		return casework.DefaultConfidence
	}
	return o.Confidence
}

// cases is the number of cases in the sample.
func (f Figures) cases() int {
	n := 0
	for _, g := range f.CaseTypes {
		n += g.Cases
	}
	return n
}

// caseType returns the group of one case type, empty when the sample has none of it.
func (f Figures) caseType(t casework.CaseType) Group {
	for _, g := range f.CaseTypes {
		if g.Value == string(t) {
			return g
		}
	}
	return Group{Value: string(t), Tallies: casework.Tallies{}}
}
