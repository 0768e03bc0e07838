package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// StaleAfter is how old a temporary file must be to be swept although the process named in
// it may be alive: its id was reused, or it ran on another machine sharing the folder. No
// fieldwork write takes anywhere near this long.
const StaleAfter = 24 * time.Hour

var (
	// ours matches the temporary names tempName makes, with SQLite's working files for them:
	// .NAME.HOST-PID-RANDOM.partial[-wal|-shm|-journal]
	ours = regexp.MustCompile(`^\..+\.([A-Za-z0-9]+)-([0-9]+)-[0-9a-f]+\.partial(-wal|-shm|-journal)?$`)
	// earlier matches what earlier builds of fieldwork left: a backup's .NAME.partial-DIGITS
	// and a workbook's .workbook-DIGITS.xlsx. They name no process, so only age tells.
	earlier = regexp.MustCompile(`^(\..+\.partial-[0-9]+(-wal|-shm|-journal)?|\.workbook-[0-9]+\.xlsx)$`)
)

// Sweep removes from dir the temporary files that interrupted runs of fieldwork left: those
// of a process on this machine that is no longer running, and any older than StaleAfter. It
// returns the names it removed. A file it cannot remove is left; sweeping never fails a write.
func Sweep(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	now := time.Now()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		if !ours.MatchString(name) && !earlier.MatchString(name) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if !stale(name, now.Sub(info.ModTime())) {
			continue
		}
		if os.Remove(filepath.Join(dir, name)) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}

// stale says whether a temporary file of ours, of the given age, is left over.
func stale(name string, age time.Duration) bool {
	if age > StaleAfter {
		return true
	}
	m := ours.FindStringSubmatch(name)
	if m == nil || m[1] != host() {
		return false
	}
	pid, err := strconv.Atoi(m[2])
	if err != nil || pid == os.Getpid() {
		return false
	}
	return !running(pid)
}

// running says whether a process with the id runs on this machine. Only "no such process"
// counts as gone: one that exists but is not ours to signal (EPERM) is running.
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return !errors.Is(err, os.ErrProcessDone) && !errors.Is(err, syscall.ESRCH)
}
