package sqlite

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"fieldwork/casework"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// A new database gets schema.sql, the whole schema of the latest version. A database an older
// fieldwork wrote gets, in order, each file of migrations/ above its version. To change the
// schema: copy schema.sql to testdata/schema-vN.sql (N its version today), add
// migrations/<N+1>_<what>.sql, make the same change in schema.sql and set its user_version to
// N+1; TestOpenBringsEveryOlderVersionForward wants rows for the new tables.
var (
	//go:embed schema.sql
	schema string
	//go:embed migrations/*.sql
	migrationFiles embed.FS

	migrations = mustReadMigrations(migrationFiles)
	// SchemaVersion is the PRAGMA user_version of a database this build writes: the number of
	// the last migration, which schema.sql sets too.
	SchemaVersion = migrations[len(migrations)-1].to
)

// A migration brings a database from version to-1 to version to: the file
// migrations/NNNN_what.sql, whose NNNN is to.
type migration struct {
	to   int
	file string
	sql  string
}

// readMigrations reads the files of migrations/ in fsys in order. Their numbers must run 2, 3, 4
// ... one a file: version 1 is the first schema, which no file migrates to, and a gap or a
// second file for one version would leave a database between versions no build knows.
func readMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		file := path.Join("migrations", e.Name())
		number, _, found := strings.Cut(e.Name(), "_")
		to, err := strconv.Atoi(number)
		if !found || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("%s: a migration is named NNNN_what.sql, NNNN the version it makes", file)
		}
		if want := len(ms) + 2; to != want {
			return nil, fmt.Errorf("%s: makes version %d, but the next migration must make version %d", file, to, want)
		}
		sql, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{to: to, file: file, sql: string(sql)})
	}
	if len(ms) == 0 {
		return nil, errors.New("migrations: no migration, so no version to write")
	}
	return ms, nil
}

// mustReadMigrations panics on a fault in the files built into the binary: every test finds it.
func mustReadMigrations(fsys fs.FS) []migration {
	ms, err := readMigrations(fsys)
	if err != nil {
		panic(err)
	}
	return ms
}

// emptyFileError refuses a file of 0 bytes to a command that did not make it: only init makes
// an inspection, so nothing else writes a schema into a file someone emptied or made by hand.
func emptyFileError(path string) error {
	return casework.Errorf(casework.EINVALID, "%s is empty: not a fieldwork inspection database", path).
		WithHint("`fieldwork --db " + path + " init` makes an inspection; or point --db at yours")
}

// migrate brings the file to SchemaVersion: a new, empty file gets schema.sql; an older one is
// copied aside and then gets the migrations above its version, all in one transaction, so the
// file is never left between versions.
func (db *DB) migrate(ctx context.Context) error {
	var v int
	if err := db.sql.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB {
			return casework.Errorf(casework.EINVALID, "%s is not a SQLite database", db.path)
		}
		return explain(db.path, fmt.Errorf("reading %s: %w", db.path, err))
	}
	if v == SchemaVersion {
		return nil
	}
	if v > SchemaVersion {
		return casework.Errorf(casework.EINVALID, "%s was written by a newer fieldwork (schema version %d; this build knows up to %d)", db.path, v, SchemaVersion).
			WithHint("upgrade fieldwork to open it; this build will not change the file")
	}
	if db.reading && v > 0 {
		// A command that only reads brings an older file forward, as every command does, only
		// where the file can be written.
		if p := placeOf(db.path); p != writable {
			return casework.Errorf(casework.EENV, "%s was written by an older fieldwork (schema version %d) and must be brought up to date before this build can read it, but it is read-only here", db.path, v).
				WithHint("copy it to a folder you can write and point --db at the copy: the first command brings the copy up to date")
		}
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return explain(db.path, err)
	}
	defer tx.Rollback()
	// Another fieldwork may have brought the file forward while this one waited for the lock.
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v >= SchemaVersion {
		return nil
	}
	if v == 0 {
		var tables int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&tables); err != nil {
			return err
		}
		if tables > 0 {
			return casework.Errorf(casework.EINVALID, "%s is a SQLite database but not a fieldwork one", db.path)
		}
		if db.reading {
			// A command that only reads never makes an inspection of an empty file.
			return emptyFileError(db.path)
		}
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return fmt.Errorf("creating the schema: %w", err)
		}
		return db.commit(tx)
	}
	// Keep the file as it was before changing it, in case this build gets it wrong.
	if err := db.backupBeforeUpgrade(ctx, v); err != nil {
		return err
	}
	for _, m := range migrations {
		if m.to <= v {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migrating %s from version %d: %w", db.path, m.to-1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.to)); err != nil {
			return err
		}
	}
	return db.commit(tx)
}
