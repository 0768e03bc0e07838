package intake

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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

// utf16 encodes s as UTF-16 with its byte-order mark, as Excel saves "Unicode text".
func utf16Text(s string, littleEndian bool) string {
	var b strings.Builder
	unit := func(u uint16) {
		if littleEndian {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		} else {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		}
	}
	unit(0xfeff)
	for _, u := range utf16.Encode([]rune(s)) {
		unit(u)
	}
	return b.String()
}

// Every kind of file spreadsheet programs save as "CSV" reads to the same header, lines and
// cells, including files longer than the 64 KiB CSVRows looks at first.
func TestReadCSVFileKinds(t *testing.T) {
	long := strings.Repeat("C1,2.1.1,yes,Inspector Ä\n", 4000)
	var longRows []Row
	for i := range 4000 {
		longRows = append(longRows, Row{Line: i + 2, Cells: []string{"C1", "2.1.1", "yes", "Inspector Ä"}})
	}
	qa := []string{"case_id", "question", "answer"}
	qaNote := []string{"case_id", "question", "answer", "note"}
	qaInspector := []string{"case_id", "question", "answer", "inspector"}
	yes := func(line int) Row { return Row{Line: line, Cells: []string{"C1", "2.1.1", "yes"}} }
	tests := []struct {
		name, text string
		header     []string
		rows       []Row
	}{
		{"plain", "case_id,question,answer\nC1,2.1.1,yes\nC2,2.1.2,no\n", qa,
			[]Row{yes(2), {Line: 3, Cells: []string{"C2", "2.1.2", "no"}}}},
		{"UTF-8 mark, CRLF", "\ufeffcase_id,question,answer\r\nC1,2.1.1,yes\r\n\r\nC2,2.1.2,n/a\r\n", qa,
			[]Row{yes(2), {Line: 4, Cells: []string{"C2", "2.1.2", "n/a"}}}},
		{"lone CR", "case_id,question,answer\rC1,2.1.1,yes\rC2,2.1.2,no\r", qa,
			[]Row{yes(2), {Line: 3, Cells: []string{"C2", "2.1.2", "no"}}}},
		{"semicolons", "case_id;question;answer;note\nC1;2.1.1;yes;\"a, b\"\n", qaNote,
			[]Row{{Line: 2, Cells: []string{"C1", "2.1.1", "yes", "a, b"}}}},
		{"tabs", "case_id\tquestion\tanswer\nC1\t2.1.1\tyes\n", qa, []Row{yes(2)}},
		{"Windows-1252", "case_id,question,answer,note\nC1,2.1.1,yes,Caf\xe9 \x96 seen\n", qaNote,
			[]Row{{Line: 2, Cells: []string{"C1", "2.1.1", "yes", "Café – seen"}}}},
		{"Windows-1252, ASCII beside it", "case_id,question,answer,note\nC1,2.1.1,yes,Caf\xe9\nC1,2.1.2,no,plain\n", qaNote,
			[]Row{{Line: 2, Cells: []string{"C1", "2.1.1", "yes", "Café"}}, {Line: 3, Cells: []string{"C1", "2.1.2", "no", "plain"}}}},
		{"a cell of the most characters a cell holds", "case_id,question,answer,note\nC1,2.1.1,yes," + strings.Repeat("é", MaxCellChars) + "\n", qaNote,
			[]Row{{Line: 2, Cells: []string{"C1", "2.1.1", "yes", strings.Repeat("é", MaxCellChars)}}}},
		{"quoted line breaks", "case_id,question,answer,note\nC1,2.1.1,yes,\"two\nlines\"\nC2,2.1.1,no,x\n", qaNote,
			[]Row{{Line: 2, Cells: []string{"C1", "2.1.1", "yes", "two\nlines"}}, {Line: 4, Cells: []string{"C2", "2.1.1", "no", "x"}}}},
		{"blank lines", "\n\ncase_id,question,answer\n\nC1,2.1.1,yes\n,,\n", qa, []Row{yes(5)}},
		{"UTF-16 LE", utf16Text("case_id\tquestion\tanswer\tnote\r\nC1\t2.1.1\tyes\tÄ 😀 end\r\n", true), qaNote,
			[]Row{{Line: 2, Cells: []string{"C1", "2.1.1", "yes", "Ä 😀 end"}}}},
		{"UTF-16 BE", utf16Text("case_id,question,answer\nC1,2.1.1,yes\n", false), qa, []Row{yes(2)}},
		{"UTF-16 long", utf16Text("case_id,question,answer,inspector\n"+long, true), qaInspector, longRows},
		{"UTF-8 long", "case_id,question,answer,inspector\n" + long, qaInspector, longRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCSV("f.csv", strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			want := &Table{Name: "f.csv", Header: tt.header, Rows: tt.rows}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Table{}, "Cell")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// An unpaired surrogate in UTF-16 becomes U+FFFD, and the unit after it is kept.
func TestUTF16ReaderUnpairedSurrogate(t *testing.T) {
	text := "\xff\xfe" + "a\x00" + "\x00\xd8" + "b\x00" + "\x00\xdc" + "\n\x00"
	got, err := io.ReadAll(&utf16Reader{r: bufio.NewReader(strings.NewReader(text[2:])), littleEndian: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a\ufffdb\ufffd\n"; string(got) != want {
		t.Errorf("decoded %q, want %q", got, want)
	}
}

// A file in two encodings, or with a value longer than a cell holds, is refused naming the line.
func TestCSVRowsRefuses(t *testing.T) {
	head := "case_id,question,answer,note\n"
	tests := []struct{ name, text, want string }{
		{"Windows-1252 after UTF-8", head + "C1,2.1.1,yes,Café\nC1,2.1.2,no,Caf\xe9\n",
			"f.csv line 3: the text is not UTF-8 (Windows-1252?), but line 2 is UTF-8: a file in two encodings cannot be read for sure"},
		{"UTF-8 after Windows-1252", head + "C1,2.1.1,yes,Caf\xe9\nC1,2.1.2,no,ok\nC1,2.1.3,no,Zoë\n",
			"f.csv line 2: the text is not UTF-8 (Windows-1252?), but line 4 is UTF-8: a file in two encodings cannot be read for sure"},
		{"a value longer than a cell holds", head + "C1,2.1.1,yes," + strings.Repeat("x", MaxCellChars+1) + "\n",
			"f.csv line 2, column 4 (note): the value is 32768 characters long; a cell holds at most 32767 (Excel's limit), so it could not be written out again whole"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV("f.csv", strings.NewReader(tt.text))
			got := []string{casework.ErrorCode(err), fmt.Sprint(err)}
			if diff := cmp.Diff([]string{casework.EINVALID, tt.want}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCSVRowsRefusesBinary(t *testing.T) {
	_, err := CSVRows("f.csv", strings.NewReader("PK\x03\x04\x00\x00,x\n"))
	if err == nil || !strings.Contains(err.Error(), "f.csv is not a CSV text file") {
		t.Errorf("error = %v; want one saying the file is not CSV text", err)
	}
}
