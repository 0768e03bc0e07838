package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"fieldwork/casework"
)

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

// FrameworkView is a framework as `framework show --format json` prints it.
func FrameworkView(f *casework.Framework) any {
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

// Framework prints a framework's standards, key questions, prompts, bands, thresholds and
// provenance.
func Framework(w io.Writer, f *casework.Framework) {
	fmt.Fprintf(w, "%s: %s\nscore out of %d\n\n", f.ID, f.Name, f.MaxScore())
	for _, s := range f.Standards {
		sample := ""
		if s.Sample != "" {
			sample = ", " + s.Sample + " sample"
		}
		if !s.CountsToScore() {
			sample += "; " + casework.NotCountedNote
		}
		fmt.Fprintf(w, "%s %s (rated from %s%s)\n", s.ID, s.Name, s.RatedFrom, sample)
		for _, k := range s.KeyQuestions {
			fmt.Fprintf(w, "  %-7s %s [%s]\n", k.ID, k.Text, k.Theme)
			for _, p := range k.Prompts {
				fmt.Fprintf(w, "    %-7s %s%s\n", p.ID, p.Text, applicability(p.NotApplicable, p.NotFor, ""))
			}
		}
	}
	if len(f.CaseQuestions) > 0 {
		fmt.Fprintln(w, "\nOther case questions")
		for _, q := range f.CaseQuestions {
			fmt.Fprintf(w, "  %-24s %s%s\n", q.ID, q.Text, applicability(q.NotApplicable, q.NotFor, q.Sample))
		}
	}
	fmt.Fprintln(w, "\nBands")
	for i, b := range f.Bands {
		to := "100%"
		if i+1 < len(f.Bands) {
			to = fmt.Sprintf("under %g%%", f.Bands[i+1].From)
		}
		fmt.Fprintf(w, "  %g%% to %s: %s (%s, %d points)\n", b.From, to, b.Name, b.Rating, f.Points[b.Rating])
	}
	fmt.Fprintln(w, "Overall rating from the score")
	for _, t := range f.Overall {
		fmt.Fprintf(w, "  %d-%d: %s\n", t.From, t.To, t.Rating)
	}
	fmt.Fprintf(w, "\nProvenance: %s\n", f.Source)
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

// FrameworkList prints the built-in frameworks, a line each, then each one's provenance, as
// `framework list` shows them.
func FrameworkList(out io.Writer) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTANDARDS\tMAX SCORE\tNAME")
	var fws []*casework.Framework
	for _, id := range casework.BuiltinIDs() {
		f, err := casework.Builtin(id)
		if err != nil {
			return err
		}
		fws = append(fws, f)
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", f.ID, len(f.Standards), f.MaxScore(), f.Name)
	}
	w.Flush()
	for _, f := range fws {
		fmt.Fprintf(out, "\n%s provenance: %s\n", f.ID, f.Source)
	}
	return nil
}
