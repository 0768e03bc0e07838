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
	if got := count(t, db, `SELECT count(*) FROM answer_history`); got != history {
		t.Fatalf("history has %d rows after three imports, want %d", got, history)
	}

	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("FIELDWORK_SEED"), 10, 64); err == nil {
		seed = s
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	// How the kills landed: killed while running and left nothing, or left the whole import
	// (killed after its commit); or the import had finished first. midWrite counts the kills
	// that left pages in the write-ahead log: they struck while the import was writing.
	var runningNone, runningAll, finished, midWrite int
	for i := range kills {
		next := 1 - cur
		delay := time.Duration(rng.Int64N(int64(whole) * 5 / 4))
		cmd := command(db, "judgements", "import", files[next])
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		killErr := cmd.Process.Signal(syscall.SIGKILL)
		waitErr := cmd.Wait()
		var ee *exec.ExitError
		running := killErr == nil && errors.As(waitErr, &ee) && !ee.Exited()
		if fi, err := os.Stat(db + "-wal"); running && err == nil && fi.Size() > 0 {
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
		if got := count(t, db, `SELECT count(*) FROM answer_history`); got != history {
			t.Fatalf("kill %d at %v (seed %d): history has %d rows, want %d", i+1, delay, seed, got, history)
		}
	}
	t.Logf("%d kill points over an import of %d answers taking %v (seed %d): %d killed while running left nothing, %d killed after the commit left all, %d had finished; %d struck while it was writing",
		kills, len(wants[0]), whole.Round(time.Millisecond), seed, runningNone, runningAll, finished, midWrite)
}
