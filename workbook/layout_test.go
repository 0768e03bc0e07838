package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"fieldwork/casework"
	"fieldwork/figures"

	"github.com/google/go-cmp/cmp"
)

func TestRounding(t *testing.T) {
	tests := []struct {
		name string
		got  cell
		want float64
	}{
		// 46/80 is 57.5%: halves up, as the report prints it, where the binary fraction
		// 0.575 shows as 57% in LibreOffice.
		{"a half rounds up", share(46, 80), 0.58},
		{"a third", share(1, 3), 0.33},
		{"two thirds", share(2, 3), 0.67},
		{"all", share(7, 7), 1},
		{"a difference of -0.4 points is 0, never -0", pointsOf(-0.004), 0},
		{"a difference of -55.1 points", pointsOf(-0.5513), -55},
		{"a half point away from zero", pointsOf(-0.125), -13},
		{"a ratio to two places", ratioOf(0.33846), 0.34},
		{"a ratio's half to two places as %.2f rounds it", ratioOf(1.125), 1.12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got.num); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {79, "79"}, {999, "999"}, {8800, "8,800"}, {1234567, "1,234,567"}, {-8800, "-8,800"}}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, thousands(tt.n)); diff != "" {
			t.Errorf("thousands(%d) (-want +got):\n%s", tt.n, diff)
		}
	}
}

func TestBreakingText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
		lines int // as wrapped in a cell of that width
	}{
		{"fits", "Rating: Inadequate.", 40, []string{"Rating: Inadequate."}, 1},
		{"breaks at words", "one two three four five six", 12, []string{"one two", "three four", "five six"}, 3},
		{"a word longer than the width stands alone", "a supercalifragilistic word", 10, []string{"a", "supercalifragilistic", "word"}, 5},
		{"nothing", "", 10, []string{""}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, breakText(tt.text, tt.width)); diff != "" {
				t.Errorf("breakText (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.lines, wrappedLines(tt.text, tt.width, false)); diff != "" {
				t.Errorf("wrappedLines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSigned(t *testing.T) {
	for x, want := range map[float64]string{17: "+17", -55: "-55", 0: "0", -0.4: "0", 0.5: "+1"} {
		if diff := cmp.Diff(want, signed(x)); diff != "" {
			t.Errorf("signed(%v) (-want +got):\n%s", x, diff)
		}
	}
}

// TestODSPackage checks the OpenDocument file's package: the mimetype first and stored, so a
// reader knows the file from its first bytes; every part well-formed XML; a table for every
// sheet but the chart sheets, each percentage held rounded.
func TestODSPackage(t *testing.T) {
	fig := figures.Publish(counted(t, 49, 30, casework.Tallies{"2.1.1": {Yes: 23, No: 26}}, casework.Tallies{"2.1.1": {Yes: 23, No: 7}}), figures.Options{})
	var buf bytes.Buffer
	if err := WriteODS(&buf, fig); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if f := z.File[0]; f.Name != "mimetype" || f.Method != zip.Store {
		t.Errorf("first part %s, method %d; want mimetype, stored", f.Name, f.Method)
	}
	var names []string
	content := ""
	for _, f := range z.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, ".xml") {
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
			}
		}
		if f.Name == "content.xml" {
			content = string(data)
		}
	}
	if diff := cmp.Diff([]string{"mimetype", "META-INF/manifest.xml", "meta.xml", "styles.xml", "content.xml"}, names); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
	want := 0
	for _, s := range sheets(fig) {
		if s.chart == nil {
			want++
		}
	}
	if got := strings.Count(content, "<table:table "); got != want {
		t.Errorf("%d sheets, want %d", got, want)
	}
	// 46 of 79 is 58.2%: held as 0.58 and shown as 58%.
	if !strings.Contains(content, `office:value-type="percentage" office:value="0.58"><text:p>58%</text:p>`) {
		t.Error("no cell holds 2.1.1's 58% rounded")
	}
}

// TestODSIndent: text in a table's cell, and its heading, stands one step in as the xlsx's does;
// numbers and the headings over them are aligned to the right, with no margin.
func TestODSIndent(t *testing.T) {
	tests := []struct {
		name   string
		key    styleKey
		margin bool
	}{
		{"text", tableKey(txt("Requires improvement"), false, false), true},
		{"a question", tableKey(long("Does assessment focus sufficiently on engaging the person on probation?"), false, false), true},
		{"a heading over text", tableKey(txt("Standard"), true, false), true},
		{"a number", tableKey(cell{kind: count, num: 79}, false, true), false},
		{"a heading over numbers", tableKey(txt("Yes"), true, true), false},
		{"shorthand among numbers", tableKey(sym("[c]"), false, true), false},
		{"a title", styleKey{title: true}, false},
	}
	for _, tt := range tests {
		got := strings.Contains(odsCellStyle("s", tt.key), `fo:margin-left=`)
		if got != tt.margin {
			t.Errorf("%s: margin %v, want %v: %s", tt.name, got, tt.margin, odsCellStyle("s", tt.key))
		}
	}
}
