package sampling

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(t *testing.T, iso string) Date {
	t.Helper()
	tm, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		t.Fatal(err)
	}
	return DateOf(tm)
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string // want is ISO, or the start of the error
	}{
		{"2024-01-22", "2024-01-22"},
		{"22/01/2024", "2024-01-22"},
		{" 22/01/2024 ", "2024-01-22"},
		{"22/1/2024", "2024-01-22"},
		{"2/1/2024", "2024-01-02"},
		{"22-01-2024", "2024-01-22"},
		{"22.01.2024", "2024-01-22"},
		{"22 Jan 2024", "2024-01-22"},
		{"22-Jan-2024", "2024-01-22"},
		{"22 JANUARY 2024", "2024-01-22"},
		{"4 Sept 2024", "2024-09-04"},
		{"2024-01-22T09:30:00", "2024-01-22"},
		{"2024-01-22 00:00:00", "2024-01-22"},
		{"22/01/2024 09:30", "2024-01-22"},
		{"22 Jan 2024 09:30", "2024-01-22"},
		{"29/02/2024", "2024-02-29"},
		{"29/02/2023", `error: "29/02/2023" is not a date`},
		{"31/04/2024", `error: "31/04/2024" is not a date`},
		{"01/22/2024", `error: "01/22/2024" is month first; write dates day first (22/01/2024) or ISO (2024-01-22)`},
		{"22/01/24", `error: "22/01/24" has a two-digit year`},
		{"2024-13-01", `error: "2024-13-01" is not a date`},
		{"yesterday", `error: "yesterday" is not a date (want YYYY-MM-DD or DD/MM/YYYY`},
		{"45313", `error: "45313" is not a date`},
		{"", `error: "" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			got := ""
			if err != nil {
				got = "error: " + err.Error()
				if strings.HasPrefix(got, tt.want) {
					got = tt.want
				}
			} else {
				got = d.String()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDate(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseWindow(t *testing.T) {
	tests := []struct {
		in   string
		want Window
		err  string
	}{
		{in: "2024-01-22:2024-01-28", want: Window{day(t, "2024-01-22"), day(t, "2024-01-28")}},
		{in: "22/01/2024:28/01/2024", want: Window{day(t, "2024-01-22"), day(t, "2024-01-28")}},
		{in: "2024-01-22:2024-01-22", want: Window{day(t, "2024-01-22"), day(t, "2024-01-22")}},
		{in: "2024-01-28:2024-01-22", err: `window "2024-01-28:2024-01-22" ends before it starts`},
		{in: "2024-01-22", err: `window "2024-01-22" is not FROM:TO (e.g. 2024-01-22:2024-01-28)`},
		{in: "2024-01-22:2024-02-30", err: `window "2024-01-22:2024-02-30": "2024-02-30" is not a date (want YYYY-MM-DD or DD/MM/YYYY, e.g. 2024-01-22 or 22/01/2024)`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			w, err := ParseWindow(tt.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if diff := cmp.Diff(tt.err, gotErr); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, w); diff != "" {
				t.Errorf("window (-want +got):\n%s", diff)
			}
		})
	}
	w := Window{day(t, "2024-01-22"), day(t, "2024-01-28")}
	for iso, want := range map[string]bool{"2024-01-21": false, "2024-01-22": true, "2024-01-28": true, "2024-01-29": false} {
		if got := w.Contains(day(t, iso)); got != want {
			t.Errorf("%s contains %s = %v, want %v", w, iso, got, want)
		}
	}
}
