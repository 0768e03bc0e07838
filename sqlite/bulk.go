package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"fieldwork/casework"
)

// Importing a programme's answers (a million rows) must not cost a query per row, nor hold the
// rows. The answer writer therefore takes checked answers a batch at a time: it reads the stored
// answers of every case the batch touches in one query, decides per row in memory whether it
// adds, changes or repeats an answer, and writes the answers and their history with INSERT
// statements of many rows each. The rules are those of ImportAnswers: a repeat changes nothing,
// a change keeps the old answer in the history, an empty note or inspector keeps the stored one.
//
// The history is of replaced versions only (migrations/0007): each answer written becomes a new
// version, its row in answers (or second_readings) carrying its value, who, when, from where and
// its version id, the next of answer_version_counter; a history row is written only when an
// answer replaces a stored one, and it is the stored version, with its own id and time. A first
// answer writes one row, not two.
// They are the same for both readings: one writer stores the first reading (SaveAnswers,
// ImportAnswers, SaveCaseAnswers, Moderate, Merge) and the second (SaveSecondReading, Merge).

// answerKey names one question of one case by their positions, cheaper to hash than two strings.
type answerKey uint64

func keyOf(caseIndex, questionIndex int) answerKey {
	return answerKey(uint64(caseIndex)<<24 | uint64(questionIndex)) // a framework has far fewer than 2^24 questions
}

// storedAnswer is an answer as the database holds it before the batch.
type storedAnswer struct {
	answer, note, inspector string
	source, updatedAt       string
	version                 int64 // 0 for an answer stored without a version id (migrations/0007)
}

// answerWriter stores checked answers of one reading a batch at a time inside one transaction.
type answerWriter struct {
	ctx      context.Context
	tx       *sql.Tx
	reading  string // FirstReading or SecondReading
	c        *answerChecker
	lookup   *sql.Stmt                  // the stored answers of a batch's cases
	none     int8                       // 1 when the reading had no answers stored as the writer began; 0 until known
	stored   map[answerKey]storedAnswer // what lookup found, for the batch in hand
	put      *batchInsert
	replaced *batchInsert    // the versions replaced
	version  int64           // the last version id given out; -1 until read
	written  int             // answers written
	index    string          // the SQL of answers_question while it is set aside (setIndexAside)
	bulk     bool            // the answers come from a file, which may hold a programme's
	changed  map[string]bool // cases whose answers changed, whose version goes up once
	st       AnswerImport
}

func (db *DB) newAnswerWriter(ctx context.Context, tx *sql.Tx, c *answerChecker, reading, source string) *answerWriter {
	now := db.now()
	if reading == SecondReading {
		source += " (second reading)"
	}
	return &answerWriter{ctx: ctx, tx: tx, reading: reading, c: c, changed: map[string]bool{}, stored: map[answerKey]storedAnswer{}, version: -1,
		put: newBatchInsert(ctx, tx, `INSERT INTO `+readingTable(reading)+` (case_id, question_id, answer, inspector, note, updated_at, version, source) VALUES `, "(?, ?, ?, ?, ?, ?1, ?3 + #, ?2)",
			` ON CONFLICT (case_id, question_id) DO UPDATE SET answer = excluded.answer, inspector = excluded.inspector, note = excluded.note, updated_at = excluded.updated_at,
			version = excluded.version, source = excluded.source`, now, source, int64(0)),
		replaced: newBatchInsert(ctx, tx, `INSERT INTO answer_history (id, case_id, question_id, answer, note, inspector, source, changed_at, reading) VALUES `,
			"(?, ?, ?, ?, ?, ?, ?, ?, ?1)", "", reading),
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
	err := w.storedAnswers(touched)
	if err != nil {
		return err
	}
	for _, j := range batch {
		old, found := w.stored[keyOf(w.c.caseIndex[j.CaseID], w.c.qIndex[j.Question])]
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
		if found {
			w.st.Changed++
			id := old.version
			if id == 0 { // stored without a version id: it gets one now, before the answer replacing it
				if id, err = w.nextVersion(); err != nil {
					return err
				}
			}
			if err := w.replaced.add(id, j.CaseID, j.Question, old.answer, old.note, old.inspector, old.source, old.updatedAt); err != nil {
				return err
			}
		} else {
			w.st.Added++
		}
		version, err := w.nextVersion()
		if err != nil {
			return err
		}
		if err := w.put.addNumbered(version, j.CaseID, j.Question, ans, insp, note); err != nil {
			return err
		}
		if w.written++; w.reading == FirstReading && w.index == "" && (w.written == bulkAnswers || w.written == 1 && w.bulk && w.none == 1) {
			if err := w.setIndexAside(); err != nil {
				return err
			}
		}
		w.changed[j.CaseID] = true
	}
	return nil
}

// finish writes what is left and bumps the version of every case whose answers of record
// changed. A second reading leaves the version alone: the version guards the answers the web
// form shows, and a quality lead's reading is not among them.
func (w *answerWriter) finish() (AnswerImport, error) {
	for _, b := range []*batchInsert{w.put, w.replaced} {
		if err := b.flush(); err != nil {
			return w.st, err
		}
	}
	if w.version >= 0 {
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE answer_version_counter SET last = ? WHERE id = 1`, w.version); err != nil {
			return w.st, fmt.Errorf("counting the answers' versions: %w", err)
		}
	}
	if w.index != "" {
		if _, err := w.tx.ExecContext(w.ctx, w.index); err != nil {
			return w.st, fmt.Errorf("rebuilding the answers index: %w", err)
		}
	}
	if len(w.changed) > 0 && w.reading == FirstReading {
		ids, err := json.Marshal(slices.Collect(maps.Keys(w.changed)))
		if err != nil {
			return w.st, err
		}
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE cases SET version = version + 1 WHERE id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
			return w.st, err
		}
	}
	return w.st, nil
}

// bulkAnswers is how many answers an import writes before it considers setting the answers
// index aside. A file imported into an inspection with no answers yet sets it aside at its
// first answer: what the file holds is then all the answers there are (measured: 100,000 answers
// in 0.54 s instead of 0.77 s, the median of four runs each).
const bulkAnswers = 50_000

// setIndexAside drops the index of answers by question (the one every score reads) until the
// import finishes, when finish builds it again, if the import has written at least a third of
// the answers now stored. Keeping the index up to date row by row costs a bulk import about a
// quarter of its time (measured: 2.8 s of 11.4 s for a million answers), while building it once
// sorts the answers in about a second a million; for a small import into a large inspection the row by
// row way is cheaper, and is kept. It all happens inside the import's transaction: an import
// that fails leaves the index as it was, and other connections keep reading with it meanwhile.
func (w *answerWriter) setIndexAside() error {
	var stored int
	if err := w.tx.QueryRowContext(w.ctx, `SELECT count(*) FROM answers`).Scan(&stored); err != nil {
		return err
	}
	if w.written*3 < stored {
		return nil
	}
	if err := w.tx.QueryRowContext(w.ctx, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'answers_question'`).Scan(&w.index); err != nil {
		return fmt.Errorf("reading the answers index: %w", err)
	}
	_, err := w.tx.ExecContext(w.ctx, `DROP INDEX answers_question`)
	return err
}

func (w *answerWriter) close() {
	if w.lookup != nil {
		w.lookup.Close()
	}
	for _, b := range []*batchInsert{w.put, w.replaced} {
		b.close()
	}
}

// nextVersion gives out the next version id. The last one given out is read once, inside the
// writer's transaction (an immediate one: no other writer reads it meanwhile), and stored by
// finish.
func (w *answerWriter) nextVersion() (int64, error) {
	if w.version < 0 {
		if err := w.tx.QueryRowContext(w.ctx, `SELECT last FROM answer_version_counter WHERE id = 1`).Scan(&w.version); err != nil {
			return 0, fmt.Errorf("reading the answers' last version: %w", err)
		}
	}
	w.version++
	return w.version, nil
}

// storedAnswers reads the stored answers of the cases named, in one query, into w.stored.
func (w *answerWriter) storedAnswers(cases []string) error {
	clear(w.stored)
	// Into an inspection with no answers yet (the first import of a programme's file), no batch
	// can meet a stored answer: the checker lets each case and question through once, so what
	// this writer stored is never met again. Then there is nothing to look up.
	if w.none == 0 {
		var stored bool
		if err := w.tx.QueryRowContext(w.ctx, `SELECT EXISTS (SELECT 1 FROM `+readingTable(w.reading)+`)`).Scan(&stored); err != nil {
			return err
		}
		w.none = -1
		if !stored {
			w.none = 1
		}
	}
	if w.none == 1 {
		return nil
	}
	ids, err := json.Marshal(cases)
	if err != nil {
		return err
	}
	if w.lookup == nil {
		if w.lookup, err = w.tx.PrepareContext(w.ctx, `SELECT case_id, question_id, answer, note, inspector, source, updated_at, version FROM `+readingTable(w.reading)+` WHERE case_id IN (SELECT value FROM json_each(?))`); err != nil {
			return err
		}
	}
	rows, err := w.lookup.QueryContext(w.ctx, string(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c, q string
		var a storedAnswer
		if err := rows.Scan(&c, &q, &a.answer, &a.note, &a.inspector, &a.source, &a.updatedAt, &a.version); err != nil {
			return err
		}
		// An answer to a question the framework no longer has cannot meet the batch.
		if qi, ok := w.c.qIndex[q]; ok {
			w.stored[keyOf(w.c.caseIndex[c], qi)] = a
		}
	}
	return rows.Err()
}

// batchRows is how many rows one INSERT statement writes: enough to spread the cost of a
// statement over many rows, well inside SQLite's limit of 32766 parameters.
const batchRows = 256

// batchInsert writes rows through multi-row INSERT statements: head, then row for each row, then
// tail. In row, each ? is a value of the row; ?1, ?2 ... are consts, bound once a statement for
// the values every row shares (the time, the source), since binding a value costs more than
// SQLite's work to store it. A # in row is the row's place in the statement (0, 1, ...): with
// the last const, which addNumbered sets to the first row's number, it numbers rows that are
// numbered one after another (the versions) without binding a number for each (measured on
// 528,000 answers: 1.83 s instead of 2.02-2.16 s, the writes alone).
type batchInsert struct {
	ctx             context.Context
	tx              *sql.Tx
	head, row, tail string
	cols            int       // values a row binds
	consts          int       // leading args bound once a statement
	full            *sql.Stmt // prepared once, for a statement of batchRows rows
	args            []any
}

func newBatchInsert(ctx context.Context, tx *sql.Tx, head, row, tail string, consts ...any) *batchInsert {
	cols := strings.Count(row, "?") - len(consts)
	args := make([]any, 0, len(consts)+batchRows*cols)
	return &batchInsert{ctx: ctx, tx: tx, head: head, row: row, tail: tail, cols: cols, consts: len(consts), args: append(args, consts...)}
}

// statement is the INSERT for rows rows, each row's ? numbered after the consts.
func (b *batchInsert) statement(rows int) string {
	var sb strings.Builder
	sb.WriteString(b.head)
	n := b.consts
	for r := range rows {
		if r > 0 {
			sb.WriteString(", ")
		}
		for i := 0; i < len(b.row); i++ {
			if b.row[i] == '#' {
				sb.WriteString(strconv.Itoa(r))
				continue
			}
			sb.WriteByte(b.row[i])
			if b.row[i] == '?' && (i+1 == len(b.row) || b.row[i+1] < '0' || b.row[i+1] > '9') {
				n++
				sb.WriteString(strconv.Itoa(n))
			}
		}
	}
	sb.WriteString(b.tail)
	return sb.String()
}

func (b *batchInsert) add(values ...any) error {
	b.args = append(b.args, values...)
	if len(b.args) < b.consts+batchRows*b.cols {
		return nil
	}
	return b.flush()
}

// addNumbered adds a row numbered n (see batchInsert). A row whose number does not follow the
// last one's starts a statement of its own.
func (b *batchInsert) addNumbered(n int64, values ...any) error {
	rows := (len(b.args) - b.consts) / b.cols
	if rows > 0 && b.args[b.consts-1].(int64)+int64(rows) != n {
		if err := b.flush(); err != nil {
			return err
		}
		rows = 0
	}
	if rows == 0 {
		b.args[b.consts-1] = n
	}
	return b.add(values...)
}

// flush writes the rows added since the last flush.
func (b *batchInsert) flush() error {
	rows := (len(b.args) - b.consts) / b.cols
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
	b.args = b.args[:b.consts]
	return nil
}

func (b *batchInsert) close() {
	if b.full != nil {
		b.full.Close()
	}
}
