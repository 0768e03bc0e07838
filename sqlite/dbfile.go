package sqlite

import (
	"errors"
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
		e = casework.Errorf(casework.EINTERNAL, "%s cannot be written: the file or its folder is read-only: nothing was saved", path).
			WithHint("check the file's permissions (ls -l), or copy it somewhere you can write and point --db at the copy")
	case sqlite3.ErrFull:
		e = casework.Errorf(casework.EINTERNAL, "the disk holding %s is full: nothing was saved", path).
			WithHint("free some space (df -h shows it) and run the command again; the database is as it was before")
	case sqlite3.ErrIoErr:
		e = casework.Errorf(casework.EINTERNAL, "%s could not be read or written (%v): nothing was saved", path, se).
			WithHint("check the disk is not full and the file is on a working, mounted drive, then run the command again")
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		e = casework.Errorf(casework.EINTERNAL, "%s is damaged (%v)", path, se).
			WithHint("do not write to it; restore your latest copy (`fieldwork backup` makes one) and re-enter what came after it")
	case sqlite3.ErrCantOpen:
		e = casework.Errorf(casework.EINTERNAL, "%s cannot be opened (%v)", path, se).
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
	return &explained{err: e, cause: err}
}

// explained keeps SQLite's own error in the chain for errors.Is/As while showing the user
// fieldwork's words.
type explained struct {
	err   *casework.Error
	cause error
}

func (e *explained) Error() string   { return e.err.Error() }
func (e *explained) Unwrap() []error { return []error{e.err, e.cause} }
