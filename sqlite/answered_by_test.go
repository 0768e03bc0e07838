package sqlite

import (
	"context"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestAnsweredByCountsCurrentAnswersPerInspector(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2", "C3")
	by := func(c, q, who string) casework.Judgement {
		x := j(c, q, casework.Yes)
		x.Inspector = who
		return x
	}
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{
		by("C1", "2.1.1", "Inspector A"), by("C1", "2.1.2", "Inspector A"), by("C1", "2.1.3", "Inspector B"),
		by("C2", "2.1.1", "Inspector B"),
	}, "test"); err != nil {
		t.Fatal(err)
	}
	// A changed answer counts for whoever gave it last.
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{{CaseID: "C1", Question: "2.1.2", Answer: casework.No, Inspector: "Inspector B"}}, "test"); err != nil {
		t.Fatal(err)
	}
	got, err := db.AnsweredBy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int{
		"C1": {"Inspector A": 1, "Inspector B": 2},
		"C2": {"Inspector B": 1},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("AnsweredBy (-want +got):\n%s", d)
	}
}
