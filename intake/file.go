package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fieldwork/casework"
)

// File is a table file the inspectors named, open to be read a row at a time.
type File struct {
	Rows
	file *os.File  // nil for a workbook, read whole when opened
	sum  hash.Hash // the bytes read so far
}

// Open opens the table file at path by its extension: CSV (.csv, or .txt as Excel saves
// "Unicode text") is streamed; an Excel workbook (.xlsx) is read whole, from the named sheet or
// the first. The file's SHA-256 is taken as it is read, for the record of what was drawn from.
func Open(path, sheet string) (*File, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xlsx":
		// Read once: the workbook is parsed from the bytes its SHA-256 is taken of.
		f, err := OpenFile(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		sum := sha256.New()
		t, err := readXLSX(io.TeeReader(f, sum), filepath.Base(path), sheet)
		if err != nil {
			return nil, err
		}
		return &File{Rows: TableRows(t), sum: sum}, nil
	case ".csv", ".txt":
		f, err := OpenFile(path)
		if err != nil {
			return nil, err
		}
		sum := sha256.New()
		rows, err := CSVRows(filepath.Base(path), io.TeeReader(f, sum))
		if err != nil {
			f.Close()
			return nil, err
		}
		return &File{Rows: rows, file: f, sum: sum}, nil
	default:
		return nil, casework.Errorf(casework.EINVALID, "%s: cannot read %q files (want .csv, .txt or .xlsx)", path, ext)
	}
}

// ReadFile reads the whole table file at path, as Open opens it, for the readers that check
// every row before anything is stored.
func ReadFile(path string) (*Table, error) {
	f, err := Open(path, "")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Collect(f)
}

// SHA256 is the hex SHA-256 of the file; of all of it once its rows have been read.
func (f *File) SHA256() string { return hex.EncodeToString(f.sum.Sum(nil)) }

// Close closes the file.
func (f *File) Close() error {
	if f.file == nil {
		return nil
	}
	return f.file.Close()
}
