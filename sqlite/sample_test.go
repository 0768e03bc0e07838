package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func drawnCase(id string, typ casework.CaseType, stratum string, order int, status string) SampledCase {
	return SampledCase{
		Case:    casework.Case{ID: id, Type: typ, RoSH: casework.RoSHHigh, Gender: "Male", Attributes: map[string]string{"office": "Halifax", "commenced": "2024-01-22"}},
		Stratum: stratum, DrawOrder: order, Status: status,
	}
}

func testSample() DrawnSample {
	return DrawnSample{
		Design: SampleDesign{
			Extract: "extract.csv", ExtractSHA256: "abc", Windows: []string{"2024-01-22:2024-01-28", "2024-03-04:2024-03-10"},
			CaseTypes: []string{"community", "licence"}, Exclusions: []string{"status=transferred out", "exclusions.csv"},
			StratifyBy: []string{"case_type", "rosh", "gender"}, MinPerType: []string{"licence=1"},
			Seed: 18446744073709551615, Size: 3, Population: 9, Confidence: 0.8, Proportion: 0.5, TargetMargin: 0.1, Margin: 0.25, Reserve: 2,
		},
		Strata: []SampleStratum{{Key: "community / high / Male", Population: 6, Share: 2, Allocated: 2}, {Key: "licence / high / Male", Population: 3, Share: 1, Allocated: 1}},
		Cases: []SampledCase{
			drawnCase("C1", casework.Community, "community / high / Male", 1, Sampled),
			drawnCase("C2", casework.Community, "community / high / Male", 2, Sampled),
			drawnCase("C3", casework.Community, "community / high / Male", 3, Reserve),
			drawnCase("C4", casework.Community, "community / high / Male", 4, Reserve),
			drawnCase("L1", casework.Licence, "licence / high / Male", 1, Sampled),
			drawnCase("L2", casework.Licence, "licence / high / Male", 2, Reserve),
		},
		Exclusions: []SampleExclusion{{CaseID: "C9", Reason: "status=transferred out", Where: "extract.csv line 9"}},
		Profile: map[string]map[string]int{
			"case_type": {"community": 6, "licence": 3},
			"grade":     {"": 9},
			"gender":    {"Male": 9},
		},
	}
}

func caseIDs(t *testing.T, db *DB) []string {
	t.Helper()
	cs, err := db.Cases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestSaveSampleRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if _, drawn, err := db.PopulationProfile(ctx, "case_type"); drawn || err != nil {
		t.Fatalf("before drawing: drawn %v, err %v; want false, nil", drawn, err)
	}
	want := testSample()
	if err := db.SaveSample(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.Sample(ctx)
	if err != nil || !ok {
		t.Fatalf("Sample: ok %v, err %v", ok, err)
	}
	for i := range want.Cases {
		want.Cases[i].ChangedAt = got.Cases[i].ChangedAt
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(SampleDesign{}, "DrawnAt")); diff != "" {
		t.Errorf("read back (-saved +read):\n%s", diff)
	}
	if got.Design.DrawnAt.IsZero() {
		t.Error("no drawing time recorded")
	}
	if diff := cmp.Diff([]string{"C1", "C2", "L1"}, caseIDs(t, db)); diff != "" {
		t.Errorf("inspection's cases (-want +got):\n%s", diff)
	}
	c, err := db.Case(ctx, "C2")
	if err != nil {
		t.Fatal(err)
	}
	wantAttrs := map[string]string{"office": "Halifax", "commenced": "2024-01-22", "stratum": "community / high / Male", "draw_order": "2"}
	if diff := cmp.Diff(wantAttrs, c.Attributes); diff != "" {
		t.Errorf("C2's attributes (-want +got):\n%s", diff)
	}
	counts, drawn, err := db.PopulationProfile(ctx, "case_type")
	if err != nil || !drawn {
		t.Fatalf("PopulationProfile: drawn %v, err %v", drawn, err)
	}
	if diff := cmp.Diff(map[string]int{"community": 6, "licence": 3}, counts); diff != "" {
		t.Errorf("case_type profile (-want +got):\n%s", diff)
	}
	if counts, _, _ := db.PopulationProfile(ctx, "grade"); !cmp.Equal(map[string]int{"": 9}, counts) {
		t.Errorf("grade profile %v, want not recorded 9", counts)
	}
	if _, drawn, err := db.PopulationProfile(ctx, "postcode"); !drawn || casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("unknown field: drawn %v, err %v; want true and not found", drawn, err)
	}
}

func TestSaveSampleRefuses(t *testing.T) {
	ctx := context.Background()
	t.Run("a second draw", func(t *testing.T) {
		db := newDB(t)
		if err := db.SaveSample(ctx, testSample()); err != nil {
			t.Fatal(err)
		}
		err := db.SaveSample(ctx, testSample())
		if casework.ErrorCode(err) != casework.ECONFLICT || !strings.Contains(err.Error(), "sample was drawn already") {
			t.Errorf("error %v, want a conflict", err)
		}
	})
	t.Run("cases imported by hand", func(t *testing.T) {
		db := newDB(t)
		addCases(t, db, "X1")
		err := db.SaveSample(ctx, testSample())
		if casework.ErrorCode(err) != casework.ECONFLICT || !strings.Contains(err.Error(), "already has 1 cases") {
			t.Errorf("error %v, want a conflict", err)
		}
	})
	t.Run("all or nothing", func(t *testing.T) {
		db := newDB(t)
		s := testSample()
		s.Cases[4].Stratum = "no such stratum" // the foreign key fails after most rows are in
		if err := db.SaveSample(ctx, s); err == nil {
			t.Fatal("saved a case in an unknown stratum")
		}
		if _, ok, _ := db.Sample(ctx); ok || len(caseIDs(t, db)) != 0 {
			t.Errorf("a failed save left a sample (%v) or cases (%v)", ok, caseIDs(t, db))
		}
	})
}

func TestReplaceSampledCase(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if _, err := db.ReplaceSampledCase(ctx, "C1", "moved"); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("before drawing: %v, want not found", err)
	}
	if err := db.SaveSample(ctx, testSample()); err != nil {
		t.Fatal(err)
	}
	got, err := db.ReplaceSampledCase(ctx, "C2", "  transferred   out ")
	if err != nil {
		t.Fatal(err)
	}
	if got.Case.ID != "C3" || got.Stratum != "community / high / Male" || got.DrawOrder != 3 || got.Case.Type != casework.Community {
		t.Errorf("replacement %+v, want C3, the first reserve of the same stratum", got)
	}
	if diff := cmp.Diff([]string{"C1", "L1", "C3"}, caseIDs(t, db)); diff != "" {
		t.Errorf("inspection's cases after replacing C2 (-want +got):\n%s", diff)
	}
	c3, _ := db.Case(ctx, "C3")
	if c3.Attributes["draw_order"] != "3" || c3.Attributes["stratum"] != "community / high / Male" || c3.Attributes["office"] != "Halifax" {
		t.Errorf("C3's attributes %v", c3.Attributes)
	}
	s, _, _ := db.Sample(ctx)
	status := map[string]string{}
	for _, c := range s.Cases {
		status[c.Case.ID] = c.Status
		if c.Case.ID == "C2" && (c.Reason != "transferred out" || c.ReplacedBy != "C3") {
			t.Errorf("C2 logged with reason %q, replaced by %q", c.Reason, c.ReplacedBy)
		}
	}
	if diff := cmp.Diff(map[string]string{"C1": Sampled, "C2": Replaced, "C3": Sampled, "C4": Reserve, "L1": Sampled, "L2": Reserve}, status); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}

	// C4 is the next reserve; after it the stratum has none.
	if got, err := db.ReplaceSampledCase(ctx, "C3", "deceased"); err != nil || got.Case.ID != "C4" {
		t.Fatalf("second replacement %+v, %v; want C4", got, err)
	}
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("L1", "2.1.1", casework.Yes)}, "test"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, id, reason, code, msg string
	}{
		{"no reason", "C1", " ", casework.EINVALID, "a replacement needs a reason"},
		{"a replaced case never returns", "C2", "again", casework.ECONFLICT, "C2 was replaced already, by C3"},
		{"a reserve", "L2", "x", casework.EINVALID, "L2 is a reserve of stratum licence / high / Male, not in the sample"},
		{"not drawn", "Z1", "x", casework.ENOTFOUND, "Z1 was not drawn for this inspection's sample"},
		{"no reserve left", "C1", "x", casework.ECONFLICT, "stratum community / high / Male has no reserve left to replace C1"},
		{"answers recorded", "L1", "x", casework.ECONFLICT, "L1 has answers recorded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := caseIDs(t, db)
			_, err := db.ReplaceSampledCase(ctx, tt.id, tt.reason)
			if casework.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v (code %s), want %s containing %q", err, casework.ErrorCode(err), tt.code, tt.msg)
			}
			if diff := cmp.Diff(before, caseIDs(t, db)); diff != "" {
				t.Errorf("a refused replacement changed the cases (-before +after):\n%s", diff)
			}
		})
	}
}

// A database written before sampling (schema version 1) is brought forward on opening, its
// cases kept, with the sample tables of version 2 added exactly as a new database has them.
func TestMigrateVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	oldDatabase(t, path, 1)

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	db.sql.QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion {
		t.Errorf("user_version %d after opening, want %d", v, SchemaVersion)
	}
	if diff := cmp.Diff([]string{"OLD1"}, caseIDs(t, db)); diff != "" {
		t.Errorf("cases after migrating (-want +got):\n%s", diff)
	}
	if _, drawn, err := db.PopulationProfile(ctx, "case_type"); drawn || err != nil {
		t.Errorf("migrated database: drawn %v, err %v; want false, nil", drawn, err)
	}
	fresh := newDB(t)
	if diff := cmp.Diff(tableSQL(t, fresh), tableSQL(t, db)); diff != "" {
		t.Errorf("migrated schema differs from a new one (-new +migrated):\n%s", diff)
	}
}

func tableSQL(t *testing.T, db *DB) map[string]string {
	t.Helper()
	rows, err := db.sql.Query(`SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, s string
		if err := rows.Scan(&name, &s); err != nil {
			t.Fatal(err)
		}
		out[name] = s
	}
	return out
}
