package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"fieldwork/casework"
)

// Importing a programme's answers (a million rows) must not cost a query per row, nor hold the
// rows. The answer writer therefore takes checked answers a batch at a time: it reads the stored
// answers of every case the batch touches in one query, decides per row in memory whether it
// adds, changes or repeats an answer, and writes the answers and their history with INSERT
// statements of many rows each. The rules are those of ImportAnswers: a repeat changes nothing,
// a change keeps the old answer in the history, an empty note or inspector keeps the stored one.

// answerKey names one question of one case by their positions, cheaper to hash than two strings.
type answerKey uint64

func keyOf(caseIndex, questionIndex int) answerKey {
	return answerKey(uint64(caseIndex)<<24 | uint64(questionIndex)) // a framework has far fewer than 2^24 questions
}

// storedAnswer is an answer as the database holds it before the batch.
type storedAnswer struct {
	answer, note, inspector string
}

// answerWriter stores checked answers a batch at a time inside one transaction.
type answerWriter struct {
	ctx       context.Context
	tx        *sql.Tx
	c         *answerChecker
	source    string
	now       string
	put, hist *batchInsert
	changed   map[string]bool // cases whose answers changed, whose version goes up once
	versions  []string
	st        AnswerImport
}

func (db *DB) newAnswerWriter(ctx context.Context, tx *sql.Tx, c *answerChecker, source string) *answerWriter {
	return &answerWriter{ctx: ctx, tx: tx, c: c, source: source, now: db.now(), changed: map[string]bool{},
		put: newBatchInsert(ctx, tx, `INSERT INTO answers (case_id, question_id, answer, inspector, note, updated_at) VALUES `, 6,
			` ON CONFLICT (case_id, question_id) DO UPDATE SET answer = excluded.answer, inspector = excluded.inspector, note = excluded.note, updated_at = excluded.updated_at`),
		hist: newBatchInsert(ctx, tx, `INSERT INTO answer_history (case_id, question_id, old_answer, new_answer, old_note, new_note, inspector, source, changed_at) VALUES `, 9, ""),
	}
}

// write stores a batch of answers the checker passed as firsts: no two answer the same case and
// question, in this batch or any earlier one.
func (w *answerWriter) write(batch []casework.Judgement) error {
	if len(batch) == 0 {
		return nil
	}
	var touched []string
	for i, j := range batch {
		if i == 0 || j.CaseID != batch[i-1].CaseID {
			touched = append(touched, j.CaseID)
		}
	}
	stored, err := storedAnswers(w.ctx, w.tx, touched, w.c.caseIndex, w.c.qIndex)
	if err != nil {
		return err
	}
	for _, j := range batch {
		old, found := stored[keyOf(w.c.caseIndex[j.CaseID], w.c.qIndex[j.Question])]
		note, insp := j.Note, strings.TrimSpace(j.Inspector)
		if note == "" {
			note = old.note
		}
		if insp == "" {
			insp = old.inspector
		}
		ans := j.Answer.String()
		if found && old.answer == ans && old.note == note {
			w.st.Unchanged++
			continue
		}
		var oldAns any
		if found {
			oldAns = old.answer
			w.st.Changed++
		} else {
			w.st.Added++
		}
		if err := w.put.add(j.CaseID, j.Question, ans, insp, note, w.now); err != nil {
			return err
		}
		if err := w.hist.add(j.CaseID, j.Question, oldAns, ans, old.note, note, insp, w.source, w.now); err != nil {
			return err
		}
		if !w.changed[j.CaseID] {
			w.changed[j.CaseID] = true
			w.versions = append(w.versions, j.CaseID)
		}
	}
	return nil
}

// finish writes what is left and bumps the version of every case whose answers changed.
func (w *answerWriter) finish() (AnswerImport, error) {
	if err := w.put.flush(); err != nil {
		return w.st, err
	}
	if err := w.hist.flush(); err != nil {
		return w.st, err
	}
	if len(w.versions) > 0 {
		ids, err := json.Marshal(w.versions)
		if err != nil {
			return w.st, err
		}
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE cases SET version = version + 1 WHERE id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
			return w.st, err
		}
	}
	return w.st, nil
}

func (w *answerWriter) close() {
	w.put.close()
	w.hist.close()
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
