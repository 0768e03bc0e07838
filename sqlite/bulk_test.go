package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
	"fieldwork/intake"

	"github.com/google/go-cmp/cmp"
)

// manyCases adds n cases C00000... and returns their ids.
func manyCases(tb testing.TB, db *DB, n int) []string {
	tb.Helper()
	var cs []casework.Case
	var ids []string
	for i := range n {
		id := fmt.Sprintf("C%05d", i)
		ids = append(ids, id)
		cs = append(cs, casework.Case{ID: id, Type: casework.Community})
	}
	if _, err := db.SaveCases(context.Background(), cs); err != nil {
		tb.Fatal(err)
	}
	return ids
}

// everyAnswer answers every question of every case: key questions by keyAnswer, prompts and
// other questions yes, or n/a where allowed for every third case.
func everyAnswer(fw *casework.Framework, ids []string, keyAnswer func(n int) casework.Answer) []casework.Judgement {
	var js []casework.Judgement
	for n, id := range ids {
		for _, q := range fw.Questions() {
			a := casework.Yes
			switch {
			case q.Kind == casework.KindKey:
				a = keyAnswer(n)
			case q.NotApplicable && n%3 == 0:
				a = casework.NotApplicable
			}
			js = append(js, casework.Judgement{CaseID: id, Question: q.ID, Answer: a, Inspector: "Inspector A", Where: fmt.Sprintf("row %d", len(js)+2)})
		}
	}
	return js
}

// A batch larger than one INSERT statement: counts, stored answers, history and versions come
// out as they would row by row, across the statements' boundaries.
func TestSaveAnswersAcrossStatements(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	ins, _ := db.Inspection(ctx)
	fw := ins.Framework
	ids := manyCases(t, db, 30) // 30 cases x 46 questions: several statements of batchRows rows
	yes := func(int) casework.Answer { return casework.Yes }
	first := everyAnswer(fw, ids, yes)
	st, err := db.SaveAnswers(ctx, first, "first.csv")
	if err != nil {
		t.Fatal(err)
	}
	// The same again, with every key question of the even cases changed and one repeat row.
	second := everyAnswer(fw, ids, func(n int) casework.Answer {
		if n%2 == 0 {
			return casework.No
		}
		return casework.Yes
	})
	second = append(second, second[0])
	st2, err := db.SaveAnswers(ctx, second, "second.csv")
	if err != nil {
		t.Fatal(err)
	}
	keys := 0
	for _, q := range fw.Questions() {
		if q.Kind == casework.KindKey {
			keys++
		}
	}
	changed := 15 * keys
	if diff := cmp.Diff([]AnswerImport{{Added: len(first)}, {Changed: changed, Unchanged: len(first) - changed}}, []AnswerImport{st, st2}); diff != "" {
		t.Errorf("import counts (-want +got):\n%s", diff)
	}
	all, err := db.Answers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range second {
		if got := all[j.CaseID][j.Question]; got != j.Answer {
			t.Fatalf("case %s %s stored %v, want %v", j.CaseID, j.Question, got, j.Answer)
		}
	}
	for n, id := range ids[:2] {
		hs, err := db.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wantChanges := len(fw.Questions())
		if n%2 == 0 {
			wantChanges += keys
		}
		if len(hs) != wantChanges {
			t.Errorf("case %s: %d changes in the history, want %d", id, len(hs), wantChanges)
		}
		last := hs[len(hs)-1]
		if n == 0 && (last.Old != casework.Yes || last.New != casework.No || last.Source != "second.csv") {
			t.Errorf("case %s last change %+v, want yes to no from second.csv", id, last)
		}
		_, v, err := db.CaseAnswers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := 2 - n; v != want {
			t.Errorf("case %s version %d, want %d (one per import that changed it)", id, v, want)
		}
	}
}

// importFixture is a new inspection with cases enough for rows answers, and the answers.
func importFixture(b *testing.B, rows int) (*DB, []casework.Judgement) {
	b.Helper()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		b.Fatal(err)
	}
	db, err := Create(context.Background(), filepath.Join(b.TempDir(), "bench.db"), casework.Inspection{Name: "Bench PDU", Framework: fw})
	if err != nil {
		b.Fatal(err)
	}
	perCase := len(fw.Questions())
	ids := manyCases(b, db, (rows+perCase-1)/perCase)
	js := everyAnswer(fw, ids, func(n int) casework.Answer {
		if n%5 < 2 {
			return casework.No
		}
		return casework.Yes
	})
	return db, js[:rows]
}

// BenchmarkSaveAnswers imports a million answers into a new inspection, and the same million
// again (every row a repeat), reporting rows per second. It runs only with -bench; the fixture
// is made inside it.
func BenchmarkSaveAnswers(b *testing.B) {
	rows := benchRows()
	ctx := context.Background()
	b.Run("first import", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db, js := importFixture(b, rows)
			b.StartTimer()
			if _, err := db.SaveAnswers(ctx, js, "bench.csv"); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("same rows again", func(b *testing.B) {
		db, js := importFixture(b, rows)
		defer db.Close()
		if _, err := db.SaveAnswers(ctx, js, "bench.csv"); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			st, err := db.SaveAnswers(ctx, js, "bench.csv")
			if err != nil || st.Unchanged != rows {
				b.Fatalf("%+v %v", st, err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("FIELDWORK_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// csvOf writes answers as the CSV file `fieldwork judgements import` reads.
func csvOf(js []casework.Judgement) string {
	var b strings.Builder
	b.WriteString("case_id,question,answer,inspector\n")
	for _, j := range js {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", j.CaseID, j.Question, j.Answer, j.Inspector)
	}
	return b.String()
}

// An import is written a batch at a time inside its transaction, so a fault found after many
// batches were written must still leave nothing stored, and a contradiction between rows in
// different batches must be found, naming both lines.
func TestImportAnswersStreamedIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	ins, _ := db.Inspection(ctx)
	ids := manyCases(t, db, 30)
	good := everyAnswer(ins.Framework, ids, func(int) casework.Answer { return casework.Yes })
	if len(good) < 4*batchRows {
		t.Fatalf("%d answers: too few to span batches", len(good))
	}
	contradicted := slices.Clone(good)
	contradicted = append(contradicted, good[0])
	contradicted[len(contradicted)-1].Answer = casework.No
	last := len(contradicted) + 1 // the CSV line of the last row (the header is line 1)
	unknown := slices.Clone(good)
	unknown[len(unknown)-1].CaseID = "NOPE"

	for _, tc := range []struct {
		name, csv, want string
	}{
		{"a contradiction across batches", csvOf(contradicted), fmt.Sprintf("j.csv line %d: case C00000 question 2.1.1 is answered no here but yes at j.csv line 2", last)},
		{"an unknown case in the last row", csvOf(unknown), fmt.Sprintf("j.csv line %d, column case_id: there is no case \"NOPE\"", len(good)+1)},
		{"a bad answer in the last row", csvOf(good) + "C00001,2.1.1,maybe,X\n", fmt.Sprintf("j.csv line %d, column answer", len(good)+2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := intake.NewJudgementReader("j.csv", strings.NewReader(tc.csv))
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.ImportAnswers(ctx, r, "j.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant one containing %q", err, tc.want)
			}
			all, err := db.Answers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 0 {
				t.Errorf("%d cases have answers stored after a refused import, want none", len(all))
			}
			if hs, _ := db.History(ctx, "C00000"); len(hs) != 0 {
				t.Errorf("%d history rows after a refused import, want none", len(hs))
			}
		})
	}

	// The good rows then go in, and the same file again changes nothing.
	for i, want := range []AnswerImport{{Added: len(good)}, {Unchanged: len(good)}} {
		r, err := intake.NewJudgementReader("j.csv", strings.NewReader(csvOf(good)))
		if err != nil {
			t.Fatal(err)
		}
		st, err := db.ImportAnswers(ctx, r, "j.csv")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, st); diff != "" {
			t.Errorf("import %d (-want +got):\n%s", i+1, diff)
		}
		if r.Read() != len(good) {
			t.Errorf("import %d read %d rows, want %d", i+1, r.Read(), len(good))
		}
	}
}

// A file of many bad rows is reported by count; only the first faults are kept in words.
func TestImportAnswersCountsEveryFault(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	manyCases(t, db, 1)
	var b strings.Builder
	b.WriteString("case_id,question,answer\n")
	bad := casework.MaxProblemsKept + 500
	for range bad {
		b.WriteString("C00000,2.1.1,maybe\n")
	}
	r, err := intake.NewJudgementReader("j.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ImportAnswers(ctx, r, "j.csv")
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("j.csv: %d problems, nothing was written", bad)) ||
		!strings.Contains(err.Error(), fmt.Sprintf("... and %d more", bad-casework.MaxProblemsShown)) {
		t.Errorf("error = %v", err)
	}
}

// A large import sets the answers index aside and builds it again before it commits; one that
// fails leaves it as it was.
func TestLargeImportRebuildsTheAnswersIndex(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	ins, _ := db.Inspection(ctx)
	ids := manyCases(t, db, bulkAnswers/len(ins.Framework.Questions())+10)
	js := everyAnswer(ins.Framework, ids, func(int) casework.Answer { return casework.No })
	want := tableSQL(t, db)["answers_question"]
	if want == "" {
		t.Fatal("a new database has no answers_question index")
	}
	bad := slices.Clone(js)
	bad[len(bad)-1].CaseID = "NOPE"
	if _, err := db.SaveAnswers(ctx, bad, "bad.csv"); err == nil {
		t.Fatal("an import with an unknown case was stored")
	}
	// The fault is found only at the last row, after the index was set aside.
	if got := tableSQL(t, db)["answers_question"]; got != want {
		t.Errorf("after a failed import the index is %q, want %q", got, want)
	}
	st, err := db.SaveAnswers(ctx, js, "good.csv")
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != len(js) || len(js) < bulkAnswers {
		t.Fatalf("%+v for %d answers", st, len(js))
	}
	if got := tableSQL(t, db)["answers_question"]; got != want {
		t.Errorf("after a large import the index is %q, want %q", got, want)
	}
	var integrity string
	if err := db.sql.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check: %q, %v", integrity, err)
	}
	ts, err := db.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ts["2.1.1"].No; got != len(ids) {
		t.Errorf("2.1.1 counted %d no answers through the rebuilt index, want %d", got, len(ids))
	}
}

// A write refused part way through a large import (here a moderated answer, which only
// moderation changes) stops the reading too, and leaves nothing stored.
func TestImportStopsReadingWhenAWriteIsRefused(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	ins, _ := db.Inspection(ctx)
	ids := manyCases(t, db, 40)
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C00000", "2.1.1", casework.Yes)}, "first.csv"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSecondReading(ctx, []casework.Judgement{second("C00000", "2.1.1", casework.No)}, "second.csv"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Moderate(ctx, []casework.Judgement{j("C00000", "2.1.1", casework.No)}, "agreed", "Lead"); err != nil {
		t.Fatal(err)
	}
	js := everyAnswer(ins.Framework, ids, func(int) casework.Answer { return casework.Yes }) // 2.1.1 of C00000 is in the first batch
	done := make(chan error)
	go func() {
		r, err := intake.NewJudgementReader("j.csv", strings.NewReader(csvOf(js)))
		if err != nil {
			done <- err
			return
		}
		_, err = db.ImportAnswers(ctx, r, "j.csv")
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "settled by moderation") {
			t.Errorf("error = %v; want the moderated answer refused", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the import did not return after a refused write")
	}
	all, err := db.Answers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || len(all["C00000"]) != 1 {
		t.Errorf("answers stored after a refused import: %d cases, want only the moderated one", len(all))
	}
}

// countRows counts the rows of table.
func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// cancelAfter yields the answers of js and cancels the import's context after the first, as a
// Ctrl-C during an import does.
type cancelAfter struct {
	sliceSource
	cancel context.CancelFunc
}

func (s *cancelAfter) Next(p *casework.Problems) (casework.Judgement, error) {
	if s.i == 1 {
		s.cancel()
	}
	return s.sliceSource.Next(p)
}

// A file import runs with foreign keys unenforced (writeChecked), its own checks standing in for
// them. Whatever becomes of the import, the connection goes back to the pool with them enforced
// again, and the checks still refuse every answer the keys would.
func TestFileImportGivesForeignKeysBack(t *testing.T) {
	tests := []struct {
		name    string
		source  func(cancel context.CancelFunc, js []casework.Judgement) AnswerSource
		wantErr string
	}{
		{"stored", func(_ context.CancelFunc, js []casework.Judgement) AnswerSource { return &sliceSource{js: js} }, ""},
		{"an unknown case", func(_ context.CancelFunc, js []casework.Judgement) AnswerSource {
			js = slices.Clone(js)
			js[len(js)-1].CaseID = "NOPE"
			return &sliceSource{js: js}
		}, `there is no case "NOPE"`},
		{"an unknown question", func(_ context.CancelFunc, js []casework.Judgement) AnswerSource {
			js = slices.Clone(js)
			js[len(js)-1].Question = "9.9.9"
			return &sliceSource{js: js}
		}, `"9.9.9" is not a question`},
		{"interrupted", func(cancel context.CancelFunc, js []casework.Judgement) AnswerSource {
			return &cancelAfter{sliceSource: sliceSource{js: js}, cancel: cancel}
		}, "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			ins, _ := db.Inspection(context.Background())
			js := everyAnswer(ins.Framework, manyCases(t, db, 3), func(int) casework.Answer { return casework.Yes })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, err := db.ImportAnswers(ctx, tt.source(cancel, js), "j.csv")
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("import: %v, want %q", err, tt.wantErr)
			}
			if want := map[bool]int{true: len(js), false: 0}[tt.wantErr == ""]; countRows(t, db, "answers") != want {
				t.Errorf("%d answers stored, want %d", countRows(t, db, "answers"), want)
			}
			// Every connection the pool holds, the import's among them (the pool hands out an
			// idle one first), enforces the keys.
			var conns []*sql.Conn
			for range 3 {
				c, err := db.sql.Conn(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				conns = append(conns, c)
			}
			for i, c := range conns {
				var on int
				if err := c.QueryRowContext(context.Background(), `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
					t.Errorf("connection %d: foreign_keys = %d (%v), want 1", i, on, err)
				}
			}
		})
	}
}

// With the keys unenforced, the framework's questions stand in for the questions table: a file
// whose table lacks one of them is damaged, and the import is refused.
func TestFileImportRefusesAQuestionsTableUnlikeTheFramework(t *testing.T) {
	db := newDB(t)
	ins, _ := db.Inspection(context.Background())
	js := everyAnswer(ins.Framework, manyCases(t, db, 2), func(int) casework.Answer { return casework.Yes })
	// The damage: a row gone that its prompts refer to, deleted past the keys.
	c, err := db.sql.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(context.Background(), `PRAGMA foreign_keys = OFF; DELETE FROM questions WHERE id = '2.1.1'; PRAGMA foreign_keys = ON`); err != nil {
		t.Fatal(err)
	}
	c.Close()
	_, err = db.ImportAnswers(context.Background(), &sliceSource{js: js}, "j.csv")
	if err == nil || !strings.Contains(err.Error(), "is damaged: question 2.1.1 of its framework (pdu-2023) is missing from its questions table; nothing was written") {
		t.Fatalf("import into a damaged file: %v", err)
	}
	if n := countRows(t, db, "answers"); n != 0 {
		t.Errorf("%d answers stored", n)
	}
}

// A file imported into an inspection with no answers sets the answers index aside from its first
// answer and builds it again: small or large (past bulkAnswers, where a large import into a full
// inspection sets it aside), refused or stored, the index is there afterwards, and counts
// through it.
func TestFileImportIntoAnEmptyInspectionKeepsTheAnswersIndex(t *testing.T) {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	for _, cases := range []int{1, 40, bulkAnswers/len(fw.Questions()) + 10} {
		t.Run(strconv.Itoa(cases), func(t *testing.T) {
			ctx := context.Background()
			db := newDB(t)
			ins, _ := db.Inspection(ctx)
			want := tableSQL(t, db)["answers_question"]
			js := everyAnswer(ins.Framework, manyCases(t, db, cases), func(int) casework.Answer { return casework.No })
			bad := slices.Clone(js)
			last := bad[len(bad)-len(ins.Framework.Questions()):] // the last case's answers
			for i := range last {
				if last[i].Question == "2.1.1" {
					last[i].Answer = casework.NotApplicable // a key question is never n/a
				}
			}
			if _, err := db.ImportAnswers(ctx, &sliceSource{js: bad}, "bad.csv"); err == nil {
				t.Fatal("a file with a bad answer was stored")
			}
			if got := tableSQL(t, db)["answers_question"]; got != want {
				t.Errorf("after a refused import the index is %q, want %q", got, want)
			}
			if _, err := db.ImportAnswers(ctx, &sliceSource{js: js}, "good.csv"); err != nil {
				t.Fatal(err)
			}
			if got := tableSQL(t, db)["answers_question"]; got != want {
				t.Errorf("after the import the index is %q, want %q", got, want)
			}
			var n int
			if err := db.sql.QueryRow(`SELECT count(*) FROM answers INDEXED BY answers_question WHERE question_id = '2.1.1' AND answer = 'no'`).Scan(&n); err != nil || n != cases {
				t.Errorf("2.1.1 counted %d no answers through the index (%v), want %d", n, err, cases)
			}
		})
	}
}

// The answers of one INSERT are numbered from one bound version (batchInsert's #). Replacing an
// answer stored without a version id gives the replaced one an id first, between two answers'
// versions: every version still has an id of its own, and each replacing answer's is above
// the id of the version it replaced.
func TestImportNumbersVersionsPastOnesWithoutIDs(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	ins, _ := db.Inspection(ctx)
	ids := manyCases(t, db, 4)
	if _, err := db.SaveAnswers(ctx, everyAnswer(ins.Framework, ids[:2], func(int) casework.Answer { return casework.Yes }), "first.csv"); err != nil {
		t.Fatal(err)
	}
	// C00000's answers as a file from before version ids (migrations/0007) holds them.
	if _, err := db.sql.Exec(`UPDATE answers SET version = 0 WHERE case_id = 'C00000'`); err != nil {
		t.Fatal(err)
	}
	// One file: C00000 and C00001 changed, C00002 and C00003 new, in one batch.
	js := everyAnswer(ins.Framework, ids, func(int) casework.Answer { return casework.No })
	st, err := db.ImportAnswers(ctx, &sliceSource{js: js}, "second.csv")
	if err != nil {
		t.Fatal(err)
	}
	perCase := len(ins.Framework.Questions())
	if st.Changed == 0 || st.Added != 2*perCase {
		t.Fatalf("%+v", st)
	}
	var dup, below int
	if err := db.sql.QueryRow(`SELECT count(*) - count(DISTINCT id) FROM answer_versions`).Scan(&dup); err != nil || dup != 0 {
		t.Errorf("%d version ids given twice (%v)", dup, err)
	}
	if err := db.sql.QueryRow(`SELECT count(*) FROM answers a JOIN answer_history h USING (case_id, question_id) WHERE h.id >= a.version`).Scan(&below); err != nil || below != 0 {
		t.Errorf("%d answers numbered at or below the version they replaced (%v)", below, err)
	}
	var last, top int
	if err := db.sql.QueryRow(`SELECT (SELECT last FROM answer_version_counter), (SELECT max(id) FROM answer_versions)`).Scan(&last, &top); err != nil || last != top {
		t.Errorf("the counter stands at %d, the highest version is %d (%v)", last, top, err)
	}
}
