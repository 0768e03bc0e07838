package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"

	"github.com/urfave/cli/v2"
)

func frameworkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "framework",
		Usage: "list, show and export the inspection frameworks",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the built-in frameworks",
				Action: func(c *cli.Context) error {
					if err := noArgs(c); err != nil {
						return err
					}
					w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintln(w, "ID\tSTANDARDS\tMAX SCORE\tNAME")
					for _, id := range casework.BuiltinIDs() {
						f, err := casework.Builtin(id)
						if err != nil {
							return err
						}
						fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", f.ID, len(f.Standards), f.MaxScore(), f.Name)
					}
					w.Flush()
					for _, id := range casework.BuiltinIDs() {
						f, _ := casework.Builtin(id)
						fmt.Fprintf(e.stdout, "\n%s provenance: %s\n", f.ID, f.Source)
					}
					return nil
				},
			},
			{
				Name:      "show",
				Usage:     "show a framework's standards, key questions and prompts",
				UsageText: "fieldwork framework show NAME|FILE [--format text|json]",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"}},
				Action: func(c *cli.Context) error {
					f, err := frameworkArg(c)
					if err != nil {
						return err
					}
					switch c.String("format") {
					case "json":
						return writeJSON(e, frameworkView(f))
					case "text":
						showFramework(e, f)
						return nil
					}
					return usagef("", "--format %q is not a format (want text or json)", c.String("format"))
				},
			},
			{
				Name:      "export",
				Usage:     "print a framework's full definition, to edit and load with init --framework FILE",
				UsageText: "fieldwork framework export NAME > mine.json",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usagef("fieldwork framework export pdu-2023 > mine.json", "export takes one framework name")
					}
					data, err := casework.BuiltinJSON(c.Args().First())
					if err != nil {
						return err
					}
					_, err = e.stdout.Write(data)
					return err
				},
			},
		},
	}
}

// frameworkArg reads the framework named by the single argument, or the inspection's own when
// none is given and --db holds one.
func frameworkArg(c *cli.Context) (*casework.Framework, error) {
	switch c.NArg() {
	case 1:
		return loadFramework(c.Args().First())
	case 0:
		db, ins, err := openDBReadOnly(c)
		if casework.ErrorCode(err) != casework.ENOTFOUND && err != nil {
			return nil, err // a damaged or unreadable inspection says so
		}
		if err != nil {
			return nil, usagef("name a framework: fieldwork framework show pdu-2023", "no framework named and no inspection database to read one from")
		}
		db.Close()
		return ins.Framework, nil
	}
	return nil, usagef("", "name one framework")
}

type promptView struct {
	ID            string   `json:"id"`
	Text          string   `json:"text"`
	NotApplicable bool     `json:"not_applicable"`
	NotFor        []string `json:"not_for,omitempty"`
}

type keyQuestionView struct {
	ID      string       `json:"id"`
	Theme   string       `json:"theme"`
	Text    string       `json:"text"`
	Prompts []promptView `json:"prompts"`
}

type standardView struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Domain       string            `json:"domain,omitempty"`
	RatedFrom    string            `json:"rated_from"`
	Sample       string            `json:"sample,omitempty"`
	Counts       *bool             `json:"counts,omitempty"`
	KeyQuestions []keyQuestionView `json:"key_questions"`
}

func frameworkView(f *casework.Framework) any {
	var ss []standardView
	for _, s := range f.Standards {
		sv := standardView{ID: s.ID, Name: s.Name, Domain: s.Domain, RatedFrom: string(s.RatedFrom), Sample: s.Sample, Counts: s.Counts, KeyQuestions: []keyQuestionView{}}
		for _, k := range s.KeyQuestions {
			kv := keyQuestionView{ID: k.ID, Theme: k.Theme, Text: k.Text, Prompts: []promptView{}}
			for _, p := range k.Prompts {
				kv.Prompts = append(kv.Prompts, promptView{p.ID, p.Text, p.NotApplicable, p.NotFor})
			}
			sv.KeyQuestions = append(sv.KeyQuestions, kv)
		}
		ss = append(ss, sv)
	}
	return map[string]any{
		"id": f.ID, "name": f.Name, "source": f.Source, "max_score": f.MaxScore(),
		"standards": ss, "case_questions": f.CaseQuestions,
	}
}

func showFramework(e *env, f *casework.Framework) {
	fmt.Fprintf(e.stdout, "%s: %s\nscore out of %d\n\n", f.ID, f.Name, f.MaxScore())
	for _, s := range f.Standards {
		sample := ""
		if s.Sample != "" {
			sample = ", " + s.Sample + " sample"
		}
		if !s.CountsToScore() {
			sample += "; " + casework.NotCountedNote
		}
		fmt.Fprintf(e.stdout, "%s %s (rated from %s%s)\n", s.ID, s.Name, s.RatedFrom, sample)
		for _, k := range s.KeyQuestions {
			fmt.Fprintf(e.stdout, "  %-7s %s [%s]\n", k.ID, k.Text, k.Theme)
			for _, p := range k.Prompts {
				fmt.Fprintf(e.stdout, "    %-7s %s%s\n", p.ID, p.Text, applicability(p.NotApplicable, p.NotFor, ""))
			}
		}
	}
	if len(f.CaseQuestions) > 0 {
		fmt.Fprintln(e.stdout, "\nOther case questions")
		for _, q := range f.CaseQuestions {
			fmt.Fprintf(e.stdout, "  %-24s %s%s\n", q.ID, q.Text, applicability(q.NotApplicable, q.NotFor, q.Sample))
		}
	}
	fmt.Fprintln(e.stdout, "\nBands")
	for i, b := range f.Bands {
		to := "100%"
		if i+1 < len(f.Bands) {
			to = fmt.Sprintf("under %g%%", f.Bands[i+1].From)
		}
		fmt.Fprintf(e.stdout, "  %g%% to %s: %s (%s, %d points)\n", b.From, to, b.Name, b.Rating, f.Points[b.Rating])
	}
	fmt.Fprintln(e.stdout, "Overall rating from the score")
	for _, t := range f.Overall {
		fmt.Fprintf(e.stdout, "  %d-%d: %s\n", t.From, t.To, t.Rating)
	}
	fmt.Fprintf(e.stdout, "\nProvenance: %s\n", f.Source)
}

// applicability says when a question may be answered n/a and which cases it is not asked of.
func applicability(na bool, notFor []string, sample string) string {
	var parts []string
	if na {
		parts = append(parts, "n/a allowed")
	}
	if len(notFor) > 0 {
		parts = append(parts, "not for "+strings.Join(notFor, ", ")+" cases")
	}
	if sample != "" {
		parts = append(parts, sample+" sample")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
