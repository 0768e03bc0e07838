package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"fieldwork/casework"
)

// SplitTallies splits the tallies by several case fields at once, as GroupTallies does for one
// (answers counted by the framework's rule for questions that do not apply to a case), in a
// single pass over the answers: the data workbook splits by six fields, and one pass over half
// a million answers costs about what one GroupTallies does. The groups of each field come in
// the order casework.GroupOrder gives.
func (db *DB) SplitTallies(ctx context.Context, fields []string) (map[string][]Group, error) {
	for _, f := range fields {
		if err := db.CheckField(ctx, f); err != nil {
			return nil, err
		}
	}
	fw, err := frameworkOf(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	questions := map[string]casework.Question{}
	for _, q := range fw.Questions() {
		questions[q.ID] = q
	}
	cases, err := loadCases(ctx, db.sql, "")
	if err != nil {
		return nil, err
	}
	// groupOf[f][c] is the group of case c by field f.
	groupOf := make([][]*Group, len(fields))
	byValue := make([]map[string]*Group, len(fields))
	position := make(map[string]int, len(cases))
	for i, c := range cases {
		position[c.ID] = i
	}
	for f, field := range fields {
		groupOf[f] = make([]*Group, len(cases))
		byValue[f] = map[string]*Group{}
		for i, c := range cases {
			v := c.Field(field)
			g := byValue[f][v]
			if g == nil {
				g = &Group{Value: v, Tallies: casework.Tallies{}}
				byValue[f][v] = g
			}
			g.Cases++
			groupOf[f][i] = g
		}
	}

	rows, err := db.sql.QueryContext(ctx, `SELECT case_id, question_id, answer FROM answers`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Raw bytes and lookups by string(bytes), so a row costs no allocation.
	var caseID, question, answer sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&caseID, &question, &answer); err != nil {
			return nil, err
		}
		i, ok := position[string(caseID)]
		if !ok {
			return nil, fmt.Errorf("%s: an answer for case %q, which is not in the inspection", db.path, caseID)
		}
		q, ok := questions[string(question)]
		if !ok {
			return nil, fmt.Errorf("stored answer to %s, which is not a question of framework %s", question, fw.ID)
		}
		var a casework.Answer
		switch string(answer) {
		case "yes":
			a = casework.Yes
		case "no":
			a = casework.No
		case "n/a":
			a = casework.NotApplicable
		default:
			return nil, fmt.Errorf("stored answer to %s: %q is not an answer", q.ID, answer)
		}
		for f := range fields {
			groupOf[f][i].Tallies.AddCounted(q, cases[i], a, 1)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string][]Group{}
	for f, field := range fields {
		values := make([]string, 0, len(byValue[f]))
		for v := range byValue[f] {
			values = append(values, v)
		}
		casework.GroupOrder(field, values)
		gs := make([]Group, len(values))
		for i, v := range values {
			gs[i] = *byValue[f][v]
		}
		out[field] = gs
	}
	return out, nil
}
