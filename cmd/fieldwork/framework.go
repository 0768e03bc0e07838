package main

import (
	"encoding/json"

	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/report"

	"github.com/urfave/cli/v2"
)

func frameworkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "framework",
		Usage: "list, show and export the inspection frameworks",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the built-in frameworks",
				Action: func(c *cli.Context) error {
					if err := noArgs(c); err != nil {
						return err
					}
					return report.FrameworkList(e.stdout)
				},
			},
			{
				Name:      "show",
				Usage:     "show a framework's standards, key questions and prompts",
				UsageText: "fieldwork framework show NAME|FILE [--format text|json]",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"}},
				Action: func(c *cli.Context) error {
					f, err := frameworkArg(c)
					if err != nil {
						return err
					}
					switch c.String("format") {
					case "json":
						return writeJSON(e, report.FrameworkView(f))
					case "text":
						report.Framework(e.stdout, f)
						return nil
					}
					return usagef("", "--format %q is not a format (want text or json)", c.String("format"))
				},
			},
			{
				Name:      "export",
				Usage:     "print a framework's full definition, to edit and load with init --framework FILE",
				UsageText: "fieldwork framework export NAME > mine.json",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usagef("fieldwork framework export pdu-2023 > mine.json", "export takes one framework name")
					}
					data, err := casework.BuiltinJSON(c.Args().First())
					if err != nil {
						return err
					}
					_, err = e.stdout.Write(data)
					return err
				},
			},
		},
	}
}

// frameworkArg reads the framework named by the single argument, or the inspection's own when
// none is given and --db holds one.
func frameworkArg(c *cli.Context) (*casework.Framework, error) {
	switch c.NArg() {
	case 1:
		return intake.Framework(c.Args().First())
	case 0:
		db, ins, err := openDBReadOnly(c)
		if casework.ErrorCode(err) != casework.ENOTFOUND && err != nil {
			return nil, err // a damaged or unreadable inspection says so
		}
		if err != nil {
			return nil, usagef("name a framework: fieldwork framework show pdu-2023", "no framework named and no inspection database to read one from")
		}
		db.Close()
		return ins.Framework, nil
	}
	return nil, usagef("", "name one framework")
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
