package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"fieldwork/casework"
)

// ImportAnswerList is SaveAnswers for answers read from a file (an entry workbook): as
// ImportAnswers does for a CSV file, it refuses every row that would change a moderated answer,
// naming its place, case and question.
func (db *DB) ImportAnswerList(ctx context.Context, js []casework.Judgement, source string) (AnswerImport, error) {
	return db.ImportAnswers(ctx, &sliceSource{js: js}, source)
}

// keepingModerated yields what src yields, reporting to p each answer that would change one
// settled by moderation, so that an import names every such row by its place rather than
// failing on the database's own guard (the answers_keep_moderation trigger) with no place.
type keepingModerated struct {
	src       AnswerSource
	moderated map[[2]string]casework.Answer // by case and question
}

func (k *keepingModerated) Next(p *casework.Problems) (casework.Judgement, error) {
	j, err := k.src.Next(p)
	if err != nil {
		return j, err
	}
	if m, ok := k.moderated[[2]string{j.CaseID, j.Question}]; ok && m != j.Answer {
		p.Add("%s: case %s question %s is answered %s here, but its answer was settled by moderation as %s; only moderating again changes it", j.WhereField("answer"), j.CaseID, j.Question, j.Answer, m)
		p.Hint = "leave the row out or give the moderated answer; `fieldwork agreement` lists the moderated answers, `fieldwork moderate` changes one"
	}
	return j, nil
}

// keepModerated reads the moderated answers in tx and wraps src to report any it would change.
func keepModerated(ctx context.Context, tx *sql.Tx, src AnswerSource) (AnswerSource, error) {
	rows, err := tx.QueryContext(ctx, `SELECT case_id, question_id, answer FROM moderations`)
	if err != nil {
		return nil, fmt.Errorf("reading the moderated answers: %w", err)
	}
	defer rows.Close()
	k := &keepingModerated{src: src, moderated: map[[2]string]casework.Answer{}}
	for rows.Next() {
		var caseID, question, answer string
		if err := rows.Scan(&caseID, &question, &answer); err != nil {
			return nil, err
		}
		a, err := casework.ParseAnswer(answer)
		if err != nil {
			return nil, fmt.Errorf("the moderated answer of %s %s: %w", caseID, question, err)
		}
		k.moderated[[2]string{caseID, question}] = a
	}
	return k, rows.Err()
}
