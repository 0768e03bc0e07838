package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// `history` prints every case's history exactly as fieldwork printed it on databases of schema
// version 5, when every answer had a history row of its own: the worked example, and a file
// with changes, second readings, a merge and a moderation. Each file is a dump of one made with
// the CLI at version 5 (sqlite/testdata/history-v5/*.sql.gz), the golden beside it what that
// fieldwork printed for each case; here the file is brought up to date first, so the history is
// read from the new schema.
func TestHistoryAcrossTheMigration(t *testing.T) {
	for _, name := range []string{"worked", "changes"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "sqlite", "testdata", "history-v5")
			path := filepath.Join(t.TempDir(), name+".db")
			loadDump(t, filepath.Join(dir, name+".sql.gz"), path)
			want, err := os.ReadFile(filepath.Join(dir, name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			for _, line := range strings.Split(string(want), "\n") {
				id, ok := strings.CutPrefix(line, "== ")
				if !ok {
					continue
				}
				got.WriteString(line + "\n")
				var stderr bytes.Buffer
				if code := run(context.Background(), []string{"fieldwork", "--db", path, "history", id}, strings.NewReader(""), &got, &stderr, func(string) string { return "" }); code != 0 {
					t.Fatalf("history %s: exit %d: %s", id, code, stderr.String())
				}
			}
			if diff := cmp.Diff(string(want), got.String()); diff != "" {
				t.Errorf("history differs from the version 5 fieldwork's (-want +got):\n%s", diff)
			}
		})
	}
}

// loadDump makes the database at path from a gzipped sqlite3 .dump.
func loadDump(t *testing.T, dump, path string) {
	t.Helper()
	f, err := os.Open(dump)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(text)); err != nil {
		t.Fatalf("loading %s: %v", dump, err)
	}
}
