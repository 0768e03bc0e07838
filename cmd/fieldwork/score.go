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
			&cli.Float64Flag{Name: "confidence", Value: casework.DefaultConfidence, Usage: "confidence `LEVEL` of the intervals, e.g. 0.95"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			conf, err := confidenceFlag(c)
			if err != nil {
				return err
			}
			format, err := formatFlag(c)
			if err != nil {
				return err
			}
			db, ins, err := openDBReadOnly(c)
			if err != nil {
				return err
			}
			defer db.Close()
			fw := ins.Framework
			res, err := db.Result(c.Context, fw)
			if err != nil {
				return err
			}
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
				return writeJSON(e, scoreView(ins, res, c.String("by"), groups, conf))
			}
			printScore(e.stdout, ins, res, conf)
			// A combined database also rates the region from its pooled cases.
			if pis, err := db.PooledInspections(c.Context); err != nil {
				return err
			} else if len(pis) > 0 && len(fw.RegionalStandards) > 0 {
				tallies, err := db.Tallies(c.Context)
				if err != nil {
					return err
				}
				fmt.Fprintln(e.stdout)
				printRegional(e.stdout, fw.RateRegional(tallies))
			}
			if c.String("by") != "" {
				printGroups(e.stdout, c.String("by"), groups, conf)
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

func printScore(w io.Writer, ins casework.Inspection, res casework.Result, conf float64) {
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

	printHinges(w, fw, res, conf)
	for _, s := range res.Standards {
		if s.RatedFrom != casework.FromCases {
			continue
		}
		fmt.Fprintf(w, "\n%s %s: %s\n", s.ID, s.Name, ratingText(s.Rating))
		printKeyQuestions(w, s, conf)
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

func printKeyQuestions(w io.Writer, s casework.StandardResult, conf float64) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\t\tYes\tRelevant\t%%\t%s\t\n", ciHeader(conf))
	for _, k := range s.KeyQuestions {
		mark := " "
		if k.Driving {
			mark = ">"
		}
		fmt.Fprintf(tw, "%s %s\t\t%d\t%d\t%s\t%s\t  %s\n", mark, k.ID, k.Yes, k.Relevant(), pct(k.Tally), ciText(k.Tally, conf), k.Text)
	}
	tw.Flush()
	for _, k := range s.KeyQuestions {
		for _, p := range k.Prompts {
			fmt.Fprintf(w, "    %-7s %s (%s; %s %s)  %s\n", p.ID, ofRelevant(p.Tally), pct(p.Tally), ciHeader(conf), ciText(p.Tally, conf), p.Text)
		}
	}
}

func printGroups(w io.Writer, by string, groups []groupResult, conf float64) {
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
				row = append(row, fmt.Sprintf("%d/%d %s (%s)", t.Yes, t.Relevant(), pct(t), ciText(t, conf)))
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
	CILow         float64 `json:"ci_low"`  // Wilson interval, 0-100 like percent
	CIHigh        float64 `json:"ci_high"` // (0-100 when nothing is relevant)
}

func tallyView(t casework.Tally, conf float64) tallyJSON {
	ci := casework.Wilson(t.Yes, t.Relevant(), conf)
	return tallyJSON{t.Yes, t.No, t.NotApplicable, t.Relevant(), t.Percent(), 100 * ci.Low, 100 * ci.High}
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
	Hinge        *hingeJSON        `json:"hinge,omitempty"`
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
	Confidence       float64        `json:"confidence"`
	OverallHinge     []string       `json:"overall_hinge"`
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

func standardsView(ss []casework.StandardResult, conf float64) []standardJSON {
	out := []standardJSON{}
	for _, s := range ss {
		sj := standardJSON{ID: s.ID, Name: s.Name, Domain: s.Domain, RatedFrom: string(s.RatedFrom), Rating: ratingPtr(s.Rating),
			DataRating: ratingPtr(s.DataRating), Points: s.Points, Driving: s.Driving, Departure: departureView(s.Departure), KeyQuestions: []keyQuestionJSON{}}
		for _, k := range s.KeyQuestions {
			kj := keyQuestionJSON{ID: k.ID, Theme: k.Theme, Text: k.Text, Band: k.Band.Name, BandRating: ratingPtr(k.Band.Rating), Driving: k.Driving, Prompts: []questionJSON{}, tallyJSON: tallyView(k.Tally, conf)}
			for _, p := range k.Prompts {
				kj.Prompts = append(kj.Prompts, questionJSON{ID: p.ID, Text: p.Text, tallyJSON: tallyView(p.Tally, conf)})
			}
			sj.KeyQuestions = append(sj.KeyQuestions, kj)
		}
		out = append(out, sj)
	}
	return out
}

func scoreView(ins casework.Inspection, res casework.Result, by string, groups []groupResult, conf float64) scoreJSON {
	v := scoreJSON{
		Inspection: ins.Name, Region: ins.Region, FieldworkStart: ins.FieldworkStart, Framework: ins.Framework.ID,
		Standards: standardsView(res.Standards, conf), Score: res.Score, MaxScore: res.MaxScore, Complete: res.Complete,
		Overall: ratingPtr(res.Overall), DataOverall: ratingPtr(res.DataOverall), OverallDeparture: departureView(res.Departure),
		CaseQuestions: []questionJSON{}, By: by, Confidence: conf, OverallHinge: []string{},
	}
	fw := ins.Framework
	for _, h := range fw.Hinges(res, conf) {
		for i := range v.Standards {
			if v.Standards[i].ID == h.Standard {
				v.Standards[i].Hinge = hingeView(h)
			}
		}
	}
	up, down := fw.OverallHinge(res)
	for _, s := range []string{up.Sentence("up"), down.Sentence("down")} {
		if s != "" {
			v.OverallHinge = append(v.OverallHinge, s)
		}
	}
	for _, q := range res.CaseQuestions {
		v.CaseQuestions = append(v.CaseQuestions, questionJSON{ID: q.ID, Group: q.Group, Text: q.Text, tallyJSON: tallyView(q.Tally, conf)})
	}
	for _, g := range groups {
		v.Groups = append(v.Groups, groupJSON{Value: g.Value, Cases: g.Cases, Standards: standardsView(g.Standards, conf)})
	}
	return v
}

type shiftJSON struct {
	To      string           `json:"to"`
	Changes int              `json:"changes"`
	On      []questionChange `json:"on"`
}

type questionChange struct {
	Question string `json:"question"`
	N        int    `json:"n"`
}

type hingeJSON struct {
	DataRating  string     `json:"data_rating"`
	Up          *shiftJSON `json:"up"`
	Down        *shiftJSON `json:"down"`
	Driving     string     `json:"driving"`
	DrivingLow  float64    `json:"driving_ci_low"`
	DrivingHigh float64    `json:"driving_ci_high"`
	CrossesEdge bool       `json:"crosses_band_edge"`
	Sentences   []string   `json:"sentences"`
}

func shiftView(s *casework.Shift) *shiftJSON {
	if s == nil {
		return nil
	}
	v := &shiftJSON{To: s.To.String(), Changes: s.Changes, On: []questionChange{}}
	for _, c := range s.On {
		v.On = append(v.On, questionChange{c.Question, c.N})
	}
	return v
}

func hingeView(h casework.Hinge) *hingeJSON {
	return &hingeJSON{DataRating: h.Rating.String(), Up: shiftView(h.Up), Down: shiftView(h.Down), Driving: h.Driving,
		DrivingLow: 100 * h.DrivingCI.Low, DrivingHigh: 100 * h.DrivingCI.High, CrossesEdge: len(h.Edges) > 0, Sentences: h.Sentences()}
}

// printHinges says, under the ratings table, how many answers each rating hinges on.
func printHinges(w io.Writer, fw *casework.Framework, res casework.Result, conf float64) {
	hs := fw.Hinges(res, conf)
	up, down := fw.OverallHinge(res)
	if len(hs) == 0 && up == nil && down == nil {
		return
	}
	fmt.Fprintln(w, "\nHow firmly the ratings stand")
	for _, h := range hs {
		fmt.Fprintf(w, "  %s %s: %s\n", h.Standard, h.Name, strings.Join(h.Sentences(), " "))
	}
	for _, s := range []string{up.Sentence("up"), down.Sentence("down")} {
		if s != "" {
			fmt.Fprintf(w, "  Overall: %s\n", s)
		}
	}
}

func ciHeader(conf float64) string { return fmt.Sprintf("%g%% CI", 100*conf) }

func ciText(t casework.Tally, conf float64) string {
	if t.Relevant() == 0 {
		return "-"
	}
	ci := casework.Wilson(t.Yes, t.Relevant(), conf)
	return fmt.Sprintf("%d-%d%%", casework.RoundPercent(100*ci.Low), casework.RoundPercent(100*ci.High))
}

func confidenceFlag(c *cli.Context) (float64, error) {
	conf := c.Float64("confidence")
	if conf <= 0 || conf >= 1 {
		return 0, usagef("e.g. --confidence 0.95", "--confidence %g is not a confidence level (want a number between 0 and 1)", conf)
	}
	return conf, nil
}
