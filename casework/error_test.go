package casework

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The domain's errors say what to do in the inspectors' words and leave the flag, column or
// field to each adapter: no message or hint names a command-line flag or a fieldwork command,
// and each that asks for something says what, for the adapter to word.
func TestErrorsNameNoFlag(t *testing.T) {
	f, err := Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  func() error
		want Need
	}{
		{"overall departure without a reason", func() error {
			return f.CheckGivenRating(GivenRating{Standard: Overall, Rating: Good})
		}, Need{NeedReason, Overall}},
		{"case standard departure without a reason", func() error {
			return f.CheckGivenRating(GivenRating{Standard: "2.4", Rating: Good})
		}, Need{NeedReason, "2.4"}},
		{"no such standard", func() error {
			return f.CheckGivenRating(GivenRating{Standard: "9.9", Rating: Good})
		}, Need{NeedStandard, "pdu-2023"}},
		{"no rating", func() error { return f.CheckGivenRating(GivenRating{Standard: "1.1"}) }, Need{}},
		{"no such group", func() error {
			_, err := f.CompareGroups([]Group{{Value: "PO"}, {Value: "PSO"}}, "SPO", DefaultConfidence)
			return err
		}, Need{What: NeedGroup}},
		{"no such built-in framework", func() error { _, err := Builtin("nope"); return err }, Need{What: NeedFramework}},
		{"no such built-in definition", func() error { _, err := BuiltinJSON("nope"); return err }, Need{What: NeedFramework}},
		{"framework file with an unknown field", func() error {
			_, err := ParseFramework("mine.json", []byte(`{"id": "mine", "colour": "blue"}`))
			return err
		}, Need{What: NeedFrameworkFile}},
		{"incomplete framework file", func() error { _, err := ParseFramework("mine.json", []byte(`{"id": "mine"}`)); return err },
			Need{What: NeedFrameworkFile}},
		{"wrapped", func() error {
			return fmt.Errorf("saving: %w", f.CheckGivenRating(GivenRating{Standard: "2.1", Rating: Inadequate}))
		}, Need{NeedReason, "2.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *casework.Error", err)
			}
			if diff := cmp.Diff(tt.want, ErrorNeed(err)); diff != "" {
				t.Errorf("need (-want +got):\n%s", diff)
			}
			if tt.want.What != "" && ErrorHint(err) == "" {
				t.Errorf("%v: needs %s but has no hint", err, tt.want.What)
			}
			for _, s := range []string{err.Error(), ErrorHint(err)} {
				if strings.Contains(s, "--") || strings.Contains(s, "fieldwork ") {
					t.Errorf("%q names a flag or a command", s)
				}
			}
		})
	}
}

// No string in the package's code names a flag or a fieldwork command, so an error built
// anywhere in it, not only those above, speaks the domain's language.
func TestNoStringNamesAFlag(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var found []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && (strings.Contains(s, "--") || strings.Contains(s, "fieldwork ")) {
				found = append(found, fmt.Sprintf("%s: %q", fset.Position(lit.Pos()), s))
			}
			return true
		})
	}
	if diff := cmp.Diff([]string(nil), found); diff != "" {
		t.Errorf("strings naming a flag or a command (-want +got):\n%s", diff)
	}
}
