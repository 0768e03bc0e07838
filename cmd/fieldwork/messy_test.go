package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"fieldwork/casework"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
)

// fieldworkIn runs the CLI against the database at path and returns its exit status and output.
func fieldworkIn(t *testing.T, path string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == "FIELDWORK_DB" {
			return path
		}
		return ""
	}
	code := run(context.Background(), append([]string{"fieldwork"}, args...), strings.NewReader(""), &stdout, &stderr, getenv)
	return code, stdout.String(), stderr.String()
}

func utf16LE(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

func attrs(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// TestMessyCaseLists imports case lists as other systems and hands save them. Each either
// imports exactly the cases it holds or is refused with a message naming the file (and line
// or column) and nothing is written.
func TestMessyCaseLists(t *testing.T) {
	c1 := casework.Case{ID: "C1", Type: casework.Community, Attributes: map[string]string{}}
	c2 := casework.Case{ID: "C2", Type: casework.Licence, Attributes: map[string]string{}}
	var large strings.Builder
	var largeWant []casework.Case
	large.WriteString("case_id,case_type,grade,rosh,office\n")
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&large, "L%05d,%s,PO,low,Office %d\n", i, []string{"community", "licence"}[i%2], i%7)
		largeWant = append(largeWant, casework.Case{ID: fmt.Sprintf("L%05d", i), Type: []casework.CaseType{casework.Community, casework.Licence}[i%2],
			Grade: casework.PO, RoSH: casework.RoSHLow, Attributes: attrs("office", fmt.Sprintf("Office %d", i%7))})
	}
	tests := []struct {
		name, file string
		data       []byte
		want       []casework.Case // nil: refused
		errs       []string
	}{
		{"UTF-8 with BOM", "bom.csv", []byte("\xef\xbb\xbfcase_id,case_type\nC1,community\n"), []casework.Case{c1}, nil},
		{"Windows-1252", "excel.csv", []byte("case_id,case_type,office\nC1,community,Caf\xe9 \x93North\x94 \x96 Leeds\n"),
			[]casework.Case{{ID: "C1", Type: casework.Community, Attributes: attrs("office", "Café “North” – Leeds")}}, nil},
		{"CRLF", "crlf.csv", []byte("case_id,case_type\r\nC1,community\r\nC2,licence\r\n"), []casework.Case{c1, c2}, nil},
		{"CR only (old Mac)", "mac.csv", []byte("case_id,case_type\rC1,community\rC2,licence\r"), []casework.Case{c1, c2}, nil},
		{"UTF-16 tab separated (Excel Unicode text)", "unicode.txt", utf16LE("case_id\tcase_type\r\nC1\tcommunity\r\nC2\tlicence\r\n"), []casework.Case{c1, c2}, nil},
		{"semicolon separated", "semi.csv", []byte("case_id;case_type;office\nC1;community;Halifax, West\n"),
			[]casework.Case{{ID: "C1", Type: casework.Community, Attributes: attrs("office", "Halifax, West")}}, nil},
		{"blank lines", "blank.csv", []byte("\n\ncase_id,case_type\n\nC1,community\n,\n   \nC2,licence\n\n"), []casework.Case{c1, c2}, nil},
		{"trailing spaces and odd case", "odd.csv", []byte(" Case ID , CASE TYPE ,Grade,RoSH\n C1 , COMMUNITY ORDER , po , Very High \nC2,License,pqip,MED\n"),
			[]casework.Case{{ID: "C1", Type: casework.Community, Grade: casework.PO, RoSH: casework.RoSHVeryHigh, Attributes: map[string]string{}},
				{ID: "C2", Type: casework.Licence, Grade: casework.PQiP, RoSH: casework.RoSHMedium, Attributes: map[string]string{}}}, nil},
		{"very large file", "large.csv", []byte(large.String()), largeWant, nil},

		{"empty file", "empty.csv", nil, nil, []string{"empty.csv is empty"}},
		{"header only", "header.csv", []byte("case_id,case_type\r\n"), nil, []string{"header.csv has a header but no cases"}},
		{"duplicate columns", "dupcol.csv", []byte("case_id,Case ID,case_type\nC1,C1,community\n"), nil, []string{`dupcol.csv: columns 1 ("case_id") and 2 ("Case ID") are both case_id`}},
		{"duplicate case ids", "dupid.csv", []byte("case_id,case_type\nC1,community\nC2,licence\nc1,licence\n"), nil, []string{`dupid.csv line 4, column case_id: case "c1" appears again (first on line 2)`}},
		{"blank lines keep true line numbers", "blankbad.csv", []byte("case_id,case_type\n\n\nC1,community\n\nC2,custody\n"), nil, []string{`blankbad.csv line 6, column case_type: "custody" is not a case type`}},
		{"very large file, one bad row at the end", "largebad.csv", []byte(large.String() + "L99999,prison,PO,low,Leeds\n"), nil, []string{`largebad.csv line 20002, column case_type: "prison" is not a case type`}},
		{"a spreadsheet named .csv", "book.csv", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04"), nil, []string{"book.csv is not a CSV text file (it contains binary data)"}},
		{"a PDF", "report.csv", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"), nil, []string{"report.csv: no case_id or case_type column (the header is: %PDF-1.4)"}},
		{"HTML", "page.csv", []byte("<!DOCTYPE html>\n<html><body><p>Session expired</p></body></html>\n"), nil, []string{"page.csv: no case_id or case_type column"}},
		{"JSON", "cases.csv", []byte(`[{"case_id": "C1", "case_type": "community"}]`), nil, []string{"cases.csv line 1, column 3: bare \" in non-quoted-field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "test.db")
			if code, _, stderr := fieldworkIn(t, db, "init", "--name", "Messy PDU"); code != 0 {
				t.Fatal(stderr)
			}
			file := filepath.Join(dir, tt.file)
			if err := os.WriteFile(file, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := fieldworkIn(t, db, "cases", "import", file)
			checkOutcome(t, code, stderr, tt.want != nil, tt.errs)
			got, err := openStore(t, db).Cases(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil && len(got) != 0 {
				t.Fatalf("refused, but %d cases were written", len(got))
			}
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("stored cases (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestMessyJudgements does the same for answers, on an inspection holding cases C1 and C2.
func TestMessyJudgements(t *testing.T) {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, q := range fw.Questions() {
		if q.Kind == casework.KindKey {
			keys = append(keys, q.ID)
		}
	}
	// A very large file: 2,000 cases, every key question.
	var cases, large strings.Builder
	cases.WriteString("case_id,case_type\n")
	large.WriteString("case_id,question,answer,inspector,note\n")
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&cases, "L%04d,community\n", i)
		for k, q := range keys {
			fmt.Fprintf(&large, "L%04d,%s,%s,Inspector %d,\"note, with a comma and \"\"quotes\"\"\"\n", i, q, []string{"yes", "no"}[(i+k)%2], i%5)
		}
	}
	largeRows := 2000 * len(keys)
	tests := []struct {
		name, file string
		data       []byte
		want       map[string]map[string]casework.Answer // nil: refused
		errs       []string
	}{
		{"BOM and CRLF", "bom.csv", []byte("\xef\xbb\xbfcase_id,question,answer\r\nC1,2.1.1,yes\r\nC2,2.1.1,no\r\n"),
			map[string]map[string]casework.Answer{"C1": {"2.1.1": casework.Yes}, "C2": {"2.1.1": casework.No}}, nil},
		{"trailing spaces and odd case", "odd.csv", []byte("Case_ID , Question,ANSWER\n C1 , 2.1.1 , YES \nC1,2.1.3a, Not Applicable\nc2,2.1.1,n\n"),
			nil, []string{`odd.csv line 4, column Case_ID: there is no case "c2" in this inspection (did you mean C2?)`}},
		{"odd case in answers", "answers.csv", []byte("case_id,question,answer\nC1,2.1.1, Y \nC1,2.1.3a,NA\nC2,2.1.1,No\n"),
			map[string]map[string]casework.Answer{"C1": {"2.1.1": casework.Yes, "2.1.3a": casework.NotApplicable}, "C2": {"2.1.1": casework.No}}, nil},
		{"the same row twice", "twice.csv", []byte("case_id,question,answer\nC1,2.1.1,yes\nC1,2.1.1,Yes\n"),
			map[string]map[string]casework.Answer{"C1": {"2.1.1": casework.Yes}}, nil},
		{"contradicting rows", "contra.csv", []byte("case_id,question,answer\nC1,2.1.1,yes\n\nC1,2.1.1,no\n"), nil,
			[]string{"contra.csv line 4: case C1 question 2.1.1 is answered no here but yes at contra.csv line 2"}},
		{"Windows-1252 notes", "notes.csv", []byte("case_id,question,answer,note\nC1,2.1.1,yes,\x93good\x94 \x96 seen\n"),
			map[string]map[string]casework.Answer{"C1": {"2.1.1": casework.Yes}}, nil},
		{"empty file", "empty.csv", []byte("\xef\xbb\xbf\r\n"), nil, []string{"empty.csv is empty"}},
		{"header only", "header.csv", []byte("case_id,question,answer\n"), nil, []string{"header.csv has a header but no answers"}},
		{"duplicate columns", "dup.csv", []byte("case_id,question,answer,Answer\nC1,2.1.1,yes,no\n"), nil, []string{`dup.csv: columns 3 ("answer") and 4 ("Answer") are both answer`}},
		{"not CSV at all", "photo.csv", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), nil, []string{"photo.csv is not a CSV text file"}},
		{"very large file, one bad answer at the end", "largebad.csv", []byte(large.String() + "L0001,2.1.1,perhaps,,\n"), nil,
			[]string{fmt.Sprintf(`largebad.csv line %d, column answer: "perhaps" is not an answer (want yes, no or n/a)`, largeRows+2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			caseList := "case_id,case_type\nC1,community\nC2,licence\n"
			if tt.name == "very large file, one bad answer at the end" {
				caseList = cases.String()
			}
			db := inspectionWith(t, dir, caseList)
			file := filepath.Join(dir, tt.file)
			if err := os.WriteFile(file, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := fieldworkIn(t, db, "judgements", "import", file)
			checkImport(t, db, code, stderr, tt.want, tt.errs)
		})
	}

	t.Run("very large file", func(t *testing.T) {
		dir := t.TempDir()
		db := inspectionWith(t, dir, cases.String())
		file := filepath.Join(dir, "large.csv")
		if err := os.WriteFile(file, []byte(large.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := fieldworkIn(t, db, "judgements", "import", file)
		if code != 0 {
			t.Fatal(stderr)
		}
		if want := fmt.Sprintf("large.csv: %d answers read; %d added", largeRows, largeRows); !strings.Contains(stdout, want) {
			t.Errorf("stdout %q, want %q", stdout, want)
		}
		got, err := openStore(t, db).Answers(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i := 1; i <= 2000; i++ {
			for k, q := range keys {
				want := []casework.Answer{casework.Yes, casework.No}[(i+k)%2]
				if a := got[fmt.Sprintf("L%04d", i)][q]; a != want {
					t.Fatalf("L%04d %s stored %v, want %v", i, q, a, want)
				}
				n++
			}
		}
		if n != largeRows {
			t.Errorf("%d answers checked, want %d", n, largeRows)
		}
	})
}

// inspectionWith makes an inspection database in dir holding the cases of caseList (CSV).
func inspectionWith(t *testing.T, dir, caseList string) string {
	t.Helper()
	db := filepath.Join(dir, "test.db")
	caseFile := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(caseFile, []byte(caseList), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "--name", "Messy PDU"}, {"cases", "import", caseFile}} {
		if code, _, stderr := fieldworkIn(t, db, args...); code != 0 {
			t.Fatal(stderr)
		}
	}
	return db
}

func checkImport(t *testing.T, db string, code int, stderr string, want map[string]map[string]casework.Answer, errs []string) {
	t.Helper()
	checkOutcome(t, code, stderr, want != nil, errs)
	if want == nil {
		want = map[string]map[string]casework.Answer{}
	}
	got, err := openStore(t, db).Answers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored answers (-want +got):\n%s", diff)
	}
}

// checkOutcome: an import that should succeed did; one that should be refused was refused as
// invalid input with every expected phrase in its message.
func checkOutcome(t *testing.T, code int, stderr string, imported bool, errs []string) {
	t.Helper()
	if imported {
		if code != 0 {
			t.Fatalf("exit %d, want the file imported:\n%s", code, stderr)
		}
		return
	}
	if code != exitInvalid {
		t.Errorf("exit %d, want %d (invalid input)", code, exitInvalid)
	}
	for _, e := range errs {
		if !strings.Contains(stderr, e) {
			t.Errorf("stderr does not say %q:\n%s", e, stderr)
		}
	}
}

func openStore(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	store, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}
