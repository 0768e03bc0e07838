// Package outfile writes the files fieldwork makes for people (backups, entry templates,
// workbooks, team lists) whole or not at all. A file is written under a temporary name beside
// its destination and put in place only when complete, so an interrupted or failed write never
// leaves half a file under the name, nor replaces a good one.
//
// A temporary file is removed when the write fails, and when the context it was created under
// is cancelled: fieldwork's main cancels it on SIGINT (Ctrl-C) and SIGTERM. A process killed
// outright (SIGKILL, a power cut) cannot clean up, so its temporary files carry its host and
// process id in their names, and the next write into the same folder sweeps away those whose
// process is gone. Temporary files may hold case ids: they are never left about.
package outfile

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"fieldwork/casework"
)

// Options say how a file is written.
type Options struct {
	// Private makes the file readable and writable by its owner only (0600), for a file that
	// holds case ids; otherwise it is 0644, for a file to publish.
	Private bool
	// Replace lets the finished file replace one already at the destination; without it an
	// existing file is never replaced.
	Replace bool
}

// File is a file being written: write into it (it is the temporary file), then Commit to put it
// in place. Defer Discard, which removes the temporary file unless it was committed.
type File struct {
	*os.File
	path      string
	opt       Options
	ctx       context.Context
	stopWatch func() bool // stops the removal on cancellation; false once it has run
	committed bool
}

// Create makes a temporary file beside path to write path's contents into, first sweeping
// the folder of temporary files that interrupted runs left behind.
func Create(ctx context.Context, path string, opt Options) (*File, error) {
	dir := filepath.Dir(path)
	Sweep(dir)
	mode := os.FileMode(0o644)
	if opt.Private {
		mode = 0o600
	}
	var f *os.File
	var err error
	for range 10 {
		f, err = os.OpenFile(filepath.Join(dir, tempName(filepath.Base(path))), os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, explain(path, err)
	}
	// The umask may have taken bits away; a published file must be readable by others.
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, explain(path, err)
	}
	out := &File{File: f, path: path, opt: opt, ctx: ctx}
	tmp := f.Name()
	out.stopWatch = context.AfterFunc(ctx, func() { removeTemp(tmp) })
	return out, nil
}

// Path is the destination the file is written for.
func (f *File) Path() string { return f.path }

// Commit closes the temporary file and puts it at the destination. It refuses if the
// command was interrupted meanwhile (the temporary file is gone then), and, unless Replace
// was given, if a file appeared at the destination meanwhile.
func (f *File) Commit() error {
	if err := f.File.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return explain(f.path, err)
	}
	if !f.stopWatch() {
		return fmt.Errorf("%s was not written: %w", f.path, context.Cause(f.ctx))
	}
	tmp := f.Name()
	if f.opt.Replace {
		if err := os.Rename(tmp, f.path); err != nil {
			return explain(f.path, err)
		}
		f.committed = true
		return nil
	}
	// Link rather than rename, so a file that appeared meanwhile under the name is not replaced.
	err := os.Link(tmp, f.path)
	if errors.Is(err, fs.ErrExist) {
		return exists(f.path)
	}
	if err != nil {
		// A file system without hard links (a FAT memory stick): rename, having checked the
		// name is still free.
		if _, serr := os.Lstat(f.path); serr == nil {
			return exists(f.path)
		}
		if err := os.Rename(tmp, f.path); err != nil {
			return explain(f.path, err)
		}
		f.committed = true
		return nil
	}
	f.committed = true
	removeTemp(tmp)
	return nil
}

// Discard removes the temporary file, unless Commit put it in place. It is safe to call
// more than once.
func (f *File) Discard() {
	f.stopWatch()
	f.File.Close()
	if !f.committed {
		removeTemp(f.Name())
	}
}

// Write writes path whole through write, or not at all.
func Write(ctx context.Context, path string, opt Options, write func(io.Writer) error) error {
	f, err := Create(ctx, path, opt)
	if err != nil {
		return err
	}
	defer f.Discard()
	if err := write(f); err != nil {
		return explain(path, err)
	}
	return f.Commit()
}

func exists(path string) error {
	return casework.Errorf(casework.ECONFLICT, "%s appeared while it was being written: it is left as it is, and nothing was written", path).
		WithHint("choose another name, or move that file away first")
}

// explain says in plain words why a file could not be written where the fault is the place
// (a missing or read-only folder, a full disk); other errors come back unchanged.
func explain(path string, err error) error {
	dir := filepath.Dir(path)
	var e *casework.Error
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		e = casework.Errorf(casework.EENV, "the disk holding %s is full: it was not written", path).
			WithHint("free some space (df -h shows it) and run the command again")
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		e = casework.Errorf(casework.EENV, "%s cannot be written: its folder %s is read-only", path, dir).
			WithHint("choose a folder you can write (ls -ld " + dir + " shows who may)")
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		e = casework.Errorf(casework.EENV, "%s cannot be written: the folder %s does not exist", path, dir).
			WithHint("create the folder first, or choose another path")
	case errors.Is(err, syscall.EISDIR):
		e = casework.Errorf(casework.EENV, "%s is a folder: name a file inside it", path)
	case errors.Is(err, syscall.EIO):
		e = casework.Errorf(casework.EENV, "%s could not be written (%v): it was not written", path, err).
			WithHint("check the drive is mounted and working, then run the command again")
	}
	if e == nil {
		return err
	}
	return e.Explaining(err)
}

// tempName is a temporary name for base: hidden, naming this process, ending .partial.
func tempName(base string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf(".%s.%s-%d-%s%s", base, host(), os.Getpid(), hex.EncodeToString(b), partial)
}

// partial ends every temporary name; SQLite's working files for one add -wal, -shm, -journal.
const partial = ".partial"

var sqliteSuffixes = []string{"-wal", "-shm", "-journal"}

// removeTemp removes a temporary file and any working files SQLite made beside it.
func removeTemp(name string) {
	os.Remove(name)
	for _, s := range sqliteSuffixes {
		os.Remove(name + s)
	}
}

// host is this machine's name as it goes into a temporary name: letters and digits only, so
// the name parses back.
func host() string {
	h, _ := os.Hostname()
	h = strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, h)
	if len(h) > 24 {
		h = h[:24]
	}
	if h == "" {
		h = "host"
	}
	return h
}

// Free refuses a destination that already holds a file, unless replace: the one rule for every
// file fieldwork writes for people. It is checked before the work that makes the file, so a
// refused command has done nothing.
func Free(path string, replace bool) error {
	if replace {
		return nil
	}
	if _, err := os.Lstat(path); err == nil {
		return casework.Errorf(casework.ECONFLICT, "%s already exists: it is not overwritten", path).
			WithHint("choose another name, move the file away, or give --force to replace it")
	}
	return nil
}

// SourceDate is the time a file says it was written: now, or SOURCE_DATE_EPOCH (seconds since
// 1970) when getenv has it, so the same database gives the same file.
func SourceDate(getenv func(string) string) (time.Time, error) {
	s := getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now().UTC(), nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, casework.Errorf(casework.EINVALID, "SOURCE_DATE_EPOCH %q is not a number of seconds", s).WithHint("unset it or give seconds since 1970")
	}
	return time.Unix(sec, 0).UTC(), nil
}
