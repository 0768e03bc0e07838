// Command generate builds the synthetic case data of the Bradford & Calderdale worked example:
// cases.csv (the 79 inspected cases) and judgements.csv (every question of framework pdu-2023
// answered for every case), consistent with every figure HM Inspectorate of Probation's report
// (November 2024) prints about the cases. No real person is in it.
//
// Every count is chosen here, in the tables below. The fixed-seed PCG generator only decides which
// case gets which answer, so the output is the same on every run. Before writing anything the
// program checks its own targets, each figure listed in report_figures.json, the report's worded
// claims ("two-thirds", "weaker in PQiP cases", ...) and the consistency of every case's answers,
// and exits non-zero if any is missed.
//
// Run from the repository root: go run ./examples/bradford-calderdale/generate
package main

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
)

// The sample: 49 community orders and 30 licences. Licences are weighted to high RoSH; PSOs are
// allocated low and medium RoSH work only; 30 PO, 39 PSO, 7 PQiP ("only seven cases in our sample"),
// 3 other.
var profiles = []struct {
	caseType, grade, rosh string
	n                     int
}{
	{"licence", "PO", "very high", 2}, {"licence", "PO", "high", 11}, {"licence", "PO", "medium", 3},
	{"licence", "PSO", "medium", 7}, {"licence", "PSO", "low", 3},
	{"licence", "PQiP", "high", 2}, {"licence", "PQiP", "medium", 1},
	{"licence", "other", "high", 1},
	{"community", "PO", "high", 8}, {"community", "PO", "medium", 6},
	{"community", "PSO", "medium", 17}, {"community", "PSO", "low", 12},
	{"community", "PQiP", "high", 1}, {"community", "PQiP", "medium", 2}, {"community", "PQiP", "low", 1},
	{"community", "other", "medium", 1}, {"community", "other", "low", 1},
}

type share struct {
	value string
	n     int
}

var (
	// 13 women (the report counts 11 relevant to a CRS referral), mostly on community orders.
	women = map[string]int{"community": 10, "licence": 3}
	// 26 of 79 minority ethnic (32.9%; the caseload is 32.8%).
	ethnicities = []share{{"White", 53}, {"Asian or Asian British", 18}, {"Black or Black British", 3}, {"Mixed", 4}, {"Other", 1}}
	// Two Bradford offices and Halifax, which covers Calderdale.
	offices = []share{{"Bradford Fraternal House", 32}, {"Bradford City Courts", 25}, {"Halifax", 22}}
	// "Nine out of 70 cases inspected were subject to Probation Reset": not recorded for the other 9.
	resets     = []share{{"yes", 9}, {"no", 61}, {"", 9}}
	inspectors = []share{{"Inspector A", 14}, {"Inspector B", 13}, {"Inspector C", 13}, {"Inspector D", 13}, {"Inspector E", 13}, {"Inspector F", 13}}
)

// cell is a target: yes answers among the relevant (not n/a) cases whose attribute is group.
type cell struct {
	group         string
	relevant, yes int
}

// target says how one question is answered: its cells partition the cases on attribute by
// (one cell of all 79 cases when by is "").
type target struct {
	question string
	by       string
	cells    []cell
}

func all(q string, relevant, yes int) target   { return target{q, "", []cell{{"", relevant, yes}}} }
func split(q, by string, cells ...cell) target { return target{q, by, cells} }

// byGrade is a split over PO, PSO, PQiP and other (30, 39, 7 and 3 cases).
func byGrade(q string, po, pso, pqip, other int) target {
	return split(q, "grade", cell{"PO", 30, po}, cell{"PSO", 39, pso}, cell{"PQiP", 7, pqip}, cell{"other", 3, other})
}

// The targets. Percentages the report prints are rounded halves up: 36/79 = 45.6% prints as 46%.
// Counts the report does not print are ours, chosen to look like the rest of the casework.
var targets = []target{
	// 2.1 Assessment: 46%, 56%, 19%.
	all("2.1.1", 79, 36),
	all("2.1.1a", 79, 40),
	all("2.1.1b", 79, 34), // "In 57 per cent of cases inspected, the assessment did not analyse": 45 no
	all("2.1.1c", 79, 38),
	split("2.1.2", "case_type", cell{"licence", 30, 25}, cell{"community", 49, 19}), // licence 83%
	// 83% of licences also on identifying the factors, so the report's sentence holds for either.
	split("2.1.2a", "case_type", cell{"licence", 30, 25}, cell{"community", 49, 27}),
	all("2.1.2b", 79, 36),
	all("2.1.3", 79, 15),
	// 23 of 72 = 32%, "even weaker in cases managed by PQiPs" (1 of 7).
	split("2.1.3a", "grade", cell{"PO", 29, 12}, cell{"PSO", 33, 8}, cell{"PQiP", 7, 1}, cell{"other", 3, 2}),
	all("2.1.3b", 72, 24), // "insufficient in two-thirds of the relevant cases": 48 of 72
	all("2.1.3c", 78, 39), // "In 39 out of 78 cases inspected, there was insufficient information"
	// 2.2 Planning: 35%, 48%, 27%, all below 50%.
	all("2.2.1", 79, 28),
	all("2.2.1a", 79, 31), // 39%
	all("2.2.1b", 79, 26),
	split("2.2.2", "case_type", cell{"licence", 30, 21}, cell{"community", 49, 17}),
	split("2.2.2a", "case_type", cell{"licence", 30, 21}, cell{"community", 45, 15}), // over two-thirds of licences
	all("2.2.3", 79, 21),
	split("2.2.3a", "case_type", cell{"community", 35, 14}, cell{"licence", 30, 12}), // 14 of 35 community cases
	all("2.2.3b", 70, 18),
	all("2.2.3c", 60, 20),
	// 2.3 Implementation and delivery: 53%, 37%, 23%.
	byGrade("2.3.1", 25, 11, 3, 3), // 25 of 30 PO cases, 11 of 39 PSO cases
	all("2.3.1a", 79, 60),
	all("2.3.1b", 79, 52),
	all("2.3.1c", 79, 36),
	all("2.3.1d", 40, 22),
	all("2.3.2", 79, 29),
	all("2.3.2a", 70, 26),
	byGrade("2.3.3", 14, 2, 1, 1), // "Just two out of 39 cases managed by PSOs"
	all("2.3.3a", 64, 18),
	all("2.3.3b", 66, 21),
	// 2.4 Reviewing: 51%, 41%, 28%.
	byGrade("2.4.1", 22, 12, 3, 3), // 22 of 30 PO cases, 12 of 39 PSO cases
	all("2.4.1a", 72, 36),
	all("2.4.2", 79, 32),
	all("2.4.2a", 54, 20),
	all("2.4.3", 79, 22),
	all("2.4.3a", 73, 29),
	all("2.4.3b", 70, 25),
	all("2.4.3c", 65, 24),
	all("2.4.3d", 70, 22), // "48 out of 70 relevant cases failing"
	// Case questions.
	all("oversight", 74, 8), // "insufficient, ineffective or absent in 66 of 74 relevant cases"
	// 28 of 61 not referred and should have been; of women, 8 of 11.
	split("crs_referral", "gender", cell{"female", 11, 3}, cell{"male", 50, 30}),
	all("da_information", 60, 54), // 90%
	all("practitioners", 79, 70),  // 89%
	all("outcome_no_new_offence", 79, 52),
	all("outcome_risk_work", 79, 10),
	all("outcome_compliance", 79, 41), // "just over half": 52%
}

// The report finds PSO work weaker than PO work, and trainees' work "too often of poor quality".
// Each case gets a quality drawn around its grade's level, plus a per-theme part, so a case weak on
// keeping safe tends to be weak across the keeping-safe questions.
var gradeLevel = map[string]float64{"PO": 0.6, "other": 0, "PQiP": -1.0, "PSO": -0.6}

var caseQuestionTheme = map[string]string{
	"oversight": "keeping safe", "crs_referral": "desistance", "outcome_no_new_offence": "desistance",
	"outcome_risk_work": "keeping safe", "outcome_compliance": "engagement",
	// Whether police domestic abuse information arrived, or the case changed hands, says nothing
	// about the practitioner's work: these are shuffled at random.
	"da_information": "random", "practitioners": "random",
}

var roshRank = map[string]int{"low": 0, "medium": 1, "high": 2, "very high": 3}

type kase struct {
	id, caseType, grade, rosh, gender, ethnicity, office, reset, inspector string

	quality float64
	theme   map[string]float64
	ans     map[string]string // question id: yes, no or n/a
}

func (c *kase) attr(by string) string {
	switch by {
	case "case_type":
		return c.caseType
	case "grade":
		return c.grade
	case "rosh":
		return c.rosh
	case "gender":
		return c.gender
	case "ethnicity":
		return c.ethnicity
	case "office":
		return c.office
	case "probation_reset":
		return c.reset
	}
	return ""
}

// question is one question of the framework, in framework order.
type question struct {
	id, key, theme string // key: the key question a prompt sits under ("" for a key or case question)
	notApplicable  bool   // may be answered n/a
	isKey          bool
}

type framework struct {
	questions []question
	keys      []string            // key question ids, in order
	prompts   map[string][]string // key question id: its prompts
}

func loadFramework(path string) (*framework, error) {
	var raw struct {
		Standards []struct {
			KeyQuestions []struct {
				ID, Theme string
				Prompts   []struct {
					ID            string
					NotApplicable bool `json:"not_applicable"`
				}
			} `json:"key_questions"`
		}
		CaseQuestions []struct {
			ID            string
			NotApplicable bool `json:"not_applicable"`
		} `json:"case_questions"`
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fw := &framework{prompts: map[string][]string{}}
	for _, s := range raw.Standards {
		for _, k := range s.KeyQuestions {
			fw.questions = append(fw.questions, question{id: k.ID, theme: k.Theme, isKey: true})
			fw.keys = append(fw.keys, k.ID)
			for _, p := range k.Prompts {
				fw.questions = append(fw.questions, question{id: p.ID, key: k.ID, theme: k.Theme, notApplicable: p.NotApplicable})
				fw.prompts[k.ID] = append(fw.prompts[k.ID], p.ID)
			}
		}
	}
	for _, c := range raw.CaseQuestions {
		fw.questions = append(fw.questions, question{id: c.ID, theme: caseQuestionTheme[c.ID], notApplicable: c.NotApplicable})
	}
	return fw, nil
}

type gen struct {
	rng   *rand.Rand
	fw    *framework
	cases []*kase // in case id order
}

// deal hands out values to the cases in a shuffled order.
func (g *gen) deal(shares []share, set func(*kase, string)) {
	var vals []string
	for _, s := range shares {
		for range s.n {
			vals = append(vals, s.value)
		}
	}
	g.rng.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
	for i, c := range g.cases {
		set(c, vals[i])
	}
}

func (g *gen) buildCases() {
	var cs []*kase
	for _, p := range profiles {
		for range p.n {
			cs = append(cs, &kase{caseType: p.caseType, grade: p.grade, rosh: p.rosh, gender: "male", ans: map[string]string{}})
		}
	}
	g.rng.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] }) // which id gets which profile
	for i, c := range cs {
		c.id = fmt.Sprintf("BC%03d", i+1)
		c.quality = gradeLevel[c.grade] + g.rng.NormFloat64()
		c.theme = map[string]float64{}
		for _, t := range []string{"engagement", "desistance", "keeping safe"} {
			c.theme[t] = 0.6 * g.rng.NormFloat64()
		}
	}
	g.cases = cs
	// Women are rarely assessed as high RoSH: pick them among the low and medium RoSH cases.
	for _, ct := range []string{"community", "licence"} {
		var pool []*kase
		for _, c := range cs {
			if c.caseType == ct && roshRank[c.rosh] <= 1 {
				pool = append(pool, c)
			}
		}
		g.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for _, c := range pool[:women[ct]] {
			c.gender = "female"
		}
	}
	g.deal(ethnicities, func(c *kase, v string) { c.ethnicity = v })
	g.deal(offices, func(c *kase, v string) { c.office = v })
	g.deal(resets, func(c *kase, v string) { c.reset = v })
	g.deal(inspectors, func(c *kase, v string) { c.inspector = v })
}

// lowestRisk picks n of pool, lowest RoSH first, ties shuffled: where a question does not apply it
// is usually because there is little risk (no victim, no other agency) to manage.
func (g *gen) lowestRisk(pool []*kase, n int) []*kase {
	p := slices.Clone(pool)
	g.rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
	slices.SortStableFunc(p, func(a, b *kase) int { return roshRank[a.rosh] - roshRank[b.rosh] })
	return p[:n]
}

// answer answers question q for every case, cell by cell: first the n/a cases, then "yes" for the
// best `yes` relevant cases by quality (plus a little noise), "no" for the rest. A prompt goes to
// the cases judged "yes" on its key question first, since that judgement rests on its prompts.
func (g *gen) answer(q question, t target) error {
	for _, cl := range t.cells {
		var pool []*kase
		for _, c := range g.cases {
			if c.attr(t.by) == cl.group {
				pool = append(pool, c)
			}
		}
		na := len(pool) - cl.relevant
		if na < 0 || cl.yes > cl.relevant || (na > 0 && !q.notApplicable) || (na > 0 && q.isKey) {
			return fmt.Errorf("%s %s: %d relevant of %d cases, %d yes: impossible", q.id, cl.group, cl.relevant, len(pool), cl.yes)
		}
		var naCases []*kase
		if q.key != "" && len(g.fw.prompts[q.key]) == 1 {
			// A sole prompt must agree with its key question wherever it applies, so the n/a cases
			// are taken from the key's yes and no cases in the numbers that leave `yes` yes.
			var yes, no []*kase
			for _, c := range pool {
				if c.ans[q.key] == "yes" {
					yes = append(yes, c)
				} else {
					no = append(no, c)
				}
			}
			naYes, naNo := len(yes)-cl.yes, len(no)-(cl.relevant-cl.yes)
			if naYes < 0 || naNo < 0 {
				return fmt.Errorf("%s %s: %d yes of %d relevant cannot agree with %s", q.id, cl.group, cl.yes, cl.relevant, q.key)
			}
			naCases = append(g.lowestRisk(yes, naYes), g.lowestRisk(no, naNo)...)
		} else {
			naCases = g.lowestRisk(pool, na)
		}
		for _, c := range naCases {
			c.ans[q.id] = "n/a"
		}
		type ranked struct {
			c      *kase
			keyYes bool
			score  float64
		}
		var rel []ranked
		for _, c := range pool {
			if c.ans[q.id] == "n/a" {
				continue
			}
			s := c.quality + c.theme[q.theme] + 0.5*g.rng.NormFloat64()
			if q.theme == "random" {
				s = g.rng.Float64()
			}
			rel = append(rel, ranked{c, q.key != "" && c.ans[q.key] == "yes", s})
		}
		slices.SortStableFunc(rel, func(a, b ranked) int {
			if a.keyYes != b.keyYes {
				if a.keyYes {
					return -1
				}
				return 1
			}
			return cmp.Compare(b.score, a.score)
		})
		for i, r := range rel {
			r.c.ans[q.id] = map[bool]string{true: "yes", false: "no"}[i < cl.yes]
		}
	}
	return nil
}

// contradicts reports the inconsistency a validator flags: a key question answered yes with every
// answered prompt no, or no with every answered prompt yes.
func (g *gen) contradicts(c *kase, key string) bool {
	n := map[string]int{}
	for _, p := range g.fw.prompts[key] {
		n[c.ans[p]]++
	}
	return (c.ans[key] == "yes" && n["yes"] == 0 && n["no"] > 0) || (c.ans[key] == "no" && n["no"] == 0 && n["yes"] > 0)
}

// repair removes contradictions by swapping one prompt's answers between two cases of the same
// target cell, so every count stays as set. Each swap fixes one case and breaks none.
func (g *gen) repair(key string, cellOf map[string]string) error {
	for _, c := range g.cases {
		if !g.contradicts(c, key) {
			continue
		}
		want := c.ans[key]
		other := map[string]string{"yes": "no", "no": "yes"}[want]
	prompts:
		for _, p := range g.fw.prompts[key] {
			if c.ans[p] != other {
				continue
			}
			for _, d := range g.cases {
				if d == c || d.ans[p] != want || d.attr(cellOf[p]) != c.attr(cellOf[p]) {
					continue
				}
				d.ans[p] = other
				if !g.contradicts(d, key) {
					c.ans[p] = want
					break prompts
				}
				d.ans[p] = want
			}
		}
		if g.contradicts(c, key) {
			return fmt.Errorf("%s: cannot make %s agree with its prompts", c.id, key)
		}
	}
	return nil
}

type tally struct{ yes, relevant int }

func (t tally) percent() int   { return (200*t.yes + t.relevant) / (2 * t.relevant) } // halves up
func (t tally) share() float64 { return float64(t.yes) / float64(t.relevant) }

func (g *gen) tally(q, by, group string) tally {
	var t tally
	for _, c := range g.cases {
		if c.attr(by) != group || c.ans[q] == "n/a" {
			continue
		}
		t.relevant++
		if c.ans[q] == "yes" {
			t.yes++
		}
	}
	return t
}

type figure struct {
	Quote, Question, Group string
	GroupBy                string `json:"group_by"`
	Yes, Relevant, Percent int
}

// check returns every target, figure and claim the data misses.
func (g *gen) check(figures []figure) []string {
	var bad []string
	fail := func(f string, a ...any) { bad = append(bad, fmt.Sprintf(f, a...)) }
	count := func(by, value string) (n int) {
		for _, c := range g.cases {
			if c.attr(by) == value {
				n++
			}
		}
		return n
	}
	// The cases.
	for by, want := range map[string][]share{
		"case_type":       {{"community", 49}, {"licence", 30}},
		"grade":           {{"PO", 30}, {"PSO", 39}, {"PQiP", 7}, {"other", 3}},
		"gender":          {{"female", 13}, {"male", 66}},
		"ethnicity":       {{"White", 53}},
		"probation_reset": {{"yes", 9}, {"no", 61}, {"", 9}}, // 9 of 70
	} {
		for _, s := range want {
			if n := count(by, s.value); n != s.n {
				fail("%s %q: %d cases, want %d", by, s.value, n, s.n)
			}
		}
	}
	// Every question answered; n/a only where the framework allows it.
	for _, c := range g.cases {
		for _, q := range g.fw.questions {
			a := c.ans[q.id]
			if a != "yes" && a != "no" && !(a == "n/a" && q.notApplicable) {
				fail("%s %s: answer %q not allowed", c.id, q.id, a)
			}
		}
		for _, key := range g.fw.keys {
			if g.contradicts(c, key) {
				fail("%s: %s contradicts its prompts", c.id, key)
			}
		}
	}
	for _, t := range targets {
		for _, cl := range t.cells {
			if got := g.tally(t.question, t.by, cl.group); got != (tally{cl.yes, cl.relevant}) {
				fail("%s %s: %d of %d, want %d of %d", t.question, cl.group, got.yes, got.relevant, cl.yes, cl.relevant)
			}
		}
	}
	// The figures the report prints.
	for _, f := range figures {
		got := g.tally(f.Question, f.GroupBy, f.Group)
		if got.yes != f.Yes || got.relevant != f.Relevant || (f.Percent != 0 && got.percent() != f.Percent) {
			fail("figure %s %s: data %d of %d (%d%%), listed %d of %d (%d%%): %q", f.Question, f.Group, got.yes, got.relevant, got.percent(), f.Yes, f.Relevant, f.Percent, f.Quote)
		}
	}
	// The report's worded claims.
	overall := func(q string) tally { return g.tally(q, "", "") }
	keyShares := map[string]float64{}
	for _, key := range g.fw.keys {
		keyShares[key] = overall(key).share()
		if g.tally(key, "grade", "PSO").share() >= g.tally(key, "grade", "PO").share() {
			fail("%s: PSO cases not weaker than PO cases (\"much of the work undertaken by PSOs was weaker\")", key)
		}
	}
	for _, k := range []string{"2.1.2", "2.2.2", "2.4.1"} { // "particularly in relation to licence cases"
		if g.tally(k, "case_type", "licence").share() <= g.tally(k, "case_type", "community").share() {
			fail("%s: licence cases not stronger than community cases", k)
		}
	}
	for key, s := range keyShares {
		if key != "2.1.3" && s <= keyShares["2.1.3"] {
			fail("2.1.3 is not the lowest key question (%s)", key) // "lowest number ... in all the casework"
		}
		if key != "2.1.2" && s >= keyShares["2.1.2"] {
			fail("2.1.2 is not the highest key question (%s)", key) // "highest-rated area of all the casework"
		}
	}
	for _, k := range []string{"2.2.1", "2.2.2", "2.2.3"} {
		if overall(k).share() >= 0.5 {
			fail("%s: planning not below 50 per cent", k)
		}
	}
	// Trainees' work "was too often of poor quality": below the PDU's rate over all key questions.
	var pqip, every tally
	for _, key := range g.fw.keys {
		t, a := g.tally(key, "grade", "PQiP"), overall(key)
		pqip, every = tally{pqip.yes + t.yes, pqip.relevant + t.relevant}, tally{every.yes + a.yes, every.relevant + a.relevant}
	}
	if pqip.share() >= every.share() {
		fail("PQiP cases not weaker than all cases over the key questions")
	}
	if g.tally("2.1.3a", "grade", "PQiP").share() >= overall("2.1.3a").share() {
		fail("2.1.3a: not weaker in PQiP cases")
	}
	if t := overall("2.1.3b"); 3*(t.relevant-t.yes) != 2*t.relevant {
		fail("2.1.3b: not insufficient in two-thirds of relevant cases")
	}
	if t := overall("2.1.3c"); 2*t.yes != t.relevant {
		fail("2.1.3c: not \"only half of cases had sufficient safeguarding information\"")
	}
	if t := g.tally("2.2.2a", "case_type", "licence"); 3*t.yes <= 2*t.relevant {
		fail("2.2.2a: not over two-thirds of relevant licence cases")
	}
	if p := overall("outcome_compliance").share(); p <= 0.5 || p > 0.55 {
		fail("outcome_compliance: %.1f%% is not just over half", 100*p)
	}
	if m := 1 - float64(count("ethnicity", "White"))/79; m < 0.30 || m > 0.36 {
		fail("minority ethnic share %.1f%% is not about a third", 100*m)
	}
	return bad
}

func main() {
	dir := flag.String("dir", "examples/bradford-calderdale", "where the CSVs are written and report_figures.json is read")
	fwPath := flag.String("framework", "casework/frameworks/pdu-2023.json", "the framework definition")
	flag.Parse()
	if err := run(*dir, *fwPath); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func run(dir, fwPath string) error {
	fw, err := loadFramework(fwPath)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(dir, "report_figures.json"))
	if err != nil {
		return err
	}
	var figures []figure
	if err := json.Unmarshal(b, &figures); err != nil {
		return fmt.Errorf("report_figures.json: %w", err)
	}
	g := &gen{rng: rand.New(rand.NewPCG(2024, 11)), fw: fw}
	g.buildCases()

	byID := map[string]target{}
	cellOf := map[string]string{}
	for _, t := range targets {
		byID[t.question], cellOf[t.question] = t, t.by
	}
	if len(byID) != len(fw.questions) {
		return fmt.Errorf("%d targets for %d questions", len(byID), len(fw.questions))
	}
	for _, q := range fw.questions { // framework order: a key question before its prompts
		t, ok := byID[q.id]
		if !ok {
			return fmt.Errorf("question %s has no target", q.id)
		}
		if err := g.answer(q, t); err != nil {
			return err
		}
	}
	for _, key := range fw.keys {
		if err := g.repair(key, cellOf); err != nil {
			return err
		}
	}
	if bad := g.check(figures); len(bad) > 0 {
		for _, s := range bad {
			fmt.Fprintln(os.Stderr, "missed:", s)
		}
		return fmt.Errorf("%d targets missed; nothing written", len(bad))
	}

	slices.SortFunc(g.cases, func(a, b *kase) int { return cmp.Compare(a.id, b.id) })
	cases := [][]string{{"case_id", "case_type", "grade", "rosh", "gender", "ethnicity", "office", "probation_reset"}}
	judgements := [][]string{{"case_id", "question", "answer", "inspector"}}
	for _, c := range g.cases {
		cases = append(cases, []string{c.id, c.caseType, c.grade, c.rosh, c.gender, c.ethnicity, c.office, c.reset})
		for _, q := range fw.questions {
			judgements = append(judgements, []string{c.id, q.id, c.ans[q.id], c.inspector})
		}
	}
	if err := writeCSV(filepath.Join(dir, "cases.csv"), cases); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, "judgements.csv"), judgements); err != nil {
		return err
	}
	fmt.Printf("wrote %d cases and %d judgements; %d report figures and every target check out\n", len(cases)-1, len(judgements)-1, len(figures))
	return nil
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
