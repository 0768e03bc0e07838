package bradfordcalderdale_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"
	bc "fieldwork/examples/bradford-calderdale"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
)

// reportPath finds the published report in shared/seeds beside the repository (or beside any
// folder above it, as in a CI checkout).
func reportPath(t *testing.T) string {
	dir := bc.Dir()
	for {
		p := filepath.Join(dir, "shared", "seeds", "bradford-calderdale-pdu-report-2024.txt")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("the published report (shared/seeds/bradford-calderdale-pdu-report-2024.txt) must be beside the repository")
		}
		dir = parent
	}
}

func build(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := bc.Build(context.Background(), filepath.Join(t.TempDir(), "bc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestReportFigures computes every figure the report prints through the store and the scoring
// code, and checks it against the report: counts where the report gives counts, the whole
// percentage where it gives a percentage.
func TestReportFigures(t *testing.T) {
	figures, err := bc.ReportFigures()
	if err != nil {
		t.Fatal(err)
	}
	if len(figures) < 40 {
		t.Fatalf("only %d figures in report_figures.json", len(figures))
	}
	report, err := os.ReadFile(reportPath(t))
	if err != nil {
		t.Fatalf("the published report is needed beside the repository: %v", err)
	}
	db := build(t)
	ctx := context.Background()
	all, err := db.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]map[string]casework.Tallies{}
	for _, f := range figures {
		t.Run(f.Question+" "+f.Group+" "+short(f.Quote), func(t *testing.T) {
			if !strings.Contains(string(report), f.Quote) {
				t.Errorf("the report does not say %q", f.Quote)
			}
			ts := all
			if f.GroupBy != "" {
				if groups[f.GroupBy] == nil {
					gs, err := db.GroupTallies(ctx, f.GroupBy)
					if err != nil {
						t.Fatal(err)
					}
					groups[f.GroupBy] = map[string]casework.Tallies{}
					for _, g := range gs {
						groups[f.GroupBy][g.Value] = g.Tallies
					}
				}
				ts = groups[f.GroupBy][f.Group]
			}
			got := ts[f.Question]
			want := [2]int{f.Yes, f.Relevant}
			if diff := cmp.Diff(want, [2]int{got.Yes, got.Relevant()}); diff != "" {
				t.Errorf("yes, relevant (-report +computed):\n%s", diff)
			}
			if f.Percent != nil {
				if p := casework.RoundPercent(got.Percent()); p != *f.Percent {
					t.Errorf("computed %d%% (%d of %d); the report prints %d%%", p, got.Yes, got.Relevant(), *f.Percent)
				}
			}
		})
	}
}

func short(s string) string {
	s = strings.Fields(s + " x")[0]
	if len(s) > 20 {
		s = s[:20]
	}
	return s
}

// TestReportRatings checks the ratings table the report prints on its ratings page.
func TestReportRatings(t *testing.T) {
	db := build(t)
	ctx := context.Background()
	ins, err := db.Inspection(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Result(ctx, ins.Framework)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"score": fmt.Sprintf("%d/%d", res.Score, res.MaxScore), "overall": res.Overall.String()}
	for _, s := range res.Standards {
		got[s.ID+" "+s.Name] = s.Rating.String()
	}
	// "Score 1/21 ... Overall rating Inadequate"; 1.1, 1.2 Inadequate; 1.3 Requires improvement;
	// 2.1-2.4 Inadequate.
	want := map[string]string{
		"score": "1/21", "overall": "Inadequate",
		"1.1 Leadership": "Inadequate", "1.2 Staffing": "Inadequate", "1.3 Services": "Requires improvement",
		"2.1 Assessment": "Inadequate", "2.2 Planning": "Inadequate", "2.3 Implementation and delivery": "Inadequate", "2.4 Reviewing": "Inadequate",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ratings (-report +computed):\n%s", diff)
	}
	// "driven by the lowest score": the report's tables show keeping other people safe lowest in
	// every case standard.
	for _, s := range res.Standards {
		if s.RatedFrom == casework.FromCases && !strings.HasSuffix(s.Driving, ".3") {
			t.Errorf("%s is driven by %s; the report's lowest key question is keeping other people safe", s.ID, s.Driving)
		}
	}
	if s := res.Standards[2]; s.Departure == nil || !strings.Contains(s.Departure.Reason, "Decision guidance") {
		t.Errorf("1.3 Services carries no departure reason: %+v", s.Departure)
	}
}

// TestSampleProfile checks the sample the report describes: "We inspected 49 community orders
// and 30 releases on licence"; "30 cases managed by POs", "39 cases managed by PSOs"; "only seven
// cases in our sample" were PQiPs; "Nine out of 70 cases inspected were subject to Probation Reset".
func TestSampleProfile(t *testing.T) {
	db := build(t)
	ctx := context.Background()
	count := func(field string) map[string]int {
		gs, err := db.GroupTallies(ctx, field)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, g := range gs {
			m[g.Value] = g.Cases
		}
		return m
	}
	got := map[string]int{}
	for k, v := range count("case_type") {
		got["case_type "+k] = v
	}
	for k, v := range count("grade") {
		got["grade "+k] = v
	}
	for k, v := range count("probation_reset") {
		got["probation_reset "+k] = v
	}
	want := map[string]int{
		"case_type community": 49, "case_type licence": 30,
		"grade PO": 30, "grade PSO": 39, "grade PQiP": 7, "grade other": 3,
		"probation_reset yes": 9, "probation_reset no": 61, "probation_reset ": 9,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-report +data):\n%s", diff)
	}
}
