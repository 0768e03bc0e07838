package main

import (
	"fmt"
	"os"

	"fieldwork/casework"
	"fieldwork/demo"
	"fieldwork/intake"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func demoCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "write a synthetic national data set, to try fieldwork at scale",
		UsageText: "fieldwork demo -o national.db [--inspections 110] [--cases 80] [--seed S] [--split DIR] [--framework pdu-2023]",
		Description: "Makes up --inspections PDU inspections of --cases cases each (no real person, place or case:\n" +
			"see the demo package for the spreads of case type, grade, RoSH and answers), and writes them as\n" +
			"one combined database, each case with its PDU as the attribute pdu. With --split DIR it also\n" +
			"leaves one database per inspection in DIR, ready for `fieldwork combine`. The same --seed gives\n" +
			"the same data.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the combined database `FILE` to write"},
			&cli.IntFlag{Name: "inspections", Value: 110, Usage: "how many inspections"},
			&cli.IntFlag{Name: "cases", Value: 80, Usage: "cases per inspection"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "the random seed"},
			&cli.StringFlag{Name: "split", Usage: "also write one database per inspection into `DIR`"},
			&cli.StringFlag{Name: "framework", Value: "pdu-2023", Usage: "a built-in framework `NAME` or a framework JSON `FILE`"},
			&cli.StringFlag{Name: "name", Value: "England and Wales (synthetic)", Usage: "what the combined database is called"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			out := c.String("output")
			if out == "" {
				return usagef("fieldwork demo -o national.db", "demo needs -o FILE, the combined database to write")
			}
			if _, err := os.Stat(out); err == nil {
				return casework.Errorf(casework.ECONFLICT, "%s already exists: demo writes a new database and never touches an existing one", out).
					WithHint("choose another -o path")
			}
			fw, err := intake.Framework(c.String("framework"))
			if err != nil {
				return err
			}
			g, err := demo.New(demo.Options{Inspections: c.Int("inspections"), Cases: c.Int("cases"), Seed: c.Uint64("seed"), Framework: fw})
			if err != nil {
				return err
			}
			dir := c.String("split")
			pooled, err := sqlite.WriteNational(c.Context, g, out, dir, c.String("name"))
			if err != nil {
				return err
			}
			var cases, answers int
			for _, p := range pooled {
				cases += p.Cases
				answers += p.Answers
			}
			fmt.Fprintf(e.stdout, "wrote %s: %d synthetic inspections, %d cases, %d answers (framework %s, seed %d)\n",
				out, len(pooled), cases, answers, fw.ID, c.Uint64("seed"))
			if c.String("split") != "" {
				fmt.Fprintf(e.stdout, "and one database per inspection in %s\n", dir)
			}
			return nil
		},
	}
}
