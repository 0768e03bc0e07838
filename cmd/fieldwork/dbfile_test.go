package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"

	_ "github.com/mattn/go-sqlite3"
)

// The database file's own troubles, as a user meets them: each command either works or says
// what is wrong with the file, that nothing was saved, and what to do; no SQLite jargon.

// needTool skips a test whose tool is missing here, but fails it on CI, where it must run.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is needed on CI: %v", name, err)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, stdout, stderr := fieldworkIn(t, db, args...)
	if code != 0 {
		t.Fatalf("fieldwork %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// refusedClearly runs a command that must fail with status code and a message saying what; and
// never with SQLite's own words.
func refusedClearly(t *testing.T, db string, code int, says string, args ...string) {
	t.Helper()
	got, _, stderr := fieldworkIn(t, db, args...)
	if got != code || !strings.Contains(stderr, says) || !strings.Contains(stderr, "\nhint: ") {
		t.Fatalf("fieldwork %s: exit %d, want %d with %q and a hint:\n%s", strings.Join(args, " "), got, code, says, stderr)
	}
	for _, jargon := range []string{"database is locked", "attempt to write a readonly database", "database or disk is full", "SQLITE_"} {
		if strings.Contains(stderr, jargon) {
			t.Errorf("the message passes on SQLite's words %q:\n%s", jargon, stderr)
		}
	}
}

func answerCount(t *testing.T, db string) int {
	t.Helper()
	s, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	var ok string
	if err := s.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	if err := s.QueryRow(`SELECT count(*) FROM answers`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReadOnlyDatabase(t *testing.T) {
	dir := t.TempDir()
	db := inspectionWith(t, dir, "case_id,case_type\nC1,community\n")
	mustRun(t, db, "judge", "C1", "2.1.1=yes")
	// Root writes through file permissions, so make the file immutable there instead.
	if os.Geteuid() == 0 {
		chattr := needTool(t, "chattr")
		if out, err := exec.Command(chattr, "+i", db).CombinedOutput(); err != nil {
			t.Skipf("chattr +i does not work on this file system: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command(chattr, "-i", db).Run() })
	} else {
		if err := os.Chmod(db, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	refusedClearly(t, db, exitEnv, "cannot be written: the file or its folder is read-only: nothing was saved", "judge", "C1", "2.1.1=no")
	if out := mustRun(t, db, "score"); !strings.Contains(out, "2.1.1") {
		t.Errorf("a read-only inspection cannot be read:\n%s", out)
	}
	if n := answerCount(t, db); n != 1 {
		t.Errorf("%d answers, want the 1 saved before", n)
	}
}

func TestDatabaseLockedByAnotherProgram(t *testing.T) {
	sqlite3 := needTool(t, "sqlite3")
	dir := t.TempDir()
	db := inspectionWith(t, dir, "case_id,case_type\nC1,community\n")

	// Another program holds an exclusive transaction open.
	holder := exec.Command(sqlite3, db)
	stdin, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	fmt.Fprintln(stdin, "BEGIN EXCLUSIVE; INSERT INTO answers (case_id, question_id, answer, updated_at) VALUES ('C1', '2.1.2', 'no', 'x'); SELECT 'holding';")
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || strings.TrimSpace(line) != "holding" {
		t.Fatalf("the other program did not take the lock: %q, %v", line, err)
	}

	refusedClearly(t, db, exitConflict, "is held by another program and stayed locked for 5 seconds: nothing was saved", "judge", "C1", "2.1.1=yes")

	fmt.Fprintln(stdin, "ROLLBACK;")
	stdin.Close()
	holder.Wait()
	mustRun(t, db, "judge", "C1", "2.1.1=yes")
	if n := answerCount(t, db); n != 1 {
		t.Errorf("%d answers after the lock was released, want 1", n)
	}
}

// TestDiskFullDuringImport puts the inspection on a tiny RAM disk and imports more answers than
// fit. Mounting needs root: elsewhere sqlite's own test fills the file with max_page_count.
func TestDiskFullDuringImport(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root; sqlite.TestFullDiskSavesNothing covers the rest")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })

	db := inspectionWith(t, dir, "case_id,case_type\nC1,community\nC2,community\n")
	mustRun(t, db, "judge", "C1", "2.1.1=yes")
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("case_id,question,answer,note\n")
	// Every question a note as long as a cell holds (intake.MaxCellChars): 1.5 MB of them.
	for _, q := range fw.Questions() {
		fmt.Fprintf(&b, "C2,%s,yes,%s\n", q.ID, strings.Repeat("a long note ", 2700))
	}
	file := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	refusedClearly(t, db, exitEnv, "is full: nothing was saved", "judgements", "import", file)
	if n := answerCount(t, db); n != 1 {
		t.Errorf("%d answers after the failed import, want the 1 saved before", n)
	}
	mustRun(t, db, "judge", "C1", "2.1.2=no")
}

func TestNewerDatabaseIsRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	db := inspectionWith(t, dir, "case_id,case_type\nC1,community\n")
	s, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(db)
	refusedClearly(t, db, exitInvalid, "was written by a newer fieldwork (schema version 99", "judge", "C1", "2.1.1=yes")
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the newer file was changed")
	}
}

func TestOlderDatabaseIsCopiedThenUpgraded(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bc.db")
	// The file as version 2 wrote it.
	old, err := os.ReadFile("../../sqlite/testdata/schema-v2.sql")
	if err != nil {
		t.Fatal(err)
	}
	fwJSON, err := casework.BuiltinJSON("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	s, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{string(old), `PRAGMA user_version = 2`,
		`INSERT INTO inspection (id, name, framework_id, framework, created_at) VALUES (1, 'Old PDU', 'pdu-2023', '` + strings.ReplaceAll(string(fwJSON), "'", "''") + `', '2024-01-01T00:00:00Z')`,
		`INSERT INTO cases (id, case_type, position) VALUES ('OLD1', 'community', 1)`} {
		if _, err := s.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	code, stdout, stderr := fieldworkIn(t, db, "cases", "list")
	backup := filepath.Join(dir, "bc.schema-v2.backup.db")
	if code != 0 || !strings.Contains(stdout, "OLD1") {
		t.Fatalf("exit %d on the older file:\n%s%s", code, stdout, stderr)
	}
	if want := "bc.db was written by an older fieldwork (schema version 2) and has been brought up to date; a copy of it as it was is kept in " + backup; !strings.Contains(stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr)
	}
	if _, err := os.Stat(backup); err != nil {
		t.Errorf("no copy kept: %v", err)
	}
	if _, _, stderr := fieldworkIn(t, db, "cases", "list"); strings.Contains(stderr, "older fieldwork") {
		t.Errorf("the second command upgraded again:\n%s", stderr)
	}
}
