package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"fieldwork/casework"
)

// Group is the cases sharing one value of a field, with their answers' tallies.
type Group = casework.Group

// Tallies counts the answers to every question over all cases, as they count under the
// framework's rule for questions that do not apply to a case (casework/applicable.go): a yes or
// no given to another sample's question, or to a prompt not for Probation Reset cases in a reset
// case, counts as not applicable.
func (db *DB) Tallies(ctx context.Context) (casework.Tallies, error) {
	splits, err := db.tally(ctx, []string{wholeInspection})
	if err != nil {
		return nil, err
	}
	if len(splits[0]) == 0 {
		return casework.Tallies{}, nil // no cases
	}
	return splits[0][0].Tallies, nil
}

// GroupTallies splits Tallies by a case field (case_type, grade, rosh, gender, ethnicity) or any
// case attribute, with each group's case count. Groups come in the order casework.GroupOrder
// gives.
func (db *DB) GroupTallies(ctx context.Context, field string) ([]Group, error) {
	splits, err := db.SplitTallies(ctx, []string{field})
	if err != nil {
		return nil, err
	}
	return splits[field], nil
}

// SplitTallies splits the tallies by several case fields at once, as GroupTallies does for one,
// in a single pass over the answers: the data workbook splits by six fields, and one pass costs
// about what one split does.
func (db *DB) SplitTallies(ctx context.Context, fields []string) (map[string][]Group, error) {
	for _, f := range fields {
		if err := db.CheckField(ctx, f); err != nil {
			return nil, err
		}
	}
	splits, err := db.tally(ctx, fields)
	if err != nil {
		return nil, err
	}
	out := map[string][]Group{}
	for i, f := range fields {
		out[f] = splits[i]
	}
	return out, nil
}

// wholeInspection is the split by no field: every case in one group, whose Value is "".
const wholeInspection = ""

// tally is the one place answers are counted. It counts the stored answers into the groups of
// each split in one pass: split i groups the cases by fields[i] (a built-in field or an
// attribute, checked by the caller; wholeInspection puts them all in one), its groups in the
// order casework.GroupOrder gives, each with its case count. Each answer counts as
// casework.Question.Counted says for its case. Where neither a split nor that rule reads the
// case, SQLite counts by question and answer alone, from the answers index, rather than handing
// over every answer: for 560,000 answers that is 60 ms against about 500 ms. Either way memory
// grows with the cases, not the answers.
func (db *DB) tally(ctx context.Context, fields []string) ([][]Group, error) {
	fw, err := db.frameworkOf(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	perCase := len(fw.ApplicabilityFields()) > 0 || slices.ContainsFunc(fields, func(f string) bool { return f != wholeInspection })
	questions := map[string]casework.Question{}
	for _, q := range fw.Questions() {
		questions[q.ID] = q
	}
	// The cases, for their groups and for the rule. Where neither reads them their number is
	// enough, the size of the whole inspection's one group, and reading them would cost score
	// two thirds of its time (40 ms of 60 for 8,000 cases).
	var cases []casework.Case
	if perCase {
		cases, err = loadCases(ctx, db.sql, "")
	} else {
		var n int
		err = db.sql.QueryRowContext(ctx, `SELECT count(*) FROM cases`).Scan(&n)
		cases = make([]casework.Case, n)
	}
	if err != nil {
		return nil, err
	}
	position := make(map[string]int, len(cases))
	for i, c := range cases {
		position[c.ID] = i
	}
	// groupOf[f][i] is the group of case i in split f.
	groupOf := make([][]*Group, len(fields))
	byValue := make([]map[string]*Group, len(fields))
	for f, field := range fields {
		groupOf[f] = make([]*Group, len(cases))
		byValue[f] = map[string]*Group{}
		for i, c := range cases {
			v := ""
			if field != wholeInspection {
				v = c.Field(field)
			}
			g := byValue[f][v]
			if g == nil {
				g = &Group{Value: v, Tallies: casework.Tallies{}}
				byValue[f][v] = g
			}
			g.Cases++
			groupOf[f][i] = g
		}
	}

	query := `SELECT case_id, question_id, answer, 1 FROM answers`
	if !perCase {
		query = `SELECT '', question_id, answer, count(*) FROM answers GROUP BY question_id, answer`
	}
	rows, err := db.sql.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Raw bytes, and lookups by string(bytes), so a row costs no allocation; each spelling of an
	// answer is parsed once.
	var caseID, question, answer sql.RawBytes
	var n int
	parsed := map[string]casework.Answer{}
	for rows.Next() {
		if err := rows.Scan(&caseID, &question, &answer, &n); err != nil {
			return nil, err
		}
		// Without perCase the row counts answers of many cases, and every split is
		// wholeInspection: one group, the same for every case, found through the first.
		i, c := 0, casework.Case{}
		switch {
		case perCase:
			var ok bool
			if i, ok = position[string(caseID)]; !ok {
				return nil, fmt.Errorf("%s: an answer for case %q, which is not in the inspection", db.path, caseID)
			}
			c = cases[i]
		case len(cases) == 0:
			return nil, fmt.Errorf("%s: answers are stored but no cases", db.path)
		}
		q, ok := questions[string(question)]
		if !ok {
			return nil, fmt.Errorf("stored answer to %s, which is not a question of framework %s", question, fw.ID)
		}
		a, ok := parsed[string(answer)]
		if !ok {
			if a, err = casework.ParseAnswer(string(answer)); err != nil {
				return nil, fmt.Errorf("stored answer to %s: %w", q.ID, err)
			}
			parsed[string(answer)] = a
		}
		for f := range fields {
			groupOf[f][i].Tallies.AddCounted(q, c, a, n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([][]Group, len(fields))
	for f, field := range fields {
		values := make([]string, 0, len(byValue[f]))
		for v := range byValue[f] {
			values = append(values, v)
		}
		casework.GroupOrder(field, values)
		out[f] = make([]Group, len(values))
		for i, v := range values {
			out[f][i] = *byValue[f][v]
		}
	}
	return out, nil
}

// Result rates the inspection as it stands: the answers' tallies and the inspectors' ratings
// put through the framework the inspection was started with.
func (db *DB) Result(ctx context.Context, fw *casework.Framework) (casework.Result, error) {
	tallies, given, err := db.rated(ctx)
	if err != nil {
		return casework.Result{}, err
	}
	return fw.Rate(tallies, given), nil
}

// rated reads what the ratings are worked out from: the answers' tallies and the inspectors'
// ratings.
func (db *DB) rated(ctx context.Context) (casework.Tallies, []casework.GivenRating, error) {
	tallies, err := db.Tallies(ctx)
	if err != nil {
		return nil, nil, err
	}
	given, err := db.Ratings(ctx)
	return tallies, given, err
}
