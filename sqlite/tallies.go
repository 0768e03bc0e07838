package sqlite

import (
	"bytes"
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
// casework.Question.Counted says for its case.
//
// Cases alike in every field a split or that rule reads (their profile) count alike, so the
// answers are first counted by profile, question and answer, and each profile's counts then go
// to its groups. Where neither a split nor the rule reads the case there is one profile, and
// SQLite counts by question and answer alone from the answers index: for 560,000 answers that
// is 60 ms. Otherwise SQLite hands over each case's answers as one list (eachAnswerList): one
// row a case rather than one an answer, which for 2,000,000 answers is about 0.4 s against 1.6 s.
// Either way memory grows with the cases, not the answers.
func (db *DB) tally(ctx context.Context, fields []string) ([][]Group, error) {
	fw, err := db.frameworkOf(ctx, db.sql)
	if err != nil {
		return nil, err
	}
	rule := fw.ApplicabilityFields()
	perCase := len(rule) > 0 || slices.ContainsFunc(fields, func(f string) bool { return f != wholeInspection })
	qs := fw.Questions()
	question := make(map[string]int, len(qs))
	for i, q := range qs {
		question[q.ID] = i
	}
	// The cases, for their profiles. Where nothing reads them their number is enough, the size
	// of the whole inspection's one group, and reading them would cost score two thirds of its
	// time (40 ms of 60 for 8,000 cases).
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
	read := append(slices.Clone(fields), rule...)
	profileOf := map[string]int{} // a profile's values, joined, to its index
	var profiles []casework.Case  // a case of each profile
	caseProfile := make(map[string]int, len(cases))
	var key []byte
	for _, c := range cases {
		key = key[:0]
		if perCase {
			for _, f := range read {
				if f != wholeInspection {
					key = append(append(key, c.Field(f)...), 0)
				}
			}
		}
		p, ok := profileOf[string(key)]
		if !ok {
			p = len(profiles)
			profileOf[string(key)] = p
			profiles = append(profiles, c)
		}
		caseProfile[c.ID] = p
	}
	// groupOf[f][p] is the group of profile p in split f.
	groupOf := make([][]*Group, len(fields))
	byValue := make([]map[string]*Group, len(fields))
	for f, field := range fields {
		groupOf[f] = make([]*Group, len(profiles))
		byValue[f] = map[string]*Group{}
		for p, c := range profiles {
			v := ""
			if field != wholeInspection {
				v = c.Field(field)
			}
			g := byValue[f][v]
			if g == nil {
				g = &Group{Value: v, Tallies: casework.Tallies{}}
				byValue[f][v] = g
			}
			groupOf[f][p] = g
		}
		for _, c := range cases {
			groupOf[f][caseProfile[c.ID]].Cases++
		}
	}

	// counts[(p*len(qs)+q)*answers+a] is how many cases of profile p answered question q with a.
	const answers = int(casework.NotApplicable) + 1
	counts := make([]int, len(profiles)*len(qs)*answers)
	add := func(p int, q, answer []byte, n int) error {
		i, ok := question[string(q)]
		if !ok {
			return fmt.Errorf("stored answer to %s, which is not a question of framework %s", q, fw.ID)
		}
		a, err := answerOf(answer)
		if err != nil {
			return fmt.Errorf("stored answer to %s: %w", q, err)
		}
		counts[(p*len(qs)+i)*answers+int(a)] += n
		return nil
	}
	if perCase {
		err = eachAnswerList(ctx, db.sql, func(caseID, list []byte) error {
			p, ok := caseProfile[string(caseID)]
			if !ok {
				return fmt.Errorf("%s: an answer for case %q, which is not in the inspection", db.path, caseID)
			}
			return eachListed(list, func(q, a []byte) error { return add(p, q, a, 1) })
		})
	} else {
		err = countByQuestion(ctx, db.sql, func(q, a []byte, n int) error {
			if len(profiles) == 0 {
				return fmt.Errorf("%s: answers are stored but no cases", db.path)
			}
			return add(0, q, a, n)
		})
	}
	if err != nil {
		return nil, err
	}
	for p, c := range profiles {
		for i, q := range qs {
			for a := range answers {
				n := counts[(p*len(qs)+i)*answers+a]
				if n == 0 {
					continue
				}
				for f := range fields {
					groupOf[f][p].Tallies.AddCounted(q, c, casework.Answer(a), n)
				}
			}
		}
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

// countByQuestion hands fn each question, answer and how many cases gave it, counted by SQLite
// from the answers index.
func countByQuestion(ctx context.Context, q querier, fn func(question, answer []byte, n int) error) error {
	rows, err := q.QueryContext(ctx, `SELECT question_id, answer, count(*) FROM answers GROUP BY question_id, answer`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var question, answer sql.RawBytes
	var n int
	for rows.Next() {
		if err := rows.Scan(&question, &answer, &n); err != nil {
			return err
		}
		if err := fn(question, answer, n); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachAnswerList hands fn each case's stored answers, in case-id order, as one list that
// SQLite joins: question=answer, separated by commas (eachListed reads it). A question id holds
// neither character (casework.Framework.Validate) and an answer is yes, no or n/a (the answers
// table's check), so the list reads back exactly; and a case costs one row, not one an answer.
func eachAnswerList(ctx context.Context, q querier, fn func(caseID, list []byte) error) error {
	rows, err := q.QueryContext(ctx, `SELECT case_id, group_concat(question_id || '=' || answer, ',') FROM answers GROUP BY case_id ORDER BY case_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var caseID, list sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&caseID, &list); err != nil {
			return err
		}
		if err := fn(caseID, list); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachListed calls fn with each question and answer of a list eachAnswerList made.
func eachListed(list []byte, fn func(question, answer []byte) error) error {
	whole := list
	for len(list) > 0 {
		item := list
		if i := bytes.IndexByte(list, ','); i >= 0 {
			item, list = list[:i], list[i+1:]
		} else {
			list = nil
		}
		i := bytes.LastIndexByte(item, '=')
		if i < 0 {
			return fmt.Errorf("stored answers %q cannot be read: no '=' in %q", whole, item)
		}
		if err := fn(item[:i], item[i+1:]); err != nil {
			return err
		}
	}
	return nil
}

// answerOf reads an answer as the answers table keeps it, without allocating for the
// spellings it allows.
func answerOf(b []byte) (casework.Answer, error) {
	switch string(b) {
	case "yes":
		return casework.Yes, nil
	case "no":
		return casework.No, nil
	case "n/a":
		return casework.NotApplicable, nil
	}
	return casework.ParseAnswer(string(b))
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
