// Package sqlite stores an inspection in a SQLite file: its framework, cases, answers with their
// history, and the inspectors' ratings. It maps rows to casework values through casework's own
// parsers, so a bad value in the file is reported rather than carried into a rating.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"fieldwork/casework"
)

// DB is an open inspection database.
type DB struct {
	sql  *sql.DB
	path string
	// Now is the clock; tests replace it.
	Now func() time.Time
	// upgraded says what opening did to a file an older fieldwork wrote (backup.go).
	upgraded Upgrade
}

// dsn sets every pragma in the connection string, so each pooled connection gets them (a
// PRAGMA sent with Exec reaches only one connection).
func dsn(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&_synchronous=NORMAL"
}

// Create makes a new inspection database at path and refuses to touch an existing file.
func Create(ctx context.Context, path string, ins casework.Inspection) (*DB, error) {
	if ins.Framework == nil {
		return nil, casework.Errorf(casework.EINVALID, "no framework given")
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, casework.Errorf(casework.ECONFLICT, "%s already exists: init never touches an existing database", path).
			WithHint("choose another --db path, or remove the file yourself if you are sure it holds nothing you need")
	}
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	f.Close()
	db, err := open(ctx, path)
	if err == nil {
		err = db.initInspection(ctx, ins)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		return nil, err
	}
	return db, nil
}

// Open opens an existing inspection database, migrating an older one forward.
func Open(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, casework.Errorf(casework.ENOTFOUND, "%s does not exist", path).
			WithHint("create it with `fieldwork --db " + path + " init --framework pdu-2023 --name \"...\"`, or point --db (or FIELDWORK_DB) at your inspection")
	}
	db, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM inspection`).Scan(&n); err != nil || n != 1 {
		db.Close()
		if explained := explain(path, err); explained != err {
			return nil, explained
		}
		return nil, casework.Errorf(casework.EINVALID, "%s is not a fieldwork inspection database", path)
	}
	return db, nil
}

func open(ctx context.Context, path string) (*DB, error) {
	sdb, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db := &DB{sql: sdb, path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// SQL exposes the connection pool to adapters in this repository that need a query of their
// own (reports at scale); they must not write through it.
func (db *DB) SQL() *sql.DB { return db.sql }

func (db *DB) now() string { return db.Now().UTC().Format(time.RFC3339Nano) }

func (db *DB) initInspection(ctx context.Context, ins casework.Inspection) error {
	fw := ins.Framework
	if err := fw.Validate(); err != nil {
		return err
	}
	fwJSON, err := casework.MarshalFramework(fw)
	if err != nil {
		return err
	}
	if ins.FieldworkStart != "" {
		if _, err := time.Parse(time.DateOnly, ins.FieldworkStart); err != nil {
			return casework.Errorf(casework.EINVALID, "fieldwork start %q is not a date (want YYYY-MM-DD, e.g. 2024-09-02)", ins.FieldworkStart)
		}
	}
	if strings.TrimSpace(ins.Name) == "" {
		return casework.Errorf(casework.EINVALID, "the inspection needs a name").WithHint(`add --name "Bradford & Calderdale PDU"`)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection (id, name, region, fieldwork_start, framework_id, framework, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)`,
			strings.TrimSpace(ins.Name), ins.Region, ins.FieldworkStart, fw.ID, string(fwJSON), db.now()); err != nil {
			return err
		}
		for i, q := range fw.Questions() {
			var parent any
			if q.KeyQuestion != "" {
				parent = q.KeyQuestion
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO questions (id, kind, standard_id, key_question_id, allows_na, position) VALUES (?, ?, ?, ?, ?, ?)`,
				q.ID, string(q.Kind), q.Standard, parent, q.NotApplicable, i); err != nil {
				return fmt.Errorf("storing question %s: %w", q.ID, err)
			}
		}
		return nil
	})
}

// write runs fn in one immediate transaction: all of it is stored, or none.
func (db *DB) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return explain(db.path, fmt.Errorf("%s: %w", db.path, err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return explain(db.path, err)
	}
	if err := tx.Commit(); err != nil {
		return explain(db.path, fmt.Errorf("%s: saving: %w", db.path, err))
	}
	return nil
}

// Inspection reads the inspection and the framework it was started with.
func (db *DB) Inspection(ctx context.Context) (casework.Inspection, error) {
	var ins casework.Inspection
	var fwJSON, created string
	err := db.sql.QueryRowContext(ctx, `SELECT name, region, fieldwork_start, framework, created_at FROM inspection WHERE id = 1`).
		Scan(&ins.Name, &ins.Region, &ins.FieldworkStart, &fwJSON, &created)
	if err != nil {
		return ins, fmt.Errorf("%s: reading the inspection: %w", db.path, err)
	}
	ins.Framework, err = casework.ParseFramework(db.path+" (stored framework)", []byte(fwJSON))
	if err != nil {
		return ins, err
	}
	ins.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return ins, nil
}
