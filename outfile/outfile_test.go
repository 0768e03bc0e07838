package outfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	failed := errors.New("the workbook could not be built")
	tests := []struct {
		name     string
		existing string // content already at the path, "" for none
		opt      Options
		write    func(io.Writer) error
		code     string      // the error's code, "" for success
		want     string      // the content at the path afterwards
		mode     os.FileMode // its permissions, when written
	}{
		{name: "a new published file", write: text("figures"), want: "figures", mode: 0o644},
		{name: "a new file holding case ids", opt: Options{Private: true}, write: text("BC001"), want: "BC001", mode: 0o600},
		{name: "an existing file is kept", existing: "answers", write: text("new"), code: casework.ECONFLICT, want: "answers"},
		{name: "an existing file replaced when asked", existing: "old", opt: Options{Replace: true}, write: text("new"), want: "new", mode: 0o644},
		{name: "a failed write leaves nothing", write: func(w io.Writer) error { io.WriteString(w, "half"); return failed }, code: casework.EINTERNAL},
		{name: "a failed write keeps the old file", existing: "old", opt: Options{Replace: true}, write: func(io.Writer) error { return failed }, code: casework.EINTERNAL, want: "old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.xlsx")
			if tt.existing != "" {
				if err := os.WriteFile(path, []byte(tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(context.Background(), path, tt.opt, tt.write)
			if got := casework.ErrorCode(err); got != tt.code {
				t.Fatalf("error %v: code %q, want %q", err, got, tt.code)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.want {
				t.Errorf("%s holds %q, want %q", path, got, tt.want)
			}
			var left []string // no temporary file, whatever happened
			if tt.want != "" {
				left = []string{"out.xlsx"}
			}
			if diff := cmp.Diff(left, files(t, dir)); diff != "" {
				t.Errorf("files left (-want +got):\n%s", diff)
			}
			if tt.mode != 0 {
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != tt.mode {
					t.Errorf("mode %v, want %v", fi.Mode().Perm(), tt.mode)
				}
			}
		})
	}
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// TestCancelledWriteLeavesNothing cancels the context while the file is being written, as
// SIGINT does: the temporary file goes at once, with SQLite's working files beside it, and the
// write is refused when it comes to be put in place.
func TestCancelledWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "copy.db")
	ctx, cancel := context.WithCancelCause(context.Background())
	f, err := Create(ctx, path, Options{Private: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Discard()
	io.WriteString(f, "half a copy")
	for _, s := range sqliteSuffixes {
		os.WriteFile(f.Name()+s, []byte("x"), 0o600)
	}
	stopped := errors.New("interrupted (Ctrl-C, SIGINT)")
	cancel(stopped)
	deadline := time.Now().Add(5 * time.Second)
	for len(files(t, dir)) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if left := files(t, dir); len(left) > 0 {
		t.Errorf("files left after the cancel: %v", left)
	}
	if err := f.Commit(); !errors.Is(err, stopped) {
		t.Errorf("Commit after the cancel: %v, want the cause %v", err, stopped)
	}
	if left := files(t, dir); len(left) > 0 {
		t.Errorf("files left after the refused commit: %v", left)
	}
}

func TestCreateExplainsThePlace(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "a-folder.db")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, says string
	}{
		{"a folder that does not exist", filepath.Join(dir, "no-such", "copy.db"), "the folder " + filepath.Join(dir, "no-such") + " does not exist"},
		{"a folder where a file is wanted", filepath.Join(folder, "x", "copy.db"), "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Create(context.Background(), tt.path, Options{})
			if casework.ErrorCode(err) != casework.EENV || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Create(%s): %v (code %s), want %s saying %q", tt.path, err, casework.ErrorCode(err), casework.EENV, tt.says)
			}
		})
	}
}

// TestSweep leaves files in a folder as interrupted runs do and checks which the next write
// into the folder removes: those of a process that is gone, and any stale one; never a live
// process's, nor a file that is not ours.
func TestSweep(t *testing.T) {
	gone := deadPID(t)
	old := time.Now().Add(-StaleAfter - time.Hour)
	tests := []struct {
		name  string
		file  string
		age   time.Time // zero: just written
		swept bool
	}{
		{"a killed backup", fmt.Sprintf(".copy.db.%s-%d-0a1b2c3d.partial", host(), gone), time.Time{}, true},
		{"its write-ahead log", fmt.Sprintf(".copy.db.%s-%d-0a1b2c3d.partial-wal", host(), gone), time.Time{}, true},
		{"a killed template", fmt.Sprintf(".entry.xlsx.%s-%d-00ff00ff.partial", host(), gone), time.Time{}, true},
		{"this process's own", fmt.Sprintf(".copy.db.%s-%d-0a1b2c3d.partial", host(), os.Getpid()), time.Time{}, false},
		{"a live process's", fmt.Sprintf(".copy.db.%s-%d-0a1b2c3d.partial", host(), os.Getppid()), time.Time{}, false},
		{"a live process's, a day old", fmt.Sprintf(".copy.db.%s-%d-0a1b2c3d.partial", host(), os.Getppid()), old, true},
		{"another machine's", fmt.Sprintf(".copy.db.elsewhere-%d-0a1b2c3d.partial", gone), time.Time{}, false},
		{"another machine's, a day old", fmt.Sprintf(".copy.db.elsewhere-%d-0a1b2c3d.partial", gone), old, true},
		{"an earlier build's backup", ".copy.db.partial-123456789", time.Time{}, false},
		{"an earlier build's backup, a day old", ".copy.db.partial-123456789", old, true},
		{"an earlier build's workbook, a day old", ".workbook-123456789.xlsx", old, true},
		{"the user's hidden file", ".copy.db.notes", old, false},
		{"the user's file", "copy.db.partial", old, false},
	}
	dir := t.TempDir()
	var want []string
	for _, tt := range tests {
		path := filepath.Join(dir, tt.file)
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if !tt.age.IsZero() {
			if err := os.Chtimes(path, tt.age, tt.age); err != nil {
				t.Fatal(err)
			}
		}
		if tt.swept {
			want = append(want, tt.file)
		}
	}
	got := Sweep(dir)
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("swept (-want +got):\n%s", diff)
	}
	// Create sweeps the folder it writes into.
	os.WriteFile(filepath.Join(dir, tests[0].file), []byte("x"), 0o600)
	f, err := Create(context.Background(), filepath.Join(dir, "next.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.Discard()
	if _, err := os.Stat(filepath.Join(dir, tests[0].file)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Create left %s: %v", tests[0].file, err)
	}
}

func TestTempNamesAreSwept(t *testing.T) {
	name := tempName("Bradford & Calderdale.db")
	m := ours.FindStringSubmatch(name)
	if m == nil {
		t.Fatalf("%s is not a name Sweep knows", name)
	}
	if diff := cmp.Diff([]string{host(), fmt.Sprint(os.Getpid())}, m[1:3]); diff != "" {
		t.Errorf("%s names (-want +got):\n%s", name, diff)
	}
}

// deadPID is the id of a process that has finished.
func deadPID(t *testing.T) int {
	t.Helper()
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Skipf("cannot start a process to get a finished one's id: %v", err)
	}
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	return p.Pid
}

func TestSourceDate(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	got, err := SourceDate(env("1730800000"))
	if err != nil || !got.Equal(time.Unix(1730800000, 0)) {
		t.Errorf("SourceDate(1730800000) = %v, %v", got, err)
	}
	if _, err := SourceDate(env("yesterday")); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("SourceDate(yesterday): %v, want an invalid-input error", err)
	}
}
