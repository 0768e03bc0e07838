package main

import (
	"errors"
	"fmt"

	"fieldwork/casework"
	"fieldwork/flagorder"
	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func rateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "rate",
		Usage:     "record the inspectors' ratings: domain one, or a departure from the data",
		UsageText: `fieldwork rate ID=RATING [--reason TEXT] [ID=RATING [--reason TEXT]]... [--by NAME]` + "\n   fieldwork rate --file ratings.csv\n   fieldwork rate --clear ID\n   fieldwork rate --history [STANDARD]",
		Description: "Domain-one standards (1.1, 1.2, 1.3 ...) are rated from the inspectors' evidence. A rating given\n" +
			"to a case standard (2.1 ...) or to `overall` replaces the data-driven one: it is a departure and\n" +
			"needs --reason, which is shown wherever the rating is. Ratings: Outstanding, Good,\n" +
			"Requires improvement, Inadequate (any case). Example:\n" +
			`  fieldwork rate 1.1=Inadequate 1.2=Inadequate "1.3=Requires improvement"`,
		Flags: []cli.Flag{
			flagorder.InPlace{StringFlag: &cli.StringFlag{Name: "reason", Usage: "why the rating it follows departs from the data or the decision guidance"}},
			&cli.StringFlag{Name: "by", Usage: "who gives the rating (env FIELDWORK_INSPECTOR)", Value: e.getenv("FIELDWORK_INSPECTOR")},
			&cli.StringFlag{Name: "clear", Usage: "remove the rating recorded for `ID`"},
			&cli.StringFlag{Name: "file", Usage: "read ratings from a CSV `FILE` with columns standard, rating, reason"},
			&cli.BoolFlag{Name: "history", Usage: "list every change to the ratings (of the one STANDARD given): who, when, old, new, reason"},
		},
		Action: func(c *cli.Context) error {
			open := openDB
			if c.Bool("history") {
				open = openDBReadOnly // a read: it works on a read-only copy, and never writes
			}
			db, ins, err := open(c)
			if err != nil {
				return err
			}
			defer db.Close()
			if c.Bool("history") {
				return rateHistory(c, e, ins.Framework, db)
			}
			if id := c.String("clear"); id != "" {
				if c.NArg() > 0 {
					return usagef("", "--clear takes no other ratings")
				}
				if err := db.ClearRating(c.Context, id, c.String("by")); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "cleared the rating of %s\n", id)
				return nil
			}
			if path := c.String("file"); path != "" {
				if c.NArg() > 0 || c.String("reason") != "" {
					return usagef("", "--file takes its ratings and reasons from the file alone")
				}
				t, err := intake.ReadFile(path)
				if err != nil {
					return err
				}
				rs, err := intake.Ratings(t)
				if err != nil {
					return err
				}
				return setRatings(c, e, ins.Framework, db, rs)
			}
			if c.NArg() == 0 {
				return usagef(`fieldwork rate 1.1=Good "1.3=Requires improvement"`, "rate needs at least one ID=RATING")
			}
			rs, err := intake.RatingArgs(c.Args().Slice(), c.String("reason"))
			if ae := (*intake.ArgsError)(nil); errors.As(err, &ae) {
				return usagef(ae.Hint, "%s", ae.Msg)
			} else if err != nil {
				return err
			}
			return setRatings(c, e, ins.Framework, db, rs)
		},
	}
}

func rateHistory(c *cli.Context, e *env, fw *casework.Framework, db *sqlite.DB) error {
	if c.NArg() > 1 {
		return usagef("fieldwork rate --history 2.1", "--history takes one STANDARD at most (got %d)", c.NArg())
	} else if id := c.Args().First(); id != "" {
		if err := fw.CheckRatedID(id); err != nil {
			return err
		}
	}
	hs, err := db.RatingHistory(c.Context, c.Args().First())
	if err == nil {
		report.RatingHistory(e.stdout, hs)
	}
	return err
}

func setRatings(c *cli.Context, e *env, fw *casework.Framework, db *sqlite.DB, rs []casework.GivenRating) error {
	if err := db.CheckGuidance(c.Context, fw, rs); err != nil {
		return err
	}
	if err := db.SetRatings(c.Context, rs, c.String("by")); err != nil {
		return err
	}
	for _, r := range rs {
		name := r.Standard
		if s, ok := fw.Standard(r.Standard); ok {
			name = s.ID + " " + s.Name
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", name, r.Rating)
	}
	return nil
}
