package entry

import (
	"bytes"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/intake"

	"github.com/xuri/excelize/v2"
)

// FuzzEntryFile: any bytes offered as an entry workbook give a table of judgements or an
// EINVALID error naming the file; never a panic. Seeds (a blank and a filled template, a
// truncated one, a CSV named .xlsx) are in testdata/fuzz/FuzzEntryFile.
func FuzzEntryFile(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEntry(t, data)
	})
}

// FuzzEntryCells fills a workbook's header, case id, answer and inspector cells with any text,
// which reaches the reader's own logic far more often than mutating a zip file does.
func FuzzEntryCells(f *testing.F) {
	f.Fuzz(func(t *testing.T, question, caseID, answer, inspector string) {
		x := excelize.NewFile()
		defer x.Close()
		if err := x.SetSheetName("Sheet1", Sheet); err != nil {
			t.Fatal(err)
		}
		for cell, v := range map[string]string{"A1": colCase, "B1": colInspector, "C1": question, "A3": caseID, "B3": inspector, "C3": answer} {
			if err := x.SetCellStr(Sheet, cell, v); err != nil {
				t.Skip("excelize will not write this text:", err)
			}
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Skip("excelize will not write this workbook:", err)
		}
		checkEntry(t, buf.Bytes())
	})
}

func checkEntry(t *testing.T, data []byte) {
	t.Helper()
	tab, err := ReadFrom("fuzz.xlsx", bytes.NewReader(data))
	if err != nil {
		refused(t, err)
		return
	}
	for _, r := range tab.Rows {
		if len(r.Cells) != len(tab.Header) {
			t.Fatalf("row %d has %d cells, header %d", r.Line, len(r.Cells), len(tab.Header))
		}
		if strings.TrimSpace(r.Cells[tQuestion]) == "" || strings.TrimSpace(r.Cells[tAnswer]) == "" {
			t.Fatalf("row %d: an answer without its question or value: %q", r.Line, r.Cells)
		}
	}
	js, err := intake.Judgements(tab)
	if err != nil {
		refused(t, err)
		return
	}
	for _, j := range js {
		if j.CaseID == "" || j.Answer == casework.NoAnswer || !strings.Contains(j.Where, "fuzz.xlsx") {
			t.Fatalf("incomplete judgement %+v", j)
		}
	}
}

// refused: a bad workbook is refused as invalid input, and the message says which file.
func refused(t *testing.T, err error) {
	t.Helper()
	if casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("error with code %q, want %q: %v", casework.ErrorCode(err), casework.EINVALID, err)
	}
	if !strings.Contains(err.Error(), "fuzz.xlsx") {
		t.Fatalf("error does not name the file: %v", err)
	}
}
