//go:build !unix

package sqlite

import "os"

// canWrite asks whether path may be written; without access(2), by its permission bits.
func canWrite(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().Perm()&0o200 != 0
}
