package sqlite

import (
	"context"
	"fmt"

	"fieldwork/casework"
)

// ProbationResetCount counts the cases under Probation Reset out of those whose case list
// records it either way, for the published notes: the Bradford & Calderdale report's "Nine out
// of 70 cases inspected were subject to Probation Reset".
func (db *DB) ProbationResetCount(ctx context.Context) (casework.ResetCount, error) {
	var n casework.ResetCount
	rows, err := db.sql.QueryContext(ctx, `SELECT value, count(*) FROM case_attributes WHERE name = ? GROUP BY value`, casework.ProbationReset)
	if err != nil {
		return n, err
	}
	defer rows.Close()
	for rows.Next() {
		var value string
		var cases int
		if err := rows.Scan(&value, &cases); err != nil {
			return n, err
		}
		if err := n.Add(value, cases); err != nil {
			return n, fmt.Errorf("the case list: %w", err)
		}
	}
	return n, rows.Err()
}
