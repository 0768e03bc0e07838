package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The domain says what an error needs; the command line words the hint for the command that
// failed: the flag it takes, or the column of the file it read.
func TestHintsWordedForTheCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	noReason := write("ratings.csv", "standard,rating\n1.1,Good\n2.4,Good\n")
	blankReason := write("reasons.csv", "standard,rating,reason\noverall,Good,\n")
	badFramework := write("mine.json", `{"id": "mine"}`)
	for _, args := range [][]string{{"init", "--name", "Test PDU"}, {"cases", "import", "../../examples/bradford-calderdale/cases.csv"}} {
		if code, _, stderr := runIn(t, dir, args...); code != 0 {
			t.Fatal(stderr)
		}
	}
	tests := []struct {
		name string
		args []string
		hint string
	}{
		{"rate a case standard", []string{"rate", "2.4=Requires improvement"}, `add --reason "why the inspectors depart from the data"`},
		{"rate overall", []string{"rate", "overall=Good"}, `add --reason "why the inspectors depart from the score"`},
		{"rate --file without a reason column", []string{"rate", "--file", noReason},
			"give 2.4 its reason in the file's reason column (the columns are standard, rating, reason)"},
		{"rate --file with a blank reason", []string{"rate", "--file", blankReason},
			"give overall its reason in the file's reason column (the columns are standard, rating, reason)"},
		{"rate a standard the framework lacks", []string{"rate", "9.9=Good"}, "`fieldwork framework show pdu-2023` lists its standards"},
		{"compare with a group not there", []string{"compare-groups", "--by", "grade", "--reference", "SPO"}, "choose --reference from the groups listed"},
		{"show a framework not built in", []string{"framework", "show", "nope"}, "`fieldwork framework list` shows the built-in frameworks"},
		{"show a framework file that is not complete", []string{"framework", "show", badFramework},
			"fix the framework file; `fieldwork framework export pdu-2023` shows a valid one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runIn(t, dir, tt.args...)
			if code == 0 {
				t.Fatalf("fieldwork %s succeeded; want it refused", strings.Join(tt.args, " "))
			}
			var hints []string
			for _, line := range strings.Split(stderr, "\n") {
				if h, ok := strings.CutPrefix(line, "hint: "); ok {
					hints = append(hints, h)
				}
			}
			if diff := cmp.Diff([]string{tt.hint}, hints); diff != "" {
				t.Errorf("fieldwork %s: hints (-want +got):\n%s\nstderr:\n%s", strings.Join(tt.args, " "), diff, stderr)
			}
		})
	}
}
