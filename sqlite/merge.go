package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fieldwork/casework"
)

// An inspector works offline in a copy made by Backup and brings it back with Merge. For each
// answer the copy holds, three values decide, as casework.DecideMerge says: the copy's now
// (theirs), this database's now (ours), and the base, what both held when the copy was made
// (the copy's history up to Copy.HistoryID), or the copy's answer this database last took in
// from it. A conflict is listed and left as it is here until a person settles it
// (casework.SettleConflict). This file reads and writes; the decisions are casework's.

// What a merge did, and the copy it came from, are the domain's values; these are the store's names.
type (
	Copy          = casework.OfflineCopy
	MergeConflict = casework.MergeConflict
	Merged        = casework.Merged
)

// Resolve settles listed conflicts: Side "here" keeps this database's answer, "copy" takes the
// copy's. Only limits it to some cases ("BC014") or answers ("BC014/2.1.1"); empty means all.
type Resolve struct {
	Side string
	Only []string
}

// choice is the person's choice for the conflict over one answer.
func (r Resolve) choice(caseID, question string) casework.MergeChoice {
	covers := len(r.Only) == 0
	for _, o := range r.Only {
		covers = covers || o == caseID || o == caseID+"/"+question
	}
	switch {
	case !covers:
		return casework.NoChoice
	case r.Side == "here":
		return casework.ChooseOurs
	case r.Side == "copy":
		return casework.ChooseTheirs
	}
	return casework.NoChoice
}

// value is one side's answer to one question of one case, or its clearing (cleared, with who
// cleared it as inspector and why as note).
type value struct {
	answer    casework.Answer
	note      string
	inspector string
	cleared   bool
}

// compared is what a merge compares of a value: who gave it does not count, nor why it was
// cleared. A clearing differs from no answer at all: a copy's clearing of an answer this
// database changed since is a conflict, not an answer to take in.
type compared struct {
	answer  casework.Answer
	note    string
	cleared bool
}

func (v value) compared() compared {
	if v.cleared {
		return compared{cleared: true}
	}
	return compared{v.answer, v.note, false}
}

type readingKey struct{ caseID, question string }

// Merge brings the answers of the copy at path (first and second readings) into this database
// in one transaction, all or nothing. Merging the same copy again changes nothing.
func (db *DB) Merge(ctx context.Context, path string, resolve Resolve) (Merged, error) {
	var m Merged
	switch resolve.Side {
	case "", "here", "copy":
	default:
		return m, casework.Errorf(casework.EINVALID, "--resolve %q: want here (keep this database's answers) or copy (take the copy's)", resolve.Side)
	}
	if same, _ := sameFile(db.path, path); same {
		return m, casework.Errorf(casework.EINVALID, "%s is this database: merge brings a copy back into the database it was made from", path)
	}
	cp, err := OpenReadOnly(ctx, path)
	if err != nil {
		return m, err
	}
	defer cp.Close()
	c, ok, err := cp.CopyOf(ctx)
	if err != nil {
		return m, err
	}
	if !ok {
		return m, casework.Errorf(casework.EINVALID, "%s was not made by `fieldwork backup`: merge needs to know when it was copied to tell what changed on each side", path).
			WithHint("make copies for offline work with `fieldwork backup COPY.db`")
	}
	m.Copy = c
	if err := db.sameOrigin(ctx, cp, path); err != nil {
		return m, err
	}
	theirs := map[string]map[readingKey]value{}
	bases := map[string]map[readingKey]value{}
	for _, r := range []string{FirstReading, SecondReading} {
		if theirs[r], err = readingValues(ctx, cp.sql, r); err != nil {
			return m, err
		}
		if err := clearedValues(ctx, cp.sql, r, theirs[r]); err != nil {
			return m, err
		}
		if bases[r], err = historyValues(ctx, cp.sql, r, c.HistoryID); err != nil {
			return m, err
		}
	}
	copyModerations, err := moderationsOf(ctx, cp.sql)
	if err != nil {
		return m, err
	}
	// A moderation in the copy changed the copy's answer of record; that change is the
	// moderator's, not the first reader's, so the first reading's merge never takes it in.
	for k := range copyModerations {
		delete(theirs[FirstReading], k)
	}
	name := filepath.Base(path)
	err = db.write(ctx, func(tx *sql.Tx) error {
		known, err := storedCaseIDs(ctx, tx)
		if err != nil {
			return err
		}
		var missing []string
		for _, r := range []string{FirstReading, SecondReading} {
			for k := range theirs[r] {
				if _, ok := known[k.caseID]; !ok {
					missing = append(missing, k.caseID)
				}
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			return casework.Errorf(casework.EINVALID, "%s has answers for cases this database does not have: %s (nothing was merged)", name, strings.Join(compact(missing), ", ")).
				WithHint("import the same case list here first (`fieldwork cases import`), then merge again")
		}
		for _, r := range []string{FirstReading, SecondReading} {
			st, settled, conflicts, err := db.mergeReading(ctx, tx, c, r, theirs[r], bases[r], resolve, "merge "+name)
			if err != nil {
				return err
			}
			if r == FirstReading {
				m.First = st
			} else {
				m.Second = st
			}
			m.Settled = append(m.Settled, settled...)
			m.Conflicts = append(m.Conflicts, conflicts...)
		}
		var conflicts []MergeConflict
		m.ModerationsBack, m.Moderations, conflicts, err = db.bringModerations(ctx, tx, copyModerations, "merge "+name)
		m.Conflicts = append(m.Conflicts, conflicts...)
		return err
	})
	if err != nil {
		return Merged{Copy: c}, err
	}
	return m, nil
}

// mergeReading merges one reading's answers inside the merge's transaction.
func (db *DB) mergeReading(ctx context.Context, tx *sql.Tx, c Copy, reading string, theirs, bases map[readingKey]value, resolve Resolve, source string) (AnswerImport, []MergeConflict, []MergeConflict, error) {
	var st AnswerImport
	var settled, conflicts []MergeConflict
	ours, err := readingValues(ctx, tx, reading)
	if err != nil {
		return st, nil, nil, err
	}
	if err := clearedValues(ctx, tx, reading, ours); err != nil {
		return st, nil, nil, err
	}
	taken, err := mergedValues(ctx, tx, c.ID, reading)
	if err != nil {
		return st, nil, nil, err
	}
	listed, lastChange, err := conflictMarks(ctx, tx, c.ID, reading)
	if err != nil {
		return st, nil, nil, err
	}
	moderated := map[readingKey]bool{}
	if reading == FirstReading {
		ms, err := moderatedValues(ctx, tx)
		if err != nil {
			return st, nil, nil, err
		}
		for k := range ms {
			moderated[k] = true
		}
	}
	keys := make([]readingKey, 0, len(theirs))
	for k := range theirs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].caseID != keys[j].caseID {
			return keys[i].caseID < keys[j].caseID
		}
		return keys[i].question < keys[j].question
	})

	var apply []casework.Judgement
	var clears []casework.Clearing // the copy's clearings of answers this database still has
	take := func(k readingKey, copyNow, here value) {
		switch {
		case !copyNow.cleared:
			apply = append(apply, judgementFrom(k, copyNow))
		case here.answer != casework.NoAnswer && !here.cleared:
			clears = append(clears, casework.Clearing{CaseID: k.caseID, Question: k.question, By: copyNow.inspector, Reason: copyNow.note})
		}
	}
	var takeIn []readingKey // the copy's answers this database has now taken in
	for _, k := range keys {
		copyNow, here := theirs[k], ours[k]
		base, ok := taken[k]
		if !ok {
			base = bases[k]
		}
		switch casework.DecideMerge(base.compared(), here.compared(), copyNow.compared(), moderated[k]).Action {
		case casework.KeepOurs:
			continue // the copy has not changed it since
		case casework.AlreadySame:
			st.Unchanged++
		case casework.TakeTheirs:
			take(k, copyNow, here)
		case casework.Conflict:
			mc := conflict(reading, k, here, copyNow, moderated[k])
			listedAt, wasListed := listed[k]
			switch casework.SettleConflict(resolve.choice(k.caseID, k.question), moderated[k], wasListed && lastChange[k] > listedAt) {
			case casework.KeptOurs:
				mc.Settled = "kept this database's answer"
			case casework.TookTheirs:
				take(k, copyNow, here)
				mc.Settled = "took the copy's answer"
			case casework.AnsweredAgain:
				mc.Settled = "re-answered here since the conflict was listed"
			default:
				if !wasListed {
					if _, err := tx.ExecContext(ctx, `INSERT INTO merge_conflicts (copy_id, reading, case_id, question_id, history_id, listed_at) VALUES (?, ?, ?, ?, ?, ?)`,
						c.ID, reading, k.caseID, k.question, lastChange[k], db.now()); err != nil {
						return st, nil, nil, err
					}
				}
				conflicts = append(conflicts, mc)
				continue
			}
			settled = append(settled, mc)
		}
		takeIn = append(takeIn, k)
	}

	if len(apply) > 0 {
		written, err := db.saveAnswers(ctx, tx, reading, apply, source)
		if err != nil {
			return st, nil, nil, err
		}
		st.Added += written.Added
		st.Changed += written.Changed
		st.Unchanged += written.Unchanged
	}
	if len(clears) > 0 {
		if err := db.clearAnswers(ctx, tx, reading, clears, source); err != nil {
			return st, nil, nil, err
		}
		st.Cleared += len(clears)
	}
	for _, k := range takeIn {
		v := theirs[k]
		answer := v.answer.String() // a clearing taken in is kept as no answer, ''
		if v.cleared {
			answer, v.note = "", ""
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO merged (copy_id, reading, case_id, question_id, answer, note) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (copy_id, reading, case_id, question_id) DO UPDATE SET answer = excluded.answer, note = excluded.note`,
			c.ID, reading, k.caseID, k.question, answer, v.note); err != nil {
			return st, nil, nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM merge_conflicts WHERE copy_id = ? AND reading = ? AND case_id = ? AND question_id = ?`,
			c.ID, reading, k.caseID, k.question); err != nil {
			return st, nil, nil, err
		}
	}
	return st, settled, conflicts, nil
}

// judgementFrom is the copy's answer as a judgement to save; saving checks it like any other
// (an answer another program wrote into the copy that the question does not allow is refused
// there, with where it came from).
func judgementFrom(k readingKey, v value) casework.Judgement {
	return casework.Judgement{CaseID: k.caseID, Question: k.question, Answer: v.answer, Inspector: v.inspector, Note: v.note,
		Where: fmt.Sprintf("the copy's answer to case %s question %s", k.caseID, k.question)}
}

func conflict(reading string, k readingKey, here, there value, moderated bool) MergeConflict {
	return MergeConflict{Reading: reading, CaseID: k.caseID, Question: k.question, Here: here.answer, Copy: there.answer,
		HereBy: here.inspector, CopyBy: there.inspector, HereNote: here.note, CopyNote: there.note,
		HereCleared: here.cleared, CopyCleared: there.cleared, Moderated: moderated}
}

// sameOrigin checks the copy was made from this database: the same inspection, and the same
// last change at the moment of copying.
func (db *DB) sameOrigin(ctx context.Context, cp *DB, path string) error {
	refuse := casework.Errorf(casework.EINVALID, "%s was not copied from %s: merge brings a copy back only into the database it was made from", path, db.path).
		WithHint("check --db names the inspection the copy was made from (the copy says: made from " + cp.copyFrom(ctx) + ")")
	row := `SELECT i.name, i.created_at, coalesce((SELECT case_id || ' ' || question_id || ' ' || coalesce(answer, 'cleared') || ' ' || changed_at FROM answer_versions WHERE id = ?), '')
		FROM inspection i WHERE i.id = 1`
	c, _, err := cp.CopyOf(ctx)
	if err != nil {
		return err
	}
	var a, b [3]string
	if err := cp.sql.QueryRowContext(ctx, row, c.HistoryID).Scan(&a[0], &a[1], &a[2]); err != nil {
		return err
	}
	if err := db.sql.QueryRowContext(ctx, row, c.HistoryID).Scan(&b[0], &b[1], &b[2]); err != nil {
		return err
	}
	if a != b {
		return refuse
	}
	return nil
}

func (db *DB) copyFrom(ctx context.Context) string {
	c, _, _ := db.CopyOf(ctx)
	return c.MadeFrom
}

// readingValues reads every answer of one reading.
func readingValues(ctx context.Context, q querier, reading string) (map[readingKey]value, error) {
	return values(ctx, q, `SELECT case_id, question_id, answer, note, inspector FROM `+readingTable(reading))
}

// historyValues reads one reading's answers as they stood at version upTo (a clearing's is no
// answer, cleared).
func historyValues(ctx context.Context, q querier, reading string, upTo int64) (map[readingKey]value, error) {
	return values(ctx, q, `SELECT case_id, question_id, coalesce(answer, ''), note, inspector FROM answer_versions WHERE id <= ? AND reading = ? ORDER BY id`, upTo, reading)
}

// clearedValues adds to into the answers of one reading that stand cleared (with no answer
// given since), each as a cleared value with who cleared it and why. (Every file is opened at
// this build's schema version, so a copy made before answers could be cleared has the table.)
func clearedValues(ctx context.Context, q querier, reading string, into map[readingKey]value) error {
	cleared, err := values(ctx, q, `SELECT case_id, question_id, '', reason, inspector FROM answer_clearings WHERE reading = ? ORDER BY id`, reading)
	if err != nil {
		return err
	}
	for k, v := range cleared {
		if _, answered := into[k]; !answered {
			into[k] = v
		}
	}
	return nil
}

// mergedValues reads the copy's answers this database has taken in by earlier merges.
func mergedValues(ctx context.Context, q querier, copyID, reading string) (map[readingKey]value, error) {
	return values(ctx, q, `SELECT case_id, question_id, answer, note, '' FROM merged WHERE copy_id = ? AND reading = ?`, copyID, reading)
}

func moderatedValues(ctx context.Context, q querier) (map[readingKey]value, error) {
	return values(ctx, q, `SELECT case_id, question_id, answer, '', moderator FROM moderations`)
}

// values runs a query of (case, question, answer, note, inspector) rows; a later row for the
// same answer replaces an earlier one. An empty answer is a clearing.
func values(ctx context.Context, q querier, query string, args ...any) (map[readingKey]value, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[readingKey]value{}
	for rows.Next() {
		var k readingKey
		var v value
		var answer string
		if err := rows.Scan(&k.caseID, &k.question, &answer, &v.note, &v.inspector); err != nil {
			return nil, err
		}
		if answer == "" {
			v.cleared = true
		} else if v.answer, err = casework.ParseAnswer(answer); err != nil {
			return nil, fmt.Errorf("stored answer to case %s question %s: %w", k.caseID, k.question, err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// conflictMarks reads the conflicts listed for the copy (with this database's last change to
// each answer when it was listed) and the last change to every answer of the reading since.
func conflictMarks(ctx context.Context, tx *sql.Tx, copyID, reading string) (listed, last map[readingKey]int64, err error) {
	listed, last = map[readingKey]int64{}, map[readingKey]int64{}
	for _, q := range []struct {
		sql  string
		args []any
		into map[readingKey]int64
	}{
		{`SELECT case_id, question_id, history_id FROM merge_conflicts WHERE copy_id = ? AND reading = ?`, []any{copyID, reading}, listed},
		{`SELECT case_id, question_id, max(id) FROM answer_versions WHERE reading = ? GROUP BY case_id, question_id`, []any{reading}, last},
	} {
		rows, err := tx.QueryContext(ctx, q.sql, q.args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var k readingKey
			var id int64
			if err := rows.Scan(&k.caseID, &k.question, &id); err != nil {
				rows.Close()
				return nil, nil, err
			}
			q.into[k] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return listed, last, nil
}

// moderation is a moderated answer as a database records it.
type moderation struct {
	answer, first, second, reason, moderator, at string
}

func moderationsOf(ctx context.Context, q querier) (map[readingKey]moderation, error) {
	rows, err := q.QueryContext(ctx, `SELECT case_id, question_id, answer, first_answer, second_answer, reason, moderator, moderated_at FROM moderations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[readingKey]moderation{}
	for rows.Next() {
		var k readingKey
		var m moderation
		if err := rows.Scan(&k.caseID, &k.question, &m.answer, &m.first, &m.second, &m.reason, &m.moderator, &m.at); err != nil {
			return nil, err
		}
		out[k] = m
	}
	return out, rows.Err()
}

// bringModerations records here, as moderations with their reasons and moderators, the copy's
// moderations this database does not have, as casework.DecideModeration says: the answer of
// record becomes the moderated one, credited in the history to the moderator. A moderation this
// database made otherwise, or of a first reading changed here since the moderator read it, is a
// conflict for a person. It returns how many it brought, how many wait for both readings here,
// and the conflicts.
func (db *DB) bringModerations(ctx context.Context, tx *sql.Tx, theirs map[readingKey]moderation, via string) (brought, waiting int, conflicts []MergeConflict, err error) {
	ours, err := moderationsOf(ctx, tx)
	if err != nil {
		return 0, 0, nil, err
	}
	keys := make([]readingKey, 0, len(theirs))
	for k := range theirs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].caseID < keys[j].caseID || keys[i].caseID == keys[j].caseID && keys[i].question < keys[j].question
	})
	for _, k := range keys {
		m := theirs[k]
		var first, second, inspector sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(m.first_answer, a.answer) FROM answers a LEFT JOIN moderations m ON m.case_id = a.case_id AND m.question_id = a.question_id
				WHERE a.case_id = ?1 AND a.question_id = ?2),
			(SELECT answer FROM second_readings WHERE case_id = ?1 AND question_id = ?2),
			(SELECT inspector FROM answers WHERE case_id = ?1 AND question_id = ?2)`, k.caseID, k.question).Scan(&first, &second, &inspector); err != nil {
			return 0, 0, nil, err
		}
		answer, err := parseStored(k, m.answer)
		if err != nil {
			return 0, 0, nil, err
		}
		seen, err := parseStored(k, m.first)
		if err != nil {
			return 0, 0, nil, err
		}
		here, hereModerated := casework.NoAnswer, casework.NoAnswer
		if first.Valid {
			if here, err = parseStored(k, first.String); err != nil {
				return 0, 0, nil, err
			}
		}
		if o, ok := ours[k]; ok {
			if hereModerated, err = parseStored(k, o.answer); err != nil {
				return 0, 0, nil, err
			}
		}
		switch casework.DecideModeration(answer, seen, here, hereModerated, first.Valid && second.Valid) {
		case casework.ModerationHere:
			continue
		case casework.ModerationWaits:
			waiting++
			continue
		case casework.ModerationConflict:
			mc := MergeConflict{Reading: FirstReading, CaseID: k.caseID, Question: k.question, Here: here, HereBy: inspector.String,
				Copy: answer, CopyBy: m.moderator, CopyNote: m.reason, Moderated: true}
			if hereModerated != casework.NoAnswer {
				mc.Here = hereModerated
			}
			conflicts = append(conflicts, mc)
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO moderations (case_id, question_id, answer, first_answer, second_answer, reason, moderator, moderated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			k.caseID, k.question, m.answer, first.String, second.String, m.reason, m.moderator, m.at); err != nil {
			return 0, 0, nil, err
		}
		source := "moderation"
		if m.moderator != "" {
			source += " by " + m.moderator
		}
		if _, err := db.saveAnswers(ctx, tx, FirstReading, []casework.Judgement{{CaseID: k.caseID, Question: k.question, Answer: answer}}, source+" ("+via+")"); err != nil {
			return 0, 0, nil, err
		}
		brought++
	}
	return brought, waiting, conflicts, nil
}

// parseStored reads an answer a database holds for k through casework's parser.
func parseStored(k readingKey, s string) (casework.Answer, error) {
	a, err := casework.ParseAnswer(s)
	if err != nil {
		return a, fmt.Errorf("stored answer to case %s question %s: %w", k.caseID, k.question, err)
	}
	return a, nil
}

func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

func compact(sorted []string) []string {
	var out []string
	for _, s := range sorted {
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}
