package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fieldwork/casework"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// explain turns what SQLite says when the database file itself is the trouble (held by another
// program, read-only, a full disk, damage, a moderated answer a write would change) into a
// message that says what happened to the user's work and what to do. Every write is one
// transaction, so in each case nothing was saved. Any other error comes back unchanged.
func explain(path string, err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	var e *casework.Error
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		e = casework.Errorf(casework.ECONFLICT, "%s is held by another program and stayed locked for 5 seconds: nothing was saved", path).
			WithHint("try again in a moment; if it goes on, close whatever else has the file open (another fieldwork, `fieldwork serve`, a database viewer)")
	case sqlite3.ErrReadonly:
		e = readOnlyError(path, placeOf(path))
	case sqlite3.ErrFull:
		e = casework.Errorf(casework.EENV, "the disk holding %s is full: nothing was saved", path).
			WithHint("free some space (df -h shows it) and run the command again; the database is as it was before")
	case sqlite3.ErrIoErr:
		e = casework.Errorf(casework.EENV, "%s could not be read or written (%v): nothing was saved", path, se).
			WithHint("check the disk is not full and the file is on a working, mounted drive, then run the command again")
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		e = damagedError(path, integrityReport(path))
	case sqlite3.ErrCantOpen:
		e = casework.Errorf(casework.EENV, "%s cannot be opened (%v)", path, se).
			WithHint("check the folder exists and can be written: SQLite keeps two working files (-wal, -shm) beside the database")
	case sqlite3.ErrConstraint:
		if se.ExtendedCode == sqlite3.ErrConstraintTrigger && strings.Contains(se.Error(), "moderated answer") {
			// Invalid rather than a conflict: no one else's save is in the way, and the web form
			// answers a conflict by offering the same save again.
			e = casework.Errorf(casework.EINVALID, "this would change an answer settled by moderation: nothing was saved").
				WithHint("`fieldwork agreement` lists the moderated answers; to change one, moderate it again with `fieldwork moderate`")
		}
	}
	if e == nil {
		return err
	}
	return e.Explaining(err)
}

// isDamage says whether err is SQLite finding a file damaged.
func isDamage(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}

// wholeCheckLimit is the largest file checked whole on every open. An inspection is a few MB and
// its check takes milliseconds; a national data set combined from 110 inspections (87 MB)
// took 0.25 s, four times its whole `score`. Above this size, damage is found on the pages a
// command reads, and explained there as well; `validate` checks the whole file whatever its size.
var wholeCheckLimit int64 = 32 << 20 // a variable only so a test can lower it

// checkFile runs SQLite's quick check over the whole file before a command uses it. SQLite
// itself notices damage only on the pages a command happens to read, so without it a damaged
// file gives some commands a bare error, lets others print figures from what could be read,
// and lets a write add to the damage.
func (db *DB) checkFile(ctx context.Context) error {
	if !startsLikeSQLite(db.path) {
		return nil // not damage: the user named some other file, and migrate says so
	}
	if fi, err := os.Stat(db.path); err == nil && fi.Size() > wholeCheckLimit {
		return nil
	}
	return db.CheckWhole(ctx)
}

// CheckWhole runs SQLite's quick check over the whole file, whatever its size.
func (db *DB) CheckWhole(ctx context.Context) error {
	report, err := pragmaLines(ctx, db.sql, `PRAGMA quick_check`)
	switch {
	case isDamage(err):
		return damagedError(db.path, integrityReport(db.path)).Explaining(err)
	case err != nil:
		return explain(db.path, fmt.Errorf("checking %s: %w", db.path, err))
	case len(report) != 1 || report[0] != "ok":
		return damagedError(db.path, integrityReport(db.path))
	}
	return nil
}

// startsLikeSQLite says whether the file begins with SQLite's header, or is empty (an empty
// file is an empty database to SQLite). A file that does not is some other file, not a
// damaged database.
func startsLikeSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true // let SQLite say what is wrong
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 && err == io.EOF {
		return true
	}
	return string(head[:n]) == "SQLite format 3\x00"
}

// reportLines caps how much of SQLite's integrity report a message quotes.
const reportLines = 5

// integrityReport is the first lines of `PRAGMA integrity_check` on the file at path, read
// through a connection of its own that cannot write.
func integrityReport(path string) []string {
	s, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return []string{err.Error()}
	}
	defer s.Close()
	rows, err := pragmaLines(context.Background(), s, fmt.Sprintf(`PRAGMA integrity_check(%d)`, reportLines))
	if err != nil {
		rows = append(rows, err.Error())
	}
	// A row may hold several lines; the heading SQLite gives the main database says nothing.
	var report []string
	for _, row := range rows {
		for line := range strings.SplitSeq(row, "\n") {
			if line = strings.TrimSpace(line); line != "" && line != "*** in database main ***" && len(report) < reportLines {
				report = append(report, line)
			}
		}
	}
	return report
}

// pragmaLines runs a PRAGMA that answers in lines of text, such as the integrity checks.
func pragmaLines(ctx context.Context, s *sql.DB, pragma string) ([]string, error) {
	rows, err := s.QueryContext(ctx, pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return lines, err
		}
		lines = append(lines, line)
	}
	return lines, rows.Err()
}

func damagedError(path string, report []string) *casework.Error {
	return casework.Errorf(casework.EENV, "%s is damaged; SQLite's integrity check of it says:\n  %s", path, strings.Join(report, "\n  ")).
		WithHint("do not write to it; restore your latest copy (`fieldwork backup` makes one) and re-enter what came after it; " +
			"`sqlite3 " + path + " \"PRAGMA integrity_check\"` prints the whole report")
}

// stillAtPath says whether db's path names the file that was opened: not deleted, not
// replaced by another file (os.SameFile compares device and inode).
func (db *DB) stillAtPath() error {
	now, err := os.Stat(db.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return casework.Errorf(casework.EENV, "%s was deleted while fieldwork was working on it: nothing was saved", db.path).
			WithHint("put the inspection back at " + db.path + " (from the recycle bin or your latest `fieldwork backup`) and run the command again")
	case err != nil:
		return casework.Errorf(casework.EENV, "%s cannot be checked before saving (%v): nothing was saved", db.path, errors.Unwrap(err)).
			WithHint("check the drive is still mounted, then run the command again")
	case !os.SameFile(db.file, now):
		return casework.Errorf(casework.EENV, "%s was replaced by another file while fieldwork was working on it: nothing was saved, and the file now there was not changed", db.path).
			WithHint("find out which file is the inspection (another program or person moved or copied a file there), then run the command again on it")
	}
	return nil
}

// A place is whether the database at a path can be written, and if not, what stops it.
type place int

const (
	writable     place = iota
	fileReadOnly       // the folder can be written, the file cannot
	dirReadOnly        // the folder cannot be written (read-only media, a read-only share)
)

// placeOf says whether the database at path can be written. SQLite writes two working files
// beside the database (-wal, -shm), so the folder must be writable too.
func placeOf(path string) place {
	if !canWrite(filepath.Dir(path)) {
		return dirReadOnly
	}
	if !canWrite(path) {
		return fileReadOnly
	}
	return writable
}

func readOnlyError(path string, p place) *casework.Error {
	which := "the file itself is read-only"
	if p == dirReadOnly {
		which = "its folder " + filepath.Dir(path) + " is read-only (read-only media or share?)"
	}
	return casework.Errorf(casework.EENV, "%s cannot be written: the file or its folder is read-only: nothing was saved; here %s", path, which).
		WithHint("read it as it is (score, report, workbook, backup work on a read-only file); to change it, check its permissions (ls -l), or copy it somewhere you can write and point --db at the copy")
}

// readingDSN is how to open a database only to read it. Where it can be written, that is as
// Open does but without setting the journal mode, which would write a header into an empty
// file. A read-only file is opened read-only: SQLite still makes its working files beside it.
// In a read-only folder it cannot, so the file is opened as immutable, which needs none,
// unless a write-ahead log beside it holds changes not yet folded into the file: immutable
// would ignore them and show the inspection as it was before them. Such a log can be read
// only with its index file (-shm) beside it.
func readingDSN(path string, p place) (string, error) {
	conn := "file:" + escapePath(path) + "?_foreign_keys=on&_busy_timeout=5000"
	switch p {
	case writable:
		return conn + "&_txlock=immediate&_synchronous=NORMAL&mode=rw", nil
	case fileReadOnly:
		return conn + "&mode=ro", nil
	}
	conn += "&mode=ro"
	wal, err := os.Stat(path + "-wal")
	if err != nil || wal.Size() == 0 {
		return conn + "&immutable=1", nil
	}
	if _, err := os.Stat(path + "-shm"); err != nil {
		return "", casework.Errorf(casework.EENV, "%s has changes not yet folded into it, in %s, and they cannot be read in a read-only folder without %s", path, filepath.Base(path)+"-wal", filepath.Base(path)+"-shm").
			WithHint("copy " + filepath.Base(path) + " and " + filepath.Base(path) + "-wal together to a folder you can write, and point --db at the copy there")
	}
	return conn, nil
}
