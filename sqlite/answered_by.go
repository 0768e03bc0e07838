package sqlite

import "context"

// AnsweredBy counts each case's current answers by the inspector recorded on them, by case id
// then inspector, so lists can show who reads each case (casework.ReadBy).
func (db *DB) AnsweredBy(ctx context.Context) (map[string]map[string]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT case_id, inspector, count(*) FROM answers GROUP BY case_id, inspector`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var id, who string
		var n int
		if err := rows.Scan(&id, &who, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]int{}
		}
		out[id][who] = n
	}
	return out, rows.Err()
}
