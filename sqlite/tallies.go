package sqlite

import (
	"context"
	"fmt"
	"slices"

	"fieldwork/casework"
)

// rawTallies counts the stored answers to every question over all cases, in SQL, so memory does
// not grow with the number of answers. It ignores the framework's rule for questions that do not
// apply to a case: callers want Tallies (applicable.go).
func (db *DB) rawTallies(ctx context.Context) (casework.Tallies, error) {
	ts := casework.Tallies{}
	rows, err := db.sql.QueryContext(ctx, `SELECT question_id, answer, count(*) FROM answers GROUP BY question_id, answer`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var q, a string
		var n int
		if err := rows.Scan(&q, &a, &n); err != nil {
			return nil, err
		}
		if err := addCount(ts, q, a, n); err != nil {
			return nil, err
		}
	}
	return ts, rows.Err()
}

func addCount(ts casework.Tallies, q, a string, n int) error {
	ans, err := casework.ParseAnswer(a)
	if err != nil {
		return fmt.Errorf("stored answer to %s: %w", q, err)
	}
	t := ts[q]
	switch ans {
	case casework.Yes:
		t.Yes += n
	case casework.No:
		t.No += n
	case casework.NotApplicable:
		t.NotApplicable += n
	}
	ts[q] = t
	return nil
}

// Group is the cases sharing one value of a field, with their answers' tallies.
type Group = casework.Group

// rawGroupTallies splits rawTallies by a case field (case_type, grade, rosh, gender, ethnicity)
// or any case attribute. Groups come in the order casework.GroupOrder gives.
func (db *DB) rawGroupTallies(ctx context.Context, field string) ([]Group, error) {
	if err := db.CheckField(ctx, field); err != nil {
		return nil, err
	}
	// The column name is one of a fixed list, never user text: attributes go through a join.
	value, join, args := "", "", []any{}
	if slices.Contains(casework.CaseFields, field) {
		value = "c." + field
	} else {
		value = "coalesce(ca.value, '')"
		join = "LEFT JOIN case_attributes ca ON ca.case_id = c.id AND ca.name = ?"
		args = append(args, field)
	}
	groups := map[string]*Group{}
	get := func(v string) *Group {
		if groups[v] == nil {
			groups[v] = &Group{Value: v, Tallies: casework.Tallies{}}
		}
		return groups[v]
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+value+`, count(*) FROM cases c `+join+` GROUP BY 1`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			rows.Close()
			return nil, err
		}
		get(v).Cases = n
	}
	rows.Close()
	rows, err = db.sql.QueryContext(ctx, `SELECT `+value+`, a.question_id, a.answer, count(*) FROM answers a JOIN cases c ON c.id = a.case_id `+join+` GROUP BY 1, 2, 3`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v, q, a string
		var n int
		if err := rows.Scan(&v, &q, &a, &n); err != nil {
			return nil, err
		}
		if err := addCount(get(v).Tallies, q, a, n); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var values []string
	for v := range groups {
		values = append(values, v)
	}
	casework.GroupOrder(field, values)
	out := make([]Group, 0, len(values))
	for _, v := range values {
		out = append(out, *groups[v])
	}
	return out, nil
}

// Result rates the inspection as it stands: the answers' tallies and the inspectors' ratings
// put through the framework the inspection was started with.
func (db *DB) Result(ctx context.Context, fw *casework.Framework) (casework.Result, error) {
	tallies, err := db.Tallies(ctx)
	if err != nil {
		return casework.Result{}, err
	}
	given, err := db.Ratings(ctx)
	if err != nil {
		return casework.Result{}, err
	}
	return fw.Rate(tallies, given), nil
}
