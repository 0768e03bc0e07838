package intake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldwork/casework"
)

func TestOpenSaysWhyNot(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(file, []byte("case_id,case_type\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "judgements.csv")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, code, says string
	}{
		{"a file", file, "", ""},
		{"no such file", filepath.Join(dir, "nope.csv"), casework.ENOTFOUND, "cannot open " + filepath.Join(dir, "nope.csv")},
		{"a folder", folder, casework.EENV, folder + " is a folder, not a file to import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := OpenFile(tt.path)
			if err == nil {
				f.Close()
			}
			if casework.ErrorCode(err) != tt.code || (err != nil && !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("OpenFile(%s): %v (code %q), want code %q saying %q", tt.path, err, casework.ErrorCode(err), tt.code, tt.says)
			}
		})
	}
}
