package sqlite

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fieldwork/casework"
)

// TestFullDiskSavesNothing fills the database file to its page limit in the middle of a large
// save (max_page_count stands in for the disk) and checks the save is refused in plain words,
// all of it undone, and the file intact.
func TestFullDiskSavesNothing(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2")
	if _, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "first"); err != nil {
		t.Fatal(err)
	}
	// One connection, so the page limit set on it is the one the save uses.
	db.sql.SetMaxOpenConns(1)
	var pages int
	if err := db.sql.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.Exec(`PRAGMA max_page_count = ` + strconv.Itoa(pages+3)); err != nil {
		t.Fatal(err)
	}
	fw, _ := casework.Builtin("pdu-2023")
	var js []casework.Judgement
	for _, q := range fw.Questions() {
		if q.Kind == casework.KindKey {
			x := j("C2", q.ID, casework.No)
			x.Note = strings.Repeat("a long note that fills pages ", 400)
			js = append(js, x)
		}
	}
	_, err := db.SaveAnswers(ctx, js, "big.csv")
	if !strings.Contains(err.Error(), "is full: nothing was saved") || casework.ErrorHint(err) == "" {
		t.Fatalf("saving past the limit: %v", err)
	}
	var n int
	var ok string
	if err := db.sql.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check %q, %v", ok, err)
	}
	if err := db.sql.QueryRow(`SELECT (SELECT count(*) FROM answers) + (SELECT count(*) FROM answer_history)`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d answer and history rows, want the 2 from before: %v", n, err)
	}
}
