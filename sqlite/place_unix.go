//go:build unix

package sqlite

import "syscall"

// canWrite asks the kernel whether this process may write path, which knows of read-only
// mounts and immutable files as well as permissions (and that root passes permissions).
func canWrite(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}
