package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// Version 5 rebuilt cases to take the youth justice case types: a version 4 file keeps every
// case with its attributes and answers, takes a court or out-of-court case after opening, still
// refuses a type no framework has, and ends with the schema a new file has.
func TestMigrationToVersion5TakesYouthCaseTypes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v4.db")
	oldDatabase(t, path, 4)
	raw, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO cases (id, case_type, grade, rosh, gender, position, version) VALUES ('OLD2', 'licence', 'PO', 'high', 'female', 2, 3)`,
		`INSERT INTO case_attributes (case_id, name, value) VALUES ('OLD1', 'office', 'Halifax'), ('OLD2', 'probation_reset', 'yes')`,
		`INSERT INTO questions (id, kind, standard_id, allows_na, position) VALUES ('2.1.1', 'key', '2.1', 0, 0)`,
		`INSERT INTO answers (case_id, question_id, answer, inspector, updated_at) VALUES ('OLD1', '2.1.1', 'no', 'Inspector A', 't1'), ('OLD2', '2.1.1', 'yes', 'Inspector B', 't2')`,
		`INSERT INTO answer_history (id, case_id, question_id, new_answer, inspector, source, changed_at) VALUES (4, 'OLD2', '2.1.1', 'yes', 'Inspector B', 'judge', 't2')`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if _, err := raw.Exec(`INSERT INTO cases (id, case_type, position) VALUES ('YJ1', 'court', 3)`); err == nil || !strings.Contains(err.Error(), "CHECK") {
		t.Fatalf("a version 4 file took a court case: %v", err)
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Cases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []casework.Case{
		{ID: "OLD1", Type: casework.Community, Attributes: map[string]string{"office": "Halifax"}},
		{ID: "OLD2", Type: casework.Licence, Grade: casework.PO, RoSH: casework.RoSHHigh, Gender: "female", Attributes: map[string]string{"probation_reset": "yes"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cases after migrating (-want +got):\n%s", diff)
	}
	kept := [][]string{
		queryStrings(t, db, `SELECT concat_ws('|', id, position, version) FROM cases ORDER BY id`),
		queryStrings(t, db, `SELECT concat_ws('|', case_id, question_id, answer, inspector) FROM answers ORDER BY case_id`),
		queryStrings(t, db, `SELECT concat_ws('|', id, case_id, new_answer) FROM answer_changes`),
		queryStrings(t, db, `SELECT concat_ws('|', "table", rowid, parent) FROM pragma_foreign_key_check`),
	}
	wantKept := [][]string{
		{"OLD1|1|0", "OLD2|2|3"},
		{"OLD1|2.1.1|no|Inspector A", "OLD2|2.1.1|yes|Inspector B"},
		{"4|OLD2|yes"},
		nil, // no answer left without its case
	}
	if diff := cmp.Diff(wantKept, kept); diff != "" {
		t.Errorf("rows after migrating (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tableSQL(t, newDB(t)), tableSQL(t, db)); diff != "" {
		t.Errorf("migrated schema differs from a new one (-new +migrated):\n%s", diff)
	}
	youth := []casework.Case{{ID: "YJ1", Type: casework.Court, Attributes: map[string]string{}}, {ID: "YJ2", Type: casework.OutOfCourt, Attributes: map[string]string{}}}
	if _, err := db.SaveCases(ctx, youth); err != nil {
		t.Fatalf("saving youth justice cases after migrating: %v", err)
	}
	if _, err := db.sql.Exec(`INSERT INTO cases (id, case_type, position) VALUES ('X1', 'custody', 9)`); err == nil || !strings.Contains(err.Error(), "CHECK") {
		t.Errorf("a migrated cases table took 'custody': %v", err)
	}
}

// A new database stores and reads back every case type, through the domain's own parser.
func TestCaseTypesRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	var cases []casework.Case
	for i, typ := range []casework.CaseType{casework.Community, casework.Licence, casework.Court, casework.OutOfCourt} {
		cases = append(cases, casework.Case{ID: string(rune('A' + i)), Type: typ, Attributes: map[string]string{}})
	}
	if _, err := db.SaveCases(ctx, cases); err != nil {
		t.Fatal(err)
	}
	got, err := db.Cases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cases, got); diff != "" {
		t.Errorf("(-saved +read):\n%s", diff)
	}
}
