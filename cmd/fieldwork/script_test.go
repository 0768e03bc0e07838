package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestScripts runs the command-line scripts in testdata/script. Each script is a list of
// commands, checks on the last command's output, and files:
//
//	fieldwork ARGS...      run fieldwork; it must succeed
//	! fieldwork ARGS...    run fieldwork; it must fail
//	exit N                 the last command exited with status N
//	stdout REGEXP          the last command's stdout matches (multi-line mode)
//	! stdout REGEXP        ... does not match; likewise stderr
//	stdin NAME             the next fieldwork command reads $WORK/NAME as its standard input
//	-- NAME --             the lines up to the next marker are written to $WORK/NAME
//
// $WORK is the script's temporary folder, $EXAMPLE the Bradford & Calderdale example, and
// FIELDWORK_DB is $WORK/test.db unless a command names --db.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	example, err := filepath.Abs("../../examples/bradford-calderdale")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			runScript(t, string(data), example)
		})
	}
}

func runScript(t *testing.T, script, example string) {
	work := t.TempDir()
	lines := strings.Split(script, "\n")
	// Files first, so commands can use them wherever they are written.
	var cmds []int
	for i := 0; i < len(lines); i++ {
		if name, ok := fileMarker(lines[i]); ok {
			var body []string
			for i+1 < len(lines) {
				if _, next := fileMarker(lines[i+1]); next {
					break
				}
				i++
				body = append(body, lines[i])
			}
			if err := os.WriteFile(filepath.Join(work, name), []byte(strings.Join(body, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		cmds = append(cmds, i)
	}
	getenv := func(k string) string {
		switch k {
		case "FIELDWORK_DB":
			return filepath.Join(work, "test.db")
		}
		return ""
	}
	expand := func(s string) string {
		return strings.NewReplacer("$WORK", work, "$EXAMPLE", example).Replace(s)
	}
	var stdout, stderr bytes.Buffer
	code := 0
	stdin := ""
	for _, i := range cmds {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := "line " + strconv.Itoa(i+1) + ": " + line
		neg := false
		if rest, ok := strings.CutPrefix(line, "! "); ok {
			neg, line = true, rest
		}
		args, err := splitArgs(expand(line))
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		switch args[0] {
		case "fieldwork":
			stdout.Reset()
			stderr.Reset()
			code = run(context.Background(), append([]string{"fieldwork"}, args[1:]...), strings.NewReader(stdin), &stdout, &stderr, getenv)
			stdin = ""
			if neg && code == 0 {
				t.Fatalf("%s: succeeded, want failure\nstdout:\n%s", where, stdout.String())
			}
			if !neg && code != 0 {
				t.Fatalf("%s: exit %d\nstderr:\n%s", where, code, stderr.String())
			}
		case "stdin":
			b, err := os.ReadFile(filepath.Join(work, args[1]))
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			stdin = string(b)
		case "exit":
			if want, _ := strconv.Atoi(args[1]); want != code {
				t.Errorf("%s: exit status %d\nstderr:\n%s", where, code, stderr.String())
			}
		case "stdout", "stderr":
			out := stdout.String()
			if args[0] == "stderr" {
				out = stderr.String()
			}
			re, err := regexp.Compile("(?m)" + args[1])
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if re.MatchString(out) == neg {
				t.Errorf("%s: %s was:\n%s", where, args[0], out)
			}
		default:
			t.Fatalf("%s: unknown command %q", where, args[0])
		}
	}
}

func fileMarker(line string) (string, bool) {
	if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") && len(line) > 6 {
		return strings.TrimSpace(line[3 : len(line)-3]), true
	}
	return "", false
}

// splitArgs splits a line into words, honouring single and double quotes.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, strconvErr("unclosed quote")
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

type strconvErr string

func (e strconvErr) Error() string { return string(e) }
