package figures

import (
	"context"

	"fieldwork/casework"
)

// Results is what the ratings are read from: the answers' tallies and the inspectors' ratings
// put through the framework.
type Results interface {
	Result(ctx context.Context, fw *casework.Framework) (casework.Result, error)
}

// Store is what the published figures are counted from: an inspection's answers, cases and
// sample, and, for a combined database, the inspections pooled into it.
type Store interface {
	Results
	// Tallies counts the answers to every question over all cases.
	Tallies(ctx context.Context) (casework.Tallies, error)
	// SplitTallies counts them split by each case field, the groups of each in the order
	// casework.GroupOrder gives, in one pass.
	SplitTallies(ctx context.Context, fields []string) (map[string][]casework.Group, error)
	Cases(ctx context.Context) ([]casework.Case, error)
	// EachCaseAnswers hands fn each case's answers of record, by question, one case at a time
	// (the map may be reused: fn must not keep it), to tell which cases are complete without
	// holding a national database's answers at once.
	EachCaseAnswers(ctx context.Context, fn func(caseID string, answers map[string]casework.Answer) error) error
	// SampledCases lists the cases of the drawn sample; drawn is false when fieldwork did not
	// draw it.
	SampledCases(ctx context.Context) (ids []string, drawn bool, err error)
	// PopulationProfile counts the eligible population by a case field; drawn is false when
	// fieldwork did not draw the sample, and the error is casework.ENOTFOUND for a field the
	// population was not profiled by.
	PopulationProfile(ctx context.Context, field string) (counts map[string]int, drawn bool, err error)
	// SampleDesign is how fieldwork drew the sample; drawn is false when it did not.
	SampleDesign(ctx context.Context) (d Design, drawn bool, err error)
	// PooledInspections lists the inspections pooled into a combined database, nil for one
	// inspection's.
	PooledInspections(ctx context.Context) ([]PooledInspection, error)
	// Evidence lists the inspectors' evidence for every standard (standard "") or for one.
	Evidence(ctx context.Context, standard string) ([]casework.Evidence, error)
	// Surveys reads every survey imported, with its answers.
	Surveys(ctx context.Context) ([]casework.Survey, error)
	// Path names the store in messages.
	Path() string
}

// Readings is what the agreement of first and second readings is measured from.
type Readings interface {
	ReadTwice(ctx context.Context) ([]casework.ReadTwice, error)
}
