package reliability

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"fieldwork/casework"
)

// TestWritersAtOnce runs 8 writer processes at once, each saving 200 times with `fieldwork
// judge`, while 4 inspectors signed in to `fieldwork serve` save 100 times each through the entry
// form, all on the same 20 cases, so saves collide all the time. Every save must be stored or
// refused with a clear message (never SQLite's "database is locked"), and the history must hold
// exactly one row for each answer the stored saves added or changed. FIELDWORK_WRITERS,
// FIELDWORK_SAVES, FIELDWORK_SESSIONS and FIELDWORK_WEB_SAVES change the load; -short runs
// 8 x 25 and 4 x 10.
func TestWritersAtOnce(t *testing.T) {
	writers, saves := envInt("FIELDWORK_WRITERS", 8), envInt("FIELDWORK_SAVES", 200)
	sessions, webSaves := envInt("FIELDWORK_SESSIONS", 4), envInt("FIELDWORK_WEB_SAVES", 100)
	if testing.Short() {
		saves, webSaves = 25, 10
	}
	dir := t.TempDir()
	const cases = 20
	db := newInspection(t, dir, cases)
	var keys, prompts []string
	for _, q := range questions(t) {
		switch q.Kind {
		case casework.KindKey:
			keys = append(keys, q.ID)
		case casework.KindPrompt:
			prompts = append(prompts, q.ID)
		}
	}
	if sessions > len(prompts) {
		t.Fatalf("%d sessions, but only %d prompts for them to answer", sessions, len(prompts))
	}
	srv := serve(t, db)
	saved := regexp.MustCompile(`^case (K\d+): (\d+) added, (\d+) changed, (\d+) unchanged\n$`)

	type tally struct{ stored, refused, written int }
	results := make([]tally, writers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var faults []string
	fault := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(faults) < 10 {
			faults = append(faults, fmt.Sprintf(format, args...))
		}
	}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inspector := fmt.Sprintf("Inspector %d", w+1)
			for s := range saves {
				id := caseID(s % cases)
				q := keys[(w+s)%len(keys)]
				a := []string{"yes", "no"}[(s/cases+w)%2]
				r := fieldwork(t, db, "judge", id, q+"="+a, "--inspector", inspector)
				switch {
				case r.code == 0:
					m := saved.FindStringSubmatch(r.stdout)
					if m == nil || m[1] != id {
						fault("writer %d save %d: stored, but said %q", w+1, s+1, r.stdout)
						continue
					}
					added, _ := strconv.Atoi(m[2])
					changed, _ := strconv.Atoi(m[3])
					unchanged, _ := strconv.Atoi(m[4])
					if added+changed+unchanged != 1 {
						fault("writer %d save %d: one answer given, %q", w+1, s+1, r.stdout)
					}
					results[w].stored++
					results[w].written += added + changed
				case clearRefusal(r):
					results[w].refused++
				default:
					fault("writer %d save %d: exit %d, not a clear refusal:\n%s", w+1, s+1, r.code, r.stderr)
				}
			}
		}()
	}
	// Each web session answers its own prompt on every case, turning the answer over each
	// time, so every save it gets stored changes exactly one answer.
	type webTally struct{ stored, refused int }
	web := make([]webTally, sessions)
	last := make([]map[string]string, sessions)
	for w := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			se, err := srv.signIn(fmt.Sprintf("Web inspector %d", w+1))
			if err != nil {
				fault("session %d: %v", w+1, err)
				return
			}
			last[w] = map[string]string{}
			for s := range webSaves {
				id := caseID(s % cases)
				a := "yes"
				if last[w][id] == "yes" {
					a = "no"
				}
				stored, err := se.answer(id, prompts[w], a)
				switch {
				case err != nil:
					fault("session %d save %d: %v", w+1, s+1, err)
				case stored:
					web[w].stored++
					last[w][id] = a
				default:
					web[w].refused++
				}
			}
		}()
	}
	wg.Wait()
	srv.stop(t)
	for _, f := range faults {
		t.Error(f)
	}
	var webTotal webTally
	for _, w := range web {
		webTotal.stored += w.stored
		webTotal.refused += w.refused
	}
	if webTotal.stored+webTotal.refused != sessions*webSaves {
		t.Errorf("web: %d stored + %d refused, want %d saves accounted for", webTotal.stored, webTotal.refused, sessions*webSaves)
	}
	if got := count(t, db, `SELECT count(*) FROM answer_changes WHERE source = 'web'`); got != webTotal.stored {
		t.Errorf("history has %d rows from the web; %d web saves were stored, each changing one answer", got, webTotal.stored)
	}
	for w := range sessions {
		for id, a := range last[w] {
			if got := count(t, db, `SELECT count(*) FROM answers WHERE case_id = ? AND question_id = ? AND answer = ?`, id, prompts[w], a); got != 1 {
				t.Errorf("session %d: case %s %s is not %s, its last stored save", w+1, id, prompts[w], a)
			}
		}
	}

	var total tally
	for _, r := range results {
		total.stored += r.stored
		total.refused += r.refused
		total.written += r.written
	}
	if total.stored+total.refused != writers*saves {
		t.Errorf("%d stored + %d refused, want %d saves accounted for", total.stored, total.refused, writers*saves)
	}
	integrity(t, db)
	if got := count(t, db, `SELECT count(*) FROM answer_changes WHERE source = 'judge'`); got != total.written {
		t.Errorf("history has %d rows from judge; the stored saves added or changed %d answers", got, total.written)
	}
	if got := count(t, db, `SELECT count(*) FROM answer_changes`); got != total.written+webTotal.stored {
		t.Errorf("history has %d rows; the stored saves changed %d answers", got, total.written+webTotal.stored)
	}
	// The current answer is the last one the history records, for every answer.
	if n := count(t, db, `SELECT count(*) FROM answers a WHERE a.answer <> (
		SELECT h.new_answer FROM answer_changes h WHERE h.case_id = a.case_id AND h.question_id = a.question_id ORDER BY h.id DESC LIMIT 1)`); n != 0 {
		t.Errorf("%d answers differ from the last change their history records", n)
	}
	t.Logf("%d writers x %d saves: %d stored (%d answers added or changed), %d refused with a clear message; %d web sessions x %d saves: %d stored, %d refused with the conflict page",
		writers, saves, total.stored, total.written, total.refused, sessions, webSaves, webTotal.stored, webTotal.refused)
}

// clearRefusal: a refused save exits with the status of a conflict or bad input, says why in
// fieldwork's words with a hint, and never passes on SQLite's own wording.
func clearRefusal(r result) bool {
	if r.code == 0 || r.code == 1 || !strings.HasPrefix(r.stderr, "fieldwork: ") || !strings.Contains(r.stderr, "\nhint: ") {
		return false
	}
	low := strings.ToLower(r.stderr)
	return !strings.Contains(low, "database is locked") && !strings.Contains(low, "sqlite_busy") && !strings.Contains(low, "database table is locked")
}
