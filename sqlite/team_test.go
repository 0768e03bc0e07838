package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestAccounts(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	clock := time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return clock }
	mustDo(t, db.AddAccount(ctx, casework.Account{Name: "Ann", Role: casework.RoleInspector, PasswordHash: "h1"}))
	mustDo(t, db.AddAccount(ctx, casework.Account{Name: "Lee", Role: casework.RoleLead, PasswordHash: "h2"}))
	if err := db.AddAccount(ctx, casework.Account{Name: "Ann", Role: casework.RoleQA, PasswordHash: "h3"}); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Errorf("adding Ann twice: %v, want a conflict", err)
	}
	clock = clock.Add(time.Hour)
	mustDo(t, db.SetPassword(ctx, "Ann", "h4"))
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"a new password for no one", db.SetPassword(ctx, "Nobody", "h")},
		{"removing no one", db.RemoveAccount(ctx, "Nobody")},
	} {
		if casework.ErrorCode(tt.err) != casework.ENOTFOUND {
			t.Errorf("%s: %v, want not found", tt.name, tt.err)
		}
	}
	got, err := db.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC)
	want := []casework.Account{
		{Name: "Ann", Role: casework.RoleInspector, PasswordHash: "h4", AddedAt: start, PasswordAt: start.Add(time.Hour)},
		{Name: "Lee", Role: casework.RoleLead, PasswordHash: "h2", AddedAt: start, PasswordAt: start},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	mustDo(t, db.RemoveAccount(ctx, "Ann"))
	if _, err := db.Account(ctx, "Ann"); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("Ann after removal: %v, want not found", err)
	}
}

func TestAllocationAndSignOff(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2", "C3")
	mustDo(t, db.Allocate(ctx, "C1", "Ann", "Lee"))
	mustDo(t, db.Allocate(ctx, "C2", "Ann", "Lee"))
	mustDo(t, db.Allocate(ctx, "C2", "Bob", "Lee"))
	mustDo(t, db.Allocate(ctx, "C3", "Ann", "Lee"))
	mustDo(t, db.Allocate(ctx, "C3", "", "Lee"))
	if err := db.Allocate(ctx, "C9", "Ann", "Lee"); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("allocating a case not there: %v", err)
	}
	mustDo(t, db.SignOff(ctx, "C1", "Lee"))
	if err := db.SignOff(ctx, "C1", "Lee"); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Errorf("signing off twice: %v", err)
	}
	if err := db.Reopen(ctx, "C2", "Lee", "why"); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Errorf("reopening a case not signed off: %v", err)
	}
	if err := db.Reopen(ctx, "C1", "Lee", " "); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("reopening without a reason: %v", err)
	}
	got, err := db.Standings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]casework.Standing{"C1": {AllocatedTo: "Ann", SignedOffBy: "Lee"}, "C2": {AllocatedTo: "Bob"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("standings (-want +got):\n%s", diff)
	}
	mustDo(t, db.Reopen(ctx, "C1", "Lee", "2.1 needs its note"))
	mustDo(t, db.SignOff(ctx, "C1", "Lee"))
	h, err := db.SignOffHistory(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range h {
		lines = append(lines, s.Action+" by "+s.By+" "+s.Reason)
	}
	if diff := cmp.Diff([]string{"signed off by Lee ", "reopened by Lee 2.1 needs its note", "signed off by Lee "}, lines); diff != "" {
		t.Errorf("sign-off history (-want +got):\n%s", diff)
	}
}

// A signed-off case takes no change from any writer of answers, and takes them again once
// reopened.
func TestSignedOffCaseIsLockedForEveryWriter(t *testing.T) {
	ctx := context.Background()
	writers := []struct {
		name  string
		write func(db *DB) error
	}{
		{"SaveAnswers", func(db *DB) error {
			_, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "judge")
			return err
		}},
		{"ImportAnswers with another case", func(db *DB) error {
			_, err := db.SaveAnswers(ctx, []casework.Judgement{j("C2", "2.1.1", casework.No), j("C1", "2.1.2", casework.No)}, "judgements.csv")
			return err
		}},
		{"SaveCaseAnswers", func(db *DB) error {
			_, v, _ := db.CaseAnswers(ctx, "C1")
			_, _, err := db.SaveCaseAnswers(ctx, "C1", v, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "web")
			return err
		}},
		{"SaveSecondReading", func(db *DB) error {
			_, err := db.SaveSecondReading(ctx, []casework.Judgement{second("C1", "2.1.1", casework.No)}, "judge")
			return err
		}},
		{"Moderate", func(db *DB) error {
			_, err := db.Moderate(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "agreed", "Lee")
			return err
		}},
		{"Merge", func(db *DB) error {
			_, err := db.Merge(ctx, filepath.Join(filepath.Dir(db.Path()), "copy.db"), Resolve{})
			return err
		}},
	}
	for _, w := range writers {
		t.Run(w.name, func(t *testing.T) {
			db := newDB(t)
			addCases(t, db, "C1", "C2")
			_, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "judge")
			mustDo(t, err)
			_, err = db.SaveSecondReading(ctx, []casework.Judgement{second("C1", "2.1.1", casework.Yes)}, "judge")
			mustDo(t, err)
			// A copy on a laptop where C1 changed, for the merge.
			cp := filepath.Join(filepath.Dir(db.Path()), "copy.db")
			_, err = db.Backup(ctx, cp)
			mustDo(t, err)
			laptop, err := Open(ctx, cp)
			mustDo(t, err)
			_, err = laptop.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.No)}, "laptop")
			mustDo(t, err)
			laptop.Close()
			mustDo(t, db.SignOff(ctx, "C1", "Lee"))
			before := queryStrings(t, db, `SELECT case_id || question_id || answer FROM answers UNION ALL SELECT case_id || question_id || answer FROM second_readings`)
			err = w.write(db)
			if !errors.Is(err, casework.ErrSignedOff) || casework.ErrorCode(err) != casework.ECONFLICT {
				t.Errorf("change to a signed-off case: %v, want it refused as signed off", err)
			}
			if diff := cmp.Diff(before, queryStrings(t, db, `SELECT case_id || question_id || answer FROM answers UNION ALL SELECT case_id || question_id || answer FROM second_readings`)); diff != "" {
				t.Errorf("a refused change changed answers (-before +after):\n%s", diff)
			}
			mustDo(t, db.Reopen(ctx, "C1", "Lee", "a change"))
			if err := w.write(db); err != nil {
				t.Errorf("after reopening: %v", err)
			}
		})
	}
}

// The stored framework is parsed once for as long as its JSON stays the same.
func TestFrameworksAreParsedOnce(t *testing.T) {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(fw)
	if err != nil {
		t.Fatal(err)
	}
	var c frameworks
	first, err := c.parse("a", string(raw))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := c.parse("a", string(raw))
	if first != again {
		t.Error("the same JSON was parsed again")
	}
	if _, err := c.parse("a", "{"); err == nil {
		t.Error("a bad framework parsed")
	}
	if kept, _ := c.parse("a", string(raw)); kept != first {
		t.Error("a bad framework replaced the one kept")
	}
	other := strings.Replace(string(raw), `"name":"`, `"name":"Other `, 1)
	if changed, err := c.parse("a", other); err != nil || changed == first || changed.Name == first.Name {
		t.Errorf("changed JSON gave the framework kept (%v)", err)
	}
}
