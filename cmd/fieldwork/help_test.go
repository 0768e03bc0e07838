package main

import (
	"io"
	"strings"
	"testing"
)

// Every command appears under a group in --help; a new command must be given one.
func TestEveryCommandHasACategory(t *testing.T) {
	app := newApp(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }})
	for _, c := range app.Commands {
		if c.Category == "" {
			t.Errorf("command %q has no category in commandCategory", c.Name)
		}
	}
	for name := range commandCategory {
		found := false
		for _, c := range app.Commands {
			found = found || c.Name == name
		}
		if !found {
			t.Errorf("commandCategory names %q, which is not a command", name)
		}
	}
}
