package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fieldwork/casework"
)

// The readings an answer can belong to, as answer_history.reading and merged.reading name them.
const (
	FirstReading  = "first"  // the answer of record, in answers
	SecondReading = "second" // a quality lead's re-reading, in second_readings
)

// readingTable is the table a reading's answers are kept in.
func readingTable(reading string) string {
	if reading == SecondReading {
		return "second_readings"
	}
	return "answers"
}

// SaveSecondReading stores a quality lead's second reading of cases beside the first, never
// over it, in one transaction, all or nothing. The checks and rules are those of SaveAnswers: the
// case and question exist, the answer is allowed, the batch does not contradict itself; an
// unchanged answer changes nothing; a changed one keeps the old in the history (marked as the
// second reading). A second reading counts in no score.
func (db *DB) SaveSecondReading(ctx context.Context, js []casework.Judgement, source string) (AnswerImport, error) {
	var st AnswerImport
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = db.saveAnswers(ctx, tx, SecondReading, js, source)
		return err
	})
	return st, err
}

// ReadTwice lists every question of every case with a second reading, beside its first reading
// (as it stood before any moderation) and its moderated answer, if any.
func (db *DB) ReadTwice(ctx context.Context) ([]casework.ReadTwice, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT s.case_id, s.question_id, coalesce(m.first_answer, a.answer, ''), s.answer,
			coalesce(a.inspector, ''), s.inspector, coalesce(m.answer, ''), coalesce(m.moderator, ''), coalesce(m.reason, '')
		FROM second_readings s
		LEFT JOIN answers a ON a.case_id = s.case_id AND a.question_id = s.question_id
		LEFT JOIN moderations m ON m.case_id = s.case_id AND m.question_id = s.question_id
		ORDER BY s.case_id, s.question_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.ReadTwice
	for rows.Next() {
		var r casework.ReadTwice
		var first, second, moderated string
		if err := rows.Scan(&r.CaseID, &r.Question, &first, &second, &r.FirstBy, &r.SecondBy, &moderated, &r.ModeratedBy, &r.ModerationReason); err != nil {
			return nil, err
		}
		for _, a := range []struct {
			text string
			to   *casework.Answer
		}{{first, &r.First}, {second, &r.Second}, {moderated, &r.Moderated}} {
			if a.text == "" {
				continue
			}
			if *a.to, err = casework.ParseAnswer(a.text); err != nil {
				return nil, fmt.Errorf("stored reading of case %s question %s: %w", r.CaseID, r.Question, err)
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Moderate records the answer settled on where the two readings of a question disagree, with
// the reason, in one transaction. The moderated answer becomes the answer of record (so every
// score counts it, and the history keeps the first reading it replaces); the readings as they
// stood are kept with it, so agreement is still measured on them. Only a question read twice
// can be moderated, and once moderated its answer changes only by moderating again.
func (db *DB) Moderate(ctx context.Context, js []casework.Judgement, reason, moderator string) (AnswerImport, error) {
	var st AnswerImport
	reason, moderator = strings.TrimSpace(reason), strings.TrimSpace(moderator)
	if reason == "" {
		return st, casework.Errorf(casework.EINVALID, "a moderated answer needs its reason").
			WithHint(`add --reason "what the readers agreed, and why"`)
	}
	source := "moderation"
	if moderator != "" {
		source += " by " + moderator
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := db.checkBatch(ctx, tx, js, source); err != nil {
			return err
		}
		p := &casework.Problems{Source: source, Hint: "record both readings first: `fieldwork judge` for the first, `fieldwork judge --reading 2` for the second"}
		now := db.now()
		for _, j := range js {
			var first, second sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(m.first_answer, a.answer) FROM answers a LEFT JOIN moderations m ON m.case_id = a.case_id AND m.question_id = a.question_id
					WHERE a.case_id = ?1 AND a.question_id = ?2),
				(SELECT answer FROM second_readings WHERE case_id = ?1 AND question_id = ?2)`, j.CaseID, j.Question).Scan(&first, &second)
			if err != nil {
				return err
			}
			if !first.Valid || !second.Valid {
				p.Add("case %s question %s has not been read twice: there is nothing to moderate", j.CaseID, j.Question)
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO moderations (case_id, question_id, answer, first_answer, second_answer, reason, moderator, moderated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (case_id, question_id) DO UPDATE SET answer = excluded.answer, second_answer = excluded.second_answer, reason = excluded.reason,
					moderator = excluded.moderator, moderated_at = excluded.moderated_at`,
				j.CaseID, j.Question, j.Answer.String(), first.String, second.String, reason, moderator, now); err != nil {
				return err
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		// The inspector of record stays the first reader's; the history names the moderator.
		record := make([]casework.Judgement, len(js))
		for i, j := range js {
			record[i] = casework.Judgement{CaseID: j.CaseID, Question: j.Question, Answer: j.Answer, Where: j.Where}
		}
		var err error
		st, err = db.saveAnswers(ctx, tx, FirstReading, record, source)
		return err
	})
	return st, err
}
