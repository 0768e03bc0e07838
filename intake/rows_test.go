package intake

import (
	"bufio"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

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

// CSVRows, which streams, reads every kind of file ReadCSV, which reads the file whole, does, to
// the same header, lines and cells.
func TestCSVRowsReadsWhatReadCSVReads(t *testing.T) {
	long := strings.Repeat("C1,2.1.1,yes,Inspector Ä\n", 4000) // over the 64 KiB looked at first
	files := map[string]string{
		"plain":              "case_id,question,answer\nC1,2.1.1,yes\nC2,2.1.2,no\n",
		"UTF-8 mark, CRLF":   "\ufeffcase_id,question,answer\r\nC1,2.1.1,yes\r\n\r\nC2,2.1.2,n/a\r\n",
		"lone CR":            "case_id,question,answer\rC1,2.1.1,yes\rC2,2.1.2,no\r",
		"semicolons":         "case_id;question;answer;note\nC1;2.1.1;yes;\"a, b\"\n",
		"tabs":               "case_id\tquestion\tanswer\nC1\t2.1.1\tyes\n",
		"Windows-1252":       "case_id,question,answer,note\nC1,2.1.1,yes,Caf\xe9 \x96 seen\n",
		"quoted line breaks": "case_id,question,answer,note\nC1,2.1.1,yes,\"two\nlines\"\nC2,2.1.1,no,x\n",
		"blank lines":        "\n\ncase_id,question,answer\n\nC1,2.1.1,yes\n,,\n",
		"UTF-16 LE":          utf16Text("case_id\tquestion\tanswer\tnote\r\nC1\t2.1.1\tyes\tÄ 😀 end\r\n", true),
		"UTF-16 BE":          utf16Text("case_id,question,answer\nC1,2.1.1,yes\n", false),
		"UTF-16 long":        utf16Text("case_id,question,answer,inspector\n"+long, true),
		"UTF-8 long":         "case_id,question,answer,inspector\n" + long,
	}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			whole, err := ReadCSV("f.csv", strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			got, err := streamed("f.csv", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(whole, got, cmpopts.IgnoreFields(Table{}, "Cell")); diff != "" {
				t.Errorf("streamed (-ReadCSV +CSVRows):\n%s", diff)
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

func TestCSVRowsRefusesBinary(t *testing.T) {
	_, err := CSVRows("f.csv", strings.NewReader("PK\x03\x04\x00\x00,x\n"))
	if err == nil || !strings.Contains(err.Error(), "f.csv is not a CSV text file") {
		t.Errorf("error = %v; want one saying the file is not CSV text", err)
	}
}
