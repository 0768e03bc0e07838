package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func newDB(t *testing.T) *DB {
	t.Helper()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	db, err := Create(context.Background(), filepath.Join(t.TempDir(), "test.db"), casework.Inspection{Name: "Test PDU", Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	t.Cleanup(func() { db.Close() })
	return db
}

func addCases(t *testing.T, db *DB, ids ...string) {
	t.Helper()
	var cs []casework.Case
	for i, id := range ids {
		typ := casework.Community
		if i%2 == 1 {
			typ = casework.Licence
		}
		cs = append(cs, casework.Case{ID: id, Type: typ, Grade: casework.PO, Attributes: map[string]string{"office": "Halifax"}})
	}
	if _, err := db.SaveCases(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
}

func j(caseID, q string, a casework.Answer) casework.Judgement {
	return casework.Judgement{CaseID: caseID, Question: q, Answer: a, Inspector: "Inspector A", Where: "line " + caseID + "/" + q}
}

func TestCreateMigratesAnEmptyDatabase(t *testing.T) {
	db := newDB(t)
	var v int
	if err := db.sql.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion {
		t.Errorf("user_version = %d, want %d", v, SchemaVersion)
	}
	var n int
	if err := db.sql.QueryRow(`SELECT count(*) FROM questions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	fw, _ := casework.Builtin("pdu-2023")
	if n != len(fw.Questions()) {
		t.Errorf("%d questions stored, framework has %d", n, len(fw.Questions()))
	}
	ins, err := db.Inspection(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fw, ins.Framework); diff != "" {
		t.Errorf("stored framework differs (-built-in +stored):\n%s", diff)
	}
}

func TestCreateRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(path, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	fw, _ := casework.Builtin("pdu-2023")
	_, err := Create(context.Background(), path, casework.Inspection{Name: "X", Framework: fw})
	if casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("Create over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Errorf("the existing file was changed: %q", b)
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	os.WriteFile(notDB, []byte(strings.Repeat("not a database at all ", 100)), 0o644)
	newer := filepath.Join(t.TempDir(), "newer.db")
	{
		fw, _ := casework.Builtin("pdu-2023")
		db, err := Create(context.Background(), newer, casework.Inspection{Name: "X", Framework: fw})
		if err != nil {
			t.Fatal(err)
		}
		db.sql.Exec(`PRAGMA user_version = 999`)
		db.Close()
	}
	tests := []struct {
		name, path, code, msg string
	}{
		{"missing file", filepath.Join(dir, "nope.db"), casework.ENOTFOUND, "does not exist"},
		{"not SQLite", notDB, casework.EINVALID, "is not a SQLite database"},
		{"newer fieldwork", newer, casework.EINVALID, "written by a newer fieldwork (schema version 999"},
		{"a folder", dir, casework.EENV, dir + " is a folder, not an inspection database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(context.Background(), tt.path)
			if casework.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Open: %v (code %s); want %s containing %q", err, casework.ErrorCode(err), tt.code, tt.msg)
			}
		})
	}
}

func TestSaveAnswersIsAllOrNothing(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	addCases(t, db, "C1", "C2")
	batch := []casework.Judgement{
		j("C1", "2.1.1", casework.Yes),
		j("C2", "2.1.1", casework.No),
		j("C9", "2.1.1", casework.Yes),            // no such case
		j("C1", "2.9.9", casework.Yes),            // no such question
		j("C1", "2.1.2", casework.NotApplicable),  // key question never n/a
		j("C1", "2.1.1a", casework.NotApplicable), // prompt that forbids n/a
		j("C1", "2.1.1", casework.No),             // contradicts the first row
	}
	_, err := db.SaveAnswers(ctx, batch, "judgements.csv")
	if casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("SaveAnswers: %v", err)
	}
	for _, want := range []string{
		`line C9/2.1.1: there is no case "C9"`,
		`line C1/2.9.9: "2.9.9" is not a question of framework pdu-2023`,
		`line C1/2.1.2: 2.1.2 is a key question`,
		`line C1/2.1.1a: 2.1.1a does not allow n/a`,
		`line C1/2.1.1: case C1 question 2.1.1 is answered no here but yes at line C1/2.1.1`,
		"5 problems, nothing was written",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
	all, err := db.Answers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Errorf("a failing batch stored answers: %v", all)
	}
}

func TestSaveAnswersTwiceChangesNothingAndKeepsHistory(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	addCases(t, db, "C1")
	batch := []casework.Judgement{j("C1", "2.1.1", casework.Yes), j("C1", "2.1.3a", casework.NotApplicable)}
	batch[0].Note = "spoke to the practitioner"
	st, err := db.SaveAnswers(ctx, batch, "first.csv")
	if err != nil {
		t.Fatal(err)
	}
	st2, err := db.SaveAnswers(ctx, batch, "first.csv")
	if err != nil {
		t.Fatal(err)
	}
	changed := []casework.Judgement{{CaseID: "C1", Question: "2.1.1", Answer: casework.No, Inspector: "Inspector B"}}
	st3, err := db.SaveAnswers(ctx, changed, "second.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]AnswerImport{{Added: 2}, {Unchanged: 2}, {Changed: 1}}, []AnswerImport{st, st2, st3}); diff != "" {
		t.Errorf("import counts (-want +got):\n%s", diff)
	}
	hs, err := db.History(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	for i := range hs {
		hs[i].At = time.Time{}
	}
	want := []casework.Change{
		{CaseID: "C1", Question: "2.1.1", New: casework.Yes, NewNote: "spoke to the practitioner", Inspector: "Inspector A", Source: "first.csv"},
		{CaseID: "C1", Question: "2.1.3a", New: casework.NotApplicable, Inspector: "Inspector A", Source: "first.csv"},
		{CaseID: "C1", Question: "2.1.1", Old: casework.Yes, New: casework.No, OldNote: "spoke to the practitioner", NewNote: "spoke to the practitioner", Inspector: "Inspector B", Source: "second.csv"},
	}
	if diff := cmp.Diff(want, hs); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	got, _, err := db.CaseAnswers(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	if got["2.1.1"].Note != "spoke to the practitioner" {
		t.Errorf("an import without a note erased the note: %q", got["2.1.1"].Note)
	}
}

func TestSaveCaseAnswersRefusesAStaleVersion(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	addCases(t, db, "C1")
	_, v0, err := db.CaseAnswers(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	v1, _, err := db.SaveCaseAnswers(ctx, "C1", v0, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "web")
	if err != nil {
		t.Fatal(err)
	}
	if v1 == v0 {
		t.Fatalf("version did not move: %d", v1)
	}
	_, _, err = db.SaveCaseAnswers(ctx, "C1", v0, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "web")
	if casework.ErrorCode(err) != casework.ECONFLICT || !errors.Is(err, casework.ErrStale) {
		t.Fatalf("stale save: %v; want an ECONFLICT caused by casework.ErrStale", err)
	}
	got, _, _ := db.CaseAnswers(ctx, "C1")
	if got["2.1.1"].Answer != casework.Yes {
		t.Errorf("the stale save overwrote the answer: %v", got["2.1.1"].Answer)
	}
}

// The foreign-key pragma must reach every pooled connection, not only the first.
func TestForeignKeysOnEveryConnection(t *testing.T) {
	db := newDB(t)
	db.sql.SetMaxOpenConns(4)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.sql.Exec(`INSERT INTO answers (case_id, question_id, answer, updated_at) VALUES ('ghost', '2.1.1', 'yes', 'now')`)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
			t.Errorf("an answer for a case that does not exist was stored: %v", err)
		}
	}
}

func TestCheckConstraintsGuardClosedSets(t *testing.T) {
	db := newDB(t)
	addCases(t, db, "C1")
	for _, stmt := range []string{
		`INSERT INTO cases (id, case_type, position) VALUES ('C2', 'custody', 9)`,
		`UPDATE cases SET grade = 'SPO' WHERE id = 'C1'`,
		`UPDATE cases SET rosh = 'extreme' WHERE id = 'C1'`,
		`INSERT INTO answers (case_id, question_id, answer, updated_at) VALUES ('C1', '2.1.1', 'maybe', 'now')`,
		`INSERT INTO answers (case_id, question_id, answer, updated_at) VALUES ('C1', '2.1.1', 'Yes', 'now')`,
		`INSERT INTO answer_history (case_id, question_id, answer, source, changed_at) VALUES ('C1', '2.1.1', 'maybe', 'test', 'now')`,
		`INSERT INTO answer_history (case_id, question_id, answer, source, changed_at) VALUES ('C1', '2.1.1', '', 'test', 'now')`,
		`INSERT INTO answer_history (case_id, question_id, answer, source, changed_at, reading) VALUES ('C1', '2.1.1', 'yes', 'test', 'now', 'third')`,
		`INSERT INTO second_readings (case_id, question_id, answer, updated_at) VALUES ('C1', '2.1.1', 'na', 'now')`,
		`INSERT INTO ratings (standard_id, rating, given_at) VALUES ('1.1', 'Excellent', 'now')`,
		`INSERT INTO ratings (standard_id, rating, given_at) VALUES ('overall', 'Good', 'now')`,
	} {
		if _, err := db.sql.Exec(stmt); err == nil || !strings.Contains(err.Error(), "CHECK") {
			t.Errorf("%s: %v; want a CHECK failure", stmt, err)
		}
	}
}

func TestSaveCasesUpdatesAndKeepsAttributes(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	addCases(t, db, "C1", "C2")
	st, err := db.SaveCases(ctx, []casework.Case{
		{ID: "C1", Type: casework.Community, Grade: casework.PSO, Attributes: map[string]string{}},
		{ID: "C2", Type: casework.Licence, Grade: casework.PO, Attributes: map[string]string{}},
		{ID: "C3", Type: casework.Licence, Attributes: map[string]string{"office": "Bradford"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(CaseImport{Added: 1, Updated: 1, Unchanged: 1}, st); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	c1, err := db.Case(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	want := casework.Case{ID: "C1", Type: casework.Community, Grade: casework.PSO, Attributes: map[string]string{"office": "Halifax"}}
	if diff := cmp.Diff(want, c1); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestGroupTallies(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	addCases(t, db, "C1", "C2", "C3")
	db.SaveCases(ctx, []casework.Case{{ID: "C3", Type: casework.Community, Grade: casework.PO, Attributes: map[string]string{"office": "Bradford"}}})
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{
		j("C1", "2.1.1", casework.Yes), j("C2", "2.1.1", casework.No), j("C3", "2.1.1", casework.Yes),
	}, "t"); err != nil {
		t.Fatal(err)
	}
	type row struct {
		Value string
		Cases int
		Tally casework.Tally
	}
	tests := []struct {
		field string
		want  []row
	}{
		{"case_type", []row{{"community", 2, casework.Tally{Yes: 2}}, {"licence", 1, casework.Tally{No: 1}}}},
		{"office", []row{{"Bradford", 1, casework.Tally{Yes: 1}}, {"Halifax", 2, casework.Tally{Yes: 1, No: 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			gs, err := db.GroupTallies(ctx, tt.field)
			if err != nil {
				t.Fatal(err)
			}
			var got []row
			for _, g := range gs {
				got = append(got, row{g.Value, g.Cases, g.Tallies["2.1.1"]})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	_, err := db.GroupTallies(ctx, "shoe_size")
	var e *casework.Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), `no field "shoe_size" (have case_type, grade, rosh, gender, ethnicity, office)`) {
		t.Errorf("unknown field: %v", err)
	}
}

func TestRatingsNeedReasonsForDepartures(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	if err := db.SetRatings(ctx, []casework.GivenRating{{Standard: "2.1", Rating: casework.Good}}, "lead"); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("departure without a reason: %v", err)
	}
	if err := db.SetRatings(ctx, []casework.GivenRating{{Standard: "1.1", Rating: casework.Good}, {Standard: "overall", Rating: casework.Good, Reason: "panel"}}, "lead"); err != nil {
		t.Fatal(err)
	}
	if err := db.ClearRating(ctx, "overall", "lead"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Ratings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]casework.GivenRating{{Standard: "1.1", Rating: casework.Good}}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var n int
	db.sql.QueryRow(`SELECT count(*) FROM rating_history`).Scan(&n)
	if n != 3 {
		t.Errorf("rating history has %d rows, want 3 (two set, one cleared)", n)
	}
}

// Version 4 rebuilt the answer tables with the same checks written as OR chains: a version 3 file
// keeps every answer, history row (with its id, which merges rely on) and second reading, and
// ends with the schema a new file has.
func TestMigrationToVersion4KeepsAnswersAndHistory(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	oldDatabase(t, path, 3)
	raw, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO questions (id, kind, standard_id, allows_na, position) VALUES ('2.1.1', 'key', '2.1', 0, 0)`,
		`INSERT INTO answers (case_id, question_id, answer, inspector, note, updated_at) VALUES ('OLD1', '2.1.1', 'no', 'Inspector A', 'a note', 't2')`,
		`INSERT INTO answer_history (id, case_id, question_id, old_answer, new_answer, inspector, source, changed_at) VALUES (7, 'OLD1', '2.1.1', NULL, 'yes', 'Inspector A', 'web', 't1')`,
		`INSERT INTO answer_history (id, case_id, question_id, old_answer, new_answer, new_note, inspector, source, changed_at) VALUES (9, 'OLD1', '2.1.1', 'yes', 'no', 'a note', 'Inspector A', 'judge', 't2')`,
		`INSERT INTO second_readings (case_id, question_id, answer, inspector, updated_at) VALUES ('OLD1', '2.1.1', 'yes', 'Lead', 't3')`,
		`INSERT INTO answer_history (id, case_id, question_id, new_answer, inspector, source, changed_at, reading) VALUES (10, 'OLD1', '2.1.1', 'yes', 'Lead', 'judge', 't3', 'second')`,
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
		queryStrings(t, db, `SELECT concat_ws('|', case_id, question_id, answer, inspector, note, updated_at) FROM answers`),
		queryStrings(t, db, `SELECT concat_ws('|', id, case_id, question_id, coalesce(old_answer, '-'), new_answer, new_note, inspector, source, changed_at, reading) FROM answer_changes ORDER BY id`),
		queryStrings(t, db, `SELECT concat_ws('|', case_id, question_id, answer, inspector, updated_at) FROM second_readings`),
	}
	want := [][]string{
		{"OLD1|2.1.1|no|Inspector A|a note|t2"},
		{"7|OLD1|2.1.1|-|yes||Inspector A|web|t1|first", "9|OLD1|2.1.1|yes|no|a note|Inspector A|judge|t2|first", "10|OLD1|2.1.1|-|yes||Lead|judge|t3|second"},
		{"OLD1|2.1.1|yes|Lead|t3"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows after migrating (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tableSQL(t, newDB(t)), tableSQL(t, db)); diff != "" {
		t.Errorf("migrated schema differs from a new one (-new +migrated):\n%s", diff)
	}
	if _, err := db.sql.Exec(`UPDATE answers SET answer = 'maybe'`); err == nil || !strings.Contains(err.Error(), "CHECK") {
		t.Errorf("a migrated answers table took 'maybe': %v", err)
	}
}

// queryStrings runs a query of one text column and returns its rows, to compare a table's
// contents before and after a migration.
func queryStrings(t *testing.T, db *DB, query string) []string {
	t.Helper()
	return column(t, db.sql, query)
}
