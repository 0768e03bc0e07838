package main

import (
	"fieldwork/report"
	"fieldwork/sqlite"
	"fieldwork/web"

	"github.com/urfave/cli/v2"
)

// withOne opens the database and runs do with the command's one argument, a what.
func withOne(what string, do func(c *cli.Context, db *sqlite.DB, arg string) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.NArg() != 1 {
			return usagef("run `fieldwork "+c.Command.FullName()+" --help`", "%s takes one %s", c.Command.FullName(), what)
		}
		db, _, err := openDB(c)
		if err != nil {
			return err
		}
		defer db.Close()
		return do(c, db, c.Args().First())
	}
}

// usersCommand keeps the team's accounts for `fieldwork serve`.
func usersCommand(e *env) *cli.Command {
	return &cli.Command{Name: "users", Usage: "the team's own accounts for fieldwork serve, each with a role: inspector, qa or lead",
		Subcommands: []*cli.Command{
			{Name: "add", Usage: "add an account; its password is read from the terminal (not shown) or stdin", UsageText: "fieldwork users add --role inspector|qa|lead NAME",
				Flags: []cli.Flag{&cli.StringFlag{Name: "role", Required: true, Usage: "the `ROLE`: inspector (their allocated cases), qa (second readings, moderation) or lead (allocates, signs off)"}},
				Action: withOne("NAME", func(c *cli.Context, db *sqlite.DB, name string) error {
					return web.AddAccount(c.Context, db, name, c.String("role"), e.stdin, e.stdout, e.stderr)
				})},
			{Name: "list", Usage: "list the accounts: name, role, when added (never a password)", Action: reads{run: func(c *cli.Context, in opened) error {
				as, err := in.db.Accounts(c.Context)
				report.Accounts(e.stdout, as)
				return err
			}}.action},
			{Name: "remove", Usage: "remove an account, ending its sign-ins", UsageText: "fieldwork users remove NAME", Action: withOne("NAME", func(c *cli.Context, db *sqlite.DB, name string) error {
				return web.RemoveAccount(c.Context, db, name, e.stdout)
			})},
			{Name: "passwd", Usage: "give an account a new password, ending its sign-ins", UsageText: "fieldwork users passwd NAME", Action: withOne("NAME", func(c *cli.Context, db *sqlite.DB, name string) error {
				return web.ChangePassword(c.Context, db, name, e.stdin, e.stdout, e.stderr)
			})},
		}}
}
