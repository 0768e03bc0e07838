package demo

import (
	"regexp"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func builtin(t testing.TB, id string) *casework.Framework {
	t.Helper()
	fw, err := casework.Builtin(id)
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func generator(t testing.TB, opt Options) *Generator {
	t.Helper()
	g, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSameSeedSameInspections(t *testing.T) {
	fw := builtin(t, "pdu-2023")
	a := generator(t, Options{Inspections: 10, Cases: 20, Seed: 7, Framework: fw})
	b := generator(t, Options{Inspections: 10, Cases: 20, Seed: 7, Framework: fw})
	fewer := generator(t, Options{Inspections: 4, Cases: 20, Seed: 7, Framework: fw})
	other := generator(t, Options{Inspections: 10, Cases: 20, Seed: 8, Framework: fw})
	if diff := cmp.Diff(a.Inspection(3), b.Inspection(3)); diff != "" {
		t.Errorf("the same seed gave different inspections (-a +b):\n%s", diff)
	}
	if diff := cmp.Diff(a.Inspection(3), fewer.Inspection(3)); diff != "" {
		t.Errorf("inspection 3 depends on how many inspections are asked for (-10 +4):\n%s", diff)
	}
	if cmp.Equal(a.Inspection(3).Judgements, other.Inspection(3).Judgements) {
		t.Error("another seed gave the same answers")
	}
	if cmp.Equal(a.Inspection(3).Judgements, a.Inspection(4).Judgements) {
		t.Error("two inspections of one seed have the same answers")
	}
}

func TestNewRefuses(t *testing.T) {
	fw := builtin(t, "pdu-2023")
	for _, opt := range []Options{
		{Inspections: 0, Cases: 80, Framework: fw},
		{Inspections: 1000, Cases: 80, Framework: fw},
		{Inspections: 110, Cases: 0, Framework: fw},
		{Inspections: 110, Cases: 10000, Framework: fw},
		{Inspections: 110, Cases: 80},
	} {
		if _, err := New(opt); casework.ErrorCode(err) != casework.EINVALID {
			t.Errorf("New(%d inspections, %d cases): %v, want EINVALID", opt.Inspections, opt.Cases, err)
		}
	}
}

// Every synthetic case is one a quality lead would pass: no unanswered key question, no answer
// a question does not allow, no key question contradicted by every prompt under it, under every
// built-in framework (some with samples of their own).
func TestEveryCaseKeepsTheRules(t *testing.T) {
	for _, id := range casework.BuiltinIDs() {
		t.Run(id, func(t *testing.T) {
			fw := builtin(t, id)
			questions := map[string]casework.Question{}
			for _, q := range fw.Questions() {
				questions[q.ID] = q
			}
			g := generator(t, Options{Inspections: 3, Cases: 60, Seed: 1, Framework: fw})
			for i := range g.Len() {
				ins := g.Inspection(i)
				answers := map[string]map[string]casework.Answer{}
				for _, j := range ins.Judgements {
					q, ok := questions[j.Question]
					if !ok {
						t.Fatalf("%s: %q is not a question", j.CaseID, j.Question)
					}
					if err := q.CheckAnswer(j.Answer); err != nil {
						t.Errorf("%s: %v", j.CaseID, err)
					}
					if answers[j.CaseID] == nil {
						answers[j.CaseID] = map[string]casework.Answer{}
					}
					if _, dup := answers[j.CaseID][j.Question]; dup {
						t.Errorf("%s %s answered twice", j.CaseID, j.Question)
					}
					answers[j.CaseID][j.Question] = j.Answer
				}
				for _, c := range ins.Cases {
					if fs := fw.CheckCaseFor(c, answers[c.ID]); len(fs) > 0 {
						t.Errorf("%s case %s: %v", ins.Name, c.ID, fs)
					}
				}
				for _, r := range ins.Ratings {
					if err := fw.CheckGivenRating(r); err != nil {
						t.Errorf("%s: %v", ins.Name, err)
					}
				}
			}
		})
	}
}

// The spreads of a national data set look like the published reports'.
func TestSpreads(t *testing.T) {
	fw := builtin(t, "pdu-2023")
	g := generator(t, Options{Inspections: 110, Cases: 80, Seed: 2024, Framework: fw})
	var cases, community, female, po, pso, highRisk, reset, unrecorded int
	theme := map[string]casework.Tally{}
	var prompts, promptsNA int
	kind := map[string]casework.Question{}
	for _, q := range fw.Questions() {
		kind[q.ID] = q
	}
	names := map[string]bool{}
	ids := map[string]bool{}
	idPattern := regexp.MustCompile(`^D[0-9]{7}$`)
	inspector := regexp.MustCompile(`^Inspector [1-6]$`)
	for i := range g.Len() {
		ins := g.Inspection(i)
		if names[ins.Name] {
			t.Errorf("two inspections are called %q", ins.Name)
		}
		names[ins.Name] = true
		if len(ins.Ratings) != 3 {
			t.Errorf("%s: %d domain-one ratings, want 3", ins.Name, len(ins.Ratings))
		}
		for _, c := range ins.Cases {
			cases++
			if !idPattern.MatchString(c.ID) || ids[c.ID] {
				t.Errorf("case id %q is not a fresh D and seven digits", c.ID)
			}
			ids[c.ID] = true
			if c.Type == casework.Community {
				community++
			}
			if c.Gender == "female" {
				female++
			}
			switch c.Grade {
			case casework.PO:
				po++
			case casework.PSO:
				pso++
			}
			if c.RoSH == casework.RoSHHigh || c.RoSH == casework.RoSHVeryHigh {
				highRisk++
			}
			if c.Attributes[casework.ProbationReset] == "yes" {
				reset++
			}
			if c.Ethnicity == "" {
				unrecorded++
			}
		}
		for _, j := range ins.Judgements {
			if !inspector.MatchString(j.Inspector) || j.Note != "" {
				t.Fatalf("judgement by %q with note %q", j.Inspector, j.Note)
			}
			q := kind[j.Question]
			switch q.Kind {
			case casework.KindKey:
				k := theme[keyTheme(fw, q.ID)]
				k.Add(j.Answer)
				theme[keyTheme(fw, q.ID)] = k
			case casework.KindPrompt:
				prompts++
				if j.Answer == casework.NotApplicable {
					promptsNA++
				}
			}
		}
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	tests := []struct {
		what   string
		got    float64
		lo, hi float64
	}{
		{"community orders", share(community, cases), 0.57, 0.63},
		{"women", share(female, cases), 0.10, 0.16},
		{"probation officers", share(po, cases), 0.45, 0.60},
		{"probation services officers", share(pso, cases), 0.25, 0.40},
		{"high or very high RoSH", share(highRisk, cases), 0.25, 0.36},
		{"under Probation Reset", share(reset, cases), 0.09, 0.15},
		{"ethnicity not recorded", share(unrecorded, cases), 0.01, 0.03},
		{"prompts not applicable", share(promptsNA, prompts), 0.05, 0.20},
		{"engagement judged sufficient", theme["engagement"].Percent() / 100, 0.55, 0.70},
		{"desistance judged sufficient", theme["desistance"].Percent() / 100, 0.43, 0.58},
		{"keeping safe judged sufficient", theme["keeping safe"].Percent() / 100, 0.25, 0.40},
	}
	for _, tt := range tests {
		t.Logf("%s: %.3f", tt.what, tt.got)
		if tt.got < tt.lo || tt.got > tt.hi {
			t.Errorf("%s: %.3f, want %.2f to %.2f", tt.what, tt.got, tt.lo, tt.hi)
		}
	}
	if cases != 110*80 {
		t.Errorf("%d cases, want %d", cases, 110*80)
	}
}

func keyTheme(fw *casework.Framework, id string) string {
	for _, s := range fw.Standards {
		for _, k := range s.KeyQuestions {
			if k.ID == id {
				return k.Theme
			}
		}
	}
	return ""
}

func TestFileName(t *testing.T) {
	for name, want := range map[string]string{"Ashmere PDU": "ashmere-pdu.db", "Oakby 2 PDU": "oakby-2-pdu.db", "  Kirk & Lark PDU ": "kirk-lark-pdu.db"} {
		if got := FileName(Inspection{Inspection: casework.Inspection{Name: name}}); got != want {
			t.Errorf("FileName(%q) = %q, want %q", name, got, want)
		}
	}
}
