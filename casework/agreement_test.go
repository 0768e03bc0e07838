package casework

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Cohen J. Weighted kappa: nominal scale agreement with provision for scaled disagreement or
// partial credit. Psychological Bulletin 1968; 70: 213-220, Table 1: two judges assign 200
// cases to three diagnoses; the observed proportions are .44 .07 .09 / .05 .20 .05 /
// .01 .03 .06, and Cohen reports the unweighted kappa as .492 (po = .70, pc = .41).
func TestCohenKappaCohen1968(t *testing.T) {
	counts := [][]int{
		{88, 14, 18},
		{10, 40, 10},
		{2, 6, 12},
	}
	k, ok := CohenKappa(counts)
	if !ok {
		t.Fatal("kappa undefined")
	}
	if got := math.Round(k*1000) / 1000; got != 0.492 {
		t.Errorf("kappa = %.4f, Cohen reports .492", k)
	}
}

func TestCohenKappaEdges(t *testing.T) {
	tests := []struct {
		name   string
		table  [][]int
		want   float64
		wantOK bool
	}{
		// Worked by hand: po = 8/10; both readers say yes 7 times in 10, so
		// pe = .7*.7 + .3*.3 = .58 and kappa = (.8 - .58) / (1 - .58) = .5238.
		{"two by two", [][]int{{6, 1}, {1, 2}}, 0.5238, true},
		{"perfect agreement", [][]int{{5, 0}, {0, 5}}, 1, true},
		// Every answer the opposite of the other reader's, with both rates one half:
		// po = 0, pe = .5, kappa = -1.
		{"perfect disagreement", [][]int{{0, 5}, {5, 0}}, -1, true},
		{"both readers always yes: chance agreement is certain", [][]int{{9, 0}, {0, 0}}, 0, false},
		{"nothing read twice", [][]int{{0, 0}, {0, 0}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, ok := CohenKappa(tt.table)
			if ok != tt.wantOK || math.Abs(k-tt.want) > 5e-5 {
				t.Errorf("CohenKappa = %.4f, %v; want %.4f, %v", k, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestAgreementReport(t *testing.T) {
	fw, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	pair := func(c, q string, a, b Answer) ReadTwice {
		return ReadTwice{CaseID: c, Question: q, First: a, Second: b}
	}
	// 2.1.1 on ten cases is the hand-worked two-by-two above (6 yes/yes, 1 yes/no, 1 no/yes,
	// 2 no/no); 2.1.2 on two cases agrees once; a prompt disagreement is listed but not counted
	// in key-question agreement; a pair missing a reading and an unknown question are left out.
	var pairs []ReadTwice
	for i, ab := range [][2]Answer{{Yes, Yes}, {Yes, Yes}, {Yes, Yes}, {Yes, Yes}, {Yes, Yes}, {Yes, Yes}, {Yes, No}, {No, Yes}, {No, No}, {No, No}} {
		pairs = append(pairs, pair(string(rune('A'+i)), "2.1.1", ab[0], ab[1]))
	}
	pairs = append(pairs,
		pair("B", "2.1.2", No, Yes),
		pair("A", "2.1.2", Yes, Yes),
		pair("A", "2.1.3c", NotApplicable, No),
		pair("K", "2.1.1", Yes, NoAnswer),
		pair("A", "9.9.9", Yes, No),
	)
	rep := fw.Agreement(pairs)

	if rep.CasesReadTwice != 10 {
		t.Errorf("cases read twice = %d, want 10", rep.CasesReadTwice)
	}
	if len(rep.KeyQuestions) != 12 {
		t.Fatalf("%d key questions, want the 12 of pdu-2023", len(rep.KeyQuestions))
	}
	round := func(a Agreement) Agreement { a.Kappa = math.Round(a.Kappa*10000) / 10000; return a }
	got := []Agreement{round(rep.KeyQuestions[0]), round(rep.KeyQuestions[1]), round(rep.KeyQuestions[2])}
	// Pooled: 12 pairs, 9 agree; first reader yes 8 of 12, second yes 9 of 12:
	// pe = 8/12*9/12 + 4/12*3/12 = 84/144, kappa = (108/144 - 84/144) / (60/144) = .4.
	want := []Agreement{
		{Question: "2.1.1", Cases: 10, Agreed: 8, Kappa: 0.5238, KappaDefined: true},
		{Question: "2.1.2", Cases: 2, Agreed: 1, Kappa: 0, KappaDefined: true},
		{Question: "2.1.3", Cases: 0, Agreed: 0, Kappa: 0, KappaDefined: false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("key questions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Agreement{Cases: 12, Agreed: 9, Kappa: 0.4, KappaDefined: true}, round(rep.Overall)); diff != "" {
		t.Errorf("overall (-want +got):\n%s", diff)
	}
	var disagreements []string
	for _, d := range rep.Disagreements {
		disagreements = append(disagreements, d.CaseID+" "+d.Question)
	}
	if diff := cmp.Diff([]string{"A 2.1.3c", "B 2.1.2", "G 2.1.1", "H 2.1.1"}, disagreements); diff != "" {
		t.Errorf("disagreements (-want +got):\n%s", diff)
	}
	if p := rep.KeyQuestions[0].Percent(); p != 80 {
		t.Errorf("2.1.1 agreement = %v%%, want 80%%", p)
	}
}

func TestReadTwiceCounts(t *testing.T) {
	r := ReadTwice{First: Yes, Second: No}
	if r.Counts() != Yes {
		t.Errorf("unmoderated: counts %v, want the first reading", r.Counts())
	}
	r.Moderated = No
	if r.Counts() != No {
		t.Errorf("moderated: counts %v, want the moderated answer", r.Counts())
	}
}
