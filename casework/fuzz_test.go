package casework

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParseAnswer: any text gives an answer that survives its own stored and shown forms, or
// an EINVALID error; never a panic. Seeds are in testdata/fuzz/FuzzParseAnswer.
func FuzzParseAnswer(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAnswer(s)
		if err != nil {
			if ErrorCode(err) != EINVALID || a != NoAnswer {
				t.Fatalf("ParseAnswer(%q) = %v, %v (code %s); want NoAnswer and an EINVALID error", s, a, err, ErrorCode(err))
			}
			return
		}
		if a == NoAnswer {
			t.Fatalf("ParseAnswer(%q) gave NoAnswer without an error", s)
		}
		for _, form := range []string{a.String(), a.Label()} {
			if b, err := ParseAnswer(form); err != nil || b != a {
				t.Fatalf("ParseAnswer(%q) = %v, but its form %q parses as %v, %v", s, a, form, b, err)
			}
		}
	})
}

// FuzzParseFramework: any bytes give a framework that validates and survives being written
// and read back, or an EINVALID error; never a panic. Seeds (the built-in frameworks and broken
// variants) are in testdata/fuzz/FuzzParseFramework.
func FuzzParseFramework(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := ParseFramework("fuzz.json", data)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error with code %q, want %q: %v", ErrorCode(err), EINVALID, err)
			}
			return
		}
		if err := fw.Validate(); err != nil {
			t.Fatalf("parsed framework does not validate: %v", err)
		}
		out, err := MarshalFramework(fw)
		if err != nil {
			t.Fatalf("writing a parsed framework: %v", err)
		}
		again, err := ParseFramework("again.json", out)
		if err != nil {
			t.Fatalf("a written framework does not read back: %v\n%s", err, out)
		}
		if diff := cmp.Diff(fw, again); diff != "" {
			t.Fatalf("framework changed on the round trip (-read +read again):\n%s", diff)
		}
	})
}
