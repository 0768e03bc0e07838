package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"

	"github.com/urfave/cli/v2"
)

func scoreCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "score",
		Usage:     "print the ratings table, key-question percentages and prompt figures",
		UsageText: "fieldwork score [--by FIELD] [--format table|json]",
		Description: "The ratings table as the report prints it (each standard's rating, score/max, overall), then\n" +
			"per case standard each key question's yes / relevant / % with the driving one marked >, and each\n" +
			"prompt as \"X of Y relevant\". --by splits the figures by grade, case_type, rosh, gender,\n" +
			"ethnicity or any case attribute.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "by", Usage: "split by a case `FIELD`"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			format := c.String("format")
			if format != "table" && format != "json" {
				return usagef("", "--format %q is not a format (want table or json)", format)
			}
			db, ins, err := openDB(c)
			if err != nil {
				return err
			}
			defer db.Close()
			tallies, err := db.Tallies(c.Context)
			if err != nil {
				return err
			}
			given, err := db.Ratings(c.Context)
			if err != nil {
				return err
			}
			fw := ins.Framework
			res := fw.Rate(tallies, given)
			var groups []groupResult
			if by := c.String("by"); by != "" {
				gs, err := db.GroupTallies(c.Context, by)
				if err != nil {
					return err
				}
				for _, g := range gs {
					groups = append(groups, groupResult{Value: g.Value, Cases: g.Cases, Standards: fw.RateCases(g.Tallies)})
				}
			}
			if format == "json" {
				return writeJSON(e, scoreView(ins, res, c.String("by"), groups))
			}
			printScore(e.stdout, ins, res)
			if c.String("by") != "" {
				printGroups(e.stdout, c.String("by"), groups)
			}
			return nil
		},
	}
}

type groupResult struct {
	Value     string
	Cases     int
	Standards []casework.StandardResult
}

func ratingText(r casework.Rating) string {
	if r == 0 {
		return "not rated"
	}
	return r.String()
}

func pct(t casework.Tally) string {
	if t.Relevant() == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", casework.RoundPercent(t.Percent()))
}

func printScore(w io.Writer, ins casework.Inspection, res casework.Result) {
	fw := ins.Framework
	fmt.Fprintf(w, "%s\n", ins.Name)
	if ins.Region != "" {
		fmt.Fprintf(w, "%s\n", ins.Region)
	}
	if ins.FieldworkStart != "" {
		fmt.Fprintf(w, "Fieldwork started %s\n", ins.FieldworkStart)
	}
	fmt.Fprintf(w, "Framework %s\n\n", fw.ID)
	overall := ratingText(res.Overall)
	if !res.Complete && res.Departure == nil {
		overall = "not yet: some standards are not rated"
	}
	fmt.Fprintf(w, "Score %d/%d\nOverall rating: %s\n", res.Score, res.MaxScore, overall)
	if res.Departure != nil {
		fmt.Fprintf(w, "  departure: %s\n", res.Departure)
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	domain := ""
	for _, s := range res.Standards {
		if s.Domain != domain {
			domain = s.Domain
			fmt.Fprintf(tw, "%s\t\t\t\n", domain)
		}
		why := ""
		switch {
		case s.Departure != nil:
			why = "departure: " + s.Departure.String()
		case s.Driving != "":
			why = fmt.Sprintf("driven by %s", s.Driving)
		case s.RatedFrom == casework.FromInspectors && s.Rating != 0:
			why = "inspectors' judgement"
		}
		fmt.Fprintf(tw, "  %s %s\t%s\t%d\t%s\n", s.ID, s.Name, ratingText(s.Rating), s.Points, why)
	}
	tw.Flush()

	for _, s := range res.Standards {
		if s.RatedFrom != casework.FromCases {
			continue
		}
		fmt.Fprintf(w, "\n%s %s: %s\n", s.ID, s.Name, ratingText(s.Rating))
		printKeyQuestions(w, s)
	}
	if len(res.CaseQuestions) > 0 {
		fmt.Fprintln(w, "\nOther case questions")
		for _, q := range res.CaseQuestions {
			fmt.Fprintf(w, "  %-24s %s (%s)  %s\n", q.ID, ofRelevant(q.Tally), pct(q.Tally), q.Text)
		}
	}
	if caveat := provenanceCaveat(res, ins.Framework); caveat != "" {
		fmt.Fprintf(w, "\n%s\n", caveat)
	}
}

// provenanceCaveat reminds the reader, under the table, what of the method is not confirmed.
func provenanceCaveat(_ casework.Result, fw *casework.Framework) string {
	if fw.Source == "" {
		return ""
	}
	return "Framework provenance: " + fw.Source
}

func ofRelevant(t casework.Tally) string {
	return fmt.Sprintf("%d of %d relevant", t.Yes, t.Relevant())
}

func printKeyQuestions(w io.Writer, s casework.StandardResult) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\t\tYes\tRelevant\t%%\t\n")
	for _, k := range s.KeyQuestions {
		mark := " "
		if k.Driving {
			mark = ">"
		}
		fmt.Fprintf(tw, "%s %s\t\t%d\t%d\t%s\t  %s\n", mark, k.ID, k.Yes, k.Relevant(), pct(k.Tally), k.Text)
	}
	tw.Flush()
	for _, k := range s.KeyQuestions {
		for _, p := range k.Prompts {
			fmt.Fprintf(w, "    %-7s %s (%s)  %s\n", p.ID, ofRelevant(p.Tally), pct(p.Tally), p.Text)
		}
	}
}

func printGroups(w io.Writer, by string, groups []groupResult) {
	fmt.Fprintf(w, "\nBy %s\n", by)
	if len(groups) == 0 {
		fmt.Fprintln(w, "  no cases")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	head := []string{"KEY QUESTION"}
	for _, g := range groups {
		head = append(head, fmt.Sprintf("%s (%d)", groupLabel(g.Value), g.Cases))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for si := range groups[0].Standards {
		for ki, k := range groups[0].Standards[si].KeyQuestions {
			row := []string{k.ID}
			for _, g := range groups {
				t := g.Standards[si].KeyQuestions[ki].Tally
				row = append(row, fmt.Sprintf("%d/%d %s", t.Yes, t.Relevant(), pct(t)))
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		row := []string{groups[0].Standards[si].ID + " rating"}
		for _, g := range groups {
			row = append(row, ratingText(g.Standards[si].Rating))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
}

func groupLabel(v string) string {
	if v == "" {
		return "not recorded"
	}
	return v
}

// The JSON shape of `score --format json` is a public interface: keep these keys stable.

type tallyJSON struct {
	Yes           int     `json:"yes"`
	No            int     `json:"no"`
	NotApplicable int     `json:"not_applicable"`
	Relevant      int     `json:"relevant"`
	Percent       float64 `json:"percent"`
}

func tallyView(t casework.Tally) tallyJSON {
	return tallyJSON{t.Yes, t.No, t.NotApplicable, t.Relevant(), t.Percent()}
}

type questionJSON struct {
	ID    string `json:"id"`
	Group string `json:"group,omitempty"`
	Text  string `json:"text"`
	tallyJSON
}

type keyQuestionJSON struct {
	ID         string         `json:"id"`
	Theme      string         `json:"theme"`
	Text       string         `json:"text"`
	Band       string         `json:"band,omitempty"`
	BandRating *string        `json:"band_rating"`
	Driving    bool           `json:"driving"`
	Prompts    []questionJSON `json:"prompts"`
	tallyJSON
}

type departureJSON struct {
	From   *string `json:"from"`
	To     string  `json:"to"`
	Reason string  `json:"reason"`
}

type standardJSON struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Domain       string            `json:"domain,omitempty"`
	RatedFrom    string            `json:"rated_from"`
	Rating       *string           `json:"rating"`
	DataRating   *string           `json:"data_rating"`
	Points       int               `json:"points"`
	Driving      string            `json:"driving,omitempty"`
	Departure    *departureJSON    `json:"departure"`
	KeyQuestions []keyQuestionJSON `json:"key_questions"`
}

type groupJSON struct {
	Value     string         `json:"value"`
	Cases     int            `json:"cases"`
	Standards []standardJSON `json:"standards"`
}

type scoreJSON struct {
	Inspection       string         `json:"inspection"`
	Region           string         `json:"region,omitempty"`
	FieldworkStart   string         `json:"fieldwork_start,omitempty"`
	Framework        string         `json:"framework"`
	Standards        []standardJSON `json:"standards"`
	Score            int            `json:"score"`
	MaxScore         int            `json:"max_score"`
	Complete         bool           `json:"complete"`
	Overall          *string        `json:"overall"`
	DataOverall      *string        `json:"data_overall"`
	OverallDeparture *departureJSON `json:"overall_departure"`
	CaseQuestions    []questionJSON `json:"case_questions"`
	By               string         `json:"by,omitempty"`
	Groups           []groupJSON    `json:"groups,omitempty"`
}

func ratingPtr(r casework.Rating) *string {
	if r == 0 {
		return nil
	}
	s := r.String()
	return &s
}

func departureView(d *casework.Departure) *departureJSON {
	if d == nil {
		return nil
	}
	return &departureJSON{From: ratingPtr(d.From), To: d.To.String(), Reason: d.Reason}
}

func standardsView(ss []casework.StandardResult) []standardJSON {
	out := []standardJSON{}
	for _, s := range ss {
		sj := standardJSON{ID: s.ID, Name: s.Name, Domain: s.Domain, RatedFrom: string(s.RatedFrom), Rating: ratingPtr(s.Rating),
			DataRating: ratingPtr(s.DataRating), Points: s.Points, Driving: s.Driving, Departure: departureView(s.Departure), KeyQuestions: []keyQuestionJSON{}}
		for _, k := range s.KeyQuestions {
			kj := keyQuestionJSON{ID: k.ID, Theme: k.Theme, Text: k.Text, Band: k.Band.Name, BandRating: ratingPtr(k.Band.Rating), Driving: k.Driving, Prompts: []questionJSON{}, tallyJSON: tallyView(k.Tally)}
			for _, p := range k.Prompts {
				kj.Prompts = append(kj.Prompts, questionJSON{ID: p.ID, Text: p.Text, tallyJSON: tallyView(p.Tally)})
			}
			sj.KeyQuestions = append(sj.KeyQuestions, kj)
		}
		out = append(out, sj)
	}
	return out
}

func scoreView(ins casework.Inspection, res casework.Result, by string, groups []groupResult) scoreJSON {
	v := scoreJSON{
		Inspection: ins.Name, Region: ins.Region, FieldworkStart: ins.FieldworkStart, Framework: ins.Framework.ID,
		Standards: standardsView(res.Standards), Score: res.Score, MaxScore: res.MaxScore, Complete: res.Complete,
		Overall: ratingPtr(res.Overall), DataOverall: ratingPtr(res.DataOverall), OverallDeparture: departureView(res.Departure),
		CaseQuestions: []questionJSON{}, By: by,
	}
	for _, q := range res.CaseQuestions {
		v.CaseQuestions = append(v.CaseQuestions, questionJSON{ID: q.ID, Group: q.Group, Text: q.Text, tallyJSON: tallyView(q.Tally)})
	}
	for _, g := range groups {
		v.Groups = append(v.Groups, groupJSON{Value: g.Value, Cases: g.Cases, Standards: standardsView(g.Standards)})
	}
	return v
}
