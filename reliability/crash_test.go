package reliability

import (
	"errors"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"fieldwork/casework"
)

// TestKilledImportIsAllOrNothing imports a large judgements file (400 cases x every question)
// in a separate process and kills it with SIGKILL at a random moment, many times over. After
// every kill the database must pass integrity_check and hold either every answer of that file
// or none of them, with one history row for each answer the completed imports changed.
// FIELDWORK_KILLS sets how many kills (default 40; 8 with -short); FIELDWORK_SEED replays a run.
func TestKilledImportIsAllOrNothing(t *testing.T) {
	kills := envInt("FIELDWORK_KILLS", 40)
	if testing.Short() {
		kills = 8
	}
	dir := t.TempDir()
	const cases = 400
	db := newInspection(t, dir, cases)
	qs := questions(t)
	files := [2]string{filepath.Join(dir, "all-yes.csv"), filepath.Join(dir, "mixed.csv")}
	wants := [2]map[string]string{
		answersFile(t, files[0], cases, qs, func(int, casework.Question) string { return "yes" }),
		answersFile(t, files[1], cases, qs, func(i int, q casework.Question) string {
			switch {
			case q.NotApplicable && i%3 == 0:
				return "n/a"
			case (i+len(q.ID))%2 == 0:
				return "no"
			}
			return "yes"
		}),
	}
	changes := 0 // answers that differ between the two files: the history rows one import adds
	for k, a := range wants[0] {
		if wants[1][k] != a {
			changes++
		}
	}

	// Import the first file, then time whole imports of the second over it and back: the kills
	// spread over that time and a little beyond, so some land after the commit.
	must(t, db, "judgements", "import", files[0])
	var whole time.Duration
	for _, f := range []string{files[1], files[0]} {
		start := time.Now()
		must(t, db, "judgements", "import", f)
		whole += time.Since(start) / 2
	}
	cur := 0
	history := len(wants[0]) + 2*changes
	if got := count(t, db, `SELECT count(*) FROM answer_changes`); got != history {
		t.Fatalf("history has %d rows after three imports, want %d", got, history)
	}

	rng, seed := seededRand(t)
	// How the kills landed: killed while running and left nothing, or left the whole import
	// (killed after its commit); or the import had finished first. midWrite counts the kills
	// that left pages in the write-ahead log: they struck while the import was writing.
	var runningNone, runningAll, finished, midWrite int
	for i := range kills {
		next := 1 - cur
		delay := time.Duration(rng.Int64N(int64(whole) * 5 / 4))
		running, walLeft := killAfter(t, delay, command(db, "judgements", "import", files[next]), db)
		if walLeft {
			midWrite++
		}

		integrity(t, db)
		got := stored(t, db)
		switch {
		case maps.Equal(got, wants[cur]):
			if !running {
				t.Fatalf("kill %d: the import finished but stored nothing", i+1)
			}
			runningNone++
		case maps.Equal(got, wants[next]):
			if running {
				runningAll++
			} else {
				finished++
			}
			cur = next
			history += changes
		default:
			from := 0
			for k, a := range got {
				if wants[next][k] == a && wants[cur][k] != a {
					from++
				}
			}
			t.Fatalf("kill %d at %v (seed %d): the database holds %d of the %d changed answers of %s: part of an import",
				i+1, delay, seed, from, changes, filepath.Base(files[next]))
		}
		if got := count(t, db, `SELECT count(*) FROM answer_changes`); got != history {
			t.Fatalf("kill %d at %v (seed %d): history has %d rows, want %d", i+1, delay, seed, got, history)
		}
	}
	t.Logf("%d kill points over an import of %d answers taking %v (seed %d): %d killed while running left nothing, %d killed after the commit left all, %d had finished; %d struck while it was writing",
		kills, len(wants[0]), whole.Round(time.Millisecond), seed, runningNone, runningAll, finished, midWrite)
}

// killAfter starts cmd, sends it SIGKILL after delay and says whether it was still running
// then, and whether it left pages in db's write-ahead log (it was struck while writing).
func killAfter(t *testing.T, delay time.Duration, cmd *exec.Cmd, db string) (running, walLeft bool) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(delay)
	killErr := cmd.Process.Signal(syscall.SIGKILL)
	waitErr := cmd.Wait()
	var ee *exec.ExitError
	running = killErr == nil && errors.As(waitErr, &ee) && !ee.Exited()
	fi, err := os.Stat(db + "-wal")
	return running, running && err == nil && fi.Size() > 0
}

func seededRand(t *testing.T) (*rand.Rand, uint64) {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("FIELDWORK_SEED"), 10, 64); err == nil {
		seed = s
	}
	return rand.New(rand.NewPCG(seed, 1)), seed
}

// TestKilledMergeIsAllOrNothing brings back a copy in which every answer changed (200 cases x
// every question), killing the merge with SIGKILL at a random moment, many times over. After
// every kill the database must pass integrity_check and hold either none of the copy's changes
// or all of them, with the history and the merge records to match; and it lists no conflict,
// since only the copy changed. After a merge gets through, the copy changes every answer back,
// so the next merge has all to do again. FIELDWORK_KILLS sets the number (default 20; 5 with
// -short).
func TestKilledMergeIsAllOrNothing(t *testing.T) {
	kills := envInt("FIELDWORK_KILLS", 40) / 2
	if testing.Short() {
		kills = 5
	}
	dir := t.TempDir()
	const cases = 200
	db := newInspection(t, dir, cases)
	qs := questions(t)
	files := [2]string{filepath.Join(dir, "all-yes.csv"), filepath.Join(dir, "mixed.csv")}
	wants := [2]map[string]string{
		answersFile(t, files[0], cases, qs, func(int, casework.Question) string { return "yes" }),
		answersFile(t, files[1], cases, qs, func(i int, q casework.Question) string {
			if q.NotApplicable && i%2 == 0 {
				return "n/a"
			}
			return "no"
		}),
	}
	copyDB := filepath.Join(dir, "laptop.db")
	must(t, db, "judgements", "import", files[0])
	must(t, db, "backup", copyDB)
	must(t, copyDB, "judgements", "import", files[1])
	start := time.Now()
	must(t, db, "merge", copyDB)
	whole := time.Since(start)
	if !maps.Equal(stored(t, db), wants[1]) {
		t.Fatal("a whole merge did not bring every answer of the copy")
	}
	cur := 1
	history := count(t, db, `SELECT count(*) FROM answer_changes`)
	rng, seed := seededRand(t)
	var runningNone, runningAll, finished, midWrite int
	for i := range kills {
		next := 1 - cur
		must(t, copyDB, "judgements", "import", files[next]) // the copy changes every answer
		// A merge reads both files before it writes: the kills start a third of the way in.
		delay := whole/3 + time.Duration(rng.Int64N(int64(whole)*11/12))
		running, walLeft := killAfter(t, delay, command(db, "merge", copyDB), db)
		if walLeft {
			midWrite++
		}
		integrity(t, db)
		got := stored(t, db)
		switch {
		case maps.Equal(got, wants[cur]):
			if !running {
				t.Fatalf("kill %d: the merge finished but brought nothing", i+1)
			}
			runningNone++
			// Let this merge through, so the copy and this database meet again; its time keeps
			// the kill points spread over a whole merge as the machine's load changes.
			start := time.Now()
			must(t, db, "merge", copyDB)
			whole = (whole + time.Since(start)) / 2
		case maps.Equal(got, wants[next]):
			if running {
				runningAll++
			} else {
				finished++
				whole = whole * 9 / 10 // it was quicker than thought
			}
		default:
			t.Fatalf("kill %d at %v (seed %d): the database holds part of a merge", i+1, delay, seed)
		}
		cur = next
		history += len(wants[0]) // every answer differs between the two files
		if got := count(t, db, `SELECT count(*) FROM answer_changes`); got != history {
			t.Fatalf("kill %d at %v (seed %d): history has %d rows, want %d", i+1, delay, seed, got, history)
		}
		if n := count(t, db, `SELECT count(*) FROM merge_conflicts`); n != 0 {
			t.Fatalf("kill %d: %d conflicts listed, but only the copy changed", i+1, n)
		}
	}
	t.Logf("%d kill points over a merge of %d answers taking %v (seed %d): %d killed while running left nothing, %d killed after the commit left all, %d had finished; %d struck while it was writing",
		kills, len(wants[0]), whole.Round(time.Millisecond), seed, runningNone, runningAll, finished, midWrite)
}
