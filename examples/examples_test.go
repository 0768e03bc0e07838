// Package examples holds the worked examples. Its tests run each example's README command
// (run.sh) and check what it prints and stores against the published document it reproduces,
// quoting the sentence each check rests on.
package examples

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fieldwork/casework"
	bc "fieldwork/examples/bradford-calderdale"
	"fieldwork/sqlite"

	"github.com/google/go-cmp/cmp"
)

const seeds = "../../shared/seeds"

// quoted fails the test unless the seed document says each sentence (compared with runs of
// white space as one space, as the documents wrap lines).
func quoted(t *testing.T, seed string, sentences ...string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(seeds, seed))
	if err != nil {
		t.Fatalf("the published document is needed beside the repository: %v", err)
	}
	text := strings.Join(strings.Fields(string(data)), " ")
	for _, s := range sentences {
		if !strings.Contains(text, s) {
			t.Errorf("%s does not say %q", seed, s)
		}
	}
}

// runExample runs examples/NAME/run.sh, as its README says, into a database in a temporary
// folder, and returns what it printed and the database.
func runExample(t *testing.T, name string) (string, *sqlite.DB) {
	t.Helper()
	for _, tool := range []string{"bash", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is needed to run the example: %v", tool, err)
			}
			t.Skipf("%s is needed to run the example: %v", tool, err)
		}
	}
	tmp := t.TempDir()
	path := filepath.Join(tmp, name+".db")
	cmd := exec.Command("bash", filepath.Join(name, "run.sh"), path)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "FIELDWORK_DB=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("run.sh: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return stdout.String(), db
}

// printed fails the test unless out has a line matching each pattern.
func printed(t *testing.T, out string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if !regexp.MustCompile("(?m)" + p).MatchString(out) {
			t.Errorf("run.sh printed no line matching %q:\n%s", p, out)
		}
	}
}

// rate rates the stored inspection as the method says, counting only answers that apply.
func rate(t *testing.T, db *sqlite.DB) (casework.Inspection, casework.Tallies, casework.Result) {
	t.Helper()
	ctx := context.Background()
	ins, err := db.Inspection(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tallies, err := db.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Result(ctx, ins.Framework)
	if err != nil {
		t.Fatal(err)
	}
	return ins, tallies, res
}

// TestWestYorkshireCRC reproduces the ratings pattern of the West Yorkshire CRC press release.
func TestWestYorkshireCRC(t *testing.T) {
	const seed = "west-yorkshire-crc-press-release-2020.txt"
	quoted(t, seed,
		"Inspectors have given West Yorkshire CRC an overall rating of ‘Requires improvement’",
		"During this inspection we analysed a sample of cases to find out how staff assess, plan, deliver and review activity with individuals on probation. We found the management of risk of harm was consistently poor.",
		"we have rated all four aspects ‘Inadequate’ – our lowest possible grade.",
		"Inspectors also noted effective Through the Gate services",
		"The Inspectorate rated this area of work as ‘Good’.",
	)
	out, db := runExample(t, "west-yorkshire-crc")
	_, _, res := rate(t, db)

	got := map[string]string{"overall": res.Overall.String()}
	driving := map[string]string{}
	for _, s := range res.Standards {
		if s.RatedFrom == casework.FromCases && s.ID != "3.1" {
			got[s.ID+" "+s.Name] = s.Rating.String()
			driving[s.ID] = s.Driving
		}
	}
	want := map[string]string{
		"overall":                         "Requires improvement", // "an overall rating of 'Requires improvement'"
		"2.1 Assessment":                  "Inadequate",           // "we have rated all four aspects 'Inadequate'"
		"2.2 Planning":                    "Inadequate",
		"2.3 Implementation and delivery": "Inadequate",
		"2.4 Reviewing":                   "Inadequate",
		"3.2 Through the Gate":            "Good", // "rated this area of work as 'Good'"
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ratings (-press release +computed):\n%s", diff)
	}
	// The thresholds give the overall rating from the data: no departure is recorded or needed.
	if res.Departure != nil || !res.Complete {
		t.Errorf("overall rating: complete %v, departure %v; want it from the score alone", res.Complete, res.Departure)
	}
	// "the management of risk of harm was consistently poor": keeping other people safe is the
	// lowest key question of each case-supervision standard.
	wantDriving := map[string]string{"2.1": "2.1.3", "2.2": "2.2.3", "2.3": "2.3.3", "2.4": "2.4.3", "3.2": driving["3.2"]}
	if diff := cmp.Diff(wantDriving, driving); diff != "" {
		t.Errorf("driving key questions (-want +got):\n%s", diff)
	}
	printed(t, out,
		`^Score 7/30$`,
		`^Overall rating: Requires improvement$`,
		`2\.1 Assessment +Inadequate +0 +driven by 2\.1\.3`,
		`2\.4 Reviewing +Inadequate +0 +driven by 2\.4\.3`,
		`3\.2 Through the Gate +Good +2 +driven by 3\.2\.`,
		`^105 cases checked: 0 with unanswered key questions \(0 errors\), 0 warnings$`,
		`^Framework provenance: Confirmed from seeds/west-yorkshire-crc-press-release-2020\.txt .*NOT CONFIRMED, fieldwork's assumption: .*score thresholds 0-5 Inadequate, 6-15 Requires improvement`,
	)
}

// The press release prints five of the ten ratings (four Inadequate, one Good). Whether its
// overall 'Requires improvement' follows from crc-2018's thresholds depends on the five it does
// not print: this is the range that allows it.
func TestWestYorkshirePatternUnderTheThresholds(t *testing.T) {
	fw, err := casework.Builtin("crc-2018")
	if err != nil {
		t.Fatal(err)
	}
	published := 4*fw.Points[casework.Inadequate] + fw.Points[casework.Good]
	var ri []int
	for rest := 0; rest <= 5*fw.Points[casework.Outstanding]; rest++ {
		if r, _ := fw.OverallRating(published + rest); r == casework.RequiresImprovement {
			ri = append(ri, rest)
		}
	}
	// Leadership, Staff, Services, Information and facilities and Unpaid work must total 4 to 13
	// points (the example's: 1+0+2+1+1 = 5); 0-3 would give Inadequate, 14-15 Good.
	if diff := cmp.Diff([]int{4, 13}, []int{ri[0], ri[len(ri)-1]}); diff != "" {
		t.Errorf("points the unpublished ratings may total (-want +got):\n%s", diff)
	}
}

// TestVictimWork reproduces the statutory victim work figures of the regional letter.
func TestVictimWork(t *testing.T) {
	const seed = "yorkshire-humber-regional-letter-2023.txt"
	figures := []struct {
		quote         string
		question      string
		yes, relevant int
	}{
		{"All of the victim cases we inspected were recorded appropriately on the case management system.", "V1a", 22, 22},
		{"In all but one case, a VLO contacted the victim soon after the person on probation had been sentenced.", "V1b", 21, 22},
		{"Written correspondence with victims was appropriately personalised in all the cases we inspected.", "V1c", 22, 22},
		{"Victims had not been informed about what to do in the event of the prisoner making unwanted contact in eight out of 15 relevant cases we inspected.", "V2a", 15 - 8, 15},
		{"In 11 out of 15 relevant cases, victims had not been referred to other agencies or services, or given information about sources of help and support.", "V2b", 15 - 11, 15},
	}
	// "In all the relevant cases" does not say how many were relevant: only all must be yes.
	allRelevant := []struct{ quote, question string }{
		{"In all the relevant cases we inspected, the concerns of the victim were addressed when planning for the person on probation's release from prison.", "V3a"},
		{"Non-contact licence conditions were used in all relevant cases.", "V3b"},
	}
	quoted(t, seed, "We looked at 22 statutory victim cases")
	for _, f := range figures {
		quoted(t, seed, f.quote)
	}
	for _, f := range allRelevant {
		quoted(t, seed, f.quote)
	}

	out, db := runExample(t, "victim-work")
	cases, err := db.Cases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 22 {
		t.Errorf("%d cases; the letter looked at 22", len(cases))
	}
	_, tallies, res := rate(t, db)
	for _, f := range figures {
		got := tallies[f.question]
		if diff := cmp.Diff([2]int{f.yes, f.relevant}, [2]int{got.Yes, got.Relevant()}); diff != "" {
			t.Errorf("%s yes, relevant (-letter +computed): %s\n%s", f.question, f.quote, diff)
		}
	}
	for _, f := range allRelevant {
		if got := tallies[f.question]; got.Relevant() == 0 || got.Yes != got.Relevant() {
			t.Errorf("%s: %d of %d relevant; the letter says all: %s", f.question, got.Yes, got.Relevant(), f.quote)
		}
	}
	// Key questions are answered for every case.
	for _, k := range res.Standards[0].KeyQuestions {
		if k.Relevant() != 22 {
			t.Errorf("key question %s: %d relevant, want all 22 cases", k.ID, k.Relevant())
		}
	}
	printed(t, out,
		`^22 cases checked: 0 with unanswered key questions \(0 errors\), 0 warnings$`,
		`V2a +7 of 15 relevant \(47%`,
		`V2b +4 of 15 relevant \(27%`,
		`V1b +21 of 22 relevant \(95%`,
		`^Framework provenance: Confirmed from seeds/yorkshire-humber-regional-letter-2023\.txt .*NOT CONFIRMED, fieldwork's assumption: .*any rating, which the letter does not give`,
	)
}

// TestBradfordProbationReset counts the Bradford & Calderdale example's Probation Reset cases as
// the workbook's notes will: "Nine out of 70 cases inspected were subject to Probation Reset."
func TestBradfordProbationReset(t *testing.T) {
	quoted(t, "bradford-calderdale-pdu-report-2024.txt", "Nine out of 70 cases inspected were subject to Probation Reset.")
	db, err := bc.Build(context.Background(), filepath.Join(t.TempDir(), "bc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.ProbationResetCount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(casework.ResetCount{Reset: 9, Recorded: 70}, n); diff != "" {
		t.Errorf("(-report +computed):\n%s", diff)
	}
}

// TestBradfordCalderdaleScript runs the README's first command, the worked example's run.sh, and
// checks it prints the report's ratings table: every case standard Inadequate, 1.3 Services
// Requires improvement, "Score 1/21", overall Inadequate.
func TestBradfordCalderdaleScript(t *testing.T) {
	out, db := runExample(t, "bradford-calderdale")
	printed(t, out,
		`^79 cases checked: 0 with unanswered key questions`,
		`^Score 1/21$`,
		`^Overall rating: Inadequate$`,
		`^  1\.1 Leadership +Inadequate +0`,
		`^  1\.2 Staffing +Inadequate +0`,
		`^  1\.3 Services +Requires improvement +1 +departure: rated Requires improvement: Decision guidance`,
		`^  2\.1 Assessment +Inadequate +0 +driven by 2\.1\.3$`,
		`^  2\.2 Planning +Inadequate +0 +driven by 2\.2\.3$`,
		`^  2\.3 Implementation and delivery +Inadequate +0 +driven by 2\.3\.3$`,
		`^  2\.4 Reviewing +Inadequate +0 +driven by 2\.4\.3$`,
	)
	_, _, res := rate(t, db)
	if res.Score != 1 || res.Overall != casework.Inadequate {
		t.Errorf("stored inspection scores %d/%d, %s", res.Score, res.MaxScore, res.Overall)
	}
}

// TestSamplingScript runs the sampling example's run.sh: a draw of 79 cases with reserves, one
// case replaced by the next reserve of its stratum, and the log.
func TestSamplingScript(t *testing.T) {
	out, db := runExample(t, "sampling")
	printed(t, out,
		`^drew 79 cases and \d+ reserves into `,
		`^replaced \S+ with \S+ \(reserve \d+ of stratum [^)]+\); reason logged: transferred out before fieldwork$`,
		`^1 replaced:$`,
	)
	cases, err := db.Cases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 79 {
		t.Errorf("the database holds %d cases, want the 79 drawn", len(cases))
	}
}
