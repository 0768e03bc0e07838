package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bc "fieldwork/examples/bradford-calderdale"

	"github.com/google/go-cmp/cmp"
)

// The inspection file's faults as a lead inspector meets them: every command either works or
// names the file, says what is wrong and what to do, and exits with the environment status.

// bcFile builds the Bradford & Calderdale example in dir/name and closes it.
func bcFile(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	db, err := bc.Build(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// runFor runs the CLI on --db path, giving up after ten seconds: serve would otherwise
// serve a file it should have refused until the test run times out.
func runFor(t *testing.T, path string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"fieldwork", "--db", path}, args...), strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	return code, stdout.String(), stderr.String()
}

// commandsOn lists a call of every command that opens the inspection, with the files it
// needs in work.
func commandsOn(t *testing.T, work, good string) (reads, writes [][]string) {
	t.Helper()
	example, err := filepath.Abs("../../examples/bradford-calderdale")
	if err != nil {
		t.Fatal(err)
	}
	copyFile := filepath.Join(work, "laptop.db")
	if code, _, stderr := runFor(t, good, "backup", copyFile); code != 0 {
		t.Fatal(stderr)
	}
	out := func(name string) string { return filepath.Join(t.TempDir(), name) }
	reads = [][]string{
		{"score"}, {"validate"}, {"report"}, {"workbook", "-o", out("workbook.xlsx")}, {"history", "BC001"},
		{"agreement"}, {"template", "-o", out("entry.xlsx")}, {"backup", out("copy.db")}, {"cases", "list"},
		{"sample", "list"}, {"sample", "log"}, {"compare-groups", "--by", "grade"}, {"framework", "show"},
		{"regional"},
	}
	writes = [][]string{
		{"judge", "BC001", "2.1.1=no"}, {"moderate", "BC001", "2.1.1=no", "--reason", "agreed"},
		{"rate", "1.1=Good", "--by", "Lead"}, {"cases", "import", filepath.Join(example, "cases.csv")},
		{"judgements", "import", filepath.Join(example, "judgements.csv")}, {"merge", copyFile},
		{"serve", "--addr", "127.0.0.1:0"}, {"sample", "replace", "BC001", "--reason", "moved away"},
	}
	return reads, writes
}

// damageMiddle overwrites the start of the page in the middle of the file, as a failing disk
// or a bad copy does.
func damageMiddle(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 256), fi.Size()/page/2*page); err != nil {
		t.Fatal(err)
	}
}

func TestEveryCommandNamesADamagedFile(t *testing.T) {
	work := t.TempDir()
	good := bcFile(t, work, "good.db")
	reads, writes := commandsOn(t, work, good)
	damaged := bcFile(t, work, "damaged.db")
	damageMiddle(t, damaged)
	calls := append(reads, writes...)
	// A damaged file among others named on the command line.
	for _, other := range [][]string{
		{"compare", good, damaged},
		{"combine", "-o", filepath.Join(t.TempDir(), "region.db"), "--name", "Region", good, damaged},
	} {
		calls = append(calls, other)
	}
	for _, args := range calls {
		t.Run(callName(args), func(t *testing.T) {
			code, stdout, stderr := runFor(t, damaged, args...)
			says := damaged + " is damaged; SQLite's integrity check of it says:\n  "
			if code != exitEnv || !strings.Contains(stderr, says) || !strings.Contains(stderr, "hint: do not write to it; restore your latest copy") {
				t.Errorf("fieldwork %s: exit %d, want %d naming the damaged file, with the integrity check and a hint\nstdout:\n%s\nstderr:\n%s",
					strings.Join(args, " "), code, exitEnv, stdout, stderr)
			}
		})
	}
}

// readOnlyBindMount returns a read-only view of dir: a read-only bind mount as root (whom
// permissions do not stop), dir itself made 0555 otherwise.
func readOnlyBindMount(t *testing.T, dir string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	ro := t.TempDir()
	if out, err := exec.Command("mount", "-o", "bind,ro", dir, ro).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("a read-only bind mount is needed on CI: %v %s", err, out)
		}
		t.Skipf("cannot make a read-only bind mount here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	return ro
}

// TestReadOnlyFolder puts the inspection on read-only media: every command that reads it
// prints what it prints from a writable folder, and every command that would change it says
// the place is read-only, before doing anything.
func TestReadOnlyFolder(t *testing.T) {
	work := t.TempDir()
	dir := t.TempDir()
	path := bcFile(t, dir, "bc.db")
	reads, writes := commandsOn(t, work, path)
	ro := filepath.Join(readOnlyBindMount(t, dir), "bc.db")
	for _, args := range reads {
		t.Run(callName(args), func(t *testing.T) {
			code, stdout, stderr := runFor(t, path, args...)
			want := []any{code, stdout, stderr}
			removeOutputs(t, args)
			code, stdout, stderr = runFor(t, ro, args...)
			tidy := strings.NewReplacer(ro, path)
			got := []any{code, tidy.Replace(stdout), tidy.Replace(stderr)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("fieldwork %s from a read-only folder (-writable +read-only):\n%s", strings.Join(args, " "), diff)
			}
		})
	}
	for _, args := range writes {
		t.Run(callName(args), func(t *testing.T) {
			code, _, stderr := runFor(t, ro, args...)
			if says := ro + " cannot be written: the file or its folder is read-only: nothing was saved"; code != exitEnv || !strings.Contains(stderr, says) {
				t.Errorf("fieldwork %s: exit %d, want %d saying %q\n%s", strings.Join(args, " "), code, exitEnv, says, stderr)
			}
		})
	}
}

// removeOutputs removes the files a command wrote, so it can write them again.
func removeOutputs(t *testing.T, args []string) {
	t.Helper()
	for i, a := range args {
		if strings.HasSuffix(a, ".xlsx") || (args[0] == "backup" && i == 1) {
			if err := os.Remove(a); err != nil {
				t.Fatalf("fieldwork %s wrote no %s: %v", strings.Join(args, " "), a, err)
			}
		}
	}
}

// callName names a subtest after the command called: its words up to the first flag or file.
func callName(args []string) string {
	n := 1
	if len(args) > 1 && !strings.ContainsAny(args[1], "-/.=") {
		n = 2
	}
	return strings.Join(args[:n], " ")
}

// TestFolderGivenAsAFile names folders where files are wanted: each is a fault of the place,
// with the environment status, not an internal error.
func TestFolderGivenAsAFile(t *testing.T) {
	dir := t.TempDir()
	db := inspectionWith(t, dir, "case_id,case_type\nC1,community\n")
	for _, name := range []string{"judgements.csv", "entry.xlsx"} {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"the inspection", []string{"--db", dir, "score"}, dir + " is a folder, not an inspection database"},
		{"answers in CSV", []string{"judgements", "import", filepath.Join(dir, "judgements.csv")}, "judgements.csv is a folder, not a file to import"},
		{"answers in Excel", []string{"judgements", "import", filepath.Join(dir, "entry.xlsx")}, "entry.xlsx is a folder, not a file to import"},
		{"a case list", []string{"cases", "import", filepath.Join(dir, "judgements.csv")}, "judgements.csv is a folder, not a file to import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := fieldworkIn(t, db, tt.args...)
			if code != exitEnv || !strings.Contains(stderr, tt.says) {
				t.Errorf("exit %d, want %d saying %q:\n%s", code, exitEnv, tt.says, stderr)
			}
		})
	}
}
