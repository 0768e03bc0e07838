package workbook

import (
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/figures"

	"github.com/google/go-cmp/cmp"
)

// A youth justice inspection's Ratings sheet shows resettlement rated with no points, and says
// why; the points note counts the 12 standards that make the score out of 36.
func TestRatedButNotCounted(t *testing.T) {
	fw, err := casework.Builtin("yjs-2021")
	if err != nil {
		t.Fatal(err)
	}
	all := casework.Tallies{}
	for _, q := range fw.Questions() {
		all[q.ID] = casework.Tally{Yes: 7, No: 3} // every case standard Good
	}
	var given []casework.GivenRating
	for _, s := range fw.Standards {
		if s.RatedFrom == casework.FromInspectors {
			given = append(given, casework.GivenRating{Standard: s.ID, Rating: casework.Outstanding})
		}
	}
	fig := figures.Figures{
		Inspection: casework.Inspection{Name: "Test YJS", Framework: fw},
		Result:     fw.Rate(all, given),
		Written:    time.Date(2024, 11, 5, 10, 0, 0, 0, time.UTC),
	}
	f := open(t, fig, figures.Options{})
	pointsOf := func(id string) []string {
		r := row(t, f, "Ratings", "Standard number", id)
		return []string{r["Rating"], r["Points"], r["Maximum points"]}
	}
	got := map[string][]string{"3.4": pointsOf("3.4"), "4.1": pointsOf("4.1"), "2.1": pointsOf("2.1"), "Overall": pointsOf("Overall")}
	want := map[string][]string{
		"2.1":     {"Good", "2", "3"},
		"3.4":     {"Outstanding", "3", "3"},
		"4.1":     {"Outstanding", notApplicable, notApplicable},
		"Overall": {"Good", "29", "36"}, // five scored inspectors' standards at 3, seven case standards at 2
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rating, points, maximum points (-want +got):\n%s", diff)
	}
	lines, _ := f.GetRows("Ratings")
	said := ""
	for _, l := range lines {
		if len(l) > 0 {
			said += l[0] + "\n"
		}
	}
	for _, s := range []string{
		"Score: 29 out of 36. Overall rating: Good.",
		"4.1 Resettlement policy and provision is rated but not counted in the score: its points and maximum points are shown as [z].",
	} {
		if !strings.Contains(said, s) {
			t.Errorf("Ratings sheet does not say %q:\n%s", s, said)
		}
	}
	if got, want := notesText(t, f, notePoints), "The score is their sum over the 12 standards that count (4.1 Resettlement policy and provision: rated, not counted in the score), out of 36."; !strings.Contains(got, want) {
		t.Errorf("points note %q does not say %q", got, want)
	}
}

// A youth justice inspection's workbook speaks of court and out-of-court disposals and of a
// youth justice service, never of community orders, licences or a Probation Delivery Unit.
func TestYouthJusticeCaseTypes(t *testing.T) {
	fw, err := casework.Builtin("yjs-2021")
	if err != nil {
		t.Fatal(err)
	}
	court, outOfCourt, all := casework.Tallies{}, casework.Tallies{}, casework.Tallies{}
	for _, q := range fw.Questions() {
		court[q.ID], outOfCourt[q.ID], all[q.ID] = casework.Tally{Yes: 20, No: 10}, casework.Tally{Yes: 12, No: 8}, casework.Tally{Yes: 32, No: 18}
	}
	fig := figures.Figures{
		Inspection: casework.Inspection{Name: "Test YJS", Framework: fw},
		Result:     fw.Rate(all, nil),
		CaseTypes:  []figures.Group{{Value: "court", Cases: 30, Tallies: court}, {Value: "out-of-court", Cases: 20, Tallies: outOfCourt}},
		Written:    time.Date(2024, 11, 5, 10, 0, 0, 0, time.UTC),
	}
	f := open(t, fig, figures.Options{})
	var text strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			text.WriteString(strings.Join(r, " | ") + "\n")
		}
	}
	got := text.String()
	for _, s := range []string{"Test YJS: youth justice inspection data", "inspection of youth justice casework in Test YJS",
		"Youth justice service: Test YJS", "Cases inspected: 50, of which 30 court disposals and 20 out-of-court disposals",
		"| Court disposals | 30 | 20 | 10 |", "| Out-of-court disposals | 20 | 12 | 8 |", "for all cases, court disposals and out-of-court disposals"} {
		if !strings.Contains(got, s) {
			t.Errorf("the workbook does not say %q", s)
		}
	}
	for _, s := range []string{"ommunity order", "icences", "Probation Delivery Unit", "probation casework"} {
		if strings.Contains(got, s) {
			t.Errorf("a youth justice workbook says %q", s)
		}
	}
}
