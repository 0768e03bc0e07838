package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestReadMigrations(t *testing.T) {
	file := func(sql string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(sql)} }
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string
		err   string
	}{
		{"numbered from 2 in order",
			fstest.MapFS{"migrations/0003_b.sql": file("B"), "migrations/0002_a.sql": file("A")},
			[]string{"2 migrations/0002_a.sql A", "3 migrations/0003_b.sql B"}, ""},
		{"a gap",
			fstest.MapFS{"migrations/0002_a.sql": file("A"), "migrations/0004_c.sql": file("C")},
			nil, "migrations/0004_c.sql: makes version 4, but the next migration must make version 3"},
		{"two files for one version",
			fstest.MapFS{"migrations/0002_a.sql": file("A"), "migrations/0002_b.sql": file("B")},
			nil, "migrations/0002_b.sql: makes version 2, but the next migration must make version 3"},
		{"a file for version 1, which schema-v1 is",
			fstest.MapFS{"migrations/0001_a.sql": file("A")},
			nil, "migrations/0001_a.sql: makes version 1, but the next migration must make version 2"},
		{"no number",
			fstest.MapFS{"migrations/add_table.sql": file("A")},
			nil, "migrations/add_table.sql: a migration is named NNNN_what.sql"},
		{"not SQL",
			fstest.MapFS{"migrations/0002_a.txt": file("A")},
			nil, "migrations/0002_a.txt: a migration is named NNNN_what.sql"},
		{"none",
			fstest.MapFS{"migrations": &fstest.MapFile{Mode: fs.ModeDir}},
			nil, "no migration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := readMigrations(tt.files)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, fmt.Sprintf("%d %s %s", m.to, m.file, m.sql))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// Each migration, run on a file of the version before it as that version made it, gives the
// schema the next version made; the last gives schema.sql's. So the history, the migrations and
// schema.sql can never drift apart.
func TestEachMigrationMakesTheNextVersion(t *testing.T) {
	type step struct {
		name  string
		from  string
		apply []migration
		want  string
	}
	var tests []step
	for _, m := range migrations {
		want := schema
		if m.to < SchemaVersion {
			want = oldSchema(t, m.to)
		}
		tests = append(tests, step{fmt.Sprintf("%s on version %d", m.file, m.to-1), oldSchema(t, m.to-1), []migration{m}, want})
	}
	tests = append(tests, step{"version 1 and every migration is schema.sql", oldSchema(t, 1), migrations, schema})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scripts := []string{tt.from}
			for _, m := range tt.apply {
				scripts = append(scripts, m.sql)
			}
			if diff := cmp.Diff(schemaOf(t, scriptDB(t, tt.want)), schemaOf(t, scriptDB(t, scripts...))); diff != "" {
				t.Errorf("schema (-want +migrated):\n%s", diff)
			}
		})
	}
}

// replacedOnly is the version from which answer_history holds only replaced versions
// (migrations/0007); replacedRowsOf[v] are rowsOf[v]'s history rows in that shape, for a file of
// that version or later.
const replacedOnly = 7

var replacedRowsOf = map[int]string{
	1: `INSERT INTO answer_history (id, case_id, question_id, answer, note, inspector, source, changed_at) VALUES
	   (7, 'OLD1', '2.1.1', 'yes', '', 'Inspector A', 'web', 't1')`,
	3: `INSERT INTO answer_history (id, case_id, question_id, answer, note, inspector, source, changed_at, reading) VALUES
	   (15, 'OLD1', '2.1.1', 'no', '', 'Lead', 'judge', 't6', 'second')`,
}

// rowsOf[v] fill every table version v added; a file of version v gets the rows of every
// version up to v. The ids of history rows have gaps, as a real file's do after a rolled-back
// save, so a migration that numbered them afresh would show.
var rowsOf = map[int][]string{
	1: {
		`INSERT INTO inspection (id, name, region, fieldwork_start, framework_id, framework, created_at) VALUES (1, 'Old PDU', 'Yorkshire and the Humber', '2024-09-02', 'pdu-2023', '{}', '2024-01-01T00:00:00Z')`,
		`INSERT INTO questions (id, kind, standard_id, key_question_id, allows_na, position) VALUES ('2.1.1', 'key', '2.1', NULL, 0, 0), ('2.1.1a', 'prompt', '2.1', '2.1.1', 1, 1)`,
		`INSERT INTO cases (id, case_type, grade, rosh, gender, ethnicity, position, version) VALUES ('OLD1', 'community', 'PO', 'high', 'Male', 'White', 1, 3), ('OLD2', 'licence', 'PSO', '', '', '', 2, 1)`,
		`INSERT INTO case_attributes (case_id, name, value) VALUES ('OLD1', 'office', 'Halifax'), ('OLD2', 'office', 'Bradford')`,
		`INSERT INTO answers (case_id, question_id, answer, inspector, note, updated_at) VALUES ('OLD1', '2.1.1', 'no', 'Inspector A', 'a note', 't2'), ('OLD1', '2.1.1a', 'n/a', 'Inspector A', '', 't1'), ('OLD2', '2.1.1', 'yes', 'Inspector B', '', 't3')`,
		`INSERT INTO answer_history (id, case_id, question_id, old_answer, new_answer, old_note, new_note, inspector, source, changed_at) VALUES
		   (7, 'OLD1', '2.1.1', NULL, 'yes', '', '', 'Inspector A', 'web', 't1'),
		   (8, 'OLD1', '2.1.1a', NULL, 'n/a', '', '', 'Inspector A', 'web', 't1'),
		   (9, 'OLD1', '2.1.1', 'yes', 'no', '', 'a note', 'Inspector A', 'judge', 't2'),
		   (12, 'OLD2', '2.1.1', NULL, 'yes', '', '', 'Inspector B', 'judgements import judgements.csv', 't3')`,
		`INSERT INTO ratings (standard_id, rating, reason, given_by, given_at) VALUES ('1.1', 'Good', '', 'Lead', 't4'), ('overall', 'Inadequate', 'panel', 'Lead', 't6')`,
		`INSERT INTO rating_history (id, standard_id, old_rating, new_rating, old_reason, new_reason, given_by, changed_at) VALUES
		   (1, '1.1', NULL, 'Good', '', '', 'Lead', 't4'),
		   (2, 'overall', NULL, 'Requires improvement', '', 'panel', 'Lead', 't5'),
		   (4, 'overall', 'Requires improvement', 'Inadequate', 'panel', 'panel', 'Lead', 't6')`,
	},
	2: {
		`INSERT INTO sample_design (id, extract, extract_sha256, windows, case_types, exclusions, stratify_by, min_per_type, seed, size, population, confidence, proportion, target_margin, margin, reserve, drawn_at)
		   VALUES (1, 'caseload.csv', 'ab12', '2024-01-22:2024-01-28', 'community,licence', 'deceased', 'case_type,rosh,gender', 'licence=1', '18446744073709551615', 2, 3, 0.8, 0.5, 0.1, 0.0912, 1, 't0')`,
		`INSERT INTO sample_strata (stratum, position, population, share, allocated) VALUES ('community / high / Male', 0, 2, 1.3333333333333333, 1), ('licence /  / ', 1, 1, 0.6666666666666666, 1)`,
		`INSERT INTO sample_cases (case_id, stratum, draw_order, status, record, reason, replaced_by, changed_at) VALUES
		   ('OLD1', 'community / high / Male', 1, 'sampled', '{"id":"OLD1"}', '', NULL, 't0'),
		   ('OLD3', 'community / high / Male', 2, 'reserve', '{"id":"OLD3"}', '', NULL, 't0'),
		   ('OLD2', 'licence /  / ', 2, 'sampled', '{"id":"OLD2"}', '', NULL, 't1'),
		   ('GONE', 'licence /  / ', 1, 'replaced', '{"id":"GONE"}', 'transferred out', 'OLD2', 't1')`,
		`INSERT INTO sample_exclusions (case_id, reason, source, position) VALUES ('OLD9', 'deceased', 'caseload.csv line 5', 0)`,
		`INSERT INTO population_profile (field, value, count) VALUES ('case_type', 'community', 2), ('case_type', 'licence', 1), ('gender', '', 1)`,
	},
	3: {
		`INSERT INTO answer_history (id, case_id, question_id, old_answer, new_answer, inspector, source, changed_at, reading) VALUES (15, 'OLD1', '2.1.1', NULL, 'yes', 'Lead', 'judge', 't7', 'second')`,
		`INSERT INTO second_readings (case_id, question_id, answer, inspector, note, updated_at) VALUES ('OLD1', '2.1.1', 'yes', 'Lead', 'plan seen', 't7')`,
		`INSERT INTO moderations (case_id, question_id, answer, first_answer, second_answer, reason, moderator, moderated_at) VALUES ('OLD1', '2.1.1', 'no', 'no', 'yes', 'the plan misses the victim', 'Moderator', 't8')`,
		`INSERT INTO copy_of (id, copy_id, history_id, made_from, made_at) VALUES (1, 'c0ffee', 12, '/data/bc.db', 't6')`,
		`INSERT INTO merged (copy_id, reading, case_id, question_id, answer, note) VALUES ('beef', 'first', 'OLD2', '2.1.1', 'yes', '')`,
		`INSERT INTO merge_conflicts (copy_id, reading, case_id, question_id, history_id, listed_at) VALUES ('beef', 'second', 'OLD1', '2.1.1', 15, 't9')`,
	},
	6: {
		`INSERT INTO accounts (name, role, password, added_at, password_at) VALUES ('Ann', 'inspector', 'pbkdf2-sha256$1$c2FsdA$a2V5', 't10', 't10')`,
		`INSERT INTO allocations (case_id, inspector, allocated_by, allocated_at) VALUES ('OLD1', 'Ann', 'Lead', 't10')`,
		`INSERT INTO sign_offs (case_id, signed_by, signed_at) VALUES ('OLD2', 'Lead', 't11')`,
		`INSERT INTO sign_off_history (id, case_id, action, by_whom, reason, at) VALUES (3, 'OLD2', 'signed off', 'Lead', '', 't11')`,
	},
	8: {
		`INSERT INTO evidence (id, standard_id, kind, summary, finding, count, publish, added_by, added_at) VALUES (2, '1.2', 'interview', 'practitioners interviewed', '', 57, 1, 'Lead', 't12')`,
		`INSERT INTO surveys (id, name, source, imported_at) VALUES (1, 'staff', 'staff.csv', 't12')`,
		`INSERT INTO survey_questions (survey_id, position, question, profile, positive) VALUES (1, 0, 'Grade', 1, '[]'), (1, 1, 'Q1', 0, '["Agree"]')`,
		`INSERT INTO survey_respondents (survey_id, respondent, respondent_id) VALUES (1, 1, 'R7')`,
		`INSERT INTO survey_answers (survey_id, respondent, position, answer) VALUES (1, 1, 0, 'PO'), (1, 1, 1, 'Agree')`,
	},
}

// A file of every older version, with rows in every table, opens at the latest version with
// the schema of a new file, every row it had (history ids included), and its new columns at
// their defaults.
func TestOpenBringsEveryOlderVersionForward(t *testing.T) {
	ctx := context.Background()
	fresh := schemaOf(t, newDB(t).sql)
	for from := 1; from < SchemaVersion; from++ {
		t.Run(fmt.Sprintf("from version %d", from), func(t *testing.T) {
			scripts := []string{oldSchema(t, from), fmt.Sprintf(`PRAGMA user_version = %d`, from)}
			for v := 1; v <= from; v++ {
				for _, r := range rowsOf[v] {
					if from >= replacedOnly && strings.HasPrefix(r, "INSERT INTO answer_history") {
						r = replacedRowsOf[v] // a file of version 7 on keeps history in the new shape
					}
					scripts = append(scripts, r)
				}
			}
			path := filepath.Join(t.TempDir(), "old.db")
			raw := scriptDBAt(t, path, scripts...)
			before := contents(t, raw)
			raw.Close()
			for table, c := range before {
				if len(c.rows) == 0 {
					t.Errorf("table %s of version %d has no rows to keep: add some to rowsOf[%d]", table, from, from)
				}
			}

			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var v int
			if err := db.sql.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != SchemaVersion {
				t.Errorf("user_version %d (%v) after opening, want %d", v, err, SchemaVersion)
			}
			if up := db.Upgraded(); up.From != from {
				t.Errorf("Upgraded says from version %d, want %d", up.From, from)
			}
			if diff := cmp.Diff(fresh, schemaOf(t, db.sql)); diff != "" {
				t.Errorf("schema (-new file +migrated):\n%s", diff)
			}
			after := contents(t, db.sql)
			// From version 7 the history keeps the versions replaced (migrations/0007): the
			// changes as they were stored are the view answer_changes, and answers and second
			// readings take their version and source from the history (checked by
			// TestMigrationToVersion7FoldsFirstAnswers and, on whole files, by the CLI's
			// TestHistoryAcrossTheMigration).
			if from < replacedOnly {
				changes := viewContents(t, db.sql, "answer_changes")
				changes.defaults["reading"] = after["answer_history"].defaults["reading"] // a view has no defaults
				after["answer_history"] = changes
				for _, table := range []string{"answers", "second_readings"} {
					for _, r := range after[table].rows {
						delete(r, "version")
						delete(r, "source")
					}
					delete(after[table].defaults, "version")
					delete(after[table].defaults, "source")
				}
			}
			for table, old := range before {
				now, ok := after[table]
				if !ok {
					t.Errorf("table %s is gone", table)
					continue
				}
				var want []string
				for _, r := range old.rows {
					r = maps.Clone(r)
					for column, value := range now.defaults {
						if _, had := r[column]; !had {
							r[column] = value
						}
					}
					want = append(want, rowText(r))
				}
				var got []string
				for _, r := range now.rows {
					got = append(got, rowText(r))
				}
				slices.Sort(want)
				slices.Sort(got)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s rows (-before +after):\n%s", table, diff)
				}
			}
			if diff := cmp.Diff([]string{"ok"}, column(t, db.sql, `SELECT * FROM pragma_integrity_check`)); diff != "" {
				t.Errorf("integrity check (-want +got):\n%s", diff)
			}
			if got := column(t, db.sql, `SELECT "table" || ' row ' || coalesce(rowid, '') || ' names a missing ' || parent FROM pragma_foreign_key_check`); len(got) > 0 {
				t.Errorf("foreign keys broken: %q", got)
			}
		})
	}
}

// oldSchema is the create script of schema version v, as fieldwork ran it then.
func oldSchema(t *testing.T, v int) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("testdata/schema-v%d.sql", v))
	if err != nil {
		t.Fatalf("schema version %d: %v (before changing schema.sql, copy it there)", v, err)
	}
	return string(b)
}

// scriptDB is a new database file made by running scripts, outside fieldwork.
func scriptDB(t *testing.T, scripts ...string) *sql.DB {
	t.Helper()
	return scriptDBAt(t, filepath.Join(t.TempDir(), "scripted.db"), scripts...)
}

func scriptDBAt(t *testing.T, path string, scripts ...string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	for _, s := range scripts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%.60s...: %v", s, err)
		}
	}
	return raw
}

// schemaOf is a database's sqlite_schema without page numbers, an object a line in a fixed
// order: what two files of one version share, to the byte.
func schemaOf(t *testing.T, q *sql.DB) []string {
	t.Helper()
	return column(t, q, `SELECT type || ' ' || name || ' on ' || tbl_name || char(10) || coalesce(sql, '(made by SQLite)') FROM sqlite_schema ORDER BY type, name`)
}

// tableContents is one table's rows, each a column's value written as SQL literal (quote), and
// each column's DEFAULT written the same way ("NULL" where it has none), which is what a row
// written before the column was added must hold.
type tableContents struct {
	defaults map[string]string
	rows     []map[string]string
}

func contents(t *testing.T, q *sql.DB) map[string]tableContents {
	t.Helper()
	out := map[string]tableContents{}
	for _, table := range column(t, q, `SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`) {
		out[table] = viewContents(t, q, table)
	}
	return out
}

// viewContents is the rows of one table or view.
func viewContents(t *testing.T, q *sql.DB, table string) tableContents {
	t.Helper()
	{
		c := tableContents{defaults: map[string]string{}}
		var columns, quoted []string
		rows, err := q.Query(`SELECT name, coalesce(dflt_value, 'NULL') FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, dflt string
			if err := rows.Scan(&name, &dflt); err != nil {
				t.Fatal(err)
			}
			c.defaults[name] = dflt
			columns = append(columns, name)
			quoted = append(quoted, fmt.Sprintf("quote(%q)", name))
		}
		rows.Close()
		rows, err = q.Query(fmt.Sprintf(`SELECT %s FROM %q`, strings.Join(quoted, ", "), table))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			values := make([]string, len(columns))
			dest := make([]any, len(columns))
			for i := range values {
				dest[i] = &values[i]
			}
			if err := rows.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			r := map[string]string{}
			for i, name := range columns {
				r[name] = values[i]
			}
			c.rows = append(c.rows, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		return c
	}
}

// rowText writes a row as column=value in the columns' alphabetical order, so rows compare
// whatever order a rebuilt table has its columns in.
func rowText(r map[string]string) string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(r)) {
		parts = append(parts, name+"="+r[name])
	}
	return strings.Join(parts, " ")
}

// column is the first column of every row a query returns.
func column(t *testing.T, q *sql.DB, query string) []string {
	t.Helper()
	rows, err := q.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
