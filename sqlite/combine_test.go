package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// inspectionFile writes an inspection database at dir/file with the cases given, each answered
// by answer(caseID, question); answer may return NoAnswer to leave a question unanswered.
func inspectionFile(t *testing.T, dir, file, name, fwID string, ids []string, answer func(id, q string) casework.Answer, given ...casework.GivenRating) string {
	t.Helper()
	return inspectionFileUnder(t, builtin(t, fwID), dir, file, name, ids, answer, given...)
}

func builtin(t *testing.T, id string) *casework.Framework {
	t.Helper()
	fw, err := casework.Builtin(id)
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// inspectionFileUnder is inspectionFile under a framework of the test's own.
func inspectionFileUnder(t *testing.T, fw *casework.Framework, dir, file, name string, ids []string, answer func(id, q string) casework.Answer, given ...casework.GivenRating) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, file)
	db, err := Create(ctx, path, casework.Inspection{Name: name, Region: "Yorkshire and the Humber", FieldworkStart: "2024-09-02", Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	var cs []casework.Case
	var js []casework.Judgement
	for i, id := range ids {
		typ := casework.Community
		if i%3 == 2 {
			typ = casework.Licence
		}
		cs = append(cs, casework.Case{ID: id, Type: typ, Grade: casework.PO, RoSH: casework.RoSHHigh, Gender: "male", Attributes: map[string]string{"office": name + " office"}})
		for _, q := range fw.Questions() {
			if a := answer(id, q.ID); a != casework.NoAnswer {
				js = append(js, casework.Judgement{CaseID: id, Question: q.ID, Answer: a, Inspector: "Inspector A"})
			}
		}
	}
	if _, err := db.SaveCases(ctx, cs); err != nil {
		t.Fatal(err)
	}
	if len(js) > 0 {
		if _, err := db.SaveAnswers(ctx, js, file+" judgements"); err != nil {
			t.Fatal(err)
		}
	}
	if len(given) > 0 {
		if err := db.SetRatings(ctx, given, "Lead inspector"); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// keyYes answers every key question and prompt yes for the first share of cases (by the id's
// last digit), no for the rest, and n/a where a prompt allows it for case ids ending in 9.
func keyYes(yesBelow byte) func(id, q string) casework.Answer {
	return func(id, q string) casework.Answer {
		last := id[len(id)-1]
		if last == '9' && strings.HasPrefix(q, "2.1.3") && len(q) > 5 {
			return casework.NotApplicable
		}
		if last < yesBelow {
			return casework.Yes
		}
		return casework.No
	}
}

func openTest(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCombinePoolsCasesAnswersHistoryAndRatings(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := inspectionFile(t, dir, "kirklees.db", "Kirklees PDU", "pdu-2023", []string{"K1", "K2", "K3", "K9"}, keyYes('3'),
		casework.GivenRating{Standard: "1.1", Rating: casework.Inadequate})
	b := inspectionFile(t, dir, "sheffield.db", "Sheffield PDU", "pdu-2023", []string{"S1", "S2", "S5"}, keyYes('2'),
		casework.GivenRating{Standard: "1.1", Rating: casework.Good}, casework.GivenRating{Standard: "overall", Rating: casework.RequiresImprovement, Reason: "decision guidance"})
	// A changed answer, so there is history beyond first answers to carry over.
	src := openTest(t, a)
	if _, err := src.SaveAnswers(ctx, []casework.Judgement{{CaseID: "K1", Question: "2.1.1", Answer: casework.No, Inspector: "Inspector B", Note: "second reading"}}, "moderation"); err != nil {
		t.Fatal(err)
	}
	// A quality lead's second reading of K2, and a moderation where the readings disagree.
	if _, err := src.SaveSecondReading(ctx, []casework.Judgement{{CaseID: "K2", Question: "2.1.1", Answer: casework.No, Inspector: "Quality Lead"},
		{CaseID: "K2", Question: "2.1.2", Answer: casework.Yes, Inspector: "Quality Lead"}}, "second reading"); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Moderate(ctx, []casework.Judgement{{CaseID: "K2", Question: "2.1.1", Answer: casework.No}}, "no plan for the risk", "Quality Lead"); err != nil {
		t.Fatal(err)
	}
	src.Close()

	out := filepath.Join(dir, "region.db")
	pooled, err := Combine(ctx, out, []string{a, b}, CombineOptions{Name: "Yorkshire and the Humber"})
	if err != nil {
		t.Fatal(err)
	}
	fw, _ := casework.Builtin("pdu-2023")
	perCase := len(fw.Questions())
	wantPooled := []Pooled{
		{File: a, PDUs: []string{"Kirklees PDU"}, Cases: 4, Answers: 4 * perCase},
		{File: b, PDUs: []string{"Sheffield PDU"}, Cases: 3, Answers: 3 * perCase},
	}
	if diff := cmp.Diff(wantPooled, pooled); diff != "" {
		t.Errorf("pooled (-want +got):\n%s", diff)
	}

	db := openTest(t, out)
	ins, err := db.Inspection(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ins.Name != "Yorkshire and the Humber" || ins.Region != "Yorkshire and the Humber" || ins.Framework.Differs(fw) != "" {
		t.Errorf("combined inspection = %q, region %q, framework %s", ins.Name, ins.Region, ins.Framework.ID)
	}
	cases, err := db.Cases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got [][3]string
	for _, c := range cases {
		got = append(got, [3]string{c.ID, c.Attributes[PDUField], c.Attributes["office"]})
		if c.Attributes[RegionField] != "Yorkshire and the Humber" {
			t.Errorf("case %s region = %q", c.ID, c.Attributes[RegionField])
		}
	}
	want := [][3]string{
		{"K1", "Kirklees PDU", "Kirklees PDU office"}, {"K2", "Kirklees PDU", "Kirklees PDU office"},
		{"K3", "Kirklees PDU", "Kirklees PDU office"}, {"K9", "Kirklees PDU", "Kirklees PDU office"},
		{"S1", "Sheffield PDU", "Sheffield PDU office"}, {"S2", "Sheffield PDU", "Sheffield PDU office"}, {"S5", "Sheffield PDU", "Sheffield PDU office"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cases in pooled order, with pdu and office (-want +got):\n%s", diff)
	}

	// Answers and history are as they were in the source, with who, when and why.
	srcDB := openTest(t, a)
	wantRT, err := srcDB.ReadTwice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotRT, err := db.ReadTwice(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantRT, gotRT); diff != "" || len(gotRT) != 2 {
		t.Errorf("second readings and moderation (-source +combined):\n%s", diff)
	}
	var srcSecond, gotSecond int
	srcDB.sql.QueryRow(`SELECT count(*) FROM answer_changes WHERE reading = 'second'`).Scan(&srcSecond)
	db.sql.QueryRow(`SELECT count(*) FROM answer_changes WHERE reading = 'second'`).Scan(&gotSecond)
	if srcSecond != 2 || gotSecond != srcSecond {
		t.Errorf("history rows of second readings: %d in the combined database, %d in the source, want 2", gotSecond, srcSecond)
	}
	for _, id := range []string{"K1", "K2", "K9"} {
		wantAns, wantV, err := srcDB.CaseAnswers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		gotAns, gotV, err := db.CaseAnswers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantAns, gotAns); diff != "" || wantV != gotV {
			t.Errorf("case %s answers (-source +combined):\n%s\nversion %d, source %d", id, diff, gotV, wantV)
		}
		wantH, _ := srcDB.History(ctx, id)
		gotH, _ := db.History(ctx, id)
		if diff := cmp.Diff(wantH, gotH); diff != "" {
			t.Errorf("case %s history (-source +combined):\n%s", id, diff)
		}
	}

	// The pooled tallies are the sum of the inspections', and split by pdu they are each one's.
	total, err := db.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := db.GroupTallies(ctx, PDUField)
	if err != nil {
		t.Fatal(err)
	}
	sum := casework.Tallies{}
	for i, path := range []string{a, b} {
		ts, err := openTest(t, path).Tallies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ts, groups[i].Tallies); diff != "" {
			t.Errorf("%s: tallies split by pdu differ from the inspection's own (-own +split):\n%s", groups[i].Value, diff)
		}
		for q, tl := range ts {
			s := sum[q]
			s.Yes, s.No, s.NotApplicable = s.Yes+tl.Yes, s.No+tl.No, s.NotApplicable+tl.NotApplicable
			sum[q] = s
		}
	}
	if diff := cmp.Diff(sum, total); diff != "" {
		t.Errorf("pooled tallies (-sum of inspections +combined):\n%s", diff)
	}

	// Each inspection's own ratings come along; the combined inspection has none of its own.
	pis, err := db.PooledInspections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantPIs := []PooledInspection{
		{PDU: "Kirklees PDU", Region: "Yorkshire and the Humber", FieldworkStart: "2024-09-02", Source: "kirklees.db",
			Given: []casework.GivenRating{{Standard: "1.1", Rating: casework.Inadequate}}},
		{PDU: "Sheffield PDU", Region: "Yorkshire and the Humber", FieldworkStart: "2024-09-02", Source: "sheffield.db",
			Given: []casework.GivenRating{{Standard: "1.1", Rating: casework.Good}, {Standard: "overall", Rating: casework.RequiresImprovement, Reason: "decision guidance"}}},
	}
	if diff := cmp.Diff(wantPIs, pis); diff != "" {
		t.Errorf("pooled inspections (-want +got):\n%s", diff)
	}
	if given, _ := db.Ratings(ctx); len(given) != 0 {
		t.Errorf("the combined inspection has ratings of its own: %v", given)
	}
	if pis, _ := srcDB.PooledInspections(ctx); pis != nil {
		t.Errorf("a single inspection lists pooled inspections: %v", pis)
	}
}

func TestCombineACombinedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := inspectionFile(t, dir, "a.db", "A PDU", "pdu-2023", []string{"A1", "A2"}, keyYes('2'), casework.GivenRating{Standard: "1.2", Rating: casework.Good})
	b := inspectionFile(t, dir, "b.db", "B PDU", "pdu-2023", []string{"B1"}, keyYes('5'))
	c := inspectionFile(t, dir, "c.db", "C PDU", "pdu-2023", []string{"C1", "C2"}, keyYes('1'))
	region := filepath.Join(dir, "region.db")
	if _, err := Combine(ctx, region, []string{a, b}, CombineOptions{Name: "Region"}); err != nil {
		t.Fatal(err)
	}
	national := filepath.Join(dir, "national.db")
	pooled, err := Combine(ctx, national, []string{region, c}, CombineOptions{Name: "England and Wales", Region: "national"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"A PDU", "B PDU"}, {"C PDU"}}, [][]string{pooled[0].PDUs, pooled[1].PDUs}); diff != "" {
		t.Errorf("PDUs pooled per file (-want +got):\n%s", diff)
	}
	db := openTest(t, national)
	pis, err := db.PooledInspections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pis {
		names = append(names, p.PDU+" from "+p.Source)
	}
	if diff := cmp.Diff([]string{"A PDU from a.db", "B PDU from b.db", "C PDU from c.db"}, names); diff != "" {
		t.Errorf("pooled inspections (-want +got):\n%s", diff)
	}
	if len(pis[0].Given) != 1 {
		t.Errorf("A PDU's ratings were not carried through the region: %v", pis[0].Given)
	}
	groups, err := db.GroupTallies(ctx, PDUField)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []string
	for _, g := range groups {
		sizes = append(sizes, g.Value)
	}
	if diff := cmp.Diff([]string{"A PDU", "B PDU", "C PDU"}, sizes); diff != "" {
		t.Errorf("groups by pdu (-want +got):\n%s", diff)
	}
}

func TestCombineRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	k := inspectionFile(t, dir, "kirklees.db", "Kirklees PDU", "pdu-2023", []string{"K1", "X1"}, keyYes('5'))
	s := inspectionFile(t, dir, "sheffield.db", "Sheffield PDU", "pdu-2023", []string{"S1", "X1"}, keyYes('5'))
	hull := inspectionFile(t, dir, "hull.db", "Hull and East Riding PDU", "pdu-2021", []string{"H1"}, keyYes('5'))
	again := inspectionFile(t, dir, "kirklees-2024.db", "Kirklees PDU", "pdu-2023", []string{"L1"}, keyYes('5'))
	link := filepath.Join(t.TempDir(), "link.db") // the same file under another name
	if err := os.Link(k, link); err != nil {
		t.Fatal(err)
	}
	leeds := inspectionFile(t, t.TempDir(), "kirklees.db", "Leeds PDU", "pdu-2023", []string{"L1"}, keyYes('5')) // another file of the same name
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		out      string
		files    []string
		opt      CombineOptions
		wantCode string
		want     []string
	}{
		{"different frameworks", "", []string{k, hull, s}, CombineOptions{}, casework.EINVALID,
			[]string{"cannot pool inspections run under different frameworks", "pdu-2021: " + hull, "pdu-2023: " + k + ", " + s}},
		{"a case id in two inspections", "", []string{k, s}, CombineOptions{}, casework.EINVALID,
			[]string{s + `: case "X1" is also in kirklees.db (nothing was written)`, "--prefix-ids"}},
		{"the same inspection twice", "", []string{k, again}, CombineOptions{}, casework.EINVALID,
			[]string{`the inspection "Kirklees PDU" is in both ` + k + " and " + again, "fieldwork compare"}},
		{"the same file twice", "", []string{k, s, k}, CombineOptions{}, casework.EINVALID, []string{k + " is given twice"}},
		{"the same file under two names", "", []string{k, link}, CombineOptions{}, casework.EINVALID, []string{link + " is given twice (also as " + k + ")"}},
		{"prefixes that collide", "", []string{k, leeds}, CombineOptions{PrefixIDs: true}, casework.EINVALID,
			[]string{`would give their cases the same prefix "kirklees/"`}},
		{"an existing output", existing, []string{k}, CombineOptions{}, casework.ECONFLICT, []string{"already exists"}},
		{"a missing input", "", []string{k, filepath.Join(dir, "nowhere.db")}, CombineOptions{}, casework.ENOTFOUND, []string{"nowhere.db does not exist"}},
		{"nothing to combine", "", nil, CombineOptions{}, casework.EINVALID, []string{"nothing to combine"}},
		{"no name", "", []string{k}, CombineOptions{}, casework.EINVALID, []string{"needs a name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.out
			if out == "" {
				out = filepath.Join(dir, "region.db")
			}
			opt := tt.opt
			if opt.Name == "" && tt.name != "no name" {
				opt.Name = "Yorkshire and the Humber"
			}
			_, err := Combine(ctx, out, tt.files, opt)
			if casework.ErrorCode(err) != tt.wantCode {
				t.Fatalf("error %v (code %q), want code %q", err, casework.ErrorCode(err), tt.wantCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error()+"\nhint: "+casework.ErrorHint(err), w) {
					t.Errorf("error does not say %q:\n%v\nhint: %s", w, err, casework.ErrorHint(err))
				}
			}
			if data, err := os.ReadFile(existing); err != nil || string(data) != "keep me" {
				t.Errorf("the existing file was touched: %q, %v", data, err)
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, "*region.db*"))
			if len(leftovers) > 0 {
				t.Errorf("a refused combine left files behind: %v", leftovers)
			}
		})
	}

	// With --prefix-ids the same two files pool, every case id prefixed with its file's name.
	out := filepath.Join(dir, "prefixed.db")
	if _, err := Combine(ctx, out, []string{k, s}, CombineOptions{Name: "Yorkshire and the Humber", PrefixIDs: true}); err != nil {
		t.Fatal(err)
	}
	cases, err := openTest(t, out).Cases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range cases {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]string{"kirklees/K1", "kirklees/X1", "sheffield/S1", "sheffield/X1"}, ids); diff != "" {
		t.Errorf("prefixed ids (-want +got):\n%s", diff)
	}
}

// Inspections started before their framework declared regional standards pool with ones started
// after only when told which regional standards rate the region; a framework given must match
// the inspections' in everything else.
func TestCombineWithAFrameworkGiven(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	older := builtin(t, "pdu-2023")
	older.RegionalStandards = nil
	a := inspectionFileUnder(t, older, dir, "a.db", "A PDU", []string{"A1"}, keyYes('5'))
	b := inspectionFile(t, dir, "b.db", "B PDU", "pdu-2023", []string{"B1"}, keyYes('5'))
	out := filepath.Join(dir, "region.db")
	_, err := Combine(ctx, out, []string{a, b}, CombineOptions{Name: "Region"})
	if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(err.Error(), "declare different regional standards") || !strings.Contains(casework.ErrorHint(err), "--framework pdu-2023") {
		t.Fatalf("inspections with different regional standards: %v (hint %q)", err, casework.ErrorHint(err))
	}
	corrected := builtin(t, "pdu-2023")
	corrected.Bands[1].From = 55
	_, err = Combine(ctx, out, []string{a, b}, CombineOptions{Name: "Region", Framework: corrected})
	if casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(err.Error(), "differs from the framework given (pdu-2023) in the bands") {
		t.Fatalf("a framework given with other bands: %v", err)
	}
	pooled := builtin(t, "pdu-2023")
	pooled.RegionalStandards[0].Rule = casework.RulePooled
	if _, err := Combine(ctx, out, []string{a, b}, CombineOptions{Name: "Region", Framework: pooled}); err != nil {
		t.Fatal(err)
	}
	ins, err := openTest(t, out).Inspection(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pooled.RegionalStandards, ins.Framework.RegionalStandards); diff != "" {
		t.Errorf("stored regional standards (-given +stored):\n%s", diff)
	}
}
