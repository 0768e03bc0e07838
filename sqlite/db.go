// Package sqlite stores an inspection in a SQLite file: its framework, cases, answers with their
// history, and the inspectors' ratings. It maps rows to casework values through casework's own
// parsers, so a bad value in the file is reported rather than carried into a rating.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"fieldwork/casework"
)

// DB is an open inspection database.
type DB struct {
	sql  *sql.DB
	path string
	// file is the file opened at path: a change is saved only while path still names it
	// (commit), so a database deleted or replaced meanwhile is never reported saved.
	file os.FileInfo
	// reading is set by OpenReadOnly: the commands that open a database to read it never
	// write to it, whatever their code does by mistake.
	reading bool
	// Now is the clock; tests replace it.
	Now func() time.Time
	// upgraded says what opening did to a file an older fieldwork wrote (backup.go).
	upgraded Upgrade
	// frameworks is the stored framework as last parsed.
	frameworks frameworks
}

// frameworks keeps the framework last parsed from its stored JSON, for as long as the JSON is
// the same: it is stored once as the inspection starts, and parsing it again for every save and
// every page of the entry form cost a save as much as writing it (a quarter of a save's time
// under a team's load, half of it inside the write transaction). Callers only read a framework.
type frameworks struct {
	mu  sync.Mutex
	raw string
	fw  *casework.Framework
}

func (c *frameworks) parse(name, raw string) (*casework.Framework, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fw != nil && c.raw == raw {
		return c.fw, nil
	}
	fw, err := casework.ParseFramework(name, []byte(raw))
	if err != nil {
		return nil, err
	}
	c.raw, c.fw = raw, fw
	return fw, nil
}

// dsn sets every pragma in the connection string, so each pooled connection gets them (a
// PRAGMA sent with Exec reaches only one connection).
func dsn(path string) string {
	return "file:" + escapePath(path) + "?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&_synchronous=NORMAL"
}

func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
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
	db, err := open(ctx, path, dsn(path), false)
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

// Open opens an existing inspection database to change it, migrating an older one forward. A
// file that cannot be written (read-only, or in a read-only folder) is refused before anything
// is read, so no command gets as far as a change it cannot save; so is an empty file, which
// only Create makes an inspection of.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if p := placeOf(path); p != writable {
		return nil, readOnlyError(path, p)
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		return nil, emptyFileError(path)
	}
	return openInspection(ctx, path, dsn(path)+"&mode=rw", false)
}

// OpenReadOnly opens an existing inspection database for a command that only reads it. It
// works where the file cannot be written: on read-only media or in a read-only folder it
// opens the file read-only (placeOf says how). Where the file can be written it opens it as
// Open does, so a file an older fieldwork wrote is still brought forward and SQLite tidies its
// working files on closing; either way the DB refuses every change.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	conn, err := readingDSN(path, placeOf(path))
	if err != nil {
		return nil, err
	}
	return openInspection(ctx, path, conn, true)
}

// checkPath refuses a path that names no file, or a folder.
func checkPath(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return casework.Errorf(casework.ENOTFOUND, "%s does not exist", path).
			WithHint("create it with `fieldwork --db " + path + " init --framework pdu-2023 --name \"...\"`, or point --db (or FIELDWORK_DB) at your inspection")
	case err != nil:
		return casework.Errorf(casework.EENV, "%s cannot be read: %v", path, errors.Unwrap(err)).
			WithHint("check the drive is mounted and the folder can be read (ls -l)")
	case fi.IsDir():
		return casework.Errorf(casework.EENV, "%s is a folder, not an inspection database", path).
			WithHint("point --db (or FIELDWORK_DB) at the inspection's .db file inside it")
	}
	return nil
}

func openInspection(ctx context.Context, path, conn string, reading bool) (*DB, error) {
	db, err := open(ctx, path, conn, reading)
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

// open connects to the file at path through conn, checks it is undamaged, and brings it to
// this build's schema. It notes which file path names before SQLite opens it and checks after
// that SQLite opened that one, so a file deleted or replaced meanwhile is never taken for it.
func open(ctx context.Context, path, conn string, reading bool) (*DB, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, casework.Errorf(casework.EENV, "%s vanished while it was being opened: %v", path, errors.Unwrap(err))
	}
	sdb, err := sql.Open("sqlite3", conn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db := &DB{sql: sdb, path: path, file: fi, reading: reading, Now: time.Now}
	err = db.checkFile(ctx)
	if moved := db.stillAtPath(); moved != nil {
		err = moved // what was wrong with the file opened matters less than that it is gone
	}
	if err != nil {
		sdb.Close()
		return nil, err
	}
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
	if db.reading {
		return fmt.Errorf("%s was opened for reading: a command that changes it must open it with Open", db.path)
	}
	return db.transact(fn, func() (*sql.Tx, error) { return db.sql.BeginTx(ctx, nil) })
}

// writeChecked runs fn as write does, on a connection of its own that leaves foreign keys
// unenforced for this transaction only. It is for a bulk import whose every row fn checks
// itself against what the keys refer to (the inspection's cases and its framework's questions,
// read inside the transaction, where no one can change them meanwhile): SQLite checking them
// again costs two lookups a row, measured at about a sixth of a 528,000-answer import. The
// connection gets the keys back before it returns to the pool, or is closed.
func (db *DB) writeChecked(ctx context.Context, fn func(*sql.Tx) error) error {
	if db.reading {
		return fmt.Errorf("%s was opened for reading: a command that changes it must open it with Open", db.path)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return explain(db.path, fmt.Errorf("%s: %w", db.path, err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return explain(db.path, fmt.Errorf("%s: %w", db.path, err))
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // closes it rather than pool it
		}
	}()
	return db.transact(fn, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) })
}

// transact runs fn in the transaction begin starts and commits it, or rolls it back.
func (db *DB) transact(fn func(*sql.Tx) error, begin func() (*sql.Tx, error)) error {
	tx, err := begin()
	if err != nil {
		return explain(db.path, fmt.Errorf("%s: %w", db.path, err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return explain(db.path, err)
	}
	return db.commit(tx)
}

// commit saves tx, but only while db's path still names the file that was opened: a file
// deleted or replaced meanwhile (moved away, a backup copied over it) would take the change
// with it, reported saved and then gone. Every transaction that changes an inspection ends
// here; the caller's deferred Rollback undoes one refused.
func (db *DB) commit(tx *sql.Tx) error {
	if err := db.stillAtPath(); err != nil {
		return err
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
	ins.Framework, err = db.frameworks.parse(db.path+" (stored framework)", fwJSON)
	if err != nil {
		return ins, err
	}
	ins.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return ins, nil
}
