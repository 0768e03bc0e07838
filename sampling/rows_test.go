package sampling

import (
	"io"
	"strings"
	"testing"
)

// A malformed line is an error naming the line, never a crash: encoding/csv's FieldPos may only
// be asked after a successful Read.
func TestCSVRowsBadQuoting(t *testing.T) {
	rows, err := CSVRows("extract.csv", strings.NewReader("case_id,case_type\nC1,community\n\"C2,licence\nC3\"x,licence\n"))
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err = rows.Next()
		if err != nil {
			break
		}
	}
	if err == io.EOF || err == nil || !strings.Contains(err.Error(), "extract.csv line 4") {
		t.Errorf("error = %v; want one naming extract.csv line 4", err)
	}
}
