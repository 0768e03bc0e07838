package sampling

import (
	"fmt"
	"strings"
	"time"

	"fieldwork/casework"
)

// Date is a calendar day, counted from 1970-01-01. Extracts carry commencement dates without a
// time zone, so a day is all there is to compare.
type Date int32

// DateOf is the day of t, as written in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d Date) String() string {
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

// ParseDate reads a date as caseload extracts write it: ISO (2024-01-22), UK day first
// (22/01/2024, 22-01-2024, 22.01.2024, 22/1/2024) or with the month's name (22 Jan 2024,
// 22-Jan-2024). A time of day after the date is ignored. Month first (01/22/2024) is not a UK
// date and is refused, as are two-digit years, which a reader could take for two centuries.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if d, ok := fastDate(s); ok {
		return d, nil
	}
	day := s
	if i := strings.IndexAny(s, "T "); i >= 8 && strings.Contains(s[i:], ":") {
		day = strings.TrimSpace(s[:i]) // "2024-01-22T09:30:00", "22/01/2024 00:00"
	}
	parts := strings.FieldsFunc(day, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ' ' })
	if len(parts) == 4 && strings.Contains(parts[3], ":") {
		parts = parts[:3] // "22 Jan 2024 09:30"
	}
	if len(parts) == 3 {
		var y, m, d int
		var okY, okM, okD bool
		if len(parts[0]) == 4 {
			y, okY = number(parts[0])
			m, okM = number(parts[1])
			d, okD = number(parts[2])
		} else {
			d, okD = number(parts[0])
			y, okY = number(parts[2])
			if mm, named := months[strings.ToLower(parts[1])]; named {
				m, okM = int(mm), true
			} else {
				m, okM = number(parts[1])
			}
			if okY && len(parts[2]) != 4 {
				return 0, casework.Errorf(casework.EINVALID, "%q has a two-digit year (write the year in full, e.g. 22/01/2024)", s)
			}
		}
		if okY && okM && okD {
			if date, ok := civil(y, m, d); ok {
				return date, nil
			}
			if len(parts[0]) != 4 && m > 12 && d <= 12 {
				if _, ok := civil(y, d, m); ok {
					return 0, casework.Errorf(casework.EINVALID, "%q is month first; write dates day first (%02d/%02d/%04d) or ISO (%04d-%02d-%02d)", s, m, d, y, y, d, m)
				}
			}
		}
	}
	return 0, casework.Errorf(casework.EINVALID, "%q is not a date (want YYYY-MM-DD or DD/MM/YYYY, e.g. 2024-01-22 or 22/01/2024)", s)
}

// fastDate reads the two ten-character forms without allocating: a national extract has a
// million of them.
func fastDate(s string) (Date, bool) {
	if len(s) != 10 {
		return 0, false
	}
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var y, m, d int
	var ok1, ok2, ok3 bool
	switch {
	case s[4] == '-' && s[7] == '-':
		y, ok1 = digits(s[:4])
		m, ok2 = digits(s[5:7])
		d, ok3 = digits(s[8:])
	case s[2] == '/' && s[5] == '/':
		d, ok1 = digits(s[:2])
		m, ok2 = digits(s[3:5])
		y, ok3 = digits(s[6:])
	default:
		return 0, false
	}
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	return civil(y, m, d)
}

func number(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// civil is the Date of year y, month m, day d, and false when there is no such day.
func civil(y, m, d int) (Date, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false // 31/02/2024
	}
	return Date(t.Unix() / 86400), true
}

// Window is a span of commencement dates, both ends included.
type Window struct {
	From, To Date
}

func (w Window) String() string { return w.From.String() + ":" + w.To.String() }

// Contains says whether d falls in the window.
func (w Window) Contains(d Date) bool { return d >= w.From && d <= w.To }

// ParseWindow reads FROM:TO, e.g. 2024-01-22:2024-01-28 or 22/01/2024:28/01/2024.
func ParseWindow(s string) (Window, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Window{}, casework.Errorf(casework.EINVALID, "window %q is not FROM:TO (e.g. 2024-01-22:2024-01-28)", s)
	}
	var w Window
	var err error
	if w.From, err = ParseDate(from); err != nil {
		return Window{}, fmt.Errorf("window %q: %w", s, err)
	}
	if w.To, err = ParseDate(to); err != nil {
		return Window{}, fmt.Errorf("window %q: %w", s, err)
	}
	if w.To < w.From {
		return Window{}, casework.Errorf(casework.EINVALID, "window %q ends before it starts", s)
	}
	return w, nil
}
