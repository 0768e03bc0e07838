package sqlite

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// Clearing answers is all or nothing, refused where it would undo a moderation or touch a
// signed-off case, and leaves the answer and the clearing in the history.
func TestClearAnswers(t *testing.T) {
	ctx := context.Background()
	clearing := func(caseID, q string) casework.Clearing {
		return casework.Clearing{CaseID: caseID, Question: q, By: "Inspector A", Reason: "keyed against the wrong case"}
	}
	for _, tc := range []struct {
		name     string
		setup    func(t *testing.T, db *DB)
		clear    []casework.Clearing
		wantCode string // "" when the clearing is made
		answers  []string
	}{
		{name: "cleared", clear: []casework.Clearing{clearing("C1", "2.1.1")},
			answers: []string{"C1|2.1.2|yes", "C2|2.1.1|no"}},
		{name: "two at once", clear: []casework.Clearing{clearing("C1", "2.1.1"), clearing("C2", "2.1.1")},
			answers: []string{"C1|2.1.2|yes"}},
		{name: "one without an answer: none cleared", clear: []casework.Clearing{clearing("C1", "2.1.1"), clearing("C2", "2.1.2")},
			wantCode: casework.EINVALID, answers: []string{"C1|2.1.1|no", "C1|2.1.2|yes", "C2|2.1.1|no"}},
		{name: "unknown case", clear: []casework.Clearing{clearing("C1", "2.1.1"), clearing("c2 ", "2.1.1")},
			wantCode: casework.ENOTFOUND, answers: []string{"C1|2.1.1|no", "C1|2.1.2|yes", "C2|2.1.1|no"}},
		{name: "no reason", clear: []casework.Clearing{{CaseID: "C1", Question: "2.1.1"}},
			wantCode: casework.EINVALID, answers: []string{"C1|2.1.1|no", "C1|2.1.2|yes", "C2|2.1.1|no"}},
		{name: "signed off", clear: []casework.Clearing{clearing("C1", "2.1.1")},
			setup: func(t *testing.T, db *DB) {
				if err := db.SignOff(ctx, "C1", "Lead"); err != nil {
					t.Fatal(err)
				}
			},
			wantCode: casework.ECONFLICT, answers: []string{"C1|2.1.1|no", "C1|2.1.2|yes", "C2|2.1.1|no"}},
		{name: "moderated", clear: []casework.Clearing{clearing("C1", "2.1.1")},
			setup: func(t *testing.T, db *DB) {
				if _, err := db.SaveSecondReading(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "test"); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Moderate(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "agreed", "Lead"); err != nil {
					t.Fatal(err)
				}
			},
			wantCode: casework.EINVALID, answers: []string{"C1|2.1.1|yes", "C1|2.1.2|yes", "C2|2.1.1|no"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			addCases(t, db, "C1", "C2")
			if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No), j("C1", "2.1.2", casework.Yes), j("C2", "2.1.1", casework.No)}, "test"); err != nil {
				t.Fatal(err)
			}
			if tc.setup != nil {
				tc.setup(t, db)
			}
			before := queryStrings(t, db, `SELECT count(*) FROM answer_versions`)
			err := db.ClearAnswers(ctx, FirstReading, tc.clear, "judge --clear")
			if got := casework.ErrorCode(err); (err == nil) != (tc.wantCode == "") || err != nil && got != tc.wantCode {
				t.Fatalf("ClearAnswers: error %v (code %q), want code %q", err, got, tc.wantCode)
			}
			if diff := cmp.Diff(tc.answers, queryStrings(t, db, `SELECT concat_ws('|', case_id, question_id, answer) FROM answers ORDER BY case_id, question_id`)); diff != "" {
				t.Errorf("answers after (-want +got):\n%s", diff)
			}
			if err != nil {
				if diff := cmp.Diff(before, queryStrings(t, db, `SELECT count(*) FROM answer_versions`)); diff != "" {
					t.Errorf("a refused clearing wrote versions (-before +after):\n%s", diff)
				}
			}
		})
	}
}

// The history shows the answer, then its clearing with who and why, then an answer given
// again; the case's version goes up, so a form open on it sees the change.
func TestClearedAnswerInHistory(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1")
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "judge"); err != nil {
		t.Fatal(err)
	}
	_, version, err := db.CaseAnswers(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ClearAnswers(ctx, FirstReading, []casework.Clearing{{CaseID: "C1", Question: "2.1.1", By: "Inspector A", Reason: "wrong case"}}, "judge --clear"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "judge"); err != nil {
		t.Fatal(err)
	}
	hs, err := db.History(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Old, New        casework.Answer
		Cleared         bool
		By, Source, Why string
	}
	var got []row
	for _, h := range hs {
		got = append(got, row{h.Old, h.New, h.Cleared, h.Inspector, h.Source, h.Reason})
	}
	want := []row{
		{casework.NoAnswer, casework.No, false, "Inspector A", "judge", ""},
		{casework.No, casework.NoAnswer, true, "Inspector A", "judge --clear", "wrong case"},
		{casework.NoAnswer, casework.Yes, false, "Inspector A", "judge", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	_, now, err := db.CaseAnswers(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	if now != version+2 {
		t.Errorf("case version %d after a clearing and an answer, want %d", now, version+2)
	}
}

// combine carries clearings over with the rest of the history.
func TestCombineKeepsClearings(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := inspectionFile(t, dir, "a.db", "A PDU", "pdu-2023", []string{"A1", "A2"}, keyYes('2'))
	src := openTest(t, a)
	if err := src.ClearAnswers(ctx, FirstReading, []casework.Clearing{{CaseID: "A1", Question: "2.1.1", By: "Inspector A", Reason: "wrong case"}}, "judge --clear"); err != nil {
		t.Fatal(err)
	}
	src.Close()
	out := filepath.Join(dir, "region.db")
	if _, err := Combine(ctx, out, []string{a}, CombineOptions{Name: "Region"}); err != nil {
		t.Fatal(err)
	}
	db := openTest(t, out)
	hs, err := db.History(ctx, "A1")
	if err != nil {
		t.Fatal(err)
	}
	var cleared []string
	for _, h := range hs {
		if h.Cleared {
			cleared = append(cleared, h.Question+" "+h.Old.String()+" "+h.Reason)
		}
	}
	if diff := cmp.Diff([]string{"2.1.1 yes wrong case"}, cleared); diff != "" {
		t.Errorf("clearings after combine (-want +got):\n%s", diff)
	}
}

// EachCaseAnswers hands over each answered case once, with its answers of record only.
func TestEachCaseAnswers(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2", "C3")
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C3", "2.1.1", casework.No), j("C1", "2.1.2", casework.Yes), j("C1", "2.1.1", casework.Yes)}, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSecondReading(ctx, []casework.Judgement{j("C2", "2.1.1", casework.Yes)}, "test"); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]casework.Answer{}
	err := db.EachCaseAnswers(ctx, func(id string, as map[string]casework.Answer) error {
		if got[id] != nil {
			t.Errorf("case %s handed over twice", id)
		}
		got[id] = maps.Clone(as)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]casework.Answer{"C1": {"2.1.1": casework.Yes, "2.1.2": casework.Yes}, "C3": {"2.1.1": casework.No}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cases handed over (-want +got):\n%s", diff)
	}
}
