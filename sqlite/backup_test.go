package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestBackupIsAConsistentMarkedCopy(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2")
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes), j("C2", "2.1.1", casework.No)}, "first.csv"); err != nil {
		t.Fatal(err)
	}
	// A save under way holds the write lock while the copy is made: the copy has what was
	// committed before it, and none of the save.
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO answers (case_id, question_id, answer, updated_at) VALUES ('C1', '2.1.2', 'yes', 'now')`); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	c, err := db.Backup(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if c.HistoryID != 2 || c.ID == "" || !filepath.IsAbs(c.MadeFrom) {
		t.Errorf("copy %+v: want history id 2, an id and the absolute path copied", c)
	}
	cp, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	got, err := cp.Answers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]casework.Answer{"C1": {"2.1.1": casework.Yes}, "C2": {"2.1.1": casework.No}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the copy's answers (-want +got):\n%s", diff)
	}
	marked, ok, err := cp.CopyOf(ctx)
	if !ok || err != nil {
		t.Fatalf("the copy does not say what it is a copy of: %v", err)
	}
	if diff := cmp.Diff(c, marked); diff != "" {
		t.Errorf("copy_of (-returned +recorded):\n%s", diff)
	}
	if _, ok, _ := db.CopyOf(ctx); ok {
		t.Error("the database copied was marked as a copy")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.Contains(e.Name(), "partial") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}

	_, err = db.Backup(ctx, path)
	if casework.ErrorCode(err) != casework.ECONFLICT || !strings.Contains(err.Error(), "backup never overwrites a file") {
		t.Errorf("backup over an existing file: %v", err)
	}
}

// An older database is copied aside, untouched, before it is brought forward, and the copy is
// named so the user can be told where it is.
func TestOpenKeepsACopyBeforeUpgrading(t *testing.T) {
	ctx := context.Background()
	for from := 1; from < SchemaVersion; from++ {
		t.Run(fmt.Sprintf("from version %d", from), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "old.db")
			oldDatabase(t, path, from)
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			up := db.Upgraded()
			wantBackup := filepath.Join(dir, fmt.Sprintf("old.schema-v%d.backup.db", from))
			if diff := cmp.Diff(Upgrade{From: from, Backup: wantBackup}, up); diff != "" {
				t.Errorf("Upgraded (-want +got):\n%s", diff)
			}
			kept, err := sql.Open("sqlite3", "file:"+up.Backup+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer kept.Close()
			var v int
			var id string
			if err := kept.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != from {
				t.Errorf("the kept copy has version %d, %v; want %d", v, err, from)
			}
			if err := kept.QueryRow(`SELECT id FROM cases`).Scan(&id); err != nil || id != "OLD1" {
				t.Errorf("the kept copy's case: %q, %v", id, err)
			}
			db.sql.QueryRow(`PRAGMA user_version`).Scan(&v)
			if v != SchemaVersion {
				t.Errorf("opened file at version %d, want %d", v, SchemaVersion)
			}

			// Opening again needs nothing, and a second upgrade of another old file beside it
			// never overwrites the first copy.
			db2, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if up := db2.Upgraded(); up != (Upgrade{}) {
				t.Errorf("second open upgraded again: %+v", up)
			}
			db2.Close()
		})
	}
}

func TestUpgradeCopyNeverOverwrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	oldDatabase(t, path, SchemaVersion-1)
	taken := filepath.Join(dir, fmt.Sprintf("old.schema-v%d.backup.db", SchemaVersion-1))
	if err := os.WriteFile(taken, []byte("someone's file"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if up := db.Upgraded(); up.Backup == taken || !strings.Contains(up.Backup, "backup-2") {
		t.Errorf("backup at %s, want a new name beside %s", up.Backup, taken)
	}
	if b, _ := os.ReadFile(taken); string(b) != "someone's file" {
		t.Error("an existing file was overwritten by the upgrade copy")
	}
}

// oldDatabase writes a database as fieldwork at schema version v wrote it
// (testdata/schema-vV.sql), with an inspection and one case.
func oldDatabase(t *testing.T, path string, v int) {
	t.Helper()
	old := oldSchema(t, v)
	raw, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{old, fmt.Sprintf(`PRAGMA user_version = %d`, v),
		`INSERT INTO inspection (id, name, framework_id, framework, created_at) VALUES (1, 'Old PDU', 'pdu-2023', '{}', '2024-01-01T00:00:00Z')`,
		`INSERT INTO cases (id, case_type, position) VALUES ('OLD1', 'community', 1)`} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBackupLeavesNothingBehind makes copies that finish and copies stopped part way, as
// Ctrl-C stops them: a finished copy is readable by its owner only (it holds case ids and
// notes), and a stopped one leaves no file, under the name or beside it.
func TestBackupLeavesNothingBehind(t *testing.T) {
	db := newDB(t)
	addCases(t, db, "C1")
	tests := []struct {
		name    string
		stopped bool
		want    []string // the files in the copy's folder afterwards
	}{
		{"a finished copy", false, []string{"copy.db"}},
		{"a copy stopped part way", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.stopped {
				cancel()
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "copy.db")
			_, err := db.Backup(ctx, path)
			if (err != nil) != tt.stopped {
				t.Fatalf("Backup: %v", err)
			}
			if diff := cmp.Diff(tt.want, names(t, dir)); diff != "" {
				t.Errorf("files in the folder (-want +got):\n%s", diff)
			}
			if tt.stopped {
				return
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("the copy's mode is %v, want 0600", fi.Mode().Perm())
			}
		})
	}
}
