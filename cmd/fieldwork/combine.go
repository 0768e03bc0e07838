package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/sqlite"
	"fieldwork/workbook"

	"github.com/urfave/cli/v2"
)

func combineCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "combine",
		Usage:     "pool the cases of several inspections into a new regional or national database",
		UsageText: `fieldwork combine -o region.db --name "Yorkshire and the Humber" [--region NAME] [--prefix-ids] [--framework NAME|FILE] A.db B.db ...`,
		Description: "Writes a new database holding every case of the inspections named, with its attributes, answers\n" +
			"and answer history; each case keeps its inspection (PDU) as the attribute pdu and its region as\n" +
			"region, and each inspection's own ratings are kept beside it. Every command then works on the\n" +
			"combined database: score, score --by pdu, validate, workbook. `fieldwork regional` shows the\n" +
			"regional standards rated from the pooled cases and each PDU's ratings side by side.\n" +
			"The inspections must share one framework; --framework keeps another with the same questions and\n" +
			"rules but other regional standards. A case id may be in one inspection only (a CRN names\n" +
			"one person); --prefix-ids makes every id FILE/ID for files whose ids collide. All or nothing:\n" +
			"a refused file leaves no output.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the new database `FILE` to write"},
			&cli.StringFlag{Name: "name", Usage: "what the combined inspection is called, e.g. the region"},
			&cli.StringFlag{Name: "region", Usage: "its region (default: the region the inspections share, if they share one)"},
			&cli.BoolFlag{Name: "prefix-ids", Usage: "prefix every case id with its file's name"},
			&cli.StringFlag{Name: "framework", Usage: "keep this framework `NAME` or `FILE` instead of the inspections' own: the same questions and rules, with the regional standards to rate the region by"},
		},
		Action: func(c *cli.Context) error {
			out := c.String("output")
			if out == "" {
				return usagef(`fieldwork combine -o region.db --name "Yorkshire and the Humber" A.db B.db`, "combine needs -o FILE, the new database to write")
			}
			if c.String("name") == "" {
				return usagef(`add --name "Yorkshire and the Humber"`, "combine needs --name, what the combined inspection is called")
			}
			files := c.Args().Slice()
			for _, f := range files {
				if strings.HasPrefix(f, "-") {
					return usagef("run `fieldwork combine --help`", "%q is not a flag of combine", f)
				}
			}
			if len(files) == 0 {
				return usagef(`fieldwork combine -o region.db --name "Yorkshire and the Humber" A.db B.db`, "combine needs the inspection databases to pool")
			}
			opt := sqlite.CombineOptions{Name: c.String("name"), Region: c.String("region"), PrefixIDs: c.Bool("prefix-ids")}
			if name := c.String("framework"); name != "" {
				fw, err := loadFramework(name)
				if err != nil {
					return err
				}
				opt.Framework = fw
			}
			pooled, err := sqlite.Combine(c.Context, out, files, opt)
			if err != nil {
				return err
			}
			var pdus, cases, answers int
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			for _, p := range pooled {
				pdus += len(p.PDUs)
				cases += p.Cases
				answers += p.Answers
				fmt.Fprintf(tw, "  %s\t%s\t%d cases\t%d answers\n", p.File, strings.Join(p.PDUs, ", "), p.Cases, p.Answers)
			}
			db, err := sqlite.Open(c.Context, out)
			if err != nil {
				return err
			}
			defer db.Close()
			ins, err := db.Inspection(c.Context)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %s: %s, %d inspections pooled, %d cases, %d answers (framework %s)\n", out, ins.Name, pdus, cases, answers, ins.Framework.ID)
			tw.Flush()
			tallies, err := db.Tallies(c.Context)
			if err != nil {
				return err
			}
			printRegional(e.stdout, ins.Framework.RateRegional(tallies))
			return nil
		},
	}
}

func regionalCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "regional",
		Usage:     "the regional standards and each PDU's ratings, from a combined database",
		UsageText: "fieldwork --db region.db regional [--format table|json]",
		Description: "For a database written by `fieldwork combine`: the regional standards (desistance, public\n" +
			"protection ...) rated from the pooled cases by the rule the framework declares, then each PDU's\n" +
			"key-question percentages, ratings and score, one row per PDU.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: func(c *cli.Context) error {
			format, err := tableOrJSON(c)
			if err != nil {
				return err
			}
			db, ins, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			pdus, err := pduResults(c.Context, db, ins.Framework)
			if err != nil {
				return err
			}
			tallies, err := db.Tallies(c.Context)
			if err != nil {
				return err
			}
			regional := ins.Framework.RateRegional(tallies)
			if format == "json" {
				return writeJSON(e, regionalView(ins, regional, pdus))
			}
			fmt.Fprintf(e.stdout, "%s: %d inspections pooled (framework %s)\n", ins.Name, len(pdus), ins.Framework.ID)
			printRegional(e.stdout, regional)
			printPDUs(e.stdout, ins.Framework, pdus)
			return nil
		},
	}
}

// acrossFigures adds to a workbook's figures the inspections pooled into db, if it is a combined
// database, and the previous inspection in the file previous, if one is named.
func acrossFigures(ctx context.Context, db *sqlite.DB, ins casework.Inspection, previous string, fig *workbook.Figures) error {
	pis, err := db.PooledInspections(ctx)
	if err != nil {
		return err
	}
	if pis != nil {
		pdus, err := pduResults(ctx, db, ins.Framework)
		if err != nil {
			return err
		}
		for _, p := range pdus {
			fig.PDUs = append(fig.PDUs, workbook.PDU{Name: p.PDU, Region: p.Region, FieldworkStart: p.FieldworkStart, Cases: p.Cases, Result: p.Result})
		}
	}
	if previous != "" {
		r, err := ratedInspection(ctx, previous)
		if err != nil {
			return err
		}
		fig.Previous = &workbook.Previous{Inspection: r.Inspection, Result: r.Result}
	}
	return nil
}

// tableOrJSON reads --format of a command that takes no arguments.
func tableOrJSON(c *cli.Context) (string, error) {
	if err := noArgs(c); err != nil {
		return "", err
	}
	return formatFlag(c)
}

// pduResult is one pooled inspection rated on its own cases, with its inspectors' ratings.
type pduResult struct {
	sqlite.PooledInspection
	Cases  int
	Result casework.Result
}

// pduResults rates each inspection pooled into db from its own cases, as its report did.
func pduResults(ctx context.Context, db *sqlite.DB, fw *casework.Framework) ([]pduResult, error) {
	pis, err := db.PooledInspections(ctx)
	if err != nil {
		return nil, err
	}
	if pis == nil {
		return nil, casework.Errorf(casework.EINVALID, "%s holds one inspection: regional figures need the inspections of a region pooled", db.Path()).
			WithHint(`fieldwork combine -o region.db --name "Yorkshire and the Humber" A.db B.db ...`)
	}
	groups, err := db.GroupTallies(ctx, sqlite.PDUField)
	if err != nil {
		return nil, err
	}
	byPDU := map[string]sqlite.Group{}
	for _, g := range groups {
		byPDU[g.Value] = g
	}
	var out []pduResult
	for _, p := range pis {
		g := byPDU[p.PDU]
		if g.Tallies == nil {
			g.Tallies = casework.Tallies{}
		}
		out = append(out, pduResult{PooledInspection: p, Cases: g.Cases, Result: fw.Rate(g.Tallies, p.Given)})
	}
	return out, nil
}

func printRegional(w io.Writer, rs []casework.RegionalResult) {
	if len(rs) == 0 {
		fmt.Fprintln(w, "\nThe framework declares no regional standards (regional_standards).")
		return
	}
	fmt.Fprintln(w, "\nRegional standards, rated from the pooled cases")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rs {
		how := fmt.Sprintf("pooled: %d of %d relevant (%s)", r.Pooled.Yes, r.Pooled.Relevant(), pct(r.Pooled))
		if r.Rule == casework.RuleLowest {
			how = "lowest pooled key question"
			if r.Driving != "" {
				how += ": " + r.Driving
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.Name, ratingText(r.Rating), how)
		for _, k := range r.KeyQuestions {
			mark := " "
			if k.Driving {
				mark = ">"
			}
			fmt.Fprintf(tw, "   %s %s\t%d of %d relevant\t%s\n", mark, k.ID, k.Yes, k.Relevant(), pct(k.Tally))
		}
	}
	tw.Flush()
}

// ratingShort abbreviates a rating for a table with a column per standard.
func ratingShort(r casework.Rating) string {
	switch r {
	case casework.Outstanding:
		return "O"
	case casework.Good:
		return "G"
	case casework.RequiresImprovement:
		return "RI"
	case casework.Inadequate:
		return "I"
	}
	return "-"
}

func printPDUs(w io.Writer, fw *casework.Framework, pdus []pduResult) {
	var keys []string
	for _, q := range fw.Questions() {
		if q.Kind == casework.KindKey {
			keys = append(keys, q.ID)
		}
	}
	fmt.Fprintln(w, "\nKey questions by PDU (% of relevant cases judged sufficient)")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "PDU\tCases\t%s\n", strings.Join(keys, "\t"))
	for _, p := range pdus {
		row := []string{p.PDU, fmt.Sprint(p.Cases)}
		for _, s := range p.Result.Standards {
			for _, k := range s.KeyQuestions {
				row = append(row, pct(k.Tally))
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()

	fmt.Fprintln(w, "\nRatings by PDU (O Outstanding, G Good, RI Requires improvement, I Inadequate, - not rated; * a departure from the data)")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	head := []string{"PDU"}
	for _, s := range fw.Standards {
		head = append(head, s.ID)
	}
	fmt.Fprintf(tw, "%s\tScore\tOverall\n", strings.Join(head, "\t"))
	for _, p := range pdus {
		row := []string{p.PDU}
		for _, s := range p.Result.Standards {
			mark := ""
			if s.Departure != nil && s.Departure.From != 0 {
				mark = "*"
			}
			row = append(row, ratingShort(s.Rating)+mark)
		}
		overall := ratingText(p.Result.Overall)
		if p.Result.Departure != nil {
			overall += "*"
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%s\n", strings.Join(row, "\t"), p.Result.Score, p.Result.MaxScore, overall)
	}
	tw.Flush()
}

// The JSON shape of `regional --format json`.

type regionalStandardJSON struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Rule         string            `json:"rule"`
	Rating       *string           `json:"rating"`
	Driving      string            `json:"driving,omitempty"`
	Pooled       tallyJSON         `json:"pooled"`
	KeyQuestions []keyQuestionJSON `json:"key_questions"`
}

type pduJSON struct {
	PDU            string         `json:"pdu"`
	Region         string         `json:"region,omitempty"`
	FieldworkStart string         `json:"fieldwork_start,omitempty"`
	Cases          int            `json:"cases"`
	Standards      []standardJSON `json:"standards"`
	Score          int            `json:"score"`
	MaxScore       int            `json:"max_score"`
	Overall        *string        `json:"overall"`
}

type regionalJSON struct {
	Inspection        string                 `json:"inspection"`
	Framework         string                 `json:"framework"`
	RegionalStandards []regionalStandardJSON `json:"regional_standards"`
	PDUs              []pduJSON              `json:"pdus"`
}

func regionalView(ins casework.Inspection, rs []casework.RegionalResult, pdus []pduResult) regionalJSON {
	v := regionalJSON{Inspection: ins.Name, Framework: ins.Framework.ID, RegionalStandards: []regionalStandardJSON{}, PDUs: []pduJSON{}}
	for _, r := range rs {
		// The pooled key questions read as a standard's, so they share its JSON shape.
		ks := standardsView([]casework.StandardResult{{KeyQuestions: r.KeyQuestions}}, casework.DefaultConfidence)[0].KeyQuestions
		v.RegionalStandards = append(v.RegionalStandards, regionalStandardJSON{ID: r.ID, Name: r.Name, Rule: string(r.Rule), Rating: ratingPtr(r.Rating),
			Driving: r.Driving, Pooled: tallyView(r.Pooled, casework.DefaultConfidence), KeyQuestions: ks})
	}
	for _, p := range pdus {
		v.PDUs = append(v.PDUs, pduJSON{PDU: p.PDU, Region: p.Region, FieldworkStart: p.FieldworkStart, Cases: p.Cases,
			Standards: standardsView(p.Result.Standards, casework.DefaultConfidence), Score: p.Result.Score, MaxScore: p.Result.MaxScore, Overall: ratingPtr(p.Result.Overall)})
	}
	return v
}
