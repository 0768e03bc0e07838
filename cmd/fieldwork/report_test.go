package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestReportGolden(t *testing.T) {
	db, _ := wbExample(t)
	for _, format := range []string{"markdown", "text"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := wbRun(t, db, "report", "--format", format)
			if code != 0 {
				t.Fatalf("report exited %d: %s", code, stderr)
			}
			path := filepath.Join("testdata", "report-bradford."+format)
			if updateGolden() {
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if diff := cmp.Diff(string(want), stdout); diff != "" {
				t.Errorf("report differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestReportHasEveryFigure checks that the report's own sentences can be checked against the
// output: each key question's percentage in its standard's table, and each figure by grade or
// case type in the sentence of its question.
func TestReportHasEveryFigure(t *testing.T) {
	db, _ := wbExample(t)
	stdout, stderr, code := wbRun(t, db, "report")
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, stderr)
	}
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(stdout, "\n")
	checked := 0
	for _, fig := range wbFigures(t) {
		q, ok := fw.Question(fig.Question)
		if !ok {
			t.Fatalf("report figure for unknown question %s", fig.Question)
		}
		relevant := "relevant "
		if q.Kind == casework.KindKey {
			relevant = ""
		}
		var want string
		switch {
		case fig.GroupBy == "" && q.Kind == casework.KindKey && fig.Percent != nil:
			// With its Wilson interval; bold (**46% (35-57%)**) when it drives the rating.
			ci := casework.Wilson(fig.Yes, fig.Relevant, casework.DefaultConfidence)
			want = fmt.Sprintf(" | %d%% (%d-%d%%) |", *fig.Percent, casework.RoundPercent(100*ci.Low), casework.RoundPercent(100*ci.High))
		case fig.GroupBy == "" && q.Kind == casework.KindCase:
			want = fmt.Sprintf("; %d out of %d relevant cases)", fig.Yes, fig.Relevant)
		case fig.GroupBy == "grade":
			want = fmt.Sprintf("%d out of %d %scases managed by %ss", fig.Yes, fig.Relevant, relevant, fig.Group)
		case fig.GroupBy == "case_type" && fig.Group == "community":
			want = fmt.Sprintf("Yes in %d out of %d %scommunity orders", fig.Yes, fig.Relevant, relevant)
		case fig.GroupBy == "case_type" && fig.Group == "licence":
			want = fmt.Sprintf("and %d out of %d %slicences", fig.Yes, fig.Relevant, relevant)
		default:
			continue // prompts overall and splits the report does not print
		}
		checked++
		found := false
		for _, l := range lines {
			// A table row names the question's text; a sentence starts with its id.
			plain := strings.ReplaceAll(l, "**", "")
			if strings.Contains(plain, want) && (strings.HasPrefix(l, "- "+fig.Question+" ") || strings.HasPrefix(l, "| "+q.Text+" |") || strings.HasPrefix(l, "| **"+q.Text+"** |")) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s %s %s: no line has %q\nquote: %s", fig.Question, fig.GroupBy, fig.Group, want, fig.Quote)
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d figures", checked)
	}
	for _, bold := range []string{
		// 15 of 79: Wilson 95% interval 11.9% to 29.0%, worked by hand.
		"| **Does assessment focus sufficiently on keeping other people safe?** | **19% (12-29%)** |",
		"| **Overall rating** | **Inadequate** |",
		"| Score | 1/21 |",
	} {
		if !strings.Contains(stdout, bold) {
			t.Errorf("report lacks %q", bold)
		}
	}
}

// TestReportComparesGrades checks the grade sentences of the two findings the published report
// made without the relative rate index analysis: each grade against POs, with the difference in
// points and its Newcombe interval (worked by hand in casework's TestCompareGroupsBradfordGrades:
// -55 points, -70 to -32), and small groups flagged.
func TestReportComparesGrades(t *testing.T) {
	db, _ := wbExample(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"95%", nil, []string{
			"Yes in 25 out of 30 cases managed by POs (83%), compared to 11 out of 39 cases managed by PSOs (28%; difference -55 points, 95% CI -70 to -32), " +
				"3 out of 7 cases managed by PQiPs (43%; difference -40 points, 95% CI -69 to -4; too few cases to say)",
			"Yes in 22 out of 30 cases managed by POs (73%), compared to 12 out of 39 cases managed by PSOs (31%; difference -43 points, 95% CI -60 to -19)",
			"| Is the sentence or post-custody period implemented effectively with a focus on engaging the person on probation? | 53% (42-64%) |",
		}},
		// At 80% (z = 1.281552) the intervals narrow, worked by hand: Wilson 42/79 is 46.0% to
		// 60.2%; 11/39 - 25/30 has the Newcombe interval -65.9 to -40.7 points.
		{"80%", []string{"--confidence", "0.8"}, []string{
			"(28%; difference -55 points, 80% CI -66 to -41)",
			"| Is the sentence or post-custody period implemented effectively with a focus on engaging the person on probation? | 53% (46-60%) |",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := wbRun(t, db, append([]string{"report"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("report exited %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("report lacks %q", w)
				}
			}
		})
	}
	if _, stderr, code := wbRun(t, db, "report", "--confidence", "95"); code != exitUsage || !strings.Contains(stderr, "not a confidence level") {
		t.Errorf("--confidence 95: exit %d, %q", code, stderr)
	}
}
