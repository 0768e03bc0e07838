package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"fieldwork/casework"
	bc "fieldwork/examples/bradford-calderdale"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
)

// TestSplitTalliesAgreesWithGroupTallies splits the Bradford & Calderdale answers by every
// built-in field and two attributes in one pass and checks each split against GroupTallies,
// with the published framework and with one whose prompt 2.4.3c is not for Probation Reset
// cases (their yes or no then counts as not applicable).
func TestSplitTalliesAgreesWithGroupTallies(t *testing.T) {
	ctx := context.Background()
	for name, fw := range splitFrameworks(t) {
		t.Run(name, func(t *testing.T) {
			db := splitExample(t, fw)
			fields := append(append([]string{}, casework.CaseFields...), "office", "probation_reset")
			got, err := db.SplitTallies(ctx, fields)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fields {
				want, err := db.GroupTallies(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got[f]); diff != "" {
					t.Errorf("split by %s (-GroupTallies +SplitTallies):\n%s", f, diff)
				}
			}
			if _, err := db.SplitTallies(ctx, []string{"grade", "shoe_size"}); casework.ErrorCode(err) != casework.EINVALID {
				t.Errorf("an unknown field: error %v, want EINVALID", err)
			}
		})
	}
}

// TestTalliesCountEachAnswerAsItsCase checks Tallies, GroupTallies and SplitTallies against a
// count made here from the stored cases and answers, each answer counted as
// casework.Question.Counted says for its case, with the frameworks of the test above.
func TestTalliesCountEachAnswerAsItsCase(t *testing.T) {
	ctx := context.Background()
	for name, fw := range splitFrameworks(t) {
		t.Run(name, func(t *testing.T) {
			db := splitExample(t, fw)
			fields := append(append([]string{}, casework.CaseFields...), "office", "probation_reset")
			cases, err := db.Cases(ctx)
			if err != nil {
				t.Fatal(err)
			}
			answers, err := db.Answers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			questions := map[string]casework.Question{}
			for _, q := range fw.Questions() {
				questions[q.ID] = q
			}
			whole := casework.Tallies{}
			want := map[string][]sqlite.Group{}
			for _, f := range fields {
				byValue := map[string]*sqlite.Group{}
				for _, c := range cases {
					v := c.Field(f)
					if byValue[v] == nil {
						byValue[v] = &sqlite.Group{Value: v, Tallies: casework.Tallies{}}
					}
					g := byValue[v]
					g.Cases++
					for q, a := range answers[c.ID] {
						g.Tallies.Add(q, questions[q].Counted(c, a))
					}
				}
				var values []string
				for v := range byValue {
					values = append(values, v)
				}
				casework.GroupOrder(f, values)
				for _, v := range values {
					want[f] = append(want[f], *byValue[v])
				}
			}
			for _, c := range cases {
				for q, a := range answers[c.ID] {
					whole.Add(q, questions[q].Counted(c, a))
				}
			}

			got, err := db.Tallies(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(whole, got); diff != "" {
				t.Errorf("Tallies (-counted here +got):\n%s", diff)
			}
			split, err := db.SplitTallies(ctx, fields)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, split); diff != "" {
				t.Errorf("SplitTallies (-counted here +got):\n%s", diff)
			}
			for _, f := range fields {
				gs, err := db.GroupTallies(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want[f], gs); diff != "" {
					t.Errorf("GroupTallies(%s) (-counted here +got):\n%s", f, diff)
				}
			}
		})
	}
}

// splitFrameworks are the published pdu-2023 and one whose prompt 2.4.3c is not for Probation
// Reset cases.
func splitFrameworks(t *testing.T) map[string]*casework.Framework {
	t.Helper()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	exempting, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	exempting.Standards[6].KeyQuestions[2].Prompts[2].NotFor = []string{casework.ProbationReset}
	if id := exempting.Standards[6].KeyQuestions[2].Prompts[2].ID; id != "2.4.3c" {
		t.Fatalf("prompt %s, want 2.4.3c", id)
	}
	return map[string]*casework.Framework{"published": fw, "2.4.3c not for reset cases": exempting}
}

// splitExample loads the Bradford & Calderdale cases and judgements under framework fw.
func splitExample(t *testing.T, fw *casework.Framework) *sqlite.DB {
	t.Helper()
	db, err := bc.BuildWith(context.Background(), filepath.Join(t.TempDir(), "bc.db"), bc.Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A split names a field the cases have; no name at all is not the whole inspection.
func TestSplitsRefuseFieldsTheCasesLack(t *testing.T) {
	ctx := context.Background()
	db := splitExample(t, splitFrameworks(t)["published"])
	for _, tt := range []struct {
		name  string
		split func() error
	}{
		{"GroupTallies with no field", func() error { _, err := db.GroupTallies(ctx, ""); return err }},
		{"GroupTallies by a field the cases lack", func() error { _, err := db.GroupTallies(ctx, "shoe_size"); return err }},
		{"SplitTallies with no field among others", func() error { _, err := db.SplitTallies(ctx, []string{"grade", ""}); return err }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(casework.EINVALID, casework.ErrorCode(tt.split())); diff != "" {
				t.Errorf("error code (-want +got):\n%s", diff)
			}
		})
	}
}
