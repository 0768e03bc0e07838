package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"fieldwork/casework"
)

// AnswerImport counts what saving a batch of answers did.
type AnswerImport = casework.AnswerImport

// SaveAnswers stores a batch of answers in one transaction, all or nothing, as ImportAnswers
// does, except that a change to a moderated answer is refused by the database's guard, for the
// whole save (a command's or the entry form's few answers; ImportAnswerList is for files). An
// answer names itself in messages by its Where, or as "answer N".
func (db *DB) SaveAnswers(ctx context.Context, js []casework.Judgement, source string) (AnswerImport, error) {
	var st AnswerImport
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = db.saveAnswers(ctx, tx, FirstReading, js, source)
		return err
	})
	return st, err
}

// AnswerSource yields answers to store, one at a time, so a file of a million answers need not
// be held whole (intake.JudgementReader is one).
type AnswerSource interface {
	// Next returns the next answer, or io.EOF after the last. A row that is not an answer at all
	// (an empty case id, an answer that is not yes, no or n/a) is reported to p and skipped, so
	// one import finds every fault in a file.
	Next(p *casework.Problems) (casework.Judgement, error)
}

// ImportAnswers stores the answers src yields in one transaction, all or nothing. Every answer is
// checked (the case exists, the question exists, the answer is allowed for it, the source does
// not contradict itself) and every fault is reported with where it came from; one fault and
// nothing is stored. An answer equal to the stored one changes nothing, so importing the same
// file twice is harmless; a different one replaces it and the old one stays in the history. An
// empty note or inspector keeps the stored one: a file without notes never erases notes.
//
// Answers are checked and written a batch at a time inside the transaction, so memory does not
// grow with the number of rows: what is kept is one mark per case and question answered (8
// bytes), to tell a repeat from a contradiction. A row that would change a moderated answer is
// a fault, named by its place (keepModerated).
func (db *DB) ImportAnswers(ctx context.Context, src AnswerSource, source string) (AnswerImport, error) {
	var st AnswerImport
	err := db.writeChecked(ctx, func(tx *sql.Tx) error {
		checked, err := keepModerated(ctx, tx, src)
		if err != nil {
			return err
		}
		st, err = db.importAnswers(ctx, tx, FirstReading, checked, source, bulk)
		return err
	})
	return st, err
}

// SaveCaseAnswers stores answers for one case only if the case is still at version, the
// version the person saving last saw. Otherwise someone else saved the case meanwhile: it
// returns an ECONFLICT error and stores nothing, so no one's answers are silently overwritten.
// It returns the case's new version.
func (db *DB) SaveCaseAnswers(ctx context.Context, caseID string, version int, js []casework.Judgement, source string) (int, AnswerImport, error) {
	var st AnswerImport
	var now int
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT version FROM cases WHERE id = ?`, caseID).Scan(&now)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.ENOTFOUND, "there is no case %q in this inspection", caseID)
		}
		if err != nil {
			return err
		}
		if now != version {
			e := casework.Errorf(casework.ECONFLICT, "this case was saved by someone else since you opened it (version %d, you had %d)", now, version)
			e.Cause = casework.ErrStale
			return e
		}
		for i := range js {
			if js[i].CaseID != caseID {
				return fmt.Errorf("answer for case %q in a save for case %q", js[i].CaseID, caseID)
			}
		}
		st, err = db.saveAnswers(ctx, tx, FirstReading, js, source)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT version FROM cases WHERE id = ?`, caseID).Scan(&now)
	})
	return now, st, err
}

// saveAnswers stores answers of one reading inside the transaction tx, as ImportAnswers does.
func (db *DB) saveAnswers(ctx context.Context, tx *sql.Tx, reading string, js []casework.Judgement, source string) (AnswerImport, error) {
	return db.importAnswers(ctx, tx, reading, &sliceSource{js: js}, source, !bulk)
}

// bulk, for importAnswers: a file that may hold a programme's answers, written by writeChecked.
const bulk = true

// importAnswers stores the answers of one reading src yields inside the transaction tx. A bulk
// load (ImportAnswers) runs without foreign keys enforced (writeChecked): the checker stands in
// for them, its cases read from the cases table and its questions, the framework's, confirmed to
// be the questions table's.
func (db *DB) importAnswers(ctx context.Context, tx *sql.Tx, reading string, src AnswerSource, source string, isBulk bool) (AnswerImport, error) {
	p := &casework.Problems{Source: source}
	c, err := db.newAnswerChecker(ctx, tx, p)
	if err != nil {
		return AnswerImport{}, err
	}
	if isBulk {
		if err := db.questionsStored(ctx, tx, c); err != nil {
			return AnswerImport{}, err
		}
	}
	w := db.newAnswerWriter(ctx, tx, c, reading, source)
	w.bulk = isBulk
	defer w.close()
	// Reading and checking run on one goroutine, writing on this one, so a machine's second core
	// reads the file while SQLite stores what was read. Only the reader touches src, c and p
	// until it closes batches; the writer reads c's case and question indexes, never changed.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	batches, spare := make(chan []casework.Judgement, 2), make(chan []casework.Judgement, 3)
	var readErr error
	go func() {
		defer close(batches)
		readErr = readBatches(ctx, src, c, p, batches, spare)
	}()
	var writeErr error
	for batch := range batches {
		if writeErr == nil {
			if writeErr = w.write(batch); writeErr != nil {
				stop() // the reader stops at its next batch; the loop drains what it sent
			}
		}
		select {
		case spare <- batch[:0]:
		default:
		}
	}
	switch {
	case writeErr != nil:
		return AnswerImport{}, writeErr
	case readErr != nil:
		return AnswerImport{}, readErr
	case c.locked != nil:
		return AnswerImport{}, c.locked
	}
	if err := p.Err(); err != nil {
		return AnswerImport{}, err
	}
	return w.finish()
}

// readBatches reads src to the end, checking every answer, and sends the answers to store in
// batches, reusing those the writer hands back on spare. After the first fault nothing will be
// stored: it goes on only checking, so every fault is found.
func readBatches(ctx context.Context, src AnswerSource, c *answerChecker, p *casework.Problems, batches chan<- []casework.Judgement, spare <-chan []casework.Judgement) error {
	batch := make([]casework.Judgement, 0, batchRows)
	send := func() error {
		select {
		case batches <- batch:
			select {
			case batch = <-spare: // one the writer is done with
			default:
				batch = make([]casework.Judgement, 0, batchRows)
			}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		j, err := src.Next(p)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if c.check(j) && p.Len() == 0 {
			if batch = append(batch, j); len(batch) == batchRows {
				if err := send(); err != nil {
					return err
				}
			}
		}
	}
	if len(batch) > 0 && p.Len() == 0 {
		return send()
	}
	return nil
}

// sliceSource yields answers held in memory. Each is known by its place in the slice, and named
// in messages by where it came from, its Where, or "answer N".
type sliceSource struct {
	js []casework.Judgement
	i  int
}

func (s *sliceSource) Next(*casework.Problems) (casework.Judgement, error) {
	if s.i == len(s.js) {
		return casework.Judgement{}, io.EOF
	}
	j := s.js[s.i]
	j.From, j.Row = s, s.i
	s.i++
	return j, nil
}

func (s *sliceSource) Locate(row int, field string) string {
	j := s.js[row]
	switch {
	case j.From != nil:
		return j.From.Locate(j.Row, field)
	case j.Where != "":
		return j.Where
	}
	return fmt.Sprintf("answer %d", row+1)
}

// checkBatch checks a batch of answers as ImportAnswers does, for a caller that must know
// them sound before it writes anything else (Moderate).
func (db *DB) checkBatch(ctx context.Context, tx *sql.Tx, js []casework.Judgement, source string) error {
	p := &casework.Problems{Source: source}
	c, err := db.newAnswerChecker(ctx, tx, p)
	if err != nil {
		return err
	}
	src := &sliceSource{js: js}
	for range js {
		j, _ := src.Next(p)
		c.check(j)
	}
	if c.locked != nil {
		return c.locked
	}
	return p.Err()
}

// answerChecker checks answers one at a time against the stored framework and cases.
type answerChecker struct {
	fw        *casework.Framework
	questions map[string]casework.Question
	qIndex    map[string]int // question id to its place in the framework
	caseIndex map[string]int // stored case id to a dense index
	// seen marks, by case then question index, the first answer to each in this import: its row
	// (plus one, so 0 is "not yet") shifted past the answer in the low two bits.
	seen [][]uint64
	p    *casework.Problems
	// signedOff are the cases the lead inspector has signed off, by who signed them: no answer
	// to them is taken, whichever program writes. locked is the refusal of the first one met.
	signedOff map[string]string
	locked    error
}

func (db *DB) newAnswerChecker(ctx context.Context, q querier, p *casework.Problems) (*answerChecker, error) {
	fw, err := db.frameworkOf(ctx, q)
	if err != nil {
		return nil, err
	}
	c := &answerChecker{fw: fw, questions: map[string]casework.Question{}, qIndex: map[string]int{}, p: p}
	for i, q := range fw.Questions() {
		c.questions[q.ID] = q
		c.qIndex[q.ID] = i
	}
	if c.caseIndex, err = storedCaseIDs(ctx, q); err != nil {
		return nil, err
	}
	c.seen = make([][]uint64, len(c.caseIndex))
	if c.signedOff, err = signedOff(ctx, q); err != nil {
		return nil, err
	}
	return c, nil
}

// questionsStored confirms that every question of the checker's framework is in the questions
// table, which answers refer to: a file whose table lacks one is damaged.
func (db *DB) questionsStored(ctx context.Context, q querier, c *answerChecker) error {
	ids, err := json.Marshal(slices.Collect(maps.Keys(c.questions)))
	if err != nil {
		return err
	}
	var missing string
	err = q.QueryRowContext(ctx, `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM questions) ORDER BY value LIMIT 1`, string(ids)).Scan(&missing)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("reading the questions: %w", err)
	}
	return casework.Errorf(casework.EENV, "%s is damaged: question %s of its framework (%s) is missing from its questions table; nothing was written", db.path, missing, c.fw.ID).
		WithHint("do not write to it; restore your latest copy (`fieldwork backup` makes one) and re-enter what came after it")
}

// check reports j's faults and says whether j is the first answer to its case and question.
func (c *answerChecker) check(j casework.Judgement) bool {
	ci, known := c.caseIndex[j.CaseID]
	q, ok := c.questions[j.Question]
	switch {
	case !known:
		c.p.Add("%s: there is no case %q in this inspection%s", j.WhereField("case_id"), j.CaseID, suggestCase(j.CaseID, c.caseIndex))
		c.p.Hint = "import the case list first (`fieldwork cases import`), or correct the case id"
		return false
	case !ok:
		c.p.Add("%s: %q is not a question of framework %s%s", j.WhereField("question"), j.Question, c.fw.ID, suggest(j.Question, c.questions))
		return false
	}
	if err := q.CheckAnswer(j.Answer); err != nil {
		c.p.Add("%s: %v", j.WhereField("answer"), err)
		return false
	}
	if by, ok := c.signedOff[j.CaseID]; ok {
		if c.locked == nil {
			c.locked = casework.SignedOffError(j.CaseID, by)
		}
		return false
	}
	if c.seen[ci] == nil {
		c.seen[ci] = make([]uint64, len(c.questions))
	}
	mark := &c.seen[ci][c.qIndex[j.Question]]
	if *mark == 0 {
		*mark = uint64(j.Row+1)<<2 | uint64(j.Answer)
		return true
	}
	if first := casework.Answer(*mark & 3); first != j.Answer {
		firstAt := "an earlier row"
		if j.From != nil {
			firstAt = j.From.Locate(int(*mark>>2)-1, "")
		}
		c.p.Add("%s: case %s question %s is answered %s here but %s at %s", j.WhereField(""), j.CaseID, j.Question, j.Answer, first, firstAt)
	}
	return false
}

// storedCaseIDs maps each stored case id to a dense index.
func storedCaseIDs(ctx context.Context, q querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM cases`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]int{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		known[id] = len(known)
	}
	return known, rows.Err()
}

// suggestCase names a stored case id that differs from id only in letter case or spaces: case
// ids match exactly, and "bc014" for "BC014" is a slip worth pointing out.
func suggestCase(id string, known map[string]int) string {
	want := strings.ToUpper(strings.Join(strings.Fields(id), ""))
	for k := range known {
		if strings.ToUpper(k) == want {
			return fmt.Sprintf(" (did you mean %s?)", k)
		}
	}
	return ""
}

// suggest names a question id the user may have meant, for a typo such as "2.1.3C" or "2.13".
func suggest(id string, questions map[string]casework.Question) string {
	want := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(id), " ", ""))
	for qid := range questions {
		if strings.ToLower(qid) == want {
			return fmt.Sprintf(" (did you mean %s?)", qid)
		}
	}
	return " (`fieldwork framework show` lists the question ids)"
}

func (db *DB) frameworkOf(ctx context.Context, q querier) (*casework.Framework, error) {
	var fwJSON string
	if err := q.QueryRowContext(ctx, `SELECT framework FROM inspection WHERE id = 1`).Scan(&fwJSON); err != nil {
		return nil, fmt.Errorf("reading the framework: %w", err)
	}
	return db.frameworks.parse("stored framework", fwJSON)
}

// CaseAnswers reads one case's answers and its version.
func (db *DB) CaseAnswers(ctx context.Context, caseID string) (map[string]casework.Judgement, int, error) {
	var version int
	err := db.sql.QueryRowContext(ctx, `SELECT version FROM cases WHERE id = ?`, caseID).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, casework.Errorf(casework.ENOTFOUND, "there is no case %q in this inspection", caseID)
	}
	if err != nil {
		return nil, 0, err
	}
	all, err := db.answers(ctx, `WHERE case_id = ?`, caseID)
	if err != nil {
		return nil, 0, err
	}
	out := map[string]casework.Judgement{}
	for _, j := range all {
		out[j.Question] = j
	}
	return out, version, nil
}

// EachCaseAnswers hands fn each case's answers of record, by question id, a case at a time in
// one pass over the answers, in case-id order (eachAnswerList), so that no more
// than one case's answers are held: fn must not keep the map, which is reused. Cases with no
// answers are not handed over.
func (db *DB) EachCaseAnswers(ctx context.Context, fn func(caseID string, answers map[string]casework.Answer) error) error {
	one := map[string]casework.Answer{}
	ids := map[string]string{} // each question id read, kept once: a case's map then costs no new strings
	return eachAnswerList(ctx, db.sql, func(caseID, list []byte) error {
		clear(one)
		err := eachListed(list, func(q, answer []byte) error {
			id, ok := ids[string(q)]
			if !ok {
				id = string(q)
				ids[id] = id
			}
			a, err := answerOf(answer)
			if err != nil {
				return fmt.Errorf("stored answer for case %s question %s: %w", caseID, id, err)
			}
			one[id] = a
			return nil
		})
		if err != nil {
			return err
		}
		return fn(string(caseID), one)
	})
}

// Answers reads every stored answer, by case id then question id.
func (db *DB) Answers(ctx context.Context) (map[string]map[string]casework.Answer, error) {
	all, err := db.answers(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]casework.Answer{}
	for _, j := range all {
		if out[j.CaseID] == nil {
			out[j.CaseID] = map[string]casework.Answer{}
		}
		out[j.CaseID][j.Question] = j.Answer
	}
	return out, nil
}

func (db *DB) answers(ctx context.Context, where string, args ...any) ([]casework.Judgement, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT case_id, question_id, answer, inspector, note FROM answers `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Judgement
	for rows.Next() {
		var j casework.Judgement
		var a string
		if err := rows.Scan(&j.CaseID, &j.Question, &a, &j.Inspector, &j.Note); err != nil {
			return nil, err
		}
		if j.Answer, err = casework.ParseAnswer(a); err != nil {
			return nil, fmt.Errorf("stored answer for case %s question %s: %w", j.CaseID, j.Question, err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// History lists every stored change to a case's answers, oldest first: each version of each
// answer, replaced, current or cleared, with the value it replaced (the view answer_changes).
func (db *DB) History(ctx context.Context, caseID string) ([]casework.Change, error) {
	if _, err := db.Case(ctx, caseID); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT h.question_id, coalesce(h.old_answer, ''), coalesce(h.new_answer, ''), h.old_note, h.new_note, h.inspector, h.source, h.changed_at,
			c.id IS NOT NULL, coalesce(c.reason, '')
		FROM answer_changes h JOIN questions q ON q.id = h.question_id LEFT JOIN answer_clearings c ON c.id = h.id
		WHERE h.case_id = ? ORDER BY h.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Change
	for rows.Next() {
		c := casework.Change{CaseID: caseID}
		var old, nw, at string
		if err := rows.Scan(&c.Question, &old, &nw, &c.OldNote, &c.NewNote, &c.Inspector, &c.Source, &at, &c.Cleared, &c.Reason); err != nil {
			return nil, err
		}
		if old != "" {
			if c.Old, err = casework.ParseAnswer(old); err != nil {
				return nil, fmt.Errorf("stored change to case %s question %s: %w", caseID, c.Question, err)
			}
		}
		if !c.Cleared {
			if c.New, err = casework.ParseAnswer(nw); err != nil {
				return nil, fmt.Errorf("stored change to case %s question %s: %w", caseID, c.Question, err)
			}
		}
		c.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
	}
	return out, rows.Err()
}
