package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fieldwork/casework"
	"fieldwork/outfile"
)

// Backup writes a consistent copy of the database to a new file at path, even while others
// write to it (SQLite's VACUUM INTO reads one snapshot), and records in the copy where it came
// from, so an inspector can work in it offline and `fieldwork merge` it back. It never
// overwrites a file: the copy is written beside path under a temporary name (outfile) and put
// in place only when complete. The copy holds case ids and notes, so only its owner may read
// it; an interrupted backup leaves nothing behind.
func (db *DB) Backup(ctx context.Context, path string) (Copy, error) {
	var c Copy
	if _, err := os.Stat(path); err == nil {
		return c, casework.Errorf(casework.ECONFLICT, "%s already exists: backup never overwrites a file", path).
			WithHint("choose a new name, e.g. one with today's date")
	}
	out, err := outfile.Create(ctx, path, outfile.Options{Private: true})
	if err != nil {
		return c, err
	}
	defer out.Discard()
	// SQLite writes the copy by name, into the empty file Create made.
	out.Close()
	tmp := out.Name()
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return c, explainCopy(db.path, path, fmt.Errorf("copying %s to %s: %w", db.path, path, err))
	}
	from, err := filepath.Abs(db.path)
	if err != nil {
		from = db.path
	}
	c = Copy{ID: randomID(), MadeFrom: from, MadeAt: db.now()}
	if err := markCopy(ctx, tmp, &c); err != nil {
		return c, explain(path, fmt.Errorf("marking the copy %s: %w", path, err))
	}
	if err := out.Commit(); err != nil {
		return c, err
	}
	return c, nil
}

// explainCopy explains a failed copy from the file at from to the one at to: damage is in the
// file copied, any other fault of the files (a full disk, a read-only folder) in the copy.
func explainCopy(from, to string, err error) error {
	if isDamage(err) {
		return explain(from, err)
	}
	return explain(to, err)
}

// markCopy records in the copy at path what it is a copy of. The history id is read from the
// copy itself, so it is exactly the last change the snapshot holds.
func markCopy(ctx context.Context, path string, c *Copy) error {
	s, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return err
	}
	defer s.Close()
	tx, err := s.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT last FROM answer_version_counter WHERE id = 1`).Scan(&c.HistoryID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO copy_of (id, copy_id, history_id, made_from, made_at) VALUES (1, ?, ?, ?, ?)`,
		c.ID, c.HistoryID, c.MadeFrom, c.MadeAt); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// Closing folds the write-ahead log into the file: the copy is one file to carry.
	return s.Close()
}

// CopyOf says what this database is a copy of; ok is false for a database Backup did not make.
func (db *DB) CopyOf(ctx context.Context) (c Copy, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT copy_id, history_id, made_from, made_at FROM copy_of WHERE id = 1`).
		Scan(&c.ID, &c.HistoryID, &c.MadeFrom, &c.MadeAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// Upgrade is what opening did to a database an older fieldwork wrote: From is its schema
// version then, Backup the copy of it kept before it was brought forward. Both are zero when
// the file needed nothing.
type Upgrade struct {
	From   int
	Backup string
}

// Upgraded says whether Open brought the file forward from an older version, and where the copy
// of it as it was is kept.
func (db *DB) Upgraded() Upgrade { return db.upgraded }

// backupBeforeUpgrade copies a file written by an older fieldwork, version v, to a new file
// beside it before the migration changes it. It reads through its own connection while the
// migration's transaction holds the write lock, so the copy is the file exactly as the
// migration finds it.
func (db *DB) backupBeforeUpgrade(ctx context.Context, v int) error {
	base := strings.TrimSuffix(db.path, filepath.Ext(db.path))
	path := fmt.Sprintf("%s.schema-v%d.backup%s", base, v, filepath.Ext(db.path))
	for n := 2; ; n++ {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		path = fmt.Sprintf("%s.schema-v%d.backup-%d%s", base, v, n, filepath.Ext(db.path))
	}
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return explain(db.path, fmt.Errorf("%s was written by an older fieldwork (schema version %d); keeping a copy of it in %s before bringing it up to date failed, so it was left as it was: %w", db.path, v, path, err))
	}
	db.upgraded = Upgrade{From: v, Backup: path}
	return nil
}

func randomID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
