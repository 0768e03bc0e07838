package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// inspectionOf creates an inspection of framework fw with the given cases and answers.
func inspectionOf(t *testing.T, fw *casework.Framework, cases []casework.Case, js []casework.Judgement) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Create(ctx, filepath.Join(t.TempDir(), "test.db"), casework.Inspection{Name: "Test", Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.SaveCases(ctx, cases); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveAnswers(ctx, js, "test"); err != nil {
		t.Fatal(err)
	}
	return db
}

// bothTallies returns the stored answers' plain tallies, each answer counted as given (from
// Answers, apart from the counting under test), and their applicable ones.
func bothTallies(t *testing.T, db *DB) (plain, applicable casework.Tallies) {
	t.Helper()
	stored, err := db.Answers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	plain = casework.Tallies{}
	for _, answers := range stored {
		for q, a := range answers {
			plain.Add(q, a)
		}
	}
	if applicable, err = db.Tallies(context.Background()); err != nil {
		t.Fatal(err)
	}
	return plain, applicable
}

func attrCase(id string, grade casework.Grade, attrs map[string]string) casework.Case {
	return casework.Case{ID: id, Type: casework.Licence, Grade: grade, Attributes: attrs}
}

func groupTallies(t *testing.T, gs []Group, questions ...string) map[string]map[string]casework.Tally {
	t.Helper()
	out := map[string]map[string]casework.Tally{}
	for _, g := range gs {
		out[g.Value] = map[string]casework.Tally{}
		for _, q := range questions {
			if tl, ok := g.Tallies[q]; ok {
				out[g.Value][q] = tl
			}
		}
	}
	return out
}

// Probation Reset: yes or no given to a prompt not for reset cases counts as n/a, in the totals
// and in every group; the case list's count is "2 of 3" (one case does not record it).
func TestApplicableTalliesProbationReset(t *testing.T) {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	fw.Standards[6].KeyQuestions[2].Prompts[2].NotFor = []string{casework.ProbationReset} // 2.4.3c
	db := inspectionOf(t, fw, []casework.Case{
		attrCase("R1", casework.PO, map[string]string{casework.ProbationReset: "yes"}),
		attrCase("R2", casework.PO, map[string]string{casework.ProbationReset: "no"}),
		attrCase("R3", casework.PSO, nil),
		attrCase("R4", casework.PSO, map[string]string{casework.ProbationReset: "Yes"}),
	}, []casework.Judgement{
		j("R1", "2.4.3c", casework.Yes), j("R2", "2.4.3c", casework.No), j("R3", "2.4.3c", casework.Yes), j("R4", "2.4.3c", casework.NotApplicable),
		j("R1", "2.4.3d", casework.No), j("R2", "2.4.3d", casework.Yes), j("R3", "2.4.3d", casework.Yes), j("R4", "2.4.3d", casework.No),
	})
	ctx := context.Background()

	plain, got := bothTallies(t, db)
	want := map[string]casework.Tally{
		"2.4.3c": {Yes: 1, No: 1, NotApplicable: 2}, // R1's yes leaves the denominator
		"2.4.3d": {Yes: 2, No: 2},
	}
	if diff := cmp.Diff(want, map[string]casework.Tally{"2.4.3c": got["2.4.3c"], "2.4.3d": got["2.4.3d"]}); diff != "" {
		t.Errorf("ApplicableTallies (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(casework.Tally{Yes: 2, No: 1, NotApplicable: 1}, plain["2.4.3c"]); diff != "" {
		t.Errorf("Tallies counts every stored answer as given (-want +got):\n%s", diff)
	}

	gs, err := db.GroupTallies(ctx, "grade")
	if err != nil {
		t.Fatal(err)
	}
	wantGroups := map[string]map[string]casework.Tally{
		"PO":  {"2.4.3c": {No: 1, NotApplicable: 1}, "2.4.3d": {Yes: 1, No: 1}},
		"PSO": {"2.4.3c": {Yes: 1, NotApplicable: 1}, "2.4.3d": {Yes: 1, No: 1}},
	}
	if diff := cmp.Diff(wantGroups, groupTallies(t, gs, "2.4.3c", "2.4.3d")); diff != "" {
		t.Errorf("ApplicableGroupTallies by grade (-want +got):\n%s", diff)
	}

	n, err := db.ProbationResetCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(casework.ResetCount{Reset: 2, Recorded: 3}, n); diff != "" {
		t.Errorf("ProbationResetCount (-want +got):\n%s", diff)
	}
}

// Samples: an answer to another sample's question counts as n/a, so each standard is rated from
// its own sample's cases; grouping by the sample attribute shows each sample apart.
func TestApplicableTalliesSamples(t *testing.T) {
	fw, err := casework.Builtin("crc-2018")
	if err != nil {
		t.Fatal(err)
	}
	db := inspectionOf(t, fw, []casework.Case{
		attrCase("S1", casework.PO, map[string]string{"sample": "case supervision"}),
		attrCase("U1", "", map[string]string{"sample": "unpaid work"}),
		attrCase("T1", "", map[string]string{"sample": "Through the Gate"}),
	}, []casework.Judgement{
		j("S1", "2.1.1", casework.Yes),
		j("U1", "2.1.1", casework.No), // not its sample's question
		j("U1", "3.1.1", casework.Yes),
		j("T1", "3.2.1", casework.No),
	})
	ctx := context.Background()
	got, err := db.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := casework.Tallies{"2.1.1": {Yes: 1, NotApplicable: 1}, "3.1.1": {Yes: 1}, "3.2.1": {No: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ApplicableTallies (-want +got):\n%s", diff)
	}
	gs, err := db.GroupTallies(ctx, "sample")
	if err != nil {
		t.Fatal(err)
	}
	wantGroups := map[string]map[string]casework.Tally{
		"Through the Gate": {"3.2.1": {No: 1}},
		"case supervision": {"2.1.1": {Yes: 1}},
		"unpaid work":      {"2.1.1": {NotApplicable: 1}, "3.1.1": {Yes: 1}},
	}
	if diff := cmp.Diff(wantGroups, groupTallies(t, gs, "2.1.1", "3.1.1", "3.2.1")); diff != "" {
		t.Errorf("ApplicableGroupTallies by sample (-want +got):\n%s", diff)
	}
	gs, err = db.GroupTallies(ctx, "grade")
	if err != nil {
		t.Fatal(err)
	}
	wantGrades := map[string]map[string]casework.Tally{
		"PO": {"2.1.1": {Yes: 1}},
		"":   {"2.1.1": {NotApplicable: 1}, "3.1.1": {Yes: 1}, "3.2.1": {No: 1}},
	}
	if diff := cmp.Diff(wantGrades, groupTallies(t, gs, "2.1.1", "3.1.1", "3.2.1")); diff != "" {
		t.Errorf("ApplicableGroupTallies by grade, a built-in field (-want +got):\n%s", diff)
	}
	if _, err := db.GroupTallies(ctx, "office"); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("grouping by a field the cases lack = %v, want an invalid-input error", err)
	}
}

// A framework where every question applies to every case tallies exactly as Tallies does.
func TestApplicableTalliesWithoutRules(t *testing.T) {
	db := newDB(t)
	addCases(t, db, "C1", "C2")
	ctx := context.Background()
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes), j("C2", "2.1.1", casework.No), j("C2", "2.1.3a", casework.NotApplicable)}, "test"); err != nil {
		t.Fatal(err)
	}
	plain, got := bothTallies(t, db)
	if diff := cmp.Diff(plain, got); diff != "" {
		t.Errorf("(-Tallies +ApplicableTallies):\n%s", diff)
	}
	n, err := db.ProbationResetCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != (casework.ResetCount{}) {
		t.Errorf("ProbationResetCount with no probation_reset column = %v, want 0 of 0", n)
	}
}

func TestProbationResetCountRefusesAnUnreadableValue(t *testing.T) {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	db := inspectionOf(t, fw, []casework.Case{attrCase("R1", casework.PO, map[string]string{casework.ProbationReset: "pending"})}, nil)
	_, err = db.ProbationResetCount(context.Background())
	if casework.ErrorCode(err) != casework.EINVALID || casework.ErrorHint(err) == "" {
		t.Errorf("ProbationResetCount = %v, want an invalid-input error with a hint", err)
	}
}
