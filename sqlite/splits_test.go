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
	for name, fw := range map[string]*casework.Framework{"published": fw, "2.4.3c not for reset cases": exempting} {
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
