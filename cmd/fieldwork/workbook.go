package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
	"fieldwork/outfile"
	"fieldwork/report"
	"fieldwork/workbook"

	"github.com/urfave/cli/v2"
)

func workbookCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "workbook",
		Usage:     "write the Excel data workbook published with the report",
		UsageText: "fieldwork workbook -o FILE.xlsx|FILE.ods [--suppress-below N | --internal] [--final] [--published DATE] [--contact TEXT] [--report-url URL] [--by ATTR] [--confidence 0.95]",
		Description: "One workbook for the inspection: cover, contents, notes and method, the ratings, one sheet per\n" +
			"case standard (every key question and prompt for all cases, community orders and licences), the\n" +
			"figures by grade, RoSH level, gender and ethnicity (and any --by attribute), other case questions,\n" +
			"the sample profile and a chart sheet per case standard. It holds counts only: no case id or note.\n" +
			"Figures counted over fewer than 5 relevant cases are shown as [c] (--suppress-below N sets\n" +
			"another number), with a second group where a total would give the first away, and their\n" +
			"intervals and comparisons. --internal suppresses nothing and allows a --by attribute that puts\n" +
			"most cases in groups of their own; every sheet then says NOT FOR PUBLICATION. What the\n" +
			"inspectorate must confirm before publishing is printed to stderr; the cover says 'draft' until\n" +
			"--final, which needs --published and --contact. Every % yes is rounded as `score` and `report`\n" +
			"print it and has its Wilson interval at --confidence beside it; each split compares its groups\n" +
			"with a reference group (PO for grade, else the largest).\n" +
			"A database written by `fieldwork combine` adds a sheet of its PDUs side by side and one of the\n" +
			"regional standards; --previous FILE adds the change since the previous inspection of the PDU.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the workbook `FILE` to write: .xlsx (Excel) or .ods (OpenDocument)"},
			forceFlag,
			&cli.IntFlag{Name: "suppress-below", Usage: fmt.Sprintf("show [c] for figures about fewer than `N` relevant cases (default %d)", casework.DefaultSuppression.Below)},
			&cli.BoolFlag{Name: "internal", Usage: "for use inside the inspectorate only: suppress nothing, allow identifying splits, mark every sheet NOT FOR PUBLICATION"},
			&cli.BoolFlag{Name: "final", Usage: "the checks before publishing are done: the cover says final, not draft"},
			&cli.StringFlag{Name: "organisation", Value: figures.DefaultOrganisation, Usage: "the publisher, named on the cover and as the file's author"},
			&cli.StringFlag{Name: "published", Usage: "the date of publication, `YYYY-MM-DD`"},
			&cli.StringFlag{Name: "next-update", Usage: "when the figures are next updated, `YYYY-MM-DD` (default: none planned)"},
			&cli.StringFlag{Name: "contact", Usage: "who answers readers' questions, e.g. an email `ADDRESS`"},
			&cli.StringFlag{Name: "licence", Value: figures.DefaultLicence, Usage: "the licence the figures are published under"},
			&cli.StringFlag{Name: "report-url", Usage: "the `URL` of the inspection report, linked from the cover"},
			&cli.StringSliceFlag{Name: "by", Usage: "also split the figures by case attribute `ATTR` (repeatable)"},
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of every interval, e.g. 0.95"},
			&cli.StringFlag{Name: "previous", Usage: "the previous inspection's database `FILE`: adds the change since then and both ratings tables"},
		},
		Action: reads{check: workbookFlags, run: func(c *cli.Context, in opened) error {
			out := c.String("output")
			written, err := outfile.SourceDate(e.getenv)
			if err != nil {
				return err
			}
			opt := figures.Options{Suppress: casework.Suppression{Below: c.Int("suppress-below")}, Internal: c.Bool("internal"), Final: c.Bool("final"), Confidence: in.conf,
				Release: figures.Release{Organisation: c.String("organisation"), Published: c.String("published"), NextUpdate: c.String("next-update"),
					Contact: c.String("contact"), Licence: c.String("licence"), ReportURL: c.String("report-url")}}
			req := figures.WorkbookRequest{By: c.StringSlice("by"), Written: written, Options: opt}
			if path := c.String("previous"); path != "" {
				previous, err := ratedFile(c.Context, path)
				if err != nil {
					return err
				}
				req.Previous = &previous
			}
			fig, err := figures.Workbook(c.Context, in.db, in.ins, req)
			if err != nil {
				return err
			}
			if err := workbook.WriteFile(c.Context, out, fig, c.Bool("force")); err != nil {
				return err
			}
			report.WorkbookWritten(e.stdout, e.stderr, out, fig)
			return nil
		}}.action,
	}
}

// workbookFlags checks the workbook's own flags.
func workbookFlags(c *cli.Context) error {
	out := c.String("output")
	if out == "" {
		return usagef("fieldwork workbook -o bradford-calderdale.xlsx", "workbook needs -o FILE.xlsx, the file to write")
	}
	if ext := filepath.Ext(out); !strings.EqualFold(ext, ".xlsx") && !strings.EqualFold(ext, ".ods") {
		return usagef("name the file FILE.xlsx, or FILE.ods for OpenDocument", "-o %q: the workbook is an Excel or OpenDocument file and its name must end in .xlsx or .ods", out)
	}
	below := c.Int("suppress-below")
	switch {
	case below < 0:
		return usagef("", "--suppress-below %d: want a number of cases, 0 or more", below)
	case c.IsSet("suppress-below") && below < 2 && !c.Bool("internal"):
		return usagef("figures with nothing suppressed are for use inside the inspectorate only: --internal writes them, marked not for publication",
			"--suppress-below %d would suppress nothing, and published figures are always suppressed", below)
	case c.Bool("internal") && c.Bool("final"):
		return usagef("drop --final: internal figures are never published", "--internal and --final: figures not for publication cannot be final")
	}
	rel := figures.Release{Published: c.String("published"), NextUpdate: c.String("next-update"), Contact: c.String("contact"), ReportURL: c.String("report-url")}
	if f, ok := rel.Fault(); ok {
		return usagef(f.Example, "--%s %q is not %s", f.Field, f.Value, f.Want)
	}
	if c.Bool("final") {
		if missing := rel.MissingForFinal(); len(missing) > 0 {
			return usagef("give --published YYYY-MM-DD and --contact, or leave out --final for a draft",
				"--final: the cover of a published workbook needs a %s", strings.Join(missing, " and a "))
		}
	}
	return outfile.Free(out, c.Bool("force"))
}
