package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func backupCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "backup",
		Usage:     "copy the inspection to a new file, safely while others are saving, for safe keeping or offline work",
		UsageText: "fieldwork backup COPY.db",
		Description: "The copy is consistent even while `fieldwork serve` or others are saving answers, and is\n" +
			"never written over an existing file. It records where and when it was made, so an inspector\n" +
			"can work in it without a network (fieldwork --db COPY.db judge ...) and bring the answers back\n" +
			"with `fieldwork merge COPY.db`.",
		Action: func(c *cli.Context) error {
			path, err := oneFile(c)
			if err != nil {
				return err
			}
			db, _, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			cp, err := db.Backup(c.Context, path)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: a copy of %s with its first %d changes to answers\n", path, db.Path(), cp.HistoryID)
			fmt.Fprintf(e.stdout, "work in it offline with `fieldwork --db %s ...`; bring its answers back with `fieldwork --db %s merge %s`\n", path, db.Path(), path)
			return nil
		},
	}
}
