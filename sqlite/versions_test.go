package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// Migrating to version 7 folds each answer's last history row into the answer it describes
// (its id the answer's version, its source the answer's source) and keeps the rows before it
// as the versions replaced; an answer that does not match its last row keeps version 0 and all
// its rows. The counter starts above every id the history had.
func TestMigrationToVersion7FoldsFirstAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v5.db")
	oldDatabase(t, path, 5)
	raw, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO cases (id, case_type, position) VALUES ('OLD2', 'licence', 2)`,
		`INSERT INTO questions (id, kind, standard_id, allows_na, position) VALUES ('2.1.1', 'key', '2.1', 0, 0), ('2.1.2', 'key', '2.1', 0, 1)`,
		// OLD1 2.1.1: answered, then changed; its second row is the answer.
		`INSERT INTO answers (case_id, question_id, answer, inspector, note, updated_at) VALUES ('OLD1', '2.1.1', 'no', 'Inspector A', 'a note', 't2')`,
		`INSERT INTO answer_history (id, case_id, question_id, old_answer, new_answer, inspector, source, changed_at) VALUES (3, 'OLD1', '2.1.1', NULL, 'yes', 'Inspector A', 'web', 't1')`,
		`INSERT INTO answer_history (id, case_id, question_id, old_answer, new_answer, new_note, inspector, source, changed_at) VALUES (5, 'OLD1', '2.1.1', 'yes', 'no', 'a note', 'Inspector A', 'judge', 't2')`,
		// OLD1 2.1.2: its one row is not the answer as stored (written by another program).
		`INSERT INTO answers (case_id, question_id, answer, inspector, updated_at) VALUES ('OLD1', '2.1.2', 'yes', 'Someone', 't9')`,
		`INSERT INTO answer_history (id, case_id, question_id, new_answer, inspector, source, changed_at) VALUES (4, 'OLD1', '2.1.2', 'no', 'Inspector A', 'web', 't1')`,
		// OLD2 2.1.1: a first answer and a second reading of it.
		`INSERT INTO answers (case_id, question_id, answer, inspector, updated_at) VALUES ('OLD2', '2.1.1', 'yes', 'Inspector B', 't3')`,
		`INSERT INTO answer_history (id, case_id, question_id, new_answer, inspector, source, changed_at) VALUES (6, 'OLD2', '2.1.1', 'yes', 'Inspector B', 'judgements import j.csv', 't3')`,
		`INSERT INTO second_readings (case_id, question_id, answer, inspector, updated_at) VALUES ('OLD2', '2.1.1', 'no', 'Lead', 't4')`,
		`INSERT INTO answer_history (id, case_id, question_id, new_answer, inspector, source, changed_at, reading) VALUES (8, 'OLD2', '2.1.1', 'no', 'Lead', 'judge (second reading)', 't4', 'second')`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := [][]string{
		queryStrings(t, db, `SELECT concat_ws('|', case_id, question_id, answer, version, source) FROM answers ORDER BY case_id, question_id`),
		queryStrings(t, db, `SELECT concat_ws('|', case_id, question_id, answer, version, source) FROM second_readings`),
		queryStrings(t, db, `SELECT concat_ws('|', id, case_id, question_id, answer, note, inspector, source, changed_at, reading) FROM answer_history ORDER BY id`),
		queryStrings(t, db, `SELECT last FROM answer_version_counter`),
	}
	want := [][]string{
		{"OLD1|2.1.1|no|5|judge", "OLD1|2.1.2|yes|0|", "OLD2|2.1.1|yes|6|judgements import j.csv"},
		{"OLD2|2.1.1|no|8|judge (second reading)"},
		{"3|OLD1|2.1.1|yes||Inspector A|web|t1|first", "4|OLD1|2.1.2|no||Inspector A|web|t1|first"},
		{"8"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows after migrating (-want +got):\n%s", diff)
	}
}

// The one answer writer writes a history row only when it replaces a stored answer, and that
// row is the stored version, with its own id, time and source; every answer it writes gets the
// next version id.
func TestHistoryKeepsOnlyVersionsReplaced(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2")
	steps := []struct {
		source string
		js     []casework.Judgement
	}{
		{"a.csv", []casework.Judgement{j("C1", "2.1.1", casework.Yes), j("C1", "2.1.2", casework.No), j("C2", "2.1.1", casework.No)}},
		{"b.csv", []casework.Judgement{j("C1", "2.1.1", casework.No), j("C1", "2.1.2", casework.No)}}, // one change, one repeat
		{"c.csv", []casework.Judgement{j("C1", "2.1.1", casework.Yes)}},
	}
	var history [][]string
	for _, s := range steps {
		if _, err := db.SaveAnswers(ctx, s.js, s.source); err != nil {
			t.Fatal(err)
		}
		history = append(history, queryStrings(t, db, `SELECT concat_ws('|', id, case_id, question_id, answer, source) FROM answer_history ORDER BY id`))
	}
	wantHistory := [][]string{
		nil, // first answers: no history row
		{"1|C1|2.1.1|yes|a.csv"},
		{"1|C1|2.1.1|yes|a.csv", "4|C1|2.1.1|no|b.csv"},
	}
	if diff := cmp.Diff(wantHistory, history); diff != "" {
		t.Errorf("history rows after each save (-want +got):\n%s", diff)
	}
	got := [][]string{
		queryStrings(t, db, `SELECT concat_ws('|', case_id, question_id, answer, version, source) FROM answers ORDER BY case_id, question_id`),
		queryStrings(t, db, `SELECT last FROM answer_version_counter`),
		queryStrings(t, db, `SELECT concat_ws('|', id, case_id, question_id, coalesce(old_answer, '-'), new_answer) FROM answer_changes ORDER BY id`),
	}
	want := [][]string{
		{"C1|2.1.1|yes|5|c.csv", "C1|2.1.2|no|2|a.csv", "C2|2.1.1|no|3|a.csv"},
		{"5"},
		{"1|C1|2.1.1|-|yes", "2|C1|2.1.2|-|no", "3|C2|2.1.1|-|no", "4|C1|2.1.1|yes|no", "5|C1|2.1.1|no|yes"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers, counter and changes (-want +got):\n%s", diff)
	}
}
