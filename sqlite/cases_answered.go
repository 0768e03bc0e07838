package sqlite

import (
	"context"

	"fieldwork/casework"
)

// CasesAnswered reads the cases with every stored answer, by case id then question id: what a
// check or list of the cases' progress reads.
func (db *DB) CasesAnswered(ctx context.Context) ([]casework.Case, map[string]map[string]casework.Answer, error) {
	cases, err := db.Cases(ctx)
	if err != nil {
		return nil, nil, err
	}
	answers, err := db.Answers(ctx)
	return cases, answers, err
}
