package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// offline makes a copy of db for offline work and opens it, on the same clock.
func offline(t *testing.T, db *DB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "laptop.db")
	if _, err := db.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	cp, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	cp.Now = db.Now
	t.Cleanup(func() { cp.Close() })
	return cp, path
}

func save(t *testing.T, db *DB, by string, js ...casework.Judgement) {
	t.Helper()
	for i := range js {
		js[i].Inspector = by
	}
	if _, err := db.SaveAnswers(context.Background(), js, "judge"); err != nil {
		t.Fatal(err)
	}
}

func answersOf(t *testing.T, db *DB) map[string]map[string]casework.Answer {
	t.Helper()
	a, err := db.Answers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func historyRows(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow(`SELECT count(*) FROM answer_changes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

type conflictLine struct{ Reading, Case, Question, Here, Copy, Settled string }

func conflictLines(cs []MergeConflict) []conflictLine {
	var out []conflictLine
	for _, c := range cs {
		out = append(out, conflictLine{c.Reading, c.CaseID, c.Question, c.Here.String(), c.Copy.String(), c.Settled})
	}
	return out
}

func TestMergeBringsBackWhatChangedOffline(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2", "C3")
	save(t, db, "Inspector A", j("C1", "2.1.1", casework.Yes), j("C1", "2.1.2", casework.Yes), j("C1", "2.1.3", casework.Yes), j("C2", "2.1.1", casework.Yes))
	cp, path := offline(t, db)

	// Offline, in the copy.
	save(t, cp, "Inspector B",
		j("C2", "2.2.1", casework.No),  // new: added
		j("C1", "2.1.1", casework.No),  // changed only in the copy: taken
		j("C1", "2.1.3", casework.No),  // changed in the copy; here changed and changed back: taken
		j("C2", "2.1.1", casework.No),  // changed on both sides alike: already here
		j("C3", "2.1.1", casework.Yes), // added on both sides differently: a conflict
	)
	if _, err := cp.SaveSecondReading(ctx, []casework.Judgement{second("C1", "2.1.2", casework.No)}, "judge"); err != nil {
		t.Fatal(err)
	}
	// Meanwhile, here.
	save(t, db, "Inspector A",
		j("C1", "2.1.2", casework.No), // changed only here: kept
		j("C1", "2.1.3", casework.No),
		j("C2", "2.1.1", casework.No),
		j("C3", "2.1.1", casework.No),
	)
	// What counts is the value, not how it got there: here is back at the base.
	save(t, db, "Inspector A", j("C1", "2.1.3", casework.Yes))

	m, err := db.Merge(ctx, path, Resolve{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(AnswerImport{Added: 1, Changed: 2, Unchanged: 1}, m.First); diff != "" {
		t.Errorf("first reading (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(AnswerImport{Added: 1}, m.Second); diff != "" {
		t.Errorf("second reading (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]conflictLine{{FirstReading, "C3", "2.1.1", "no", "yes", ""}}, conflictLines(m.Conflicts)); diff != "" {
		t.Errorf("conflicts (-want +got):\n%s", diff)
	}
	want := map[string]map[string]casework.Answer{
		"C1": {"2.1.1": casework.No, "2.1.2": casework.No, "2.1.3": casework.No},
		"C2": {"2.1.1": casework.No, "2.2.1": casework.No},
		"C3": {"2.1.1": casework.No},
	}
	if diff := cmp.Diff(want, answersOf(t, db)); diff != "" {
		t.Errorf("answers after merging (-want +got):\n%s", diff)
	}
	if pairs, _ := db.ReadTwice(ctx); len(pairs) != 1 || pairs[0].Second != casework.No || pairs[0].SecondBy != "Quality Lead" {
		t.Errorf("second readings after merging: %+v", pairs)
	}

	// Merging twice changes nothing, and lists the same conflict.
	before := historyRows(t, db)
	again, err := db.Merge(ctx, path, Resolve{})
	if err != nil {
		t.Fatal(err)
	}
	if again.First != (AnswerImport{}) || again.Second != (AnswerImport{}) || len(again.Conflicts) != 1 {
		t.Errorf("second merge: %+v", again)
	}
	if diff := cmp.Diff(want, answersOf(t, db)); diff != "" {
		t.Errorf("answers after merging twice (-want +got):\n%s", diff)
	}
	if historyRows(t, db) != before {
		t.Errorf("merging twice added %d history rows", historyRows(t, db)-before)
	}

	// Changing here an answer the copy brought is not a conflict at the next merge.
	save(t, db, "Inspector A", j("C1", "2.1.1", casework.Yes))
	if m, err := db.Merge(ctx, path, Resolve{}); err != nil || m.First != (AnswerImport{}) || len(m.Conflicts) != 1 {
		t.Errorf("merge after changing a merged answer here: %+v, %v", m, err)
	}
}

func TestMergeConflictsAreSettledByAPerson(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		settle  func(t *testing.T, db *DB) Resolve
		settled string
		want    casework.Answer
	}{
		{"keep this database's answer", func(*testing.T, *DB) Resolve { return Resolve{Side: "here"} }, "kept this database's answer", casework.No},
		{"take the copy's answer", func(*testing.T, *DB) Resolve { return Resolve{Side: "copy", Only: []string{"C1/2.1.1"}} }, "took the copy's answer", casework.Yes},
		{"re-answer here", func(t *testing.T, db *DB) Resolve {
			again := j("C1", "2.1.1", casework.No)
			again.Note = "read again after the merge: no plan for the partner's safety"
			save(t, db, "Inspector A", again)
			return Resolve{}
		}, "re-answered here since the conflict was listed", casework.No},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			addCases(t, db, "C1", "C2")
			cp, path := offline(t, db)
			save(t, cp, "Inspector B", j("C1", "2.1.1", casework.Yes), j("C2", "2.1.1", casework.Yes))
			save(t, db, "Inspector A", j("C1", "2.1.1", casework.No), j("C2", "2.1.1", casework.No))

			m, err := db.Merge(ctx, path, Resolve{})
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Conflicts) != 2 {
				t.Fatalf("conflicts %+v, want C1 and C2", conflictLines(m.Conflicts))
			}
			// A resolution limited to another case leaves these alone.
			if m, err := db.Merge(ctx, path, Resolve{Side: "copy", Only: []string{"C9"}}); err != nil || len(m.Conflicts) != 2 {
				t.Fatalf("a resolution for another case: %+v, %v", m, err)
			}
			m, err = db.Merge(ctx, path, tt.settle(t, db))
			if err != nil {
				t.Fatal(err)
			}
			var settledC1 []conflictLine
			for _, c := range conflictLines(m.Settled) {
				if c.Case == "C1" {
					settledC1 = append(settledC1, c)
				}
			}
			if len(settledC1) != 1 || settledC1[0].Settled != tt.settled {
				t.Errorf("settled %+v, want C1 %q", conflictLines(m.Settled), tt.settled)
			}
			if got := answersOf(t, db)["C1"]["2.1.1"]; got != tt.want {
				t.Errorf("C1 2.1.1 = %v, want %v", got, tt.want)
			}
			// Once settled it stays settled.
			m, err = db.Merge(ctx, path, Resolve{})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range m.Conflicts {
				if c.CaseID == "C1" {
					t.Errorf("C1 listed again after it was settled")
				}
			}
		})
	}
}

func TestMergeLeavesModeratedAnswersToModeration(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1")
	save(t, db, "Inspector A", j("C1", "2.1.1", casework.Yes))
	if _, err := db.SaveSecondReading(ctx, []casework.Judgement{second("C1", "2.1.1", casework.No)}, "judge"); err != nil {
		t.Fatal(err)
	}
	cp, path := offline(t, db)
	if _, err := db.Moderate(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "agreed at moderation", "Lead"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Moderate(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "agreed at moderation, second look", "Lead"); err != nil {
		t.Fatal(err)
	}
	save(t, cp, "Inspector A", j("C1", "2.1.1", casework.No))
	m, err := db.Merge(ctx, path, Resolve{Side: "copy"})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Conflicts) != 1 || !m.Conflicts[0].Moderated {
		t.Errorf("conflicts %+v: want the moderated answer listed, not taken", m.Conflicts)
	}
	if got := answersOf(t, db)["C1"]["2.1.1"]; got != casework.Yes {
		t.Errorf("moderated answer now %v, want yes", got)
	}
}

func TestMergeRefuses(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1")
	save(t, db, "Inspector A", j("C1", "2.1.1", casework.Yes))
	other := newDB(t)
	addCases(t, other, "C1")
	save(t, other, "Inspector Z", j("C1", "2.1.1", casework.No))
	_, otherCopy := offline(t, other)

	withNewCase, newCasePath := offline(t, db)
	addCases(t, withNewCase, "C1", "NEW7")
	save(t, withNewCase, "Inspector B", j("NEW7", "2.1.1", casework.Yes))

	tests := []struct {
		name, path, code, msg string
	}{
		{"a database that is not a copy", other.path, casework.EINVALID, "was not made by `fieldwork backup`"},
		{"a copy of another inspection", otherCopy, casework.EINVALID, "was not copied from"},
		{"the database itself", db.path, casework.EINVALID, "is this database"},
		{"cases this database lacks", newCasePath, casework.EINVALID, "has answers for cases this database does not have: NEW7 (nothing was merged)"},
		{"no such file", filepath.Join(t.TempDir(), "nope.db"), casework.ENOTFOUND, "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := historyRows(t, db)
			_, err := db.Merge(ctx, tt.path, Resolve{})
			if casework.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v (code %s), want %s containing %q", err, casework.ErrorCode(err), tt.code, tt.msg)
			}
			if historyRows(t, db) != before {
				t.Error("a refused merge wrote history")
			}
		})
	}
	if _, err := db.Merge(ctx, newCasePath, Resolve{Side: "theirs"}); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("--resolve theirs: %v", err)
	}
}

func TestResolveChoosesForTheAnswersItCovers(t *testing.T) {
	for _, tt := range []struct {
		name    string
		resolve Resolve
		want    casework.MergeChoice
	}{
		{"no resolution", Resolve{}, casework.NoChoice},
		{"no side, some cases", Resolve{Only: []string{"C1"}}, casework.NoChoice},
		{"here, every answer", Resolve{Side: "here"}, casework.ChooseOurs},
		{"copy, every answer", Resolve{Side: "copy"}, casework.ChooseTheirs},
		{"copy, this case", Resolve{Side: "copy", Only: []string{"C9", "C1"}}, casework.ChooseTheirs},
		{"here, this answer", Resolve{Side: "here", Only: []string{"C1/2.1.1"}}, casework.ChooseOurs},
		{"copy, another case", Resolve{Side: "copy", Only: []string{"C9"}}, casework.NoChoice},
		{"copy, another answer of the case", Resolve{Side: "copy", Only: []string{"C1/2.1.2"}}, casework.NoChoice},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.resolve.choice("C1", "2.1.1")); diff != "" {
				t.Errorf("choice for C1/2.1.1 (-want +got):\n%s", diff)
			}
		})
	}
}
