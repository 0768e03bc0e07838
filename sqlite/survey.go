package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"fieldwork/casework"
)

// SaveSurvey stores a survey whole, in one transaction: a survey of the same name already
// stored is a conflict, never overwritten or added to.
func (db *DB) SaveSurvey(ctx context.Context, s casework.Survey) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM surveys WHERE name = ?`, s.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return casework.Errorf(casework.ECONFLICT, "there is a survey named %q already", s.Name).WithHint("import it under another --name; `fieldwork survey list` shows the surveys")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO surveys (name, source, imported_at) VALUES (?, ?, ?)`, s.Name, s.Source, db.now())
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for i, c := range s.Columns {
			positive, err := json.Marshal(append([]string{}, c.Positive...))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_questions (survey_id, position, question, profile, positive) VALUES (?, ?, ?, ?, ?)`, id, i, c.Name, c.Profile, string(positive)); err != nil {
				return fmt.Errorf("survey %s, column %q: %w", s.Name, c.Name, err)
			}
		}
		for r, resp := range s.Respondents {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_respondents (survey_id, respondent, respondent_id) VALUES (?, ?, ?)`, id, r+1, resp.ID); err != nil {
				return err
			}
			for i, a := range resp.Answers {
				if _, err := tx.ExecContext(ctx, `INSERT INTO survey_answers (survey_id, respondent, position, answer) VALUES (?, ?, ?, ?)`, id, r+1, i, a); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Surveys reads every survey stored, in the order imported, with its answers.
func (db *DB) Surveys(ctx context.Context) ([]casework.Survey, error) {
	var out []casework.Survey
	ids := map[int64]int{}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, source FROM surveys ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var s casework.Survey
		if err := rows.Scan(&id, &s.Name, &s.Source); err != nil {
			rows.Close()
			return nil, err
		}
		ids[id] = len(out)
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := db.surveyColumns(ctx, out, ids); err != nil {
		return nil, err
	}
	return out, db.surveyAnswers(ctx, out, ids)
}

func (db *DB) surveyColumns(ctx context.Context, out []casework.Survey, ids map[int64]int) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT survey_id, question, profile, positive FROM survey_questions ORDER BY survey_id, position`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c casework.SurveyColumn
		var positive string
		if err := rows.Scan(&id, &c.Name, &c.Profile, &positive); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(positive), &c.Positive); err != nil {
			return fmt.Errorf("stored survey question %q: %w", c.Name, err)
		}
		if len(c.Positive) == 0 {
			c.Positive = nil // a profile column, as it was given
		}
		s := &out[ids[id]]
		s.Columns = append(s.Columns, c)
	}
	return rows.Err()
}

func (db *DB) surveyAnswers(ctx context.Context, out []casework.Survey, ids map[int64]int) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.survey_id, r.respondent, r.respondent_id, coalesce(a.answer, '') FROM survey_respondents r
		LEFT JOIN survey_answers a ON a.survey_id = r.survey_id AND a.respondent = r.respondent ORDER BY r.survey_id, r.respondent, a.position`)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		var respondent, answer string
		if err := rows.Scan(&id, &n, &respondent, &answer); err != nil {
			return err
		}
		s := &out[ids[id]]
		if last[id] != n {
			s.Respondents = append(s.Respondents, casework.Respondent{ID: respondent})
			last[id] = n
		}
		r := &s.Respondents[len(s.Respondents)-1]
		r.Answers = append(r.Answers, answer)
	}
	return rows.Err()
}
