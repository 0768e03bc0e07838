package intake

import (
	"errors"
	"io/fs"
	"os"

	"fieldwork/casework"
)

// OpenFile opens a file the user named to import, saying plainly why it cannot: a file that is not
// there is not found; a folder, or a file this user may not read, is a fault of the place
// rather than of the name.
func OpenFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrPermission):
		return nil, casework.Errorf(casework.EENV, "cannot open %s: %v", path, err).
			WithHint("check who may read it (ls -l), or copy it somewhere you can read")
	case err != nil:
		return nil, casework.Errorf(casework.ENOTFOUND, "cannot open %s: %v", path, err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, casework.Errorf(casework.EENV, "%s is a folder, not a file to import", path).
			WithHint("name the file inside it")
	}
	return f, nil
}
