package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"fieldwork/casework"
)

// ClearAnswers takes answers of one reading back, all or nothing, in one transaction: for an
// answer keyed against the wrong case. Each answer cleared goes to answer_history as the version
// it was, as a replaced answer's does, and each clearing is a version of its own
// (answer_clearings) with who made it, from where and why, so `history` shows the answer and
// its clearing. Every fault is reported and nothing is cleared: an unknown case (not found), a
// question the framework does not have, a question with no answer to clear, a case signed off,
// an answer settled by moderation (only moderating again changes it).
func (db *DB) ClearAnswers(ctx context.Context, reading string, cs []casework.Clearing, source string) error {
	for _, c := range cs {
		if strings.TrimSpace(c.Reason) == "" {
			return casework.Errorf(casework.EINVALID, "clearing case %s question %s needs its reason", c.CaseID, c.Question).
				WithHint(`add --reason "why the answer is taken back", e.g. "keyed against the wrong case"`)
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		return db.clearAnswers(ctx, tx, reading, cs, source)
	})
}

// clearAnswers clears answers of one reading inside the transaction tx, as ClearAnswers does.
func (db *DB) clearAnswers(ctx context.Context, tx *sql.Tx, reading string, cs []casework.Clearing, source string) error {
	if reading == SecondReading {
		source += " (second reading)"
	}
	fw, err := db.frameworkOf(ctx, tx)
	if err != nil {
		return err
	}
	questions := map[string]casework.Question{}
	for _, q := range fw.Questions() {
		questions[q.ID] = q
	}
	signed, err := signedOff(ctx, tx)
	if err != nil {
		return err
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT last FROM answer_version_counter WHERE id = 1`).Scan(&last); err != nil {
		return fmt.Errorf("reading the answers' last version: %w", err)
	}
	now, table := db.now(), readingTable(reading)
	p := &casework.Problems{Source: source}
	changed := map[string]bool{}
	for _, c := range cs {
		if err := knownCase(ctx, tx, c.CaseID); err != nil {
			return err
		}
		if _, ok := questions[c.Question]; !ok {
			p.Add("%q is not a question of framework %s%s", c.Question, fw.ID, suggest(c.Question, questions))
			continue
		}
		if by, ok := signed[c.CaseID]; ok {
			return casework.SignedOffError(c.CaseID, by)
		}
		var moderated string
		err := tx.QueryRowContext(ctx, `SELECT answer FROM moderations WHERE case_id = ? AND question_id = ?`, c.CaseID, c.Question).Scan(&moderated)
		if err == nil {
			p.Add("case %s question %s was settled by moderation as %s: clearing a reading would undo it", c.CaseID, c.Question, moderated)
			p.Hint = "only moderating again changes a moderated answer (`fieldwork moderate`)"
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var s storedAnswer
		err = tx.QueryRowContext(ctx, `SELECT answer, note, inspector, source, updated_at, version FROM `+table+` WHERE case_id = ? AND question_id = ?`, c.CaseID, c.Question).
			Scan(&s.answer, &s.note, &s.inspector, &s.source, &s.updatedAt, &s.version)
		if errors.Is(err, sql.ErrNoRows) {
			p.Add("case %s has no %s answer to %s: there is nothing to clear", c.CaseID, readingName(reading), c.Question)
			continue
		}
		if err != nil {
			return err
		}
		id := s.version
		if id == 0 { // stored without a version id (migrations/0007): it gets one now
			last++
			id = last
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO answer_history (id, case_id, question_id, answer, note, inspector, source, changed_at, reading) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, c.CaseID, c.Question, s.answer, s.note, s.inspector, s.source, s.updatedAt, reading); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE case_id = ? AND question_id = ?`, c.CaseID, c.Question); err != nil {
			return err
		}
		last++
		if _, err := tx.ExecContext(ctx, `INSERT INTO answer_clearings (id, case_id, question_id, reading, inspector, source, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			last, c.CaseID, c.Question, reading, strings.TrimSpace(c.By), source, now, strings.TrimSpace(c.Reason)); err != nil {
			return err
		}
		changed[c.CaseID] = true
	}
	if err := p.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE answer_version_counter SET last = ? WHERE id = 1`, last); err != nil {
		return fmt.Errorf("counting the answers' versions: %w", err)
	}
	if reading != FirstReading || len(changed) == 0 {
		return nil
	}
	// The form's guard: whoever has the case open sees it changed (as answerWriter.finish).
	ids := make([]string, 0, len(changed))
	for id := range changed {
		ids = append(ids, id)
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE cases SET version = version + 1 WHERE id IN (SELECT value FROM json_each(?))`, string(js))
	return err
}

// knownCase is nil when the inspection has case id, else a not-found error that names a
// stored id differing only in letter case or spaces.
func knownCase(ctx context.Context, q querier, id string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM cases WHERE id = ?`, id).Scan(&one)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	known, err := storedCaseIDs(ctx, q)
	if err != nil {
		return err
	}
	return casework.Errorf(casework.ENOTFOUND, "there is no case %q in this inspection%s", id, suggestCase(id, known))
}

// readingName is how messages name a reading.
func readingName(reading string) string {
	if reading == SecondReading {
		return "second-reading"
	}
	return "first-reading"
}
