// Package flagorder lets a urfave/cli v2 command take its flags after its positional arguments,
// as people type them: `fieldwork judge C1 2.1.1=yes --inspector "A N Other"`. urfave/cli v2
// stops reading flags at the first positional argument, and would take the flag as an answer.
package flagorder

import (
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// Hoist moves a command's flags in front of its positional arguments, so
// `fieldwork judge C1 2.1.1=yes --inspector "A N Other"` means what it says: urfave/cli v2
// stops reading flags at the first positional argument and would otherwise treat the flag as an
// answer. An unknown "-x" stays where it is and is refused by the command as an argument.
func Hoist(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out, rest := []string{args[0]}, args[1:]
	flags, command := app.Flags, app.Command
	// Global flags and the command path.
	for len(rest) > 0 {
		a := rest[0]
		if a == "--" {
			return append(out, rest...)
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			n := flagWidth(flags, a, rest)
			out, rest = append(out, rest[:n]...), rest[n:]
			continue
		}
		next := command(a)
		if next == nil {
			break
		}
		out, rest = append(out, a), rest[1:]
		flags, command = next.Flags, next.Command
		if len(next.Subcommands) == 0 {
			break
		}
	}
	var global, moved, positional []string
	for len(rest) > 0 {
		a, n := rest[0], 1
		isFlag := strings.HasPrefix(a, "-") && len(a) > 1
		switch {
		case a == "--":
			positional, n = append(positional, rest...), len(rest)
		case isFlag && Known(flags, a):
			n = flagWidth(flags, a, rest)
			if f, _ := flagNamed(flags, a); isInPlace(f) {
				positional = append(positional, rest[:n]...)
			} else {
				moved = append(moved, rest[:n]...)
			}
		case isFlag && Known(app.Flags, a):
			n = flagWidth(app.Flags, a, rest)
			global = append(global, rest[:n]...)
		default:
			positional = append(positional, a)
		}
		rest = rest[n:]
	}
	out = append(out[:1], append(global, out[1:]...)...)
	return append(append(out, moved...), positional...)
}

// InPlace is a flag that stays where it is typed among the arguments, for a command that reads
// them in order: in `fieldwork rate 2.1=Good --reason X 1.1=Good` the reason is 2.1's. Typed
// before every argument, it is read as a flag as usual.
type InPlace struct{ *cli.StringFlag }

func isInPlace(f cli.Flag) bool {
	_, ok := f.(InPlace)
	return ok
}

// flagNamed finds the flag an argument such as "--inspector=A" or "-o" names; ok is true for
// -h and --help too, which every command takes.
func flagNamed(flags []cli.Flag, a string) (f cli.Flag, ok bool) {
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	for _, f := range flags {
		if slices.Contains(f.Names(), name) {
			return f, true
		}
	}
	return nil, name == "h" || name == "help"
}

// Known says whether the argument a (such as "--inspector=A" or "-o") names one of flags, or help.
func Known(flags []cli.Flag, a string) bool { _, ok := flagNamed(flags, a); return ok }

// flagWidth is how many arguments the flag at rest[0] uses: 1 for a boolean, help or "--x=v",
// else 2.
func flagWidth(flags []cli.Flag, a string, rest []string) int {
	f, _ := flagNamed(flags, a)
	if _, isBool := f.(*cli.BoolFlag); f == nil || isBool || strings.Contains(a, "=") || len(rest) < 2 {
		return 1
	}
	return 2
}
