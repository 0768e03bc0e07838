package sqlite

import (
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

	"github.com/google/go-cmp/cmp"
	sqlite3 "github.com/mattn/go-sqlite3"
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
	if err := db.sql.QueryRow(`SELECT (SELECT count(*) FROM answers) + (SELECT count(*) FROM answer_changes)`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d answer and history rows, want the 2 from before: %v", n, err)
	}
}

// saves are the ways an inspection is changed, each through db.write and so through commit.
var saves = []struct {
	name string
	save func(context.Context, *DB) error
}{
	{"answers imported", func(ctx context.Context, db *DB) error {
		_, err := db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.2", casework.No)}, "late.csv")
		return err
	}},
	{"one case saved from the entry form", func(ctx context.Context, db *DB) error {
		_, _, err := db.SaveCaseAnswers(ctx, "C1", 1, []casework.Judgement{j("C1", "2.1.2", casework.No)}, "form")
		return err
	}},
	{"cases imported", func(ctx context.Context, db *DB) error {
		_, err := db.SaveCases(ctx, []casework.Case{{ID: "C9", Type: casework.Community}})
		return err
	}},
	{"a rating given", func(ctx context.Context, db *DB) error {
		return db.SetRatings(ctx, []casework.GivenRating{{Standard: "1.1", Rating: casework.Good}}, "Lead")
	}},
}

// TestCommitRefusesAFileDeletedOrReplaced removes or replaces the database file while it is
// open, as a person or a sync program may, then saves: the save must be refused in plain
// words, not reported done into a file no one will see again, and the file now at the path
// must be left as it was.
func TestCommitRefusesAFileDeletedOrReplaced(t *testing.T) {
	faults := []struct {
		name string
		// fault acts on the open database's path; it returns where the file that was opened is
		// now ("" when it is gone) and the file now at the path ("" when there is none).
		fault func(t *testing.T, path, other string) (opened, now string)
		says  string
	}{
		{"deleted", func(t *testing.T, path, _ string) (string, string) {
			mustDo(t, os.Remove(path))
			return "", ""
		}, "was deleted while fieldwork was working on it: nothing was saved"},
		{"another file moved over it", func(t *testing.T, path, other string) (string, string) {
			mustDo(t, os.Rename(other, path))
			return "", path
		}, "was replaced by another file while fieldwork was working on it: nothing was saved, and the file now there was not changed"},
		{"moved away and another put in its place", func(t *testing.T, path, other string) (string, string) {
			aside := path + ".aside"
			mustDo(t, os.Rename(path, aside))
			mustDo(t, os.Rename(other, path))
			return aside, path
		}, "was replaced by another file"},
	}
	for _, f := range faults {
		for _, s := range saves {
			t.Run(f.name+"/"+s.name, func(t *testing.T) {
				ctx := context.Background()
				first := newDB(t)
				addCases(t, first, "C1")
				if _, err := first.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "first.csv"); err != nil {
					t.Fatal(err)
				}
				// A command of its own opens the file, as each fieldwork command does.
				mustDo(t, first.Close())
				db, err := Open(ctx, first.path)
				mustDo(t, err)
				defer db.Close()
				other := filepath.Join(t.TempDir(), "other.db")
				fw, _ := casework.Builtin("pdu-2023")
				odb, err := Create(ctx, other, casework.Inspection{Name: "Another PDU", Framework: fw})
				mustDo(t, err)
				odb.Close()
				before := rowCounts(t, other)

				opened, now := f.fault(t, db.path, other)
				err = s.save(ctx, db)
				if casework.ErrorCode(err) != casework.EENV || !strings.Contains(err.Error(), db.path+" "+f.says) || casework.ErrorHint(err) == "" {
					t.Fatalf("saving after the file was %s: %v (code %s), want %s saying %q with a hint", f.name, err, casework.ErrorCode(err), casework.EENV, f.says)
				}
				// The command ends; SQLite folds its write-ahead log into the file it belongs to.
				mustDo(t, db.Close())
				if now != "" {
					if diff := cmp.Diff(before, rowCounts(t, now)); diff != "" {
						t.Errorf("the file now at the path was changed (-before +after):\n%s", diff)
					}
				}
				if opened != "" {
					want := map[string]int{"answers": 1, "cases": 1, "ratings": 0}
					if diff := cmp.Diff(want, rowCounts(t, opened)); diff != "" {
						t.Errorf("the file that was opened was changed (-want +got):\n%s", diff)
					}
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

// rowCounts reads the tables a save changes, through a connection of its own.
func rowCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	s, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	mustDo(t, err)
	defer s.Close()
	out := map[string]int{}
	for _, table := range []string{"answers", "cases", "ratings"} {
		var n int
		mustDo(t, s.QueryRow(`SELECT count(*) FROM `+table).Scan(&n))
		out[table] = n
	}
	return out
}

// answeredInspection makes an inspection of 60 cases with every question answered, so its
// answers fill many pages, in dir/inspection.db.
func answeredInspection(t *testing.T, dir string) string {
	t.Helper()
	var ids []string
	for i := range 60 {
		ids = append(ids, fmt.Sprintf("D%03d", i))
	}
	return inspectionFile(t, dir, "inspection.db", "Damaged PDU", "pdu-2023", ids, func(string, string) casework.Answer { return casework.Yes })
}

// damage overwrites the start of the page in the middle of the file, as a failing disk or a
// bad copy does, and returns the page's number.
func damage(t *testing.T, path string) int {
	t.Helper()
	s, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	mustDo(t, err)
	var pages, size, free int
	mustDo(t, s.QueryRow(`SELECT (SELECT page_count FROM pragma_page_count), (SELECT page_size FROM pragma_page_size), (SELECT freelist_count FROM pragma_freelist_count)`).Scan(&pages, &size, &free))
	s.Close()
	if free != 0 || pages < 20 {
		t.Fatalf("%s has %d pages, %d free: want many pages, none free, so the damage is to a page in use", path, pages, free)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	mustDo(t, err)
	defer f.Close()
	page := pages / 2
	_, err = f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", 128)), int64((page-1)*size))
	mustDo(t, err)
	return page
}

// TestOpenNamesADamagedFile damages a page of the answers in the middle of an inspection
// file. Reading the inspection alone would never touch that page; opening the file, to read
// or to change it, must still refuse it, name it, quote SQLite's integrity check and say what
// to do.
func TestOpenNamesADamagedFile(t *testing.T) {
	path := answeredInspection(t, t.TempDir())
	page := damage(t, path)
	opens := []struct {
		name string
		open func(context.Context, string) (*DB, error)
	}{{"to change it", Open}, {"to read it", OpenReadOnly}}
	for _, o := range opens {
		t.Run(o.name, func(t *testing.T) {
			db, err := o.open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatalf("a file damaged at page %d opened", page)
			}
			msg := err.Error()
			if casework.ErrorCode(err) != casework.EENV || !strings.HasPrefix(msg, path+" is damaged; SQLite's integrity check of it says:\n  ") {
				t.Errorf("error %q (code %s), want %s naming the file as damaged", msg, casework.ErrorCode(err), casework.EENV)
			}
			if lines := strings.Split(msg, "\n"); len(lines) < 2 || len(lines) > 1+reportLines || !strings.Contains(msg, "page") {
				t.Errorf("the message quotes %d lines of the integrity check, want 1 to %d naming a page:\n%s", len(lines)-1, reportLines, msg)
			}
			hint := casework.ErrorHint(err)
			for _, want := range []string{"restore your latest copy", `PRAGMA integrity_check`} {
				if !strings.Contains(hint, want) {
					t.Errorf("the hint %q does not say %q", hint, want)
				}
			}
		})
	}
}

func TestExplainCopyBlamesTheRightFile(t *testing.T) {
	from, to := filepath.Join(t.TempDir(), "office.db"), filepath.Join(t.TempDir(), "laptop.db")
	tests := []struct {
		name  string
		err   error
		names string
	}{
		{"damage is in the file copied", sqlite3.Error{Code: sqlite3.ErrCorrupt}, from + " is damaged"},
		{"a full disk is the copy's", sqlite3.Error{Code: sqlite3.ErrFull}, "the disk holding " + to + " is full"},
		{"a read-only place is the copy's", sqlite3.Error{Code: sqlite3.ErrReadonly}, to + " cannot be written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := explainCopy(from, to, fmt.Errorf("copying: %w", tt.err))
			if casework.ErrorCode(err) != casework.EENV || !strings.HasPrefix(err.Error(), tt.names) {
				t.Errorf("%v (code %s), want %s starting %q", err, casework.ErrorCode(err), casework.EENV, tt.names)
			}
		})
	}
}

// readOnlyFolder makes dir read-only and returns the path to read it by: a read-only bind
// mount of it as root (whom permissions do not stop), the folder itself made 0555 otherwise.
func readOnlyFolder(t *testing.T, dir string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		mustDo(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	ro := t.TempDir()
	if out, err := exec.Command("mount", "-o", "bind,ro", dir, ro).CombinedOutput(); err != nil {
		t.Skipf("cannot make a read-only bind mount here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	if canWrite(ro) {
		t.Skipf("the bind mount %s can be written", ro)
	}
	return ro
}

// readOnlyFile makes the file at path read-only: immutable as root, 0444 otherwise.
func readOnlyFile(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		mustDo(t, os.Chmod(path, 0o444))
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("chattr +i does not work here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// walFile makes an inspection whose last save is still in its write-ahead log, as a copy
// taken while fieldwork had the file open is, and copies it into a new folder with the log,
// and with the log's index (-shm) when withIndex. It returns the copy's path.
func walFile(t *testing.T, withIndex bool) string {
	t.Helper()
	ctx := context.Background()
	db := newDB(t)
	addCases(t, db, "C1", "C2")
	db.sql.SetMaxOpenConns(1)
	_, err := db.sql.Exec(`PRAGMA wal_autocheckpoint = 0`)
	mustDo(t, err)
	_, err = db.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes), j("C2", "2.1.1", casework.No)}, "in-the-log.csv")
	mustDo(t, err)
	dir := t.TempDir()
	suffixes := []string{"", "-wal"}
	if withIndex {
		suffixes = append(suffixes, "-shm")
	}
	for _, s := range suffixes {
		b, err := os.ReadFile(db.path + s)
		mustDo(t, err)
		mustDo(t, os.WriteFile(filepath.Join(dir, "inspection.db"+s), b, 0o644))
	}
	return filepath.Join(dir, "inspection.db")
}

// TestReadOnlyPlaces opens an inspection on read-only media and read-only files: reading
// works (with every answer, also those still in a write-ahead log), changing is refused in
// plain words before anything is done, and a log that cannot be read is never ignored.
func TestReadOnlyPlaces(t *testing.T) {
	tests := []struct {
		name string
		// place makes the inspection's place read-only and returns the path to open it by.
		place   func(t *testing.T) string
		answers int    // what reading finds; 0 when reading is refused
		refusal string // why reading is refused
	}{
		{"a read-only file", func(t *testing.T) string {
			path := answeredInspection(t, t.TempDir())
			readOnlyFile(t, path)
			return path
		}, 60 * questionCount(t), ""},
		{"a read-only folder", func(t *testing.T) string {
			dir := t.TempDir()
			answeredInspection(t, dir)
			return filepath.Join(readOnlyFolder(t, dir), "inspection.db")
		}, 60 * questionCount(t), ""},
		{"a read-only folder with changes in the log and its index", func(t *testing.T) string {
			path := walFile(t, true)
			return filepath.Join(readOnlyFolder(t, filepath.Dir(path)), "inspection.db")
		}, 2, ""},
		{"a read-only folder with changes in the log without its index", func(t *testing.T) string {
			path := walFile(t, false)
			return filepath.Join(readOnlyFolder(t, filepath.Dir(path)), "inspection.db")
		}, 0, "has changes not yet folded into it, in inspection.db-wal, and they cannot be read in a read-only folder without inspection.db-shm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := tt.place(t)
			dir := filepath.Dir(path)
			before := names(t, dir)

			db, err := OpenReadOnly(ctx, path)
			if tt.refusal != "" {
				if casework.ErrorCode(err) != casework.EENV || !strings.Contains(err.Error(), tt.refusal) || casework.ErrorHint(err) == "" {
					t.Fatalf("OpenReadOnly: %v (code %s), want %s saying %q with a hint", err, casework.ErrorCode(err), casework.EENV, tt.refusal)
				}
			} else {
				if err != nil {
					t.Fatalf("OpenReadOnly: %v", err)
				}
				got, err := db.Answers(ctx)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, as := range got {
					n += len(as)
				}
				if n != tt.answers {
					t.Errorf("read %d answers, want %d", n, tt.answers)
				}
				db.Close()
			}

			if db, err = Open(ctx, path); err == nil {
				db.Close() // so the read-only mount can be undone
			}
			if casework.ErrorCode(err) != casework.EENV || !strings.Contains(err.Error(), path+" cannot be written: the file or its folder is read-only: nothing was saved") {
				t.Errorf("Open to change it: %v (code %s), want %s saying it is read-only", err, casework.ErrorCode(err), casework.EENV)
			}
			if !strings.Contains(tt.name, "read-only folder") {
				return
			}
			if diff := cmp.Diff(before, names(t, dir)); diff != "" {
				t.Errorf("the read-only folder's files changed (-before +after):\n%s", diff)
			}
		})
	}
}

func questionCount(t *testing.T) int {
	t.Helper()
	return len(builtin(t, "pdu-2023").Questions())
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	mustDo(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestReadingNeverWrites opens files for reading: an empty file stays empty, and a database
// opened for reading refuses a change.
func TestReadingNeverWrites(t *testing.T) {
	ctx := context.Background()
	empty := filepath.Join(t.TempDir(), "empty.db")
	mustDo(t, os.WriteFile(empty, nil, 0o644))
	_, err := OpenReadOnly(ctx, empty)
	if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(err.Error(), "is empty: not a fieldwork inspection database") {
		t.Errorf("OpenReadOnly of an empty file: %v", err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file was written: %v, %v", fi, err)
	}

	db := newDB(t)
	addCases(t, db, "C1")
	db.Close()
	r, err := OpenReadOnly(ctx, db.path)
	mustDo(t, err)
	defer r.Close()
	if _, err := r.SaveAnswers(ctx, []casework.Judgement{j("C1", "2.1.1", casework.Yes)}, "x"); err == nil || !strings.Contains(err.Error(), "was opened for reading") {
		t.Errorf("saving through a database opened for reading: %v", err)
	}
	if diff := cmp.Diff(map[string]int{"answers": 0, "cases": 1, "ratings": 0}, rowCounts(t, db.path)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A file larger than wholeCheckLimit opens without the whole check (damage is then found on the
// pages a command reads); CheckWhole, which validate runs, still finds damage anywhere.
func TestLargeFileCheckedWholeOnRequest(t *testing.T) {
	path := answeredInspection(t, t.TempDir())
	damage(t, path)
	defer func(limit int64) { wholeCheckLimit = limit }(wholeCheckLimit)
	wholeCheckLimit = 1024
	db, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatalf("a file over the whole-check limit was checked whole on opening: %v", err)
	}
	defer db.Close()
	err = db.CheckWhole(context.Background())
	if casework.ErrorCode(err) != casework.EENV || !strings.HasPrefix(err.Error(), path+" is damaged") {
		t.Errorf("CheckWhole: %v (code %s), want the file named as damaged (%s)", err, casework.ErrorCode(err), casework.EENV)
	}
}

// TestEmptyFileNeverGetsASchema: no open but Create writes a schema into a file of 0 bytes,
// for reading or for changing it.
func TestEmptyFileNeverGetsASchema(t *testing.T) {
	tests := []struct {
		name string
		open func(context.Context, string) (*DB, error)
	}{
		{"for reading", OpenReadOnly},
		{"for changing", Open},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			empty := filepath.Join(t.TempDir(), "empty.db")
			mustDo(t, os.WriteFile(empty, nil, 0o644))
			_, err := tt.open(context.Background(), empty)
			got := []string{casework.ErrorCode(err), fmt.Sprint(err)}
			want := []string{casework.EINVALID, empty + " is empty: not a fieldwork inspection database"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
				t.Errorf("the empty file was written: %v, %v", fi, err)
			}
		})
	}
}
