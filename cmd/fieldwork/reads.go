package main

import (
	"context"
	"io"
	"slices"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/flagorder"
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

// action refuses arguments and checks the command's flags before anything is opened, so a
// mistake in the call never waits on the database; then it runs the command on the inspection.
func (r reads) action(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	if r.check != nil {
		if err := r.check(c); err != nil {
			return err
		}
	}
	in, err := sharedFlags(c, r.formats)
	if err != nil {
		return err
	}
	if in.db, in.ins, err = openDBReadOnly(c); err != nil {
		return err
	}
	defer in.db.Close()
	return r.run(c, in)
}

// sharedFlags reads --format, one of formats (none when formats is nil), and --confidence where
// the command has it.
func sharedFlags(c *cli.Context, formats []string) (opened, error) {
	in := opened{format: c.String("format"), conf: c.Float64("confidence")}
	if formats != nil && !slices.Contains(formats, in.format) {
		return in, usagef("", "--format %q is not a format (want %s)", in.format, strings.Join(formats, " or "))
	}
	if flagorder.Known(c.Command.Flags, "--confidence") && (in.conf <= 0 || in.conf >= 1) {
		return in, usagef("e.g. --confidence 0.95", "--confidence %g is not a confidence level (want a number between 0 and 1)", in.conf)
	}
	return in, nil
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

// ratedFile rates the inspection in the database file at path, for a command that sets two
// inspections side by side.
func ratedFile(ctx context.Context, path string) (figures.Rated, error) {
	db, ins, err := sqlite.OpenInspection(ctx, sqlite.OpenReadOnly, path, nil)
	if err != nil {
		return figures.Rated{}, err
	}
	defer db.Close()
	return figures.Rate(ctx, db, ins)
}
