package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	bc "fieldwork/examples/bradford-calderdale"

	"github.com/google/go-cmp/cmp"
)

// docs/json.md is the contract of every `--format json` output. These tests read its tables and
// hold the commands to them: every key printed is documented, every key documented is printed by
// some fixture, keys marked "always" are in every object, and each value has the documented type.

const jsonDocPath = "../../docs/json.md"

// jsonKey is one row of a table in docs/json.md.
type jsonKey struct {
	Name     string
	Type     jsonType
	Always   bool   // present in every object of its table
	Includes string // for an "and every key of [shape]" row: the shape whose keys it adds
}

// jsonType is a row's type column, parsed: "string", "array of [standard](#standard) without
// `hinge`", "[departure](#departure) or null".
type jsonType struct {
	Kind    string // string, integer, number, boolean, object or array
	Null    bool
	Shape   string    // an object's table
	Without []string  // keys of Shape this object leaves out
	Elem    *jsonType // an array's elements
}

var (
	jsonDocLink    = regexp.MustCompile("^\\[([^\\]]+)\\]\\(#[^)]+\\)(?: without (.+))?$")
	jsonDocInclude = regexp.MustCompile("^\\*and every key of\\* \\[([^\\]]+)\\]\\(#[^)]+\\)$")
)

func parseJSONType(s string) (jsonType, error) {
	var t jsonType
	if rest, ok := strings.CutSuffix(s, " or null"); ok {
		t.Null, s = true, rest
	}
	if elem, ok := strings.CutPrefix(s, "array of "); ok {
		// Scalars are written in the plural ("array of strings"), objects by their link.
		if !strings.HasPrefix(elem, "[") {
			elem = strings.TrimSuffix(elem, "s")
		}
		e, err := parseJSONType(elem)
		if err != nil {
			return t, err
		}
		t.Kind, t.Elem = "array", &e
		return t, nil
	}
	if m := jsonDocLink.FindStringSubmatch(s); m != nil {
		t.Kind, t.Shape = "object", m[1]
		if m[2] != "" {
			for _, k := range strings.Split(m[2], ",") {
				t.Without = append(t.Without, strings.Trim(strings.TrimSpace(k), "`"))
			}
		}
		return t, nil
	}
	switch s {
	case "string", "integer", "number", "boolean":
		t.Kind = s
		return t, nil
	}
	return t, fmt.Errorf("%q is not a type (want string, integer, number, boolean, a [link] to a table, array of ..., or ... or null)", s)
}

// parseJSONDoc reads every "| key | type | present | meaning |" table of doc, named by the
// heading above it (backticks dropped), and puts the keys of "and every key of" rows in place.
func parseJSONDoc(doc string) (map[string][]jsonKey, error) {
	shapes := map[string][]jsonKey{}
	heading, inTable := "", false
	for i, line := range strings.Split(doc, "\n") {
		where := fmt.Sprintf("json.md line %d", i+1)
		switch {
		case strings.HasPrefix(line, "#"):
			heading = strings.ReplaceAll(strings.TrimSpace(strings.TrimLeft(line, "#")), "`", "")
			inTable = false
		case line == "| key | type | present | meaning |":
			if _, dup := shapes[heading]; dup {
				return nil, fmt.Errorf("%s: a second table under %q", where, heading)
			}
			shapes[heading], inTable = []jsonKey{}, true
		case inTable && strings.HasPrefix(line, "|---"):
		case inTable && strings.HasPrefix(line, "|"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			if len(cells) != 4 {
				return nil, fmt.Errorf("%s: %d cells, want key, type, present and meaning", where, len(cells))
			}
			key, typ, present := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2])
			if m := jsonDocInclude.FindStringSubmatch(key); m != nil {
				shapes[heading] = append(shapes[heading], jsonKey{Includes: m[1]})
				continue
			}
			name, ok := strings.CutPrefix(key, "`")
			if name, ok = strings.CutSuffix(name, "`"); !ok || name == "" || strings.Contains(name, "`") {
				return nil, fmt.Errorf("%s: key %q is not a key in backticks", where, key)
			}
			t, err := parseJSONType(typ)
			if err != nil {
				return nil, fmt.Errorf("%s, key %s: %w", where, name, err)
			}
			if present == "" {
				return nil, fmt.Errorf("%s, key %s: say when it is present (always, or when)", where, name)
			}
			shapes[heading] = append(shapes[heading], jsonKey{Name: name, Type: t, Always: present == "always"})
		default:
			inTable = false
		}
	}
	for name := range shapes {
		keys, err := includeKeys(shapes, name, 0)
		if err != nil {
			return nil, err
		}
		shapes[name] = keys
	}
	for name, keys := range shapes {
		for _, k := range keys {
			for t := &k.Type; t != nil; t = t.Elem {
				if _, ok := shapes[t.Shape]; t.Shape != "" && !ok {
					return nil, fmt.Errorf("json.md, table %q, key %s: no table %q", name, k.Name, t.Shape)
				}
			}
		}
	}
	return shapes, nil
}

func includeKeys(shapes map[string][]jsonKey, name string, depth int) ([]jsonKey, error) {
	if depth > 10 {
		return nil, fmt.Errorf("json.md: table %q includes itself", name)
	}
	keys, ok := shapes[name]
	if !ok {
		return nil, fmt.Errorf("json.md: no table %q", name)
	}
	var out []jsonKey
	for _, k := range keys {
		if k.Includes == "" {
			out = append(out, k)
			continue
		}
		more, err := includeKeys(shapes, k.Includes, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// documentedRows adds to rows every row ("table: key") the table shape documents, following
// objects and arrays into the tables they name and leaving out the keys a use leaves out.
func documentedRows(shapes map[string][]jsonKey, shape string, without []string, rows map[string]bool) {
	for _, k := range shapes[shape] {
		if slices.Contains(without, k.Name) {
			continue
		}
		rows[shape+": "+k.Name] = true
		for t := &k.Type; t != nil; t = t.Elem {
			if t.Kind == "object" {
				documentedRows(shapes, t.Shape, t.Without, rows)
			}
		}
	}
}

func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// jsonWalk walks decoded outputs against the tables, collecting the rows their keys are
// documented by, the paths of keys no row documents, and what else breaks the contract.
type jsonWalk struct {
	shapes   map[string][]jsonKey
	printed  map[string]bool // rows, and "PATH: not in docs/json.md"
	problems []string
}

func (w *jsonWalk) object(path, shape string, without []string, v map[string]any) {
	documented := map[string]jsonKey{}
	for _, k := range w.shapes[shape] {
		if !slices.Contains(without, k.Name) {
			documented[k.Name] = k
		}
	}
	for name, val := range v {
		p := joinPath(path, name)
		k, ok := documented[name]
		if !ok {
			w.printed[p+": not in docs/json.md"] = true
			continue
		}
		w.printed[shape+": "+name] = true
		w.value(p, k.Type, val)
	}
	for name, k := range documented {
		if _, ok := v[name]; k.Always && !ok {
			w.problems = append(w.problems, fmt.Sprintf("%s: documented as always present, but missing", joinPath(path, name)))
		}
	}
}

func (w *jsonWalk) value(path string, t jsonType, v any) {
	wrong := func() {
		w.problems = append(w.problems, fmt.Sprintf("%s: %s, documented as %s", path, jsonKind(v), t.Kind))
	}
	if v == nil {
		if !t.Null {
			wrong()
		}
		return
	}
	switch t.Kind {
	case "string":
		if _, ok := v.(string); !ok {
			wrong()
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			wrong()
		}
	case "number", "integer":
		f, ok := v.(float64)
		if !ok || (t.Kind == "integer" && f != math.Trunc(f)) {
			wrong()
		}
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			wrong()
			return
		}
		w.object(path, t.Shape, t.Without, m)
	case "array":
		a, ok := v.([]any)
		if !ok {
			wrong()
			return
		}
		for _, e := range a {
			w.value(path+"[]", *t.Elem, e)
		}
	}
}

func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		if v == math.Trunc(v) {
			return "an integer"
		}
		return "a number"
	case map[string]any:
		return "an object"
	}
	return "an array"
}

// checkJSONDoc holds outputs, each a JSON document, to the table shape of doc. It returns the
// rows ("table: key") the table documents, directly or through the tables it links to; the rows
// the outputs print, with the path of any key no row documents; and every other breach of the
// contract. A row counts as printed when its key appears anywhere the row applies: an object
// met in several places (a departure, always null in some of them) is documented once.
func checkJSONDoc(doc, shape string, outputs ...[]byte) (documented, printed, problems []string, err error) {
	shapes, err := parseJSONDoc(doc)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, ok := shapes[shape]; !ok {
		return nil, nil, nil, fmt.Errorf("json.md has no table under the heading %q", shape)
	}
	w := &jsonWalk{shapes: shapes, printed: map[string]bool{}}
	for i, out := range outputs {
		var v any
		if err := json.Unmarshal(out, &v); err != nil {
			return nil, nil, nil, fmt.Errorf("output %d is not JSON: %w", i+1, err)
		}
		w.value("", jsonType{Kind: "object", Shape: shape}, v)
	}
	rows := map[string]bool{}
	documentedRows(shapes, shape, nil, rows)
	documented, printed = slices.Sorted(maps.Keys(rows)), slices.Sorted(maps.Keys(w.printed))
	slices.Sort(w.problems)
	return documented, printed, w.problems, nil
}

// TestCheckJSONDoc proves the checker itself: each way an output can break the contract is
// caught.
func TestCheckJSONDoc(t *testing.T) {
	const doc = "# `cmd --format json`\n\n" +
		"| key | type | present | meaning |\n|---|---|---|---|\n" +
		"| `name` | string | always | a name |\n" +
		"| `note` | string | when there is one | a note |\n" +
		"| `items` | array of [item](#item) | always | the items |\n" +
		"| `total` | [tally](#tally) without `share` | always | the total |\n" +
		"| `best` | [tally](#tally) or null | always | the best |\n" +
		"| `tags` | array of strings or null | always | tags |\n\n" +
		"### item\n\n| key | type | present | meaning |\n|---|---|---|---|\n" +
		"| `id` | integer | always | its number |\n" +
		"| `rating` | string or null | always | its rating |\n" +
		"| *and every key of* [tally](#tally) | | | its answers |\n\n" +
		"### tally\n\n| key | type | present | meaning |\n|---|---|---|---|\n" +
		"| `yes` | integer | always | yes |\n" +
		"| `share` | number | always | share |\n"
	rows := []string{
		"cmd --format json: best", "cmd --format json: items", "cmd --format json: name", "cmd --format json: note",
		"cmd --format json: tags", "cmd --format json: total",
		"item: id", "item: rating", "item: share", "item: yes",
		"tally: share", "tally: yes",
	}
	without := func(row string) []string {
		return slices.DeleteFunc(slices.Clone(rows), func(r string) bool { return r == row })
	}
	tests := []struct {
		name     string
		outputs  []string
		printed  []string
		problems []string
	}{
		{
			name:    "every key documented and printed",
			outputs: []string{`{"name": "a", "note": "n", "items": [{"id": 1, "rating": null, "yes": 2, "share": 0.5}], "total": {"yes": 2}, "best": {"yes": 2, "share": 1}, "tags": ["x"]}`},
			printed: rows,
		},
		{
			name: "optional keys printed by one output of several",
			outputs: []string{`{"name": "a", "items": [], "total": {"yes": 0}, "best": null, "tags": null}`,
				`{"name": "b", "note": "n", "items": [{"id": 1, "rating": "Good", "yes": 2, "share": 50}], "total": {"yes": 2}, "best": {"yes": 2, "share": 1}, "tags": []}`},
			printed: rows,
		},
		{
			name:    "an object always null in one place is printed in another",
			outputs: []string{`{"name": "a", "note": "n", "items": [{"id": 1, "rating": null, "yes": 2, "share": 0.5}], "total": {"yes": 2}, "best": null, "tags": null}`},
			printed: without("tally: share"),
		},
		{
			name:    "a key printed but not documented",
			outputs: []string{`{"name": "a", "note": "n", "items": [{"id": 1, "rating": null, "yes": 2, "share": 1, "extra": true}], "total": {"yes": 2}, "best": {"yes": 2, "share": 1}, "tags": null}`},
			printed: append(slices.Clone(rows), "items[].extra: not in docs/json.md"),
		},
		{
			name:    "a key left out by without is printed",
			outputs: []string{`{"name": "a", "note": "n", "items": [{"id": 1, "rating": null, "yes": 2, "share": 1}], "total": {"yes": 2, "share": 1}, "best": {"yes": 2, "share": 1}, "tags": null}`},
			printed: append(slices.Clone(rows), "total.share: not in docs/json.md"),
		},
		{
			name:    "a documented key never printed",
			outputs: []string{`{"name": "a", "items": [{"id": 1, "rating": null, "yes": 2, "share": 1}], "total": {"yes": 2}, "best": {"yes": 2, "share": 1}, "tags": null}`},
			printed: without("cmd --format json: note"),
		},
		{
			name:     "a key documented as always missing from one element",
			outputs:  []string{`{"name": "a", "note": "n", "items": [{"id": 1, "rating": null, "yes": 2, "share": 1}, {"id": 2, "yes": 0, "share": 0}], "total": {"yes": 2}, "best": {"yes": 2, "share": 1}, "tags": null}`},
			printed:  rows,
			problems: []string{"items[].rating: documented as always present, but missing"},
		},
		{
			name:    "values of the wrong type",
			outputs: []string{`{"name": 3, "note": null, "items": [{"id": 1.5, "rating": null, "yes": "2", "share": 1}], "total": {"yes": 2}, "best": [], "tags": [true]}`},
			printed: without("tally: share"),
			problems: []string{
				"best: an array, documented as object",
				"items[].id: a number, documented as integer",
				"items[].yes: a string, documented as integer",
				"name: an integer, documented as string",
				"note: null, documented as string",
				"tags[]: a boolean, documented as string",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var outputs [][]byte
			for _, o := range tc.outputs {
				outputs = append(outputs, []byte(o))
			}
			documented, printed, problems, err := checkJSONDoc(doc, "cmd --format json", outputs...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(rows, documented); diff != "" {
				t.Errorf("documented rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(slices.Sorted(slices.Values(tc.printed)), printed); diff != "" {
				t.Errorf("printed rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseJSONDocRefuses checks that a table the checker cannot read is an error, not a key
// silently skipped.
func TestParseJSONDocRefuses(t *testing.T) {
	head := "## out\n\n| key | type | present | meaning |\n|---|---|---|---|\n"
	tests := []struct{ name, doc, want string }{
		{"a key not in backticks", head + "| name | string | always | x |\n", `json.md line 5: key "name" is not a key in backticks`},
		{"an unknown type", head + "| `n` | text | always | x |\n", `json.md line 5, key n: "text" is not a type (want string, integer, number, boolean, a [link] to a table, array of ..., or ... or null)`},
		{"no presence", head + "| `n` | string |  | x |\n", "json.md line 5, key n: say when it is present (always, or when)"},
		{"a missing cell", head + "| `n` | string | always |\n", "json.md line 5: 3 cells, want key, type, present and meaning"},
		{"a link to no table", head + "| `n` | [thing](#thing) | always | x |\n", `json.md, table "out", key n: no table "thing"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseJSONDoc(tc.doc)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// jsonDocRun runs fieldwork in-process with an empty environment and returns what it printed.
func jsonDocRun(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"fieldwork"}, args...), strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	if code != 0 {
		t.Fatalf("fieldwork %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.Bytes()
}

// jsonDocFixtures are the inspections the JSON outputs are printed from, chosen so that every
// optional key appears somewhere.
type jsonDocFixtures struct {
	bradford     string   // the worked example, with departures, second readings and a moderation
	region       string   // a combined database: the example and the two synthetic inspections of pdus
	pdus         []string // two synthetic inspections under pdu-2023
	older        string   // an inspection under the 2021 programme
	ownFramework string   // a framework file that exempts Probation Reset cases from two questions
	youth        string   // the youth justice example, with a standard rated but not counted
	youthOther   string   // the same youth justice data as another service, for compare
	youthRegion  string   // youth and youthOther combined, for regional
}

func buildJSONDocFixtures(t *testing.T) jsonDocFixtures {
	t.Helper()
	dir := t.TempDir()
	f := jsonDocFixtures{bradford: filepath.Join(dir, "bc.db"), region: filepath.Join(dir, "region.db")}
	example := func(name string) string { return filepath.Join(bc.Dir(), name) }
	db := []string{"--db", f.bradford}
	jsonDocRun(t, append(db, "init", "--framework", "pdu-2023", "--name", "Bradford & Calderdale PDU",
		"--region", "Yorkshire and the Humber", "--fieldwork-start", "2024-09-02")...)
	jsonDocRun(t, append(db, "cases", "import", example("cases.csv"))...)
	jsonDocRun(t, append(db, "judgements", "import", example("judgements.csv"))...)
	jsonDocRun(t, append(db, "rate", "--by", "Lead inspector", "--file", example("ratings.csv"))...)

	first := readExampleAnswers(t, example("judgements.csv"))
	var cases []string
	for id := range first {
		cases = append(cases, id)
	}
	slices.Sort(cases)
	// Assessment answered yes in every case puts 2.1 in the top band, so a hinge can only go
	// down; the example's other standards are Inadequate and can only go up.
	var strong strings.Builder
	strong.WriteString("case_id,question,answer,inspector\n")
	for _, id := range cases {
		for _, q := range []string{"2.1.1", "2.1.2", "2.1.3"} {
			fmt.Fprintf(&strong, "%s,%s,yes,Inspector A\n", id, q)
		}
	}
	strongCSV := filepath.Join(dir, "assessment.csv")
	if err := os.WriteFile(strongCSV, []byte(strong.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	jsonDocRun(t, append(db, "judgements", "import", strongCSV)...)
	jsonDocRun(t, append(db, "rate", "2.4=Requires improvement", "--reason", "a departure, for the test")...)
	jsonDocRun(t, append(db, "rate", "overall=Requires improvement", "--reason", "an overall departure, for the test")...)

	// Second readings: on the first case one key question differs (then moderated) and one
	// agrees; on the second a key question differs and is left for moderation.
	other := func(a string) string {
		if a == "yes" {
			return "no"
		}
		return "yes"
	}
	c1, c2 := cases[0], cases[1]
	second := []string{"--reading", "2", "--inspector", "Quality Lead"}
	jsonDocRun(t, append(append(db, "judge", c1, "2.2.1="+other(first[c1]["2.2.1"]), "2.2.2="+first[c1]["2.2.2"]), second...)...)
	jsonDocRun(t, append(append(db, "judge", c2, "2.2.1="+other(first[c2]["2.2.1"])), second...)...)
	jsonDocRun(t, append(db, "moderate", c1, "2.2.1="+first[c1]["2.2.1"], "--reason", "the first reading stands", "--moderator", "Quality Lead")...)

	// The region pools the example, with its departures, and two synthetic inspections.
	split := filepath.Join(dir, "pdus")
	jsonDocRun(t, "demo", "-o", filepath.Join(dir, "national.db"), "--inspections", "2", "--cases", "20", "--seed", "3", "--split", split)
	var err error
	if f.pdus, err = filepath.Glob(filepath.Join(split, "*.db")); err != nil || len(f.pdus) != 2 {
		t.Fatalf("demo --split wrote %v: %v", f.pdus, err)
	}
	jsonDocRun(t, append([]string{"combine", "-o", f.region, "--name", "Yorkshire and the Humber", f.bradford}, f.pdus...)...)
	oldSplit := filepath.Join(dir, "old")
	jsonDocRun(t, "demo", "-o", filepath.Join(dir, "old-national.db"), "--inspections", "1", "--cases", "20", "--framework", "pdu-2021", "--split", oldSplit)
	olds, err := filepath.Glob(filepath.Join(oldSplit, "*.db"))
	if err != nil || len(olds) != 1 {
		t.Fatalf("demo --split wrote %v: %v", olds, err)
	}
	f.older = olds[0]

	// The youth justice example: 4.1 Resettlement policy and provision is rated, not counted.
	f.youth = filepath.Join(dir, "youth.db")
	youthFile := func(name string) string { return filepath.Join(bc.Dir(), "..", "youth-justice", name) }
	f.youthOther, f.youthRegion = filepath.Join(dir, "youth-other.db"), filepath.Join(dir, "youth-region.db")
	for _, yj := range [][]string{{"--db", f.youth, "--name", "Northshire Youth Justice Service"}, {"--db", f.youthOther, "--name", "Southshire Youth Justice Service"}} {
		db, name := yj[:2], yj[2:]
		jsonDocRun(t, append(append(slices.Clone(db), "init", "--framework", "yjs-2021"), name...)...)
		jsonDocRun(t, append(slices.Clone(db), "cases", "import", youthFile("cases.csv"))...)
		jsonDocRun(t, append(slices.Clone(db), "judgements", "import", youthFile("judgements.csv"))...)
		jsonDocRun(t, append(slices.Clone(db), "rate", "--by", "Lead inspector", "--file", youthFile("ratings.csv"))...)
	}
	jsonDocRun(t, "combine", "-o", f.youthRegion, "--name", "Youth region", "--prefix-ids", f.youth, f.youthOther)

	f.ownFramework = filepath.Join(dir, "mine.json")
	if err := os.WriteFile(f.ownFramework, exemptResetCases(t, jsonDocRun(t, "framework", "export", "pdu-2023")), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// readExampleAnswers reads a judgements file's answers by case and question.
func readExampleAnswers(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	rows, err := csv.NewReader(file).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %d rows: %v", path, len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	out := map[string]map[string]string{}
	for _, r := range rows[1:] {
		id := r[col["case_id"]]
		if out[id] == nil {
			out[id] = map[string]string{}
		}
		out[id][r[col["question"]]] = r[col["answer"]]
	}
	return out
}

// exemptResetCases marks the framework's first prompt and first other case question as not for
// Probation Reset cases, as a lead inspector's own framework file may.
func exemptResetCases(t *testing.T, framework []byte) []byte {
	t.Helper()
	var fw map[string]any
	if err := json.Unmarshal(framework, &fw); err != nil {
		t.Fatal(err)
	}
	exempt := func(q map[string]any) {
		q["not_applicable"], q["not_for"] = true, []string{"probation_reset"}
	}
	for _, s := range fw["standards"].([]any) {
		if kqs, ok := s.(map[string]any)["key_questions"].([]any); ok {
			exempt(kqs[0].(map[string]any)["prompts"].([]any)[0].(map[string]any))
			break
		}
	}
	exempt(fw["case_questions"].([]any)[0].(map[string]any))
	out, err := json.Marshal(fw)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestJSONOutputsAreDocumented runs every command that prints --format json on the fixtures and
// holds what it prints to docs/json.md.
func TestJSONOutputsAreDocumented(t *testing.T) {
	doc, err := os.ReadFile(jsonDocPath)
	if err != nil {
		t.Fatal(err)
	}
	f := buildJSONDocFixtures(t)
	bcDB := []string{"--db", f.bradford}
	// An inspection under way, its figures provisional: one case answered, nothing rated.
	partial := []string{"--db", filepath.Join(t.TempDir(), "partial.db")}
	jsonDocRun(t, append(slices.Clone(partial), "init", "--framework", "pdu-2023", "--name", "Test PDU")...)
	jsonDocRun(t, append(slices.Clone(partial), "cases", "import", filepath.Join(bc.Dir(), "cases.csv"))...)
	jsonDocRun(t, append(slices.Clone(partial), "judge", "BC001", "2.1.1=yes")...)
	survey := filepath.Join(t.TempDir(), "staff.csv")
	if err := os.WriteFile(survey, []byte("respondent_id,I feel safe at work\nS01,Agree\nS02,Disagree\nS03,Agree\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	jsonDocRun(t, append(slices.Clone(partial), "survey", "import", survey, "--name", "staff", "--positive", "Agree")...)
	outputs := []struct {
		table string
		runs  [][]string
	}{
		{"fieldwork score --format json", [][]string{
			append(slices.Clone(bcDB), "score", "--format", "json"),
			append(slices.Clone(bcDB), "score", "--by", "grade", "--format", "json", "--confidence", "0.9"),
			{"--db", f.pdus[0], "score", "--format", "json"},
			{"--db", f.youth, "score", "--format", "json"},
			{"--db", f.region, "score", "--by", "pdu", "--format", "json"},
			append(slices.Clone(partial), "score", "--format", "json"),
		}},
		{"fieldwork framework show --format json", [][]string{
			{"framework", "show", "pdu-2023", "--format", "json"},
			{"framework", "show", "crc-2018", "--format", "json"},
			{"framework", "show", "nps-2018", "--format", "json"},
			{"framework", "show", "yjs-2021", "--format", "json"},
			{"framework", "show", f.ownFramework, "--format", "json"},
		}},
		{"fieldwork agreement --format json", [][]string{
			append(slices.Clone(bcDB), "agreement", "--format", "json"),
		}},
		{"fieldwork compare-groups --format json", [][]string{
			append(slices.Clone(bcDB), "compare-groups", "--by", "grade", "--format", "json"),
			{"--db", f.region, "compare-groups", "--by", "pdu", "--format", "json"},
		}},
		{"fieldwork regional --format json", [][]string{
			{"--db", f.region, "regional", "--format", "json"},
			{"--db", f.youthRegion, "regional", "--format", "json"},
		}},
		{"fieldwork compare --format json", [][]string{
			{"compare", f.older, f.bradford, "--format", "json"},
			{"compare", f.bradford, f.pdus[0], "--format", "json", "--confidence", "0.8"},
			{"compare", f.youthOther, f.youth, "--format", "json"},
		}},
	}
	for _, o := range outputs {
		t.Run(o.table, func(t *testing.T) {
			var printed [][]byte
			for _, args := range o.runs {
				printed = append(printed, jsonDocRun(t, args...))
			}
			documented, keys, problems, err := checkJSONDoc(string(doc), o.table, printed...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(documented, keys); diff != "" {
				t.Errorf("the keys documented in docs/json.md (-) and those printed (+) differ:\n%s", diff)
			}
			for _, p := range problems {
				t.Errorf("docs/json.md: %s", p)
			}
		})
	}
}

// githubAnchor is the anchor GitHub gives a heading: lower case, punctuation dropped, spaces as
// hyphens.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestGithubAnchor(t *testing.T) {
	tests := []struct{ heading, want string }{
		{"Known limits", "known-limits"},
		{"`fieldwork score --format json`", "fieldwork-score---format-json"},
		{"Working offline: `backup` and `merge`", "working-offline-backup-and-merge"},
		{"Why not 300,000 rows/s", "why-not-300000-rowss"},
		{"The workbook's sheets", "the-workbooks-sheets"},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, githubAnchor(tc.heading)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.heading, diff)
		}
	}
}

var docLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocsLinks checks that the README links every page of docs/, so every section moved there
// can be found from it, and that every relative link of the README and docs/ reaches a file and,
// for a #part, a heading of it.
func TestDocsLinks(t *testing.T) {
	root := "../.."
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in docs/: %v", err)
	}
	anchors := map[string]map[string]bool{} // file -> anchors of its headings
	headings := func(file string) map[string]bool {
		if a, ok := anchors[file]; ok {
			return a
		}
		a := map[string]bool{}
		if data, err := os.ReadFile(file); err == nil {
			code := false
			for _, line := range strings.Split(string(data), "\n") {
				if strings.HasPrefix(line, "```") {
					code = !code
				}
				if h, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && !code && strings.HasPrefix(line, "#") {
					a[githubAnchor(h)] = true
				}
			}
		}
		anchors[file] = a
		return a
	}
	readme := filepath.Join(root, "README.md")
	linked := map[string]bool{}
	for _, file := range append([]string{readme}, pages...) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range docLink.FindAllStringSubmatch(string(data), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			dest := file
			if path != "" {
				dest = filepath.Join(filepath.Dir(file), path)
			}
			if _, err := os.Stat(dest); err != nil {
				t.Errorf("%s links to %s, which does not exist", filepath.Base(file), target)
				continue
			}
			if file == readme {
				linked[filepath.Clean(dest)] = true
			}
			if anchor != "" && !headings(dest)[anchor] {
				t.Errorf("%s links to %s: %s has no heading with the anchor #%s", filepath.Base(file), target, filepath.Base(dest), anchor)
			}
		}
	}
	for _, page := range pages {
		if !linked[filepath.Clean(page)] {
			t.Errorf("the README does not link %s", page)
		}
	}
}
