// Package demo makes synthetic inspections, so anyone can try fieldwork at the scale of a whole
// programme (about 110 PDUs of 80 cases a year) without real data. Everything comes from a seed
// (math/rand/v2, PCG): the same seed gives the same inspections, and inspection i is the same
// whatever the number asked for. No real person, place or case is in it: PDU names are made up,
// case ids are D followed by digits, inspectors are "Inspector 1" to "Inspector 6".
//
// The spreads are set to look like the published reports (Bradford & Calderdale 2024, the
// Yorkshire and the Humber letter 2023): about 60% community orders; most cases medium or high
// RoSH; high-RoSH cases mostly with probation officers; engagement judged sufficient more often
// than desistance and desistance more often than keeping people safe; PDUs that differ from one
// another. Answers keep casework's rules: every key question answered yes or no, n/a only where a
// question allows it, no key question contradicted by every prompt under it, and questions that
// do not apply to a case (another sample, Probation Reset) answered n/a or left out.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"fieldwork/casework"
)

// Options says how many inspections of how many cases to make, under which framework.
type Options struct {
	Inspections int
	Cases       int // per inspection
	Seed        uint64
	Framework   *casework.Framework
}

// MaxInspections and MaxCases bound Options so every case id stays unique (D, three digits for
// the inspection, four for the case).
const (
	MaxInspections = 999
	MaxCases       = 9999
)

// Inspection is one synthetic inspection: its cases, the inspectors' answers and the ratings
// they gave to the standards rated from their judgement.
type Inspection struct {
	casework.Inspection
	Cases      []casework.Case
	Judgements []casework.Judgement
	Ratings    []casework.GivenRating
}

// Generator makes the inspections of one set of Options.
type Generator struct {
	opt     Options
	names   []string
	regions []string
}

// New checks the options and prepares the PDU names.
func New(opt Options) (*Generator, error) {
	switch {
	case opt.Framework == nil:
		return nil, casework.Errorf(casework.EINVALID, "no framework given")
	case opt.Inspections < 1 || opt.Inspections > MaxInspections:
		return nil, casework.Errorf(casework.EINVALID, "%d inspections: want 1 to %d", opt.Inspections, MaxInspections)
	case opt.Cases < 1 || opt.Cases > MaxCases:
		return nil, casework.Errorf(casework.EINVALID, "%d cases per inspection: want 1 to %d", opt.Cases, MaxCases)
	}
	g := &Generator{opt: opt}
	r := rand.New(rand.NewPCG(opt.Seed, 0))
	g.names = pduNames(r, opt.Inspections)
	for i := range regionCount {
		g.regions = append(g.regions, fmt.Sprintf("Region %c (synthetic)", 'A'+i))
	}
	return g, nil
}

// regionCount is the number of probation regions in England and Wales.
const regionCount = 12

// Made-up place-name parts; a name is one of each.
var (
	namePrefixes = []string{"Ash", "Bram", "Calder", "Dun", "Elm", "Fen", "Gorse", "Hollin", "Ivy", "Kirk", "Lark", "Marl",
		"Nettle", "Oak", "Pen", "Quarry", "Rook", "Sedge", "Thorn", "Wold", "Yarrow", "Briar", "Cress", "Heron"}
	nameSuffixes = []string{"mere", "by", "wick", "dale", "holt", "stow", "ley", "thorpe", "combe", "field", "bridge", "moor"}
)

func pduNames(r *rand.Rand, n int) []string {
	var all []string
	for _, p := range namePrefixes {
		for _, s := range nameSuffixes {
			all = append(all, p+s)
		}
	}
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	names := make([]string, n)
	for i := range names {
		// Beyond the made-up names, number them: still unique, still no real place.
		name := all[i%len(all)]
		if i >= len(all) {
			name = fmt.Sprintf("%s %d", name, i/len(all)+1)
		}
		names[i] = name + " PDU"
	}
	return names
}

// Len is the number of inspections.
func (g *Generator) Len() int { return g.opt.Inspections }

// pduQuality is how well one PDU does on each theme, and how widely its cases vary.
type pduQuality struct {
	theme map[string]float64
	cases float64
}

// Inspection makes inspection i (0-based). It depends only on the seed and i.
func (g *Generator) Inspection(i int) Inspection {
	r := rand.New(rand.NewPCG(g.opt.Seed, uint64(i)+1))
	fw := g.opt.Framework
	// Two years of weekly fieldwork starts from October 2023.
	start := time.Date(2023, 10, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(i%104))
	ins := Inspection{Inspection: casework.Inspection{
		Name:           g.names[i],
		Region:         g.regions[i%regionCount],
		FieldworkStart: start.Format(time.DateOnly),
		Framework:      fw,
	}}
	q := pduQuality{theme: map[string]float64{}, cases: 0.10 + 0.06*r.Float64()}
	for _, t := range themeMeans {
		q.theme[t.v] = clamp(t.w+0.10*r.NormFloat64(), 0.05, 0.95)
	}
	samples := fw.Samples()
	questions := fw.Questions()
	for n := range g.opt.Cases {
		c := drawCase(r, fmt.Sprintf("D%03d%04d", i+1, n+1))
		if len(samples) > 0 {
			c.Attributes[casework.SampleField] = samples[n%len(samples)]
		}
		ins.Cases = append(ins.Cases, c)
		inspector := fmt.Sprintf("Inspector %d", 1+r.IntN(6))
		for _, a := range answerCase(r, fw, questions, c, q) {
			ins.Judgements = append(ins.Judgements, casework.Judgement{CaseID: c.ID, Question: a.question, Answer: a.answer, Inspector: inspector})
		}
	}
	for _, s := range fw.Standards {
		if s.RatedFrom == casework.FromInspectors {
			ins.Ratings = append(ins.Ratings, casework.GivenRating{Standard: s.ID, Rating: pick(r, domainOneRatings)})
		}
	}
	return ins
}

// themeMeans is the share of cases judged sufficient on each theme nationally, before a PDU's
// own level: keeping people safe is the weakest in every recent report. A slice, not a map, so
// the draws come in one order.
var themeMeans = []weighted[string]{{"engagement", 0.64}, {"desistance", 0.52}, {"keeping safe", 0.36}}

// weighted is a value with its weight in a draw.
type weighted[T any] struct {
	v T
	w float64
}

func pick[T any](r *rand.Rand, ws []weighted[T]) T {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	x := r.Float64() * total
	for _, w := range ws {
		if x < w.w {
			return w.v
		}
		x -= w.w
	}
	return ws[len(ws)-1].v
}

var (
	domainOneRatings = []weighted[casework.Rating]{{casework.Inadequate, 0.25}, {casework.RequiresImprovement, 0.50}, {casework.Good, 0.22}, {casework.Outstanding, 0.03}}
	roshCommunity    = []weighted[casework.RoSH]{{casework.RoSHLow, 0.25}, {casework.RoSHMedium, 0.55}, {casework.RoSHHigh, 0.19}, {casework.RoSHVeryHigh, 0.01}}
	roshLicence      = []weighted[casework.RoSH]{{casework.RoSHLow, 0.05}, {casework.RoSHMedium, 0.50}, {casework.RoSHHigh, 0.40}, {casework.RoSHVeryHigh, 0.05}}
	gradeHighRisk    = []weighted[casework.Grade]{{casework.PO, 0.80}, {casework.PQiP, 0.10}, {casework.PSO, 0.05}, {casework.Other, 0.05}}
	gradeOther       = []weighted[casework.Grade]{{casework.PO, 0.40}, {casework.PSO, 0.42}, {casework.PQiP, 0.13}, {casework.Other, 0.05}}
	ethnicities      = []weighted[string]{{"White", 0.79}, {"Asian or Asian British", 0.08}, {"Black or Black British", 0.05}, {"Mixed", 0.04}, {"Other", 0.02}, {"", 0.02}}
)

func drawCase(r *rand.Rand, id string) casework.Case {
	c := casework.Case{ID: id, Type: casework.Community, Attributes: map[string]string{}}
	rosh := roshCommunity
	if r.Float64() >= 0.6 {
		c.Type, rosh = casework.Licence, roshLicence
	}
	c.RoSH = pick(r, rosh)
	if c.RoSH == casework.RoSHHigh || c.RoSH == casework.RoSHVeryHigh {
		c.Grade = pick(r, gradeHighRisk)
	} else {
		c.Grade = pick(r, gradeOther)
	}
	female := 0.09
	if c.Type == casework.Community {
		female = 0.16
	}
	c.Gender = "male"
	if r.Float64() < female {
		c.Gender = "female"
	}
	c.Ethnicity = pick(r, ethnicities)
	reset := "no"
	if c.RoSH != casework.RoSHVeryHigh && r.Float64() < 0.12 {
		reset = "yes"
	}
	c.Attributes[casework.ProbationReset] = reset
	return c
}

// gradeEffect and the stage effects shift a case's chance of a sufficient judgement: trainees
// and PSOs holding complex work did worse in the reports, reviewing was weakest of the stages.
var (
	gradeEffect = map[casework.Grade]float64{casework.PO: 0.05, casework.PSO: -0.08, casework.PQiP: -0.04, casework.Other: 0}
	stageEffect = []float64{0.03, -0.02, 0, -0.05} // the first to fourth case standard
)

// caseAnswers are the shares for the other case questions, by id: n/a, then yes of the rest.
var caseAnswers = map[string][2]float64{
	"oversight":              {0.06, 0.20},
	"crs_referral":           {0.45, 0.55},
	"da_information":         {0.10, 0.85},
	"practitioners":          {0, 0.87},
	"outcome_no_new_offence": {0, 0.66},
	"outcome_risk_work":      {0, 0.28},
	"outcome_compliance":     {0, 0.55},
}

type answer struct {
	question string
	answer   casework.Answer
}

func answerCase(r *rand.Rand, fw *casework.Framework, questions []casework.Question, c casework.Case, q pduQuality) []answer {
	caseLevel := q.cases * r.NormFloat64()
	applies := map[string]bool{}
	for _, qu := range questions {
		applies[qu.ID] = qu.AppliesTo(c)
	}
	var out []answer
	stage := 0
	for _, s := range fw.Standards {
		if s.RatedFrom != casework.FromCases {
			continue
		}
		shift := caseLevel + gradeEffect[c.Grade]
		if stage < len(stageEffect) {
			shift += stageEffect[stage]
		}
		stage++
		for _, k := range s.KeyQuestions {
			if !applies[k.ID] {
				continue // another sample's key question: not asked of this case
			}
			mean, ok := q.theme[k.Theme]
			if !ok {
				mean = 0.5
			}
			if k.Theme == "keeping safe" && (c.RoSH == casework.RoSHHigh || c.RoSH == casework.RoSHVeryHigh) {
				mean -= 0.05
			}
			key := yesNo(r, clamp(mean+shift, 0.02, 0.98))
			out = append(out, answer{k.ID, key})
			out = append(out, answerPrompts(r, k, c, key, applies)...)
		}
	}
	for _, cq := range fw.CaseQuestions {
		if !applies[cq.ID] {
			if cq.NotApplicable {
				out = append(out, answer{cq.ID, casework.NotApplicable})
			}
			continue
		}
		shares, ok := caseAnswers[cq.ID]
		if !ok {
			shares = [2]float64{0.10, 0.50}
		}
		if cq.NotApplicable && r.Float64() < shares[0] {
			out = append(out, answer{cq.ID, casework.NotApplicable})
			continue
		}
		out = append(out, answer{cq.ID, yesNo(r, shares[1])})
	}
	return out
}

// answerPrompts answers the prompts under one key question, mostly agreeing with it, and never
// so that every answered prompt contradicts it (a quality lead would query that).
func answerPrompts(r *rand.Rand, k casework.KeyQuestion, c casework.Case, key casework.Answer, applies map[string]bool) []answer {
	var out []answer
	var agree, disagree []int
	for _, p := range k.Prompts {
		if !applies[p.ID] {
			out = append(out, answer{p.ID, casework.NotApplicable})
			continue
		}
		if p.NotApplicable && r.Float64() < naShare(k, c) {
			out = append(out, answer{p.ID, casework.NotApplicable})
			continue
		}
		yes := 0.25
		if key == casework.Yes {
			yes = 0.85
		}
		a := yesNo(r, yes)
		if a == key {
			agree = append(agree, len(out))
		} else {
			disagree = append(disagree, len(out))
		}
		out = append(out, answer{p.ID, a})
	}
	if len(agree) == 0 && len(disagree) > 0 {
		out[disagree[r.IntN(len(disagree))]].answer = key
	}
	return out
}

// naShare is how often a prompt that allows n/a does not apply: risk prompts in low-RoSH cases
// most often.
func naShare(k casework.KeyQuestion, c casework.Case) float64 {
	if k.Theme == "keeping safe" {
		if c.RoSH == casework.RoSHLow {
			return 0.35
		}
		return 0.08
	}
	return 0.12
}

func yesNo(r *rand.Rand, p float64) casework.Answer {
	if r.Float64() < p {
		return casework.Yes
	}
	return casework.No
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

// FileName is a file name for inspection ins's own database: its name, lower case, with dashes.
func FileName(ins Inspection) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(ins.Name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-") + ".db"
}
