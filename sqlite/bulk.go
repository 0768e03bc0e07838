package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"fieldwork/casework"
)

// Importing a programme's answers (a million rows) must not cost a query per row. Saving a
// checked batch therefore reads the stored answers of every case the batch touches in one query,
// decides per row in memory whether it adds, changes or repeats an answer, and writes the
// answers and their history with INSERT statements of many rows each. The rules are those of
// SaveAnswers, unchanged: a repeat changes nothing, a change keeps the old answer in the
// history, an empty note or inspector keeps the stored one.

// answerKey names one question of one case by their positions, cheaper to hash than two strings.
type answerKey uint64

func keyOf(caseIndex, questionIndex int) answerKey {
	return answerKey(uint64(caseIndex)<<24 | uint64(questionIndex)) // a framework has far fewer than 2^24 questions
}

// storedAnswer is an answer as the database holds it before the batch.
type storedAnswer struct {
	answer, note, inspector string
}

// writeAnswers stores the rows firsts of js, already checked, and bumps the version of every case
// whose answers change.
func (db *DB) writeAnswers(ctx context.Context, tx *sql.Tx, js []casework.Judgement, firsts []int, caseIndex, qIndex map[string]int, source string) (AnswerImport, error) {
	var st AnswerImport
	var touched []string
	seen := map[string]bool{}
	for _, i := range firsts {
		if id := js[i].CaseID; !seen[id] {
			seen[id] = true
			touched = append(touched, id)
		}
	}
	stored, err := storedAnswers(ctx, tx, touched, caseIndex, qIndex)
	if err != nil {
		return st, err
	}

	now := db.now()
	put := newBatchInsert(ctx, tx, `INSERT INTO answers (case_id, question_id, answer, inspector, note, updated_at) VALUES `, 6,
		` ON CONFLICT (case_id, question_id) DO UPDATE SET answer = excluded.answer, inspector = excluded.inspector, note = excluded.note, updated_at = excluded.updated_at`)
	defer put.close()
	hist := newBatchInsert(ctx, tx, `INSERT INTO answer_history (case_id, question_id, old_answer, new_answer, old_note, new_note, inspector, source, changed_at) VALUES `, 9, "")
	defer hist.close()
	changed := map[string]bool{}
	var versions []string
	for _, i := range firsts {
		j := js[i]
		old, found := stored[keyOf(caseIndex[j.CaseID], qIndex[j.Question])]
		note, insp := j.Note, strings.TrimSpace(j.Inspector)
		if note == "" {
			note = old.note
		}
		if insp == "" {
			insp = old.inspector
		}
		ans := j.Answer.String()
		if found && old.answer == ans && old.note == note {
			st.Unchanged++
			continue
		}
		var oldAns any
		if found {
			oldAns = old.answer
			st.Changed++
		} else {
			st.Added++
		}
		if err := put.add(j.CaseID, j.Question, ans, insp, note, now); err != nil {
			return st, err
		}
		if err := hist.add(j.CaseID, j.Question, oldAns, ans, old.note, note, insp, source, now); err != nil {
			return st, err
		}
		if !changed[j.CaseID] {
			changed[j.CaseID] = true
			versions = append(versions, j.CaseID)
		}
	}
	if err := put.flush(); err != nil {
		return st, err
	}
	if err := hist.flush(); err != nil {
		return st, err
	}
	if len(versions) > 0 {
		ids, err := json.Marshal(versions)
		if err != nil {
			return st, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET version = version + 1 WHERE id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
			return st, err
		}
	}
	return st, nil
}

// storedAnswers reads the stored answers of the cases named, in one query.
func storedAnswers(ctx context.Context, tx *sql.Tx, cases []string, caseIndex, qIndex map[string]int) (map[answerKey]storedAnswer, error) {
	stored := map[answerKey]storedAnswer{}
	if len(cases) == 0 {
		return stored, nil
	}
	ids, err := json.Marshal(cases)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT case_id, question_id, answer, note, inspector FROM answers WHERE case_id IN (SELECT value FROM json_each(?))`, string(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c, q string
		var a storedAnswer
		if err := rows.Scan(&c, &q, &a.answer, &a.note, &a.inspector); err != nil {
			return nil, err
		}
		// An answer to a question the framework no longer has cannot meet the batch.
		if qi, ok := qIndex[q]; ok {
			stored[keyOf(caseIndex[c], qi)] = a
		}
	}
	return stored, rows.Err()
}

// batchRows is how many rows one INSERT statement writes: enough to spread the cost of a
// statement over many rows, well inside SQLite's limit of 32766 parameters.
const batchRows = 256

// batchInsert writes rows through multi-row INSERT statements: head, then "(?, ...)" per row,
// then tail.
type batchInsert struct {
	ctx        context.Context
	tx         *sql.Tx
	head, tail string
	cols       int
	full       *sql.Stmt // prepared once, for a statement of batchRows rows
	args       []any
}

func newBatchInsert(ctx context.Context, tx *sql.Tx, head string, cols int, tail string) *batchInsert {
	return &batchInsert{ctx: ctx, tx: tx, head: head, tail: tail, cols: cols, args: make([]any, 0, batchRows*cols)}
}

func (b *batchInsert) statement(rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.cols), ", ") + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ") + b.tail
}

func (b *batchInsert) add(values ...any) error {
	b.args = append(b.args, values...)
	if len(b.args) < batchRows*b.cols {
		return nil
	}
	return b.flush()
}

// flush writes the rows added since the last flush.
func (b *batchInsert) flush() error {
	rows := len(b.args) / b.cols
	if rows == 0 {
		return nil
	}
	var err error
	if rows == batchRows {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(b.ctx, b.statement(batchRows)); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(b.ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(b.ctx, b.statement(rows), b.args...)
	}
	if err != nil {
		return fmt.Errorf("saving %d rows: %w", rows, err)
	}
	b.args = b.args[:0]
	return nil
}

func (b *batchInsert) close() {
	if b.full != nil {
		b.full.Close()
	}
}
