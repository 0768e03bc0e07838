package sqlite

import (
	"context"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func second(caseID, q string, a casework.Answer) casework.Judgement {
	js := j(caseID, q, a)
	js.Inspector = "Quality Lead"
	return js
}

func TestSecondReadingIsKeptBesideTheFirstAndCountsInNothing(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2")
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes), j("C2", "2.1.1", casework.No)}, "first.csv"); err != nil {
		t.Fatal(err)
	}
	before, err := db.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.SaveSecondReading(ctx, []casework.Judgement{second("C1", "2.1.1", casework.No), second("C2", "2.1.1", casework.No), second("C2", "2.1.1", casework.No)}, "second.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(AnswerImport{Added: 2}, st); diff != "" {
		t.Errorf("second reading (-want +got):\n%s", diff)
	}
	after, err := db.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("a second reading changed the tallies (-before +after):\n%s", diff)
	}
	first, _, err := db.CaseAnswers(ctx, "C1")
	if err != nil || first["2.1.1"].Answer != casework.Yes {
		t.Errorf("first reading of C1 2.1.1 = %v, %v; want yes, untouched", first["2.1.1"].Answer, err)
	}
	if st, err := db.SaveSecondReading(ctx, []casework.Judgement{second("C1", "2.1.1", casework.No)}, "again"); err != nil || st.Unchanged != 1 {
		t.Errorf("saving the same second reading again: %+v, %v", st, err)
	}
	h, err := db.History(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, c := range h {
		sources = append(sources, c.Source+": "+c.New.String())
	}
	if diff := cmp.Diff([]string{"first.csv: yes", "second.csv (second reading): no"}, sources); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	got, err := db.ReadTwice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []casework.ReadTwice{
		{CaseID: "C1", Question: "2.1.1", First: casework.Yes, Second: casework.No, FirstBy: "Inspector A", SecondBy: "Quality Lead"},
		{CaseID: "C2", Question: "2.1.1", First: casework.No, Second: casework.No, FirstBy: "Inspector A", SecondBy: "Quality Lead"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadTwice (-want +got):\n%s", diff)
	}
}

func TestSecondReadingRefusesWhatTheFirstWould(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1")
	tests := []struct {
		name string
		js   []casework.Judgement
		want string
	}{
		{"unknown case", []casework.Judgement{second("C9", "2.1.1", casework.Yes)}, `there is no case "C9"`},
		{"unknown question", []casework.Judgement{second("C1", "2.1.9", casework.Yes)}, `"2.1.9" is not a question of framework pdu-2023`},
		{"n/a on a key question", []casework.Judgement{second("C1", "2.1.1", casework.NotApplicable)}, "2.1.1 is a key question"},
		{"contradiction", []casework.Judgement{second("C1", "2.1.1", casework.Yes), second("C1", "2.1.1", casework.No)}, "is answered no here but yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.SaveSecondReading(ctx, tt.js, "second.csv")
			if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want EINVALID containing %q", err, tt.want)
			}
			if pairs, _ := db.ReadTwice(ctx); len(pairs) != 0 {
				t.Errorf("a refused second reading stored %d answers", len(pairs))
			}
		})
	}
}

func TestModerationSettlesTheAnswerThatCounts(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2")
	must := func(_ AnswerImport, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes), j("C2", "2.1.1", casework.Yes)}, "first.csv"))
	must(db.SaveSecondReading(ctx, []casework.Judgement{second("C1", "2.1.1", casework.No)}, "second.csv"))

	if _, err := db.Moderate(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No)}, " ", "Lead"); casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(err.Error(), "needs its reason") {
		t.Errorf("moderation without a reason: %v", err)
	}
	if _, err := db.Moderate(ctx, []casework.Judgement{j("C2", "2.1.1", casework.No)}, "agreed", "Lead"); err == nil || !strings.Contains(err.Error(), "case C2 question 2.1.1 has not been read twice") {
		t.Errorf("moderating a question read once: %v", err)
	}
	tally := func() casework.Tally {
		ts, err := db.Tallies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ts["2.1.1"]
	}
	if diff := cmp.Diff(casework.Tally{Yes: 2}, tally()); diff != "" {
		t.Errorf("before moderation the first readings count (-want +got):\n%s", diff)
	}
	must(db.Moderate(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "no plan for the risk to the partner", "Quality Lead"))
	if diff := cmp.Diff(casework.Tally{Yes: 1, No: 1}, tally()); diff != "" {
		t.Errorf("after moderation the moderated answer counts (-want +got):\n%s", diff)
	}

	// Nothing but moderation changes a moderated answer, whoever writes.
	_, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "judge")
	if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(err.Error(), "settled by moderation") || casework.ErrorHint(err) == "" {
		t.Errorf("changing a moderated answer: %v (code %s)", err, casework.ErrorCode(err))
	}
	if _, err := db.SQL().Exec(`UPDATE answers SET answer = 'yes' WHERE case_id = 'C1' AND question_id = '2.1.1'`); err == nil {
		t.Error("another program changed a moderated answer")
	}
	if diff := cmp.Diff(casework.Tally{Yes: 1, No: 1}, tally()); diff != "" {
		t.Errorf("a refused change moved the tally (-want +got):\n%s", diff)
	}

	// Agreement is still measured on the readings as given, and moderating again keeps them.
	must(db.Moderate(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "second look: the plan is in the contact log", "Quality Lead"))
	pairs, err := db.ReadTwice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []casework.ReadTwice{{CaseID: "C1", Question: "2.1.1", First: casework.Yes, Second: casework.No, FirstBy: "Inspector A", SecondBy: "Quality Lead",
		Moderated: casework.Yes, ModeratedBy: "Quality Lead", ModerationReason: "second look: the plan is in the contact log"}}
	if diff := cmp.Diff(want, pairs); diff != "" {
		t.Errorf("ReadTwice after moderation (-want +got):\n%s", diff)
	}
	h, err := db.History(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range h {
		got = append(got, c.Source+": "+c.Old.String()+" -> "+c.New.String())
	}
	if diff := cmp.Diff([]string{"first.csv:  -> yes", "second.csv (second reading):  -> no", "moderation by Quality Lead: yes -> no", "moderation by Quality Lead: no -> yes"}, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}

// One writer stores both readings by the same rules; only where they are kept differs, and that
// a second reading leaves the case's version alone (the version guards the answers of record).
func TestBothReadingsAreWrittenByTheSameRules(t *testing.T) {
	ctx := context.Background()
	type row struct{ Question, Answer, Note, Inspector string }
	type change struct{ Question, Old, New, OldNote, NewNote, Inspector, Source, Reading string }
	rowsOf := func(t *testing.T, db *DB, table string) []row {
		t.Helper()
		rs, err := db.sql.Query(`SELECT question_id, answer, note, inspector FROM ` + table + ` ORDER BY question_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		var out []row
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.Question, &r.Answer, &r.Note, &r.Inspector); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	historyOf := func(t *testing.T, db *DB) []change {
		t.Helper()
		rs, err := db.sql.Query(`SELECT question_id, coalesce(old_answer, ''), new_answer, old_note, new_note, inspector, source, reading FROM answer_changes ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		var out []change
		for rs.Next() {
			var c change
			if err := rs.Scan(&c.Question, &c.Old, &c.New, &c.OldNote, &c.NewNote, &c.Inspector, &c.Source, &c.Reading); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
		return out
	}
	for _, tt := range []struct {
		reading, table, other string
		save                  func(db *DB, js []casework.Judgement, source string) (AnswerImport, error)
		source                string // the history's source for a save from "s.csv"
		versions              int    // how far the case's version moves over the saves
	}{
		{FirstReading, "answers", "second_readings", func(db *DB, js []casework.Judgement, source string) (AnswerImport, error) {
			return db.SaveAnswers(ctx, js, source)
		}, "s.csv", 2},
		{SecondReading, "second_readings", "answers", func(db *DB, js []casework.Judgement, source string) (AnswerImport, error) {
			return db.SaveSecondReading(ctx, js, source)
		}, "s.csv (second reading)", 0},
	} {
		t.Run(tt.reading, func(t *testing.T) {
			db := newDB(t)
			addCases(t, db, "C1")
			noted := j("C1", "2.1.1", casework.Yes)
			noted.Note = "plan seen"
			first := []casework.Judgement{noted, j("C1", "2.1.2", casework.No), j("C1", "2.1.2", casework.No)}
			changed := casework.Judgement{CaseID: "C1", Question: "2.1.1", Answer: casework.No, Inspector: " "} // no note, no inspector: both kept
			var got []AnswerImport
			for _, js := range [][]casework.Judgement{first, first, {changed}} {
				st, err := tt.save(db, js, "s.csv")
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, st)
			}
			if diff := cmp.Diff([]AnswerImport{{Added: 2}, {Unchanged: 2}, {Changed: 1}}, got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			wantRows := []row{{"2.1.1", "no", "plan seen", "Inspector A"}, {"2.1.2", "no", "", "Inspector A"}}
			if diff := cmp.Diff(wantRows, rowsOf(t, db, tt.table)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.table, diff)
			}
			if other := rowsOf(t, db, tt.other); len(other) != 0 {
				t.Errorf("%s holds %v: want nothing", tt.other, other)
			}
			wantHistory := []change{
				{"2.1.1", "", "yes", "", "plan seen", "Inspector A", tt.source, tt.reading},
				{"2.1.2", "", "no", "", "", "Inspector A", tt.source, tt.reading},
				{"2.1.1", "yes", "no", "plan seen", "plan seen", "Inspector A", tt.source, tt.reading},
			}
			if diff := cmp.Diff(wantHistory, historyOf(t, db)); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
			var version int
			if err := db.sql.QueryRow(`SELECT version FROM cases WHERE id = 'C1'`).Scan(&version); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.versions, version); diff != "" {
				t.Errorf("case version (-want +got):\n%s", diff)
			}
		})
	}
}
