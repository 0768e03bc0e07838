// Command fieldwork draws the case sample for a probation inspection, records the inspectors'
// judgements, and turns them into the published ratings and data workbook.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"fieldwork/casework"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

// Exit statuses, by the kind of error.
const (
	exitOK       = 0
	exitInternal = 1
	exitUsage    = 2
	exitInvalid  = 3
	exitNotFound = 4
	exitConflict = 5
	exitEnv      = 6 // the file or the machine is at fault: damaged, read-only, disk full, deleted
)

func main() {
	ctx, stop := interruptible(context.Background())
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// interruption is why a command's context was cancelled: a signal asking fieldwork to stop.
type interruption struct{ sig syscall.Signal }

func (i interruption) Error() string {
	if i.sig == syscall.SIGINT {
		return "interrupted (Ctrl-C, SIGINT)"
	}
	return "stopped by SIGTERM" // the only other signal interruptible catches
}

// interruptible returns a context cancelled by the first SIGINT (Ctrl-C) or SIGTERM, with the
// signal as its cause, so a command stops where it is and its deferred clean-up runs: a
// transaction rolls back, a half-written output file is removed. A second signal ends the
// process at once, as if no handler were set; what that leaves, the next run sweeps away.
func interruptible(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-signals:
			signal.Stop(signals)
			sig, _ := s.(syscall.Signal)
			cancel(interruption{sig})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		cancel(nil)
	}
}

// env bundles what a command reads and writes, so tests run the CLI in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// env returns the environment variable key, or def when it is unset. Flags take their defaults
// from here rather than urfave/cli's EnvVars, which would read the process environment directly.
func (e *env) env(key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// usageError marks a mistake in how the command was called.
type usageError struct{ msg, hint string }

func (e *usageError) Error() string { return e.msg }

func usagef(hint, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), hint: hint}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	app := newApp(e)
	err := app.RunContext(ctx, hoistFlags(app, args))
	if err == nil {
		return exitOK
	}
	// Stopped by a signal: the shell's convention, 128 + the signal's number (130 for Ctrl-C).
	if in := (interruption{}); errors.As(context.Cause(ctx), &in) {
		fmt.Fprintf(stderr, "fieldwork: %v before it finished: %v\n", in, err)
		return 128 + int(in.sig)
	}
	fmt.Fprintf(stderr, "fieldwork: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		if ue.hint != "" {
			fmt.Fprintf(stderr, "hint: %s\n", ue.hint)
		}
		return exitUsage
	}
	if h := casework.ErrorHint(err); h != "" {
		fmt.Fprintf(stderr, "hint: %s\n", h)
	}
	switch casework.ErrorCode(err) {
	case casework.EINVALID:
		return exitInvalid
	case casework.ENOTFOUND:
		return exitNotFound
	case casework.ECONFLICT:
		return exitConflict
	case casework.EENV:
		return exitEnv
	}
	if isFlagError(err) {
		return exitUsage
	}
	return exitInternal
}

func isFlagError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "flag provided but not defined") || strings.Contains(s, "flag needs an argument") ||
		strings.Contains(s, "invalid value") || strings.Contains(s, "Required flag") || strings.Contains(s, "No help topic")
}

func newApp(e *env) *cli.App {
	app := &cli.App{
		Name:  "fieldwork",
		Usage: "sample, record and rate the cases of a probation inspection",
		Description: "fieldwork keeps one inspection per database file (--db). Start with `fieldwork init`,\n" +
			"import the cases and the inspectors' judgements, then `fieldwork score`.",
		Writer:          e.stdout,
		ErrWriter:       e.stderr,
		Reader:          e.stdin,
		HideHelpCommand: true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "db", Value: e.env("FIELDWORK_DB", "fieldwork.db"), Usage: "the inspection database `FILE` (env FIELDWORK_DB)"},
		},
		ExitErrHandler: func(*cli.Context, error) {}, // run prints errors and chooses the status
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usagef("run `fieldwork "+c.Command.FullName()+" --help`", "%v", err)
		},
		Commands: []*cli.Command{
			initCommand(e),
			frameworkCommand(e),
			casesCommand(e),
			judgementsCommand(e),
			judgeCommand(e),
			rateCommand(e),
			scoreCommand(e),
			validateCommand(e),
			historyCommand(e),
			compareGroupsCommand(e),
			workbookCommand(e),
			reportCommand(e),
			templateCommand(e),
			serveCommand(e),
			sampleCommand(e),
			combineCommand(e),
			regionalCommand(e),
			compareCommand(e),
			demoCommand(e),
			backupCommand(e),
			mergeCommand(e),
			agreementCommand(e),
			moderateCommand(e),
		},
	}
	setUsageErrors(app.Commands)
	for _, c := range app.Commands {
		c.Category = commandCategory[c.Name]
	}
	return app
}

// commandCategory groups the commands in --help by the stage of an inspection they serve.
var commandCategory = map[string]string{
	"init": "1. Set up", "framework": "1. Set up", "sample": "1. Set up", "cases": "1. Set up",
	"judge": "2. Record judgements", "judgements": "2. Record judgements", "serve": "2. Record judgements",
	"template": "2. Record judgements", "validate": "2. Record judgements", "history": "2. Record judgements",
	"rate": "3. Rate and publish", "score": "3. Rate and publish", "compare-groups": "3. Rate and publish",
	"workbook": "3. Rate and publish", "report": "3. Rate and publish",
	"backup": "4. Keep answers safe", "merge": "4. Keep answers safe", "agreement": "4. Keep answers safe",
	"moderate": "4. Keep answers safe",
	"combine":  "5. Across inspections", "regional": "5. Across inspections", "compare": "5. Across inspections",
	"demo": "5. Across inspections",
}

func setUsageErrors(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = func(c *cli.Context, err error, _ bool) error {
			return usagef("run `fieldwork "+c.Command.FullName()+" --help`", "%v", err)
		}
		setUsageErrors(c.Subcommands)
	}
}

// openDB opens the inspection named by --db, to change it.
func openDB(c *cli.Context) (*sqlite.DB, casework.Inspection, error) {
	return openInspection(c, sqlite.Open)
}

// openDBReadOnly opens the inspection named by --db for a command that only reads it, which
// works on read-only media and in read-only folders too.
func openDBReadOnly(c *cli.Context) (*sqlite.DB, casework.Inspection, error) {
	return openInspection(c, sqlite.OpenReadOnly)
}

func openInspection(c *cli.Context, open func(context.Context, string) (*sqlite.DB, error)) (*sqlite.DB, casework.Inspection, error) {
	db, err := open(c.Context, c.String("db"))
	if err != nil {
		return nil, casework.Inspection{}, err
	}
	if up := db.Upgraded(); up.Backup != "" {
		fmt.Fprintf(c.App.ErrWriter, "fieldwork: %s was written by an older fieldwork (schema version %d) and has been brought up to date; a copy of it as it was is kept in %s\n",
			db.Path(), up.From, up.Backup)
	}
	ins, err := db.Inspection(c.Context)
	if err != nil {
		db.Close()
		return nil, ins, err
	}
	return db, ins, nil
}

// noArgs refuses positional arguments a command does not take.
func noArgs(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("run `fieldwork "+c.Command.FullName()+" --help`", "%s takes no arguments (got %q)", c.Command.FullName(), c.Args().First())
	}
	return nil
}

// formatFlag reads --format: table or json.
func formatFlag(c *cli.Context) (string, error) {
	format := c.String("format")
	if format != "table" && format != "json" {
		return "", usagef("", "--format %q is not a format (want table or json)", format)
	}
	return format, nil
}

// hoistFlags moves a command's flags in front of its positional arguments, so
// `fieldwork judge C1 2.1.1=yes --inspector "A N Other"` means what it says: urfave/cli v2
// stops reading flags at the first positional argument and would otherwise treat the flag as an
// answer. An unknown "-x" stays where it is and is refused by the command as an argument.
func hoistFlags(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	rest := args[1:]
	flags := app.Flags
	cmds := app.Commands
	// Global flags and the command path.
	for len(rest) > 0 {
		a := rest[0]
		if a == "--" {
			return append(out, rest...)
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			n := flagWidth(flags, a, rest)
			out = append(out, rest[:n]...)
			rest = rest[n:]
			continue
		}
		var next *cli.Command
		for _, c := range cmds {
			if c.HasName(a) {
				next = c
			}
		}
		if next == nil {
			break
		}
		out = append(out, a)
		rest = rest[1:]
		flags, cmds = next.Flags, next.Subcommands
		if len(cmds) == 0 {
			break
		}
	}
	var global, moved, positional []string
	for len(rest) > 0 {
		a := rest[0]
		if a == "--" {
			positional = append(positional, rest...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 && !knownFlag(flags, a) && knownFlag(app.Flags, a) {
			n := flagWidth(app.Flags, a, rest)
			global = append(global, rest[:n]...)
			rest = rest[n:]
			continue
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 && knownFlag(flags, a) {
			n := flagWidth(flags, a, rest)
			moved = append(moved, rest[:n]...)
			rest = rest[n:]
			continue
		}
		positional = append(positional, a)
		rest = rest[1:]
	}
	out = append(out[:1], append(global, out[1:]...)...)
	out = append(out, moved...)
	return append(out, positional...)
}

func flagName(a string) string {
	name := strings.TrimLeft(a, "-")
	name, _, _ = strings.Cut(name, "=")
	return name
}

func knownFlag(flags []cli.Flag, a string) bool {
	name := flagName(a)
	if name == "h" || name == "help" {
		return true
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// flagWidth is how many arguments the flag at rest[0] uses: 1 for a boolean or "--x=v", else 2.
func flagWidth(flags []cli.Flag, a string, rest []string) int {
	if strings.Contains(a, "=") || len(rest) < 2 {
		return 1
	}
	name := flagName(a)
	if name == "h" || name == "help" {
		return 1
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				if _, isBool := f.(*cli.BoolFlag); isBool {
					return 1
				}
				return 2
			}
		}
	}
	return 1
}
