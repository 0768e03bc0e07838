package reliability

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fieldwork/casework"

	_ "github.com/mattn/go-sqlite3"
)

// binary is the fieldwork command built once for every test in the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fieldwork-reliability")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "fieldwork")
	build := exec.Command("go", "build", "-o", binary, "fieldwork/cmd/fieldwork")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building fieldwork:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

// fieldwork runs the binary on the database db and waits for it.
func fieldwork(t *testing.T, db string, args ...string) result {
	t.Helper()
	cmd := command(db, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running fieldwork %s: %v", strings.Join(args, " "), err)
	}
	return r
}

func command(db string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "FIELDWORK_DB="+db)
	return cmd
}

// must runs the binary and fails the test unless it succeeds.
func must(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := fieldwork(t, db, args...)
	if r.code != 0 {
		t.Fatalf("fieldwork %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// questions lists the ids of pdu-2023's questions and whether each allows n/a.
func questions(t *testing.T) []casework.Question {
	t.Helper()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	return fw.Questions()
}

// newInspection makes a database holding n community cases K0000, K0001, ...
func newInspection(t *testing.T, dir string, n int) string {
	t.Helper()
	db := filepath.Join(dir, "inspection.db")
	must(t, db, "init", "--name", "Reliability PDU")
	var b strings.Builder
	b.WriteString("case_id,case_type\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,community\n", caseID(i))
	}
	file := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	must(t, db, "cases", "import", file)
	return db
}

func caseID(i int) string { return fmt.Sprintf("K%04d", i) }

// answersFile writes a judgements file answering every question of every case with answer(i, q).
func answersFile(t *testing.T, path string, cases int, qs []casework.Question, answer func(i int, q casework.Question) string) map[string]string {
	t.Helper()
	want := map[string]string{}
	var b strings.Builder
	b.WriteString("case_id,question,answer,inspector\n")
	for i := range cases {
		for _, q := range qs {
			a := answer(i, q)
			fmt.Fprintf(&b, "%s,%s,%s,Inspector A\n", caseID(i), q.ID, a)
			want[caseID(i)+" "+q.ID] = a
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return want
}

// inspect opens the database as any SQLite program would, read only.
func inspect(t *testing.T, db string) *sql.DB {
	t.Helper()
	s, err := sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// integrity runs PRAGMA integrity_check and fails the test unless it says ok.
func integrity(t *testing.T, db string) {
	t.Helper()
	s := inspect(t, db)
	defer s.Close()
	var msg string
	if err := s.QueryRowContext(context.Background(), `PRAGMA integrity_check`).Scan(&msg); err != nil || msg != "ok" {
		t.Fatalf("integrity_check of %s: %q, %v", db, msg, err)
	}
	var fk int
	rows, err := s.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		fk++
	}
	rows.Close()
	if fk > 0 {
		t.Fatalf("%s: %d rows break a foreign key", db, fk)
	}
}

// stored reads every current answer as "CASE QUESTION" -> answer.
func stored(t *testing.T, db string) map[string]string {
	t.Helper()
	s := inspect(t, db)
	defer s.Close()
	rows, err := s.Query(`SELECT case_id, question_id, answer FROM answers`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, q, a string
		if err := rows.Scan(&c, &q, &a); err != nil {
			t.Fatal(err)
		}
		out[c+" "+q] = a
	}
	return out
}

// count runs a count query.
func count(t *testing.T, db, query string, args ...any) int {
	t.Helper()
	s := inspect(t, db)
	defer s.Close()
	var n int
	if err := s.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// envInt reads a count from the environment, for longer runs than the default.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
