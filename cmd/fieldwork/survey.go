package main

import (
	"path/filepath"

	"fieldwork/intake"
	"fieldwork/report"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func surveyCommand(e *env) *cli.Command {
	imp := &cli.Command{Name: "import", Usage: "import a survey whole: one row per respondent, one column per question", UsageText: `fieldwork survey import FILE --name NAME --positive "Agree,Strongly agree" [--positive "QUESTION=Yes"]...`,
		Flags: []cli.Flag{&cli.StringFlag{Name: "name", Required: true, Usage: "the survey's name, e.g. staff"},
			&cli.GenericFlag{Name: "positive", Value: &repeated{}, Usage: `the answers counted as positive: "Agree,Strongly agree" for every question, "QUESTION=Yes" for one (repeat it)`}},
		Action: func(c *cli.Context) error {
			path, err := oneFile(c)
			if err != nil {
				return err
			}
			s, err := intake.ReadSurvey(path, c.String("name"), repeatedFlag(c, "positive"))
			if err != nil {
				return err
			}
			return writing(c, func(db *sqlite.DB) error {
				err := db.SaveSurvey(c.Context, s)
				if err == nil {
					report.SurveyImported(e.stdout, filepath.Base(path), s)
				}
				return err
			})
		}}
	list := &cli.Command{Name: "list", Usage: "list the surveys imported", Flags: []cli.Flag{&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"}},
		Action: reads{formats: tableOrJSON, run: func(c *cli.Context, in opened) error {
			ss, err := in.db.Surveys(c.Context)
			if err != nil {
				return err
			}
			return show(e, in.format, report.SurveysImported(ss), report.SurveyList)
		}}.action}
	return &cli.Command{Name: "survey", Usage: "the surveys the inspectors quote: of staff, of people on probation", Subcommands: []*cli.Command{imp, list}}
}
