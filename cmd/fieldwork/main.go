// Command fieldwork draws the case sample for a probation inspection, records the inspectors'
// judgements, and turns them into the published ratings and data workbook.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"fieldwork/casework"
	"fieldwork/flagorder"
	"fieldwork/interrupt"
	"fieldwork/report"
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
	ctx, stop := interrupt.Context(context.Background())
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// env bundles what a command reads and writes, so tests run the CLI in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	failed *cli.Context // the command that returned an error, for run to word its hint
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
	err := app.RunContext(ctx, flagorder.Hoist(app, args))
	if err == nil {
		return exitOK
	}
	// Stopped by a signal: the shell's convention, 128 + the signal's number (130 for Ctrl-C).
	if in := (interrupt.Signal{}); errors.As(context.Cause(ctx), &in) {
		fmt.Fprintf(stderr, "fieldwork: %v before it finished: %v\n", in, err)
		return 128 + int(in.Sig)
	}
	fmt.Fprintf(stderr, "fieldwork: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		if ue.hint != "" {
			fmt.Fprintf(stderr, "hint: %s\n", ue.hint)
		}
		return exitUsage
	}
	if h := hint(e.failed, err); h != "" {
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

// hint words what to do next for the command c that failed. Where the domain says what it
// needs (casework.Need), the hint names the flag, column or command that gives it here;
// otherwise it is the error's own hint.
func hint(c *cli.Context, err error) string {
	takes := func(flag string) bool { return c != nil && flagorder.Known(c.Command.Flags, flag) }
	switch need := casework.ErrorNeed(err); {
	case (need.What == casework.NeedReason || need.What == casework.NeedGuidanceReason) && takes("file") && c.IsSet("file"):
		return fmt.Sprintf("give %s its reason in the file's reason column (the columns are standard, rating, reason)", need.Of)
	case need.What == casework.NeedReason && takes("reason") && need.Of == casework.Overall:
		return `add --reason "why the inspectors depart from the score"`
	case need.What == casework.NeedGuidanceReason && takes("reason"):
		return `add --reason "why the inspectors rate against the decision guidance"`
	case need.What == casework.NeedReason && takes("reason"):
		return `add --reason "why the inspectors depart from the data"`
	case need.What == casework.NeedStandard:
		return "`fieldwork framework show " + need.Of + "` lists its standards"
	case need.What == casework.NeedGroup && takes("reference"):
		return "choose --reference from the groups listed"
	case need.What == casework.NeedFramework:
		return "`fieldwork framework list` shows the built-in frameworks"
	case need.What == casework.NeedFrameworkFile:
		return "fix the framework file; `fieldwork framework export pdu-2023` shows a valid one"
	}
	return casework.ErrorHint(err)
}

func isFlagError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "flag provided but not defined") || strings.Contains(s, "flag needs an argument") ||
		strings.Contains(s, "invalid value") || strings.Contains(s, "Required flag") || strings.Contains(s, "No help topic")
}

func newApp(e *env) *cli.App {
	build, built := debug.ReadBuildInfo()
	app := &cli.App{
		Name:    "fieldwork",
		Usage:   "sample, record and rate the cases of a probation inspection",
		Version: report.Version(build, built, sqlite.SchemaVersion),
		Description: "fieldwork keeps one inspection per database file (--db). Start with `fieldwork init`,\n" +
			"import the cases and the inspectors' judgements, then `fieldwork score`.",
		Writer:          e.stdout,
		ErrWriter:       e.stderr,
		Reader:          e.stdin,
		HideHelpCommand: true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "db", Value: e.env("FIELDWORK_DB", "fieldwork.db"), Usage: "the inspection database `FILE` (env FIELDWORK_DB)"},
		},
		// run prints errors, words their hints and chooses the status.
		ExitErrHandler: func(c *cli.Context, err error) {
			if err != nil {
				e.failed = c
			}
		},
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
			evidenceCommand(e),
			surveyCommand(e),
			scoreCommand(e),
			validateCommand(e),
			historyCommand(e),
			compareGroupsCommand(e),
			workbookCommand(e),
			reportCommand(e),
			templateCommand(e),
			serveCommand(e),
			usersCommand(e),
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
	"template": "2. Record judgements", "validate": "2. Record judgements", "history": "2. Record judgements", "users": "2. Record judgements",
	"rate": "3. Rate and publish", "score": "3. Rate and publish", "compare-groups": "3. Rate and publish",
	"workbook": "3. Rate and publish", "report": "3. Rate and publish", "evidence": "3. Rate and publish", "survey": "3. Rate and publish",
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

// openDB opens the inspection named by --db, saying so if it had to be upgraded.
func openDB(c *cli.Context) (*sqlite.DB, casework.Inspection, error) {
	return sqlite.OpenInspection(c.Context, sqlite.Open, c.String("db"), c.App.ErrWriter)
}

// writing runs fn on the inspection named by --db, opened to be written.
func writing(c *cli.Context, fn func(*sqlite.DB) error) error {
	db, _, err := openDB(c)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// openDBReadOnly opens the inspection named by --db for a command that only reads it, which
// works on read-only media and in read-only folders too.
func openDBReadOnly(c *cli.Context) (*sqlite.DB, casework.Inspection, error) {
	return sqlite.OpenInspection(c.Context, sqlite.OpenReadOnly, c.String("db"), c.App.ErrWriter)
}

// forceFlag lets a command replace a file already at its -o: without it, none does.
var forceFlag = &cli.BoolFlag{Name: "force", Usage: "replace the file at -o if there is one"}

// finalFlag asks score and report for final figures: they refuse while any are provisional.
var finalFlag = &cli.BoolFlag{Name: "final", Usage: "refuse (exit 3, listing what is incomplete) while the figures are provisional"}

// noArgs refuses positional arguments a command does not take.
func noArgs(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("run `fieldwork "+c.Command.FullName()+" --help`", "%s takes no arguments (got %q)", c.Command.FullName(), c.Args().First())
	}
	return nil
}
