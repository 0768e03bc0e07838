package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"fieldwork/casework"
	"fieldwork/sqlite"

	"github.com/urfave/cli/v2"
)

func compareCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "compare",
		Usage:     "set an inspection beside the previous inspection of the same PDU",
		UsageText: "fieldwork compare PREVIOUS.db CURRENT.db [--confidence 0.95] [--format table|json]",
		Description: "Per key question: the previous and the current percentage, the change in percentage points, its\n" +
			"interval (Newcombe's hybrid score interval for a difference of two proportions) and whether the\n" +
			"change is larger than chance (the interval leaves out no change). Then both ratings tables side\n" +
			"by side. Inspections under different programmes (pdu-2021, pdu-2023) are paired by standard and\n" +
			"theme: the 2021 programme's 2.2.1 Assessment, engagement is the 2023 programme's 2.1.1.",
		Flags: []cli.Flag{
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of the intervals, e.g. 0.95"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef("fieldwork compare kirklees-2023.db kirklees-2024.db", "compare takes two inspection databases, the previous then the current (got %d arguments)", c.NArg())
			}
			conf, err := confidenceFlag(c)
			if err != nil {
				return err
			}
			format, err := formatFlag(c)
			if err != nil {
				return err
			}
			previous, err := ratedInspection(c.Context, c.Args().Get(0))
			if err != nil {
				return err
			}
			current, err := ratedInspection(c.Context, c.Args().Get(1))
			if err != nil {
				return err
			}
			cmp := casework.CompareInspections(previous.Result, current.Result, conf)
			if format == "json" {
				return writeJSON(e, inspectionChangesView(previous, current, cmp))
			}
			printInspectionChanges(e.stdout, previous, current, cmp)
			return nil
		},
	}
}

// rated is an inspection and its ratings, read from its database.
type rated struct {
	casework.Inspection
	Result casework.Result
}

func ratedInspection(ctx context.Context, path string) (rated, error) {
	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return rated{}, err
	}
	defer db.Close()
	ins, err := db.Inspection(ctx)
	if err != nil {
		return rated{}, err
	}
	res, err := db.Result(ctx, ins.Framework)
	if err != nil {
		return rated{}, err
	}
	return rated{Inspection: ins, Result: res}, nil
}

func inspectionLine(r rated) string {
	s := r.Name
	if r.FieldworkStart != "" {
		s += ", fieldwork started " + r.FieldworkStart
	}
	return s + ", framework " + r.Framework.ID
}

func printInspectionChanges(w io.Writer, previous, current rated, cmp casework.Comparison) {
	fmt.Fprintf(w, "Previous: %s\nCurrent:  %s\n", inspectionLine(previous), inspectionLine(current))
	fmt.Fprintf(w, "\nKey questions: %% of relevant cases judged sufficient; change in percentage points, with its %g%% interval\n", 100*cmp.Confidence)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY QUESTION\tPREVIOUS\tCURRENT\tCHANGE\tINTERVAL\tLARGER THAN CHANCE")
	share := func(t casework.Tally) string {
		if t.Relevant() == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d %s", t.Yes, t.Relevant(), pct(t))
	}
	for _, kc := range cmp.KeyQuestions {
		change, interval, beyond := "-", "-", "-"
		if kc.Comparable {
			// The change is in points; pts rounds a difference of proportions as compare-groups does.
			change = pts(kc.Change / 100)
			interval = pts(kc.CI.Low/100) + " to " + pts(kc.CI.High/100)
			beyond = "no"
			if kc.Beyond {
				beyond = "yes"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", kc.Label(), share(kc.Previous), share(kc.Current), change, interval, beyond)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nRatings")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STANDARD\tPREVIOUS\tCURRENT")
	side := func(s *casework.StandardResult) string {
		if s == nil {
			return "(not in this programme)"
		}
		text := s.ID + " " + ratingText(s.Rating)
		if s.Departure != nil && s.Departure.From != 0 {
			text += " (departure)"
		}
		return text
	}
	for _, sp := range cmp.Standards {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", sp.Name, side(sp.Previous), side(sp.Current))
	}
	fmt.Fprintf(tw, "Score\t%d/%d\t%d/%d\n", previous.Result.Score, previous.Result.MaxScore, current.Result.Score, current.Result.MaxScore)
	fmt.Fprintf(tw, "Overall\t%s\t%s\n", overallText(previous.Result), overallText(current.Result))
	tw.Flush()
	if previous.Framework.ID != current.Framework.ID {
		fmt.Fprintf(w, "\nThe inspections were under different programmes (%s, %s): key questions are paired by standard and theme, and the scores are out of different maxima.\n",
			previous.Framework.ID, current.Framework.ID)
	}
}

func overallText(res casework.Result) string {
	if !res.Complete && res.Departure == nil {
		return "not rated"
	}
	s := ratingText(res.Overall)
	if res.Departure != nil {
		s += " (departure)"
	}
	return s
}

// The JSON shape of `compare --format json`.

type comparedInspectionJSON struct {
	Inspection     string  `json:"inspection"`
	FieldworkStart string  `json:"fieldwork_start,omitempty"`
	Framework      string  `json:"framework"`
	Score          int     `json:"score"`
	MaxScore       int     `json:"max_score"`
	Overall        *string `json:"overall"`
}

type keyQuestionChangeJSON struct {
	ID               string    `json:"id,omitempty"`
	PreviousID       string    `json:"previous_id,omitempty"`
	Standard         string    `json:"standard"`
	Theme            string    `json:"theme"`
	Text             string    `json:"text"`
	Previous         tallyJSON `json:"previous"`
	Current          tallyJSON `json:"current"`
	Comparable       bool      `json:"comparable"`
	ChangePoints     *float64  `json:"change_points"`
	IntervalLow      *float64  `json:"interval_low_points"`
	IntervalHigh     *float64  `json:"interval_high_points"`
	LargerThanChance bool      `json:"larger_than_chance"`
}

type standardPairJSON struct {
	Name     string        `json:"name"`
	Previous *standardJSON `json:"previous"`
	Current  *standardJSON `json:"current"`
}

type comparisonJSON struct {
	Previous     comparedInspectionJSON  `json:"previous"`
	Current      comparedInspectionJSON  `json:"current"`
	Confidence   float64                 `json:"confidence"`
	KeyQuestions []keyQuestionChangeJSON `json:"key_questions"`
	Standards    []standardPairJSON      `json:"standards"`
}

func inspectionChangesView(previous, current rated, cmp casework.Comparison) comparisonJSON {
	side := func(r rated) comparedInspectionJSON {
		return comparedInspectionJSON{Inspection: r.Name, FieldworkStart: r.FieldworkStart, Framework: r.Framework.ID,
			Score: r.Result.Score, MaxScore: r.Result.MaxScore, Overall: ratingPtr(r.Result.Overall)}
	}
	v := comparisonJSON{Previous: side(previous), Current: side(current), Confidence: cmp.Confidence, KeyQuestions: []keyQuestionChangeJSON{}, Standards: []standardPairJSON{}}
	for _, kc := range cmp.KeyQuestions {
		kj := keyQuestionChangeJSON{ID: kc.ID, PreviousID: kc.PreviousID, Standard: kc.Standard, Theme: kc.Theme, Text: kc.Text,
			Previous: tallyView(kc.Previous, cmp.Confidence), Current: tallyView(kc.Current, cmp.Confidence), Comparable: kc.Comparable, LargerThanChance: kc.Beyond}
		if kc.Comparable {
			kj.ChangePoints, kj.IntervalLow, kj.IntervalHigh = &kc.Change, &kc.CI.Low, &kc.CI.High
		}
		v.KeyQuestions = append(v.KeyQuestions, kj)
	}
	one := func(s *casework.StandardResult) *standardJSON {
		if s == nil {
			return nil
		}
		return &standardsView([]casework.StandardResult{*s}, cmp.Confidence)[0]
	}
	for _, sp := range cmp.Standards {
		v.Standards = append(v.Standards, standardPairJSON{Name: sp.Name, Previous: one(sp.Previous), Current: one(sp.Current)})
	}
	return v
}
