package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"fieldwork/casework"
)

// AnswerImport counts what saving a batch of answers did.
type AnswerImport struct {
	Added, Changed, Unchanged int
}

// SaveAnswers stores a batch of answers in one transaction, all or nothing. Every answer is
// checked first (the case exists, the question exists, the answer is allowed for it, the batch
// does not contradict itself) and every fault is reported with its Where. An answer equal to
// the stored one changes nothing, so importing the same file twice is harmless; a different
// one replaces it and the old one stays in the history. An empty note or inspector keeps the
// stored one: a file without notes never erases notes.
func (db *DB) SaveAnswers(ctx context.Context, js []casework.Judgement, source string) (AnswerImport, error) {
	var st AnswerImport
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = db.saveAnswers(ctx, tx, js, source)
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
		st, err = db.saveAnswers(ctx, tx, js, source)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT version FROM cases WHERE id = ?`, caseID).Scan(&now)
	})
	return now, st, err
}

func (db *DB) saveAnswers(ctx context.Context, tx *sql.Tx, js []casework.Judgement, source string) (AnswerImport, error) {
	b, err := checkBatch(ctx, tx, js, source)
	if err != nil {
		return AnswerImport{}, err
	}
	return db.writeAnswers(ctx, tx, js, b.firsts, b.caseIndex, b.qIndex, source)
}

// checkedBatch is a batch of answers that passed checkBatch, with the indexes the bulk writer
// keys answers by.
type checkedBatch struct {
	firsts    []int          // the rows that answer each case and question first, in order
	caseIndex map[string]int // stored case id to a dense index
	qIndex    map[string]int // question id to its place in the framework
}

// checkBatch checks a batch of answers, first or second readings or moderations alike, against
// the stored framework and cases: the case exists, the question exists, the answer is allowed
// for it, and the batch does not contradict itself. It reports every fault with its Where. Later
// rows that agree with the first answer to the same case and question are repeats and change
// nothing, so they are left out of firsts.
func checkBatch(ctx context.Context, tx *sql.Tx, js []casework.Judgement, source string) (checkedBatch, error) {
	fw, err := frameworkOf(ctx, tx)
	if err != nil {
		return checkedBatch{}, err
	}
	b := checkedBatch{qIndex: map[string]int{}}
	questions := map[string]casework.Question{}
	for i, q := range fw.Questions() {
		questions[q.ID] = q
		b.qIndex[q.ID] = i
	}
	if b.caseIndex, err = storedCaseIDs(ctx, tx); err != nil {
		return checkedBatch{}, err
	}
	p := &casework.Problems{Source: source}
	first := make(map[answerKey]int, len(js))
	for i, j := range js {
		if j.Where == "" {
			j.Where = fmt.Sprintf("answer %d", i+1)
		}
		where := j.Where
		q, ok := questions[j.Question]
		c, known := b.caseIndex[j.CaseID]
		switch {
		case !known:
			p.Add("%s: there is no case %q in this inspection%s", j.WhereField("case_id"), j.CaseID, suggestCase(j.CaseID, b.caseIndex))
			p.Hint = "import the case list first (`fieldwork cases import`), or correct the case id"
		case !ok:
			p.Add("%s: %q is not a question of framework %s%s", j.WhereField("question"), j.Question, fw.ID, suggest(j.Question, questions))
		default:
			if err := q.CheckAnswer(j.Answer); err != nil {
				p.Add("%s: %v", j.WhereField("answer"), err)
				continue
			}
			k := keyOf(c, b.qIndex[j.Question])
			if prev, dup := first[k]; dup && js[prev].Answer != j.Answer {
				p.Add("%s: case %s question %s is answered %s here but %s at %s", where, j.CaseID, j.Question, j.Answer, js[prev].Answer, js[prev].Where)
			} else if !dup {
				first[k] = i
				b.firsts = append(b.firsts, i)
			}
		}
	}
	return b, p.Err()
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

func frameworkOf(ctx context.Context, q querier) (*casework.Framework, error) {
	var fwJSON string
	if err := q.QueryRowContext(ctx, `SELECT framework FROM inspection WHERE id = 1`).Scan(&fwJSON); err != nil {
		return nil, fmt.Errorf("reading the framework: %w", err)
	}
	return casework.ParseFramework("stored framework", []byte(fwJSON))
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

// History lists every stored change to a case's answers, oldest first.
func (db *DB) History(ctx context.Context, caseID string) ([]casework.Change, error) {
	if _, err := db.Case(ctx, caseID); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT h.question_id, coalesce(h.old_answer, ''), h.new_answer, h.old_note, h.new_note, h.inspector, h.source, h.changed_at
		FROM answer_history h JOIN questions q ON q.id = h.question_id WHERE h.case_id = ? ORDER BY h.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Change
	for rows.Next() {
		c := casework.Change{CaseID: caseID}
		var old, nw, at string
		if err := rows.Scan(&c.Question, &old, &nw, &c.OldNote, &c.NewNote, &c.Inspector, &c.Source, &at); err != nil {
			return nil, err
		}
		if old != "" {
			c.Old, _ = casework.ParseAnswer(old)
		}
		c.New, _ = casework.ParseAnswer(nw)
		c.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
	}
	return out, rows.Err()
}
