package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

// reads is a command that reads the inspection named by --db and prints what it finds.
type reads struct {
	formats []string                 // the values its --format takes, the default first; nil without --format
	check   func(*cli.Context) error // its own flags, checked before the database is opened; nil for none
	run     func(*cli.Context, opened) error
}

// opened is the inspection a command reads, with the flags every such command shares.
type opened struct {
	db     *sqlite.DB
	ins    casework.Inspection
	format string  // --format, one of the command's formats
	conf   float64 // --confidence, 0 without it
}

// action refuses arguments, checks the command's own flags, --format and --confidence before
// anything is opened, so a mistake in the call never waits on the database, then opens the
// inspection, runs the command on it and closes it.
func (r reads) action(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	if r.check != nil {
		if err := r.check(c); err != nil {
			return err
		}
	}
	var in opened
	var err error
	if r.formats != nil {
		if in.format, err = formatFlag(c, r.formats); err != nil {
			return err
		}
	}
	if hasFlag(c, "confidence") {
		if in.conf, err = confidenceFlag(c); err != nil {
			return err
		}
	}
	db, ins, err := openDB(c)
	if err != nil {
		return err
	}
	defer db.Close()
	in.db, in.ins = db, ins
	return r.run(c, in)
}

// tableOrJSON are the formats of a command that prints a table or its figures as JSON.
var tableOrJSON = []string{"table", "json"}

// show prints figures in format: as JSON, or as the table print writes.
func show[T any](e *env, format string, fig T, print func(io.Writer, T)) error {
	if format == "json" {
		return writeJSON(e, fig)
	}
	print(e.stdout, fig)
	return nil
}

// formatFlag reads --format, one of formats.
func formatFlag(c *cli.Context, formats []string) (string, error) {
	format := c.String("format")
	if !slices.Contains(formats, format) {
		return "", usagef("", "--format %q is not a format (want %s)", format, strings.Join(formats, " or "))
	}
	return format, nil
}

func hasFlag(c *cli.Context, name string) bool {
	for _, f := range c.Command.Flags {
		if slices.Contains(f.Names(), name) {
			return true
		}
	}
	return false
}

func confidenceFlag(c *cli.Context) (float64, error) {
	conf := c.Float64("confidence")
	if conf <= 0 || conf >= 1 {
		return 0, usagef("e.g. --confidence 0.95", "--confidence %g is not a confidence level (want a number between 0 and 1)", conf)
	}
	return conf, nil
}

// openInspection opens the inspection database at path. When the file was written by an older
// fieldwork and upgraded, it says so on notify, if not nil, with where the copy of the old file
// is kept.
func openInspection(ctx context.Context, path string, notify io.Writer) (*sqlite.DB, casework.Inspection, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, casework.Inspection{}, err
	}
	if up := db.Upgraded(); up.Backup != "" && notify != nil {
		fmt.Fprintf(notify, "fieldwork: %s was written by an older fieldwork (schema version %d) and has been brought up to date; a copy of it as it was is kept in %s\n",
			db.Path(), up.From, up.Backup)
	}
	ins, err := db.Inspection(ctx)
	if err != nil {
		db.Close()
		return nil, ins, err
	}
	return db, ins, nil
}

// ratedFile rates the inspection in the database file at path, for a command that sets two
// inspections side by side.
func ratedFile(ctx context.Context, path string) (figures.Rated, error) {
	db, ins, err := openInspection(ctx, path, nil)
	if err != nil {
		return figures.Rated{}, err
	}
	defer db.Close()
	return figures.Rate(ctx, db, ins)
}
