package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fieldwork/casework"
)

// scoreTally is one question's figures as `score --format json` and `regional --format json`
// print them: counts, and the percentage and interval unrounded, 0-100.
type scoreTally struct {
	Yes      int     `json:"yes"`
	No       int     `json:"no"`
	Relevant int     `json:"relevant"`
	Percent  float64 `json:"percent"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
}

type scoreQuestion struct {
	ID string `json:"id"`
	scoreTally
	Prompts []scoreQuestion `json:"prompts"`
}

type scoreStandard struct {
	KeyQuestions []scoreQuestion `json:"key_questions"`
}

// scoreTallies are a JSON result's figures by question id.
func scoreTallies(standards []scoreStandard, caseQuestions []scoreQuestion) map[string]scoreTally {
	out := map[string]scoreTally{}
	for _, s := range standards {
		for _, k := range s.KeyQuestions {
			out[k.ID] = k.scoreTally
			for _, p := range k.Prompts {
				out[p.ID] = p.scoreTally
			}
		}
	}
	for _, q := range caseQuestions {
		out[q.ID] = q.scoreTally
	}
	return out
}

// scoreFigures runs `score --format json` on db, split by field ("" for none), and returns
// the figures by group ("" for all cases) and question id.
func scoreFigures(t *testing.T, db, field string) map[string]map[string]scoreTally {
	t.Helper()
	args := []string{"score", "--format", "json"}
	if field != "" {
		args = append(args, "--by", field)
	}
	stdout, stderr, code := wbRun(t, db, args...)
	if code != 0 {
		t.Fatalf("score exited %d: %s", code, stderr)
	}
	var v struct {
		Standards     []scoreStandard `json:"standards"`
		CaseQuestions []scoreQuestion `json:"case_questions"`
		Groups        []struct {
			Value     string          `json:"value"`
			Standards []scoreStandard `json:"standards"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]scoreTally{"": scoreTallies(v.Standards, v.CaseQuestions)}
	for _, g := range v.Groups {
		out[g.Value] = scoreTallies(g.Standards, nil)
	}
	return out
}

// scoreGroup is the group of a split a workbook row names: "All cases", "Community orders",
// "Not recorded" or the group's value.
func scoreGroup(byGroup map[string]map[string]scoreTally, label string) (map[string]scoreTally, bool) {
	switch label {
	case "All cases":
		return byGroup[""], true
	case "Community orders":
		label = "community"
	case "Licences":
		label = "licence"
	case "Not recorded":
		label = ""
	}
	for v, ts := range byGroup {
		if v != "" && strings.EqualFold(v, label) {
			return ts, true
		}
	}
	return nil, false
}

// percentCheck counts the percentages a reader sees, against the tool's own.
type percentCheck struct {
	t                       *testing.T
	checked, hidden, bySelf int
}

// shownPercent reads "58%" as 58; ok is false for [c].
func (pc *percentCheck) shownPercent(where, s string) (int, bool) {
	if s == "[c]" {
		pc.hidden++
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	if err != nil || !strings.HasSuffix(s, "%") {
		pc.t.Errorf("%s: %q is not a whole percentage", where, s)
		return 0, false
	}
	return n, true
}

// same checks that a shown percentage is the one the tool prints: its value rounded by
// casework.RoundPercent.
func (pc *percentCheck) same(where, shown string, want float64) {
	pc.t.Helper()
	if n, ok := pc.shownPercent(where, shown); ok {
		pc.checked++
		if w := casework.RoundPercent(want); n != w {
			pc.t.Errorf("%s: LibreOffice shows %d%%, score prints %d%% (%v)", where, n, w, want)
		}
	}
}

// tally checks a table row's % yes, % no and interval against t, and its counts.
func (pc *percentCheck) tally(where string, cell func(string) string, t scoreTally) {
	pc.t.Helper()
	count := func(h string) string { return strings.ReplaceAll(cell(h), ",", "") }
	if cell("Yes") != "[c]" && (count("Yes") != strconv.Itoa(t.Yes) || count("Relevant") != strconv.Itoa(t.Relevant)) {
		pc.t.Errorf("%s: %s yes of %s relevant, score has %d of %d", where, cell("Yes"), cell("Relevant"), t.Yes, t.Relevant)
	}
	if t.Relevant == 0 {
		return
	}
	pc.same(where+" % yes", cell("% yes"), t.Percent)
	pc.same(where+" % no", cell("% no"), 100*float64(t.No)/float64(t.Relevant))
	pc.same(where+" interval", cell("lower"), t.CILow)
	pc.same(where+" interval", cell("upper"), t.CIHigh)
}

// TestWorkbookPercentagesAsScorePrintsThem renders the Bradford & Calderdale workbook and a
// small national one in LibreOffice and checks that every percentage on every sheet of figures
// shows what `score --format json` (or `regional`) gives, rounded as score and report round
// it: a value stored as a binary fraction would show 46/80 (57.5%) as 57%.
func TestWorkbookPercentagesAsScorePrintsThem(t *testing.T) {
	soffice(t)
	bcDB, _ := wbExample(t)
	national := filepath.Join(t.TempDir(), "national.db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"fieldwork", "demo", "-o", national, "--inspections", "12", "--cases", "40", "--seed", "7"},
		strings.NewReader(""), &out, &errb, func(string) string { return "" }); code != 0 {
		t.Fatalf("demo exited %d: %s", code, errb.String())
	}
	splitField := map[string]string{"By grade": "grade", "By RoSH": "rosh", "By gender": "gender", "By ethnicity": "ethnicity"}
	for _, tt := range []struct {
		name, db string
		args     []string
	}{
		{"Bradford & Calderdale as published", bcDB, nil},
		{"Bradford & Calderdale, internal", bcDB, []string{"--internal"}},
		{"national", national, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := wbWrite(t, tt.db, tt.args...)
			m := wbRead(t, path)
			var order []string
			for _, s := range m.Sheets {
				order = append(order, s.Name)
			}
			shown := libreOfficeShows(t, path, order)
			all := scoreFigures(t, tt.db, "")
			byField := map[string]map[string]map[string]scoreTally{"case_type": scoreFigures(t, tt.db, "case_type")}
			for _, f := range splitField {
				byField[f] = scoreFigures(t, tt.db, f)
			}
			pc := &percentCheck{t: t}
			perSheet := map[string]int{}
			for _, sheet := range order {
				header, rows := shownTable(shown[sheet])
				if header == nil {
					continue
				}
				col := func(r []string) func(string) string {
					return func(h string) string {
						i := slices.IndexFunc(header, func(x string) bool { return shownHeading(x) == h })
						if i < 0 || i >= len(r) {
							return ""
						}
						return r[i]
					}
				}
				before := pc.checked
				for _, r := range rows {
					cell := col(r)
					switch {
					case regexp.MustCompile(`^\d+\.\d+ `).MatchString(sheet) || sheet == "Other case questions":
						where := fmt.Sprintf("%s %s %s", sheet, cell("Question number"), cell("Case type"))
						ts := byField["case_type"]
						group, ok := scoreGroup(ts, cell("Case type"))
						if cell("Case type") == "All cases" {
							group, ok = all[""], true
						}
						if t1, found := group[cell("Question number")]; ok && found {
							pc.tally(where, cell, t1)
						} else {
							pc.self(where, cell)
						}
					case splitField[sheet] != "":
						field := splitField[sheet]
						label := r[4]
						where := fmt.Sprintf("%s %s %s", sheet, cell("Question number"), label)
						group, ok := scoreGroup(byField[field], label)
						if label == "All cases" {
							group, ok = all[""], true
						}
						if t1, found := group[cell("Question number")]; ok && found {
							pc.tally(where, cell, t1)
						} else {
							pc.self(where, cell) // other case questions, which score prints for all cases only
						}
					case sheet == "Ratings":
						id := strings.Fields(cell("Driving key question") + " ")[0]
						if t1, ok := all[""][id]; ok {
							pc.same("Ratings "+id, cell("Driving key question % yes"), t1.Percent)
							pc.same("Ratings "+id+" interval", cell("Driving lower"), t1.CILow)
							pc.same("Ratings "+id+" interval", cell("Driving upper"), t1.CIHigh)
						}
					case sheet == "Chart data":
						id := strings.Fields(cell("Key question"))[0]
						pc.same("Chart data "+id, cell("% yes, all cases"), all[""][id].Percent)
					}
				}
				perSheet[sheet] = pc.checked - before
			}
			if sheets := m.Sheets; slices.ContainsFunc(sheets, func(s wbSheet) bool { return s.Name == "PDUs" }) {
				header, rows := shownTable(shown["PDUs"])
				pdus := regionalFigures(t, tt.db)
				before := pc.checked
				for _, r := range rows {
					for i, h := range header {
						id := strings.Fields(h + " ")[0]
						if !strings.Contains(h, "% yes") || !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(id) {
							continue
						}
						t1, ok := pdus[r[0]][id]
						if !ok {
							t.Errorf("PDUs: regional has no %s for %s", id, r[0])
							continue
						}
						pc.same("PDUs "+r[0]+" "+id, r[i], t1.Percent)
					}
				}
				perSheet["PDUs"] = pc.checked - before
			}
			for _, sheet := range order {
				if n, ok := perSheet[sheet]; ok && n == 0 && sheet != "Notes" && sheet != "Contents" && sheet != "Method" && sheet != "Sample profile" {
					if _, isSplit := splitField[sheet]; isSplit || regexp.MustCompile(`^\d+\.\d+ `).MatchString(sheet) || sheet == "Ratings" || sheet == "Chart data" || sheet == "PDUs" {
						t.Errorf("%s: no percentage checked", sheet)
					}
				}
			}
			t.Logf("%d percentages checked against score and regional, %d more against their own row's counts, %d suppressed", pc.checked, pc.bySelf, pc.hidden)
			if pc.checked < 500 {
				t.Errorf("only %d percentages checked", pc.checked)
			}
		})
	}
}

// self checks a row's % yes and % no against its own yes, no and relevant counts, where score
// prints no figure to check them against: the one rounding rule still holds.
func (pc *percentCheck) self(where string, cell func(string) string) {
	pc.t.Helper()
	if cell("Yes") == "[c]" {
		pc.hidden++
		return
	}
	yes, _ := strconv.Atoi(strings.ReplaceAll(cell("Yes"), ",", ""))
	no, _ := strconv.Atoi(strings.ReplaceAll(cell("No"), ",", ""))
	if yes+no == 0 {
		return
	}
	for what, n := range map[string]int{"% yes": yes, "% no": no} {
		if got, ok := pc.shownPercent(where, cell(what)); ok {
			pc.bySelf++
			if want := casework.RoundPercent(100 * float64(n) / float64(yes+no)); got != want {
				pc.t.Errorf("%s %s: shows %d%%, %d of %d is %d%%", where, what, got, n, yes+no, want)
			}
		}
	}
}

// shownTable finds the table in a sheet as LibreOffice shows it: the first row of more than one
// cell is its header row, the title and lines above having one each.
func shownTable(rows [][]string) ([]string, [][]string) {
	for i, r := range rows {
		if len(r) > 1 {
			return r, rows[i+1:]
		}
	}
	return nil, nil
}

// shownHeading shortens a heading for lookups: "Relevant [note 1]" is "Relevant", "% yes 95% CI
// lower [note 12]" is "lower", "Driving key question 95% CI lower" is "Driving lower".
func shownHeading(h string) string {
	h = strings.TrimSpace(regexp.MustCompile(`\[note \d+\]`).ReplaceAllString(h, ""))
	if m := regexp.MustCompile(`^(.*?)\s*\d+(\.\d+)?% CI (lower|upper)$`).FindStringSubmatch(h); m != nil {
		switch m[1] {
		case "% yes":
			return m[3]
		case "Driving key question":
			return "Driving " + m[3]
		}
		return m[1] + " " + m[3]
	}
	return h
}

// regionalFigures runs `regional --format json` on db and returns each PDU's key-question
// figures by PDU and key question.
func regionalFigures(t *testing.T, db string) map[string]map[string]scoreTally {
	t.Helper()
	stdout, stderr, code := wbRun(t, db, "regional", "--format", "json")
	if code != 0 {
		t.Fatalf("regional exited %d: %s", code, stderr)
	}
	var v struct {
		PDUs []struct {
			PDU       string          `json:"pdu"`
			Standards []scoreStandard `json:"standards"`
		} `json:"pdus"`
	}
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]scoreTally{}
	for _, p := range v.PDUs {
		out[p.PDU] = scoreTallies(p.Standards, nil)
	}
	return out
}
