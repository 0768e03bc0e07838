package reliability

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fieldwork/casework"
)

// The faults of the machine rather than of the user's input: the inspection deleted or
// replaced while a command works on it, a command stopped by Ctrl-C, SIGTERM or SIGKILL in the
// middle of writing a file. docs/reliability-faults.md says what each does.

// started is a run of the binary in the background.
type started struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

func start(t *testing.T, db string, args ...string) *started {
	t.Helper()
	s := &started{cmd: command(db, args...)}
	s.cmd.Stdout, s.cmd.Stderr = &s.stdout, &s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	return s
}

// wait waits for the run to end and returns its exit status; a process ended by a signal
// it did not catch gets -1.
func (s *started) wait(t *testing.T) int {
	t.Helper()
	err := s.cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatal(err)
	return 0
}

// until polls cond every millisecond and says whether it came true within ten seconds, or
// before the process ended.
func (s *started) until(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		if s.exited() {
			return cond()
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

func (s *started) exited() bool {
	return s.cmd.Process.Signal(syscall.Signal(0)) != nil
}

// holds says whether the process has the file at path open (Linux's /proc).
func (s *started) holds(path string) bool {
	fds, err := os.ReadDir("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/fd")
	if err != nil {
		return false
	}
	for _, fd := range fds {
		if target, err := os.Readlink("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/fd/" + fd.Name()); err == nil && target == path {
			return true
		}
	}
	return false
}

// TestDatabaseDeletedOrReplacedDuringImport removes or replaces the inspection file while
// `judgements import` of a large file works on it, as a person tidying a folder or a sync
// program may. The import must fail with the environment status, say what happened and that
// nothing was saved, and leave the file now at the path as it was: never report answers saved
// into a file that is gone.
func TestDatabaseDeletedOrReplacedDuringImport(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs Linux's /proc to see when the import has the file open")
	}
	const cases = 2000
	tests := []struct {
		name string
		// fault acts on the inspection at db while the import has it open; it returns where
		// the file that was opened is now ("" when gone) and the file now at db ("" when none).
		fault func(t *testing.T, db, other string) (opened, now string)
		says  string
	}{
		{"deleted", func(t *testing.T, db, _ string) (string, string) {
			mustDo(t, os.Remove(db))
			return "", ""
		}, "inspection.db was deleted while fieldwork was working on it: nothing was saved"},
		{"another inspection moved over it", func(t *testing.T, db, other string) (string, string) {
			mustDo(t, os.Rename(other, db))
			return "", db
		}, "inspection.db was replaced by another file while fieldwork was working on it: nothing was saved, and the file now there was not changed"},
		{"moved away and another put in its place", func(t *testing.T, db, other string) (string, string) {
			// A second name for the file first, then the other one over the path in one step: were
			// the file moved away and the other put in two steps, the import could look in between
			// and rightly find the path empty ("deleted"), as it did under load.
			mustDo(t, os.Link(db, db+".moved"))
			mustDo(t, os.Rename(other, db))
			return db + ".moved", db
		}, "inspection.db was replaced by another file"},
	}
	// When the fault strikes: as the import opens the file, or while it writes the answers.
	moments := []struct {
		name  string
		reach func(imp *started, db string) bool
	}{
		{"as it opens the file", func(imp *started, db string) bool { return imp.until(func() bool { return imp.holds(db) }) }},
		{"while it writes", func(imp *started, db string) bool {
			// SQLite has the file's write-ahead log open once it has read the file; the
			// import of every answer takes a good half second after that.
			if !imp.until(func() bool { return imp.holds(db + "-wal") }) {
				return false
			}
			time.Sleep(100 * time.Millisecond)
			return !imp.exited()
		}},
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "answers.csv")
	answersFile(t, file, cases, questions(t), func(int, casework.Question) string { return "yes" })
	for _, tt := range tests {
		for _, m := range moments {
			t.Run(tt.name+"/"+m.name, func(t *testing.T) {
				deletedOrReplaced(t, cases, file, tt.fault, tt.says, m.reach)
			})
		}
	}
}

func deletedOrReplaced(t *testing.T, cases int, file string, fault func(t *testing.T, db, other string) (opened, now string), says string, reach func(*started, string) bool) {
	work := t.TempDir()
	db := newInspection(t, work, cases)
	other := newInspection(t, t.TempDir(), 1)
	before := count(t, other, `SELECT count(*) FROM cases`)

	imp := start(t, db, "judgements", "import", file)
	if !reach(imp, db) {
		t.Fatalf("the import ended before the moment came:\n%s%s", imp.stdout.String(), imp.stderr.String())
	}
	opened, now := fault(t, db, other)
	code := imp.wait(t)
	if code == 0 && strings.Contains(imp.stdout.String(), "added") {
		t.Fatalf("the import reported answers saved into a file that is no longer there:\n%s", imp.stdout.String())
	}
	if code != 6 || !strings.Contains(imp.stderr.String(), says) || !strings.Contains(imp.stderr.String(), "\nhint: ") {
		t.Fatalf("exit %d, want 6 saying %q with a hint:\n%s", code, says, imp.stderr.String())
	}
	if now != "" {
		integrity(t, now)
		if n, a := count(t, now, `SELECT count(*) FROM cases`), count(t, now, `SELECT count(*) FROM answers`); n != before || a != 0 {
			t.Errorf("the file now at the path holds %d cases and %d answers, want its %d cases and none", n, a, before)
		}
	}
	if opened != "" {
		integrity(t, opened)
		if n, a := count(t, opened, `SELECT count(*) FROM cases`), count(t, opened, `SELECT count(*) FROM answers`); n != cases || a != 0 {
			t.Errorf("the file moved away holds %d cases and %d answers, want its %d cases and none of the refused import", n, a, cases)
		}
	}
}

// leftIn lists the files in dir.
func leftIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	mustDo(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// writing says whether dir holds a hidden temporary file for out, under the names this build
// or an earlier one gives them, that has been written into when written is set.
func writing(dir, out string, written bool) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "."+out+".") {
			continue
		}
		if fi, err := e.Info(); err == nil && (!written || fi.Size() > 0) {
			return true
		}
	}
	return false
}

// TestInterruptedOutputLeavesNothing stops `backup` and `template` while they write, the
// way a user or the system stops a program: Ctrl-C and SIGTERM must leave no file at all,
// under the name or hidden beside it (a backup's copy holds every case id and note); SIGKILL
// cannot be caught, and what it leaves the next write into the folder sweeps away.
func TestInterruptedOutputLeavesNothing(t *testing.T) {
	const cases = 2000
	dir := t.TempDir()
	db := newInspection(t, dir, cases)
	file := filepath.Join(dir, "answers.csv")
	answersFile(t, file, cases, questions(t), func(i int, q casework.Question) string {
		if (i+len(q.ID))%3 == 0 {
			return "no"
		}
		return "yes"
	})
	must(t, db, "judgements", "import", file)

	outputs := []struct {
		name, file string
		args       func(out string) []string
		// written: stop it once it has written into its file (SQLite copies page by page);
		// the template is built in memory and written at the end, so it is stopped as soon as
		// its file exists.
		written bool
	}{
		{"backup", "copy.db", func(out string) []string { return []string{"backup", out} }, true},
		{"template", "entry.xlsx", func(out string) []string { return []string{"template", "-o", out} }, false},
	}
	signals := []struct {
		sig  syscall.Signal
		code int // the exit status: 128 + the signal's number when caught
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
		{syscall.SIGKILL, -1},
	}
	for _, o := range outputs {
		for _, s := range signals {
			t.Run(o.name+"/"+s.sig.String(), func(t *testing.T) {
				outDir := t.TempDir()
				out := filepath.Join(outDir, o.file)
				run := start(t, db, o.args(out)...)
				if !run.until(func() bool { return writing(outDir, o.file, o.written) }) {
					t.Fatalf("%s finished before it could be stopped (%v):\n%s", o.name, leftIn(t, outDir), run.stderr.String())
				}
				mustDo(t, run.cmd.Process.Signal(s.sig))
				code := run.wait(t)
				if code == 0 {
					t.Fatalf("%s finished before the signal reached it", o.name)
				}
				if code != s.code {
					t.Errorf("exit %d, want %d\n%s", code, s.code, run.stderr.String())
				}
				if s.sig != syscall.SIGKILL {
					if left := leftIn(t, outDir); len(left) > 0 {
						t.Errorf("stopped by %v, %s left %v", s.sig, o.name, left)
					}
					if !strings.Contains(run.stderr.String(), "before it finished") {
						t.Errorf("stderr does not say the command was stopped:\n%s", run.stderr.String())
					}
					return
				}
				// Killed outright, it cannot clean up: its temporary file stays until the next
				// write into the folder.
				if left := leftIn(t, outDir); len(left) == 0 {
					t.Fatalf("SIGKILL left nothing behind: it cannot have struck while %s wrote", o.name)
				}
				next := filepath.Join(outDir, "next-"+o.file)
				must(t, db, o.args(next)...)
				if left := leftIn(t, outDir); len(left) != 1 || left[0] != filepath.Base(next) {
					t.Errorf("after the next %s, the folder holds %v, want only %s", o.name, left, filepath.Base(next))
				}
			})
		}
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestWebSaveIntoADeletedFile deletes or replaces the inspection while `fieldwork serve`
// has it open: the next save on the entry form must say so and that nothing was saved, never
// "Saved".
func TestWebSaveIntoADeletedFile(t *testing.T) {
	tests := []struct {
		name  string
		fault func(t *testing.T, db string)
		says  string
	}{
		{"deleted", func(t *testing.T, db string) { mustDo(t, os.Remove(db)) }, "was deleted while fieldwork was working on it: nothing was saved"},
		{"replaced", func(t *testing.T, db string) {
			mustDo(t, os.Rename(newInspection(t, t.TempDir(), 1), db))
		}, "was replaced by another file while fieldwork was working on it: nothing was saved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newInspection(t, t.TempDir(), 1)
			srv := serve(t, db)
			defer srv.stop(t)
			se, err := srv.signIn("Inspector A")
			mustDo(t, err)
			if saved, err := se.answer(caseID(0), "2.1.1", "yes"); !saved || err != nil {
				t.Fatalf("the first save: %v, %v", saved, err)
			}
			tt.fault(t, db)
			status, page, err := se.save(caseID(0), "2.1.1", "no")
			mustDo(t, err)
			if status == http.StatusSeeOther || !strings.Contains(page, tt.says) {
				t.Errorf("saving after the file was %s: status %d, want a page saying %q:\n%.3000s", tt.name, status, tt.says, page)
			}
		})
	}
}
