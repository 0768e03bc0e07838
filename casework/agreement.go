package casework

import "sort"

// ReadTwice is one question of one case read by two inspectors: the first reading (the
// inspector who read the case) and the second (a quality lead re-reading it, "double-marking").
// Moderated is the answer settled on after a disagreement, NoAnswer until someone records one.
type ReadTwice struct {
	CaseID, Question  string
	First, Second     Answer
	FirstBy, SecondBy string
	Moderated         Answer
	ModeratedBy       string
	ModerationReason  string
}

// Agrees says whether both readings gave the same answer.
func (r ReadTwice) Agrees() bool { return r.First == r.Second }

// Counts is the answer that counts for this question of this case: the moderated one once it
// is recorded, otherwise the first reading. A second reading never counts by itself: it
// checks the first.
func (r ReadTwice) Counts() Answer {
	if r.Moderated != NoAnswer {
		return r.Moderated
	}
	return r.First
}

// Agreement is how far two readings of the same cases agree on one question, or on all key
// questions together.
type Agreement struct {
	Question string // a key question id; "" for all key questions pooled
	Cases    int    // cases with both readings of the question
	Agreed   int    // of those, cases where both readings gave the same answer
	// Kappa is Cohen's kappa; KappaDefined is false when chance agreement is certain (both
	// readers gave a single answer throughout), where kappa is 0/0.
	Kappa        float64
	KappaDefined bool
}

// Percent is the share of cases where the readings agree, 0-100; 0 when no case was read twice.
func (a Agreement) Percent() float64 {
	if a.Cases == 0 {
		return 0
	}
	return 100 * float64(a.Agreed) / float64(a.Cases)
}

// CohenKappa is Cohen's kappa for a square table of counts, rows the first reader's answers and
// columns the second's: (po - pe) / (1 - pe), where po is the share of cases on the diagonal
// and pe the share expected there by chance from the two readers' own answer rates (Cohen,
// "A coefficient of agreement for nominal scales", Educational and Psychological Measurement
// 1960; 20: 37-46). ok is false for an empty table or when pe is 1.
func CohenKappa(table [][]int) (kappa float64, ok bool) {
	n := 0
	rows := make([]int, len(table))
	cols := make([]int, len(table))
	diag := 0
	for i, row := range table {
		for j, c := range row {
			n += c
			rows[i] += c
			cols[j] += c
			if i == j {
				diag += c
			}
		}
	}
	if n == 0 {
		return 0, false
	}
	nn := float64(n)
	po := float64(diag) / nn
	pe := 0.0
	for i := range rows {
		pe += float64(rows[i]) / nn * float64(cols[i]) / nn
	}
	if pe >= 1 {
		return 0, false
	}
	return (po - pe) / (1 - pe), true
}

// table counts pairs of answers: rows the first reading, columns the second, in the order yes,
// no, n/a. A yes/no question simply leaves the n/a row and column empty.
type table [3][3]int

func (t *table) add(first, second Answer) {
	i, j := int(first)-1, int(second)-1
	if i < 0 || i > 2 || j < 0 || j > 2 {
		return
	}
	t[i][j]++
}

func (t *table) agreement(question string) Agreement {
	a := Agreement{Question: question}
	rows := make([][]int, len(t))
	for i := range t {
		rows[i] = t[i][:]
		for j := range t[i] {
			a.Cases += t[i][j]
			if i == j {
				a.Agreed += t[i][j]
			}
		}
	}
	a.Kappa, a.KappaDefined = CohenKappa(rows)
	return a
}

// AgreementReport is what double-marking found: agreement on each key question and on all key
// questions pooled, and every disagreement (on any question) for moderation.
type AgreementReport struct {
	KeyQuestions   []Agreement // in framework order, one per key question
	Overall        Agreement   // all key questions' pairs in one table
	CasesReadTwice int         // cases with at least one question read twice
	Disagreements  []ReadTwice // by case, then framework order
}

// Agreement compares the two readings. Pairs of questions the framework does not have, and
// pairs missing either reading, are left out: agreement is measured only where both
// inspectors answered.
func (f *Framework) Agreement(pairs []ReadTwice) AgreementReport {
	order := map[string]int{}
	key := map[string]bool{}
	for i, q := range f.Questions() {
		order[q.ID] = i
		key[q.ID] = q.Kind == KindKey
	}
	tables := map[string]*table{}
	var overall table
	var rep AgreementReport
	cases := map[string]bool{}
	for _, p := range pairs {
		if _, ok := order[p.Question]; !ok || p.First == NoAnswer || p.Second == NoAnswer {
			continue
		}
		cases[p.CaseID] = true
		if key[p.Question] {
			if tables[p.Question] == nil {
				tables[p.Question] = &table{}
			}
			tables[p.Question].add(p.First, p.Second)
			overall.add(p.First, p.Second)
		}
		if !p.Agrees() {
			rep.Disagreements = append(rep.Disagreements, p)
		}
	}
	for _, q := range f.Questions() {
		if q.Kind != KindKey {
			continue
		}
		t := tables[q.ID]
		if t == nil {
			t = &table{}
		}
		rep.KeyQuestions = append(rep.KeyQuestions, t.agreement(q.ID))
	}
	rep.Overall = overall.agreement("")
	rep.CasesReadTwice = len(cases)
	sort.SliceStable(rep.Disagreements, func(i, j int) bool {
		a, b := rep.Disagreements[i], rep.Disagreements[j]
		if a.CaseID != b.CaseID {
			return a.CaseID < b.CaseID
		}
		return order[a.Question] < order[b.Question]
	})
	return rep
}
