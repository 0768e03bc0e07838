package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fieldwork/casework"
)

// Tallies counts the answers to every question over all cases, as they count under the
// framework's rule for questions that do not apply to a case (casework/applicable.go): a yes or
// no given to another sample's question, or to a prompt not for Probation Reset cases in a reset
// case, counts as not applicable. It counts in SQL, grouped by the few case attributes the rule
// reads, so memory does not grow with the number of answers. For a framework where every
// question applies to every case it is the plain count.
func (db *DB) Tallies(ctx context.Context) (casework.Tallies, error) {
	fw, err := frameworkOf(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	if len(fw.ApplicabilityFields()) == 0 {
		return db.rawTallies(ctx)
	}
	byGroup, err := db.applicableTallies(ctx, fw, "")
	if err != nil {
		return nil, err
	}
	if ts, ok := byGroup[""]; ok {
		return ts, nil
	}
	return casework.Tallies{}, nil
}

// GroupTallies splits Tallies by a case field (case_type, grade, rosh, gender, ethnicity) or any
// case attribute, with each group's case count. Groups come in the order casework.GroupOrder
// gives.
func (db *DB) GroupTallies(ctx context.Context, field string) ([]Group, error) {
	groups, err := db.rawGroupTallies(ctx, field)
	if err != nil {
		return nil, err
	}
	fw, err := frameworkOf(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	if len(fw.ApplicabilityFields()) == 0 {
		return groups, nil
	}
	byGroup, err := db.applicableTallies(ctx, fw, field)
	if err != nil {
		return nil, err
	}
	for i := range groups {
		groups[i].Tallies = byGroup[groups[i].Value]
		if groups[i].Tallies == nil {
			groups[i].Tallies = casework.Tallies{}
		}
	}
	return groups, nil
}

// applicableTallies counts answers by group value (all in "" when groupBy is ""), each count
// grouped in SQL by question, answer and the values of the attributes that decide whether the
// question applies, and passed to casework to count as the rule says. groupBy must have passed
// CheckField: a built-in field is a column name from a fixed list, anything else a parameter.
func (db *DB) applicableTallies(ctx context.Context, fw *casework.Framework, groupBy string) (map[string]casework.Tallies, error) {
	questions := map[string]casework.Question{}
	for _, q := range fw.Questions() {
		questions[q.ID] = q
	}
	var joins []string
	var args []any
	attribute := func(name string) string {
		alias := "ca" + strconv.Itoa(len(joins))
		joins = append(joins, "LEFT JOIN case_attributes "+alias+" ON "+alias+".case_id = c.id AND "+alias+".name = ?")
		args = append(args, name)
		return "coalesce(" + alias + ".value, '')"
	}
	group := "''"
	switch {
	case slices.Contains(casework.CaseFields, groupBy):
		group = "c." + groupBy
	case groupBy != "":
		group = attribute(groupBy)
	}
	fields := fw.ApplicabilityFields()
	cols := []string{"a.question_id", "a.answer", group}
	for _, f := range fields {
		cols = append(cols, attribute(f))
	}
	var by []string
	for i := range cols {
		by = append(by, strconv.Itoa(i+1))
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+`, count(*) FROM answers a JOIN cases c ON c.id = a.case_id `+
		strings.Join(joins, " ")+` GROUP BY `+strings.Join(by, ", "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]casework.Tallies{}
	for rows.Next() {
		var qid, answer, value string
		var n int
		values := make([]string, len(fields))
		dest := []any{&qid, &answer, &value}
		for i := range values {
			dest = append(dest, &values[i])
		}
		if err := rows.Scan(append(dest, &n)...); err != nil {
			return nil, err
		}
		a, err := casework.ParseAnswer(answer)
		if err != nil {
			return nil, fmt.Errorf("stored answer to %s: %w", qid, err)
		}
		q, ok := questions[qid]
		if !ok {
			return nil, fmt.Errorf("stored answer to %s, which is not a question of framework %s", qid, fw.ID)
		}
		c := casework.Case{Attributes: map[string]string{}}
		for i, f := range fields {
			c.Attributes[f] = values[i]
		}
		if out[value] == nil {
			out[value] = casework.Tallies{}
		}
		out[value].AddCounted(q, c, a, n)
	}
	return out, rows.Err()
}

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
