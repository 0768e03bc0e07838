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
			want = fmt.Sprintf(" | %d%% |", *fig.Percent) // bold (**46%**) when it drives the rating
		case fig.GroupBy == "" && q.Kind == casework.KindCase:
			want = fmt.Sprintf("(%d out of %d relevant cases)", fig.Yes, fig.Relevant)
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
		"| **Does assessment focus sufficiently on keeping other people safe?** | **19%** |",
		"| **Overall rating** | **Inadequate** |",
		"| Score | 1/21 |",
	} {
		if !strings.Contains(stdout, bold) {
			t.Errorf("report lacks %q", bold)
		}
	}
}
