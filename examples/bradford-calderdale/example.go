// Package bradfordcalderdale builds the Bradford & Calderdale worked example: the synthetic
// case-level data behind HM Inspectorate of Probation's 2024 report on the PDU. run.sh does the
// same through the command line; tests elsewhere build it with Build.
package bradfordcalderdale

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"fieldwork/casework"
	"fieldwork/intake"
	"fieldwork/sqlite"
)

// Dir is the folder holding the example's files.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// Inspection is the example's inspection as run.sh creates it.
func Inspection() (casework.Inspection, error) {
	fw, err := casework.Builtin("pdu-2023")
	return casework.Inspection{Name: "Bradford & Calderdale PDU", Region: "Yorkshire and the Humber", FieldworkStart: "2024-09-02", Framework: fw}, err
}

// Build creates the example inspection database at path: cases, judgements, the domain-one
// ratings and their evidence, through the same readers and store the command line uses.
func Build(ctx context.Context, path string) (*sqlite.DB, error) {
	return BuildWith(ctx, path, Options{})
}

// Options vary the example for tests that need another starting point.
type Options struct {
	Framework      *casework.Framework // instead of pdu-2023
	Unanswered     []string            // cases whose answers are left out, to be answered in a test
	WithoutRatings bool                // leave the domain-one standards unrated, without evidence
}

// BuildWith is Build with options.
func BuildWith(ctx context.Context, path string, opt Options) (*sqlite.DB, error) {
	ins, err := Inspection()
	if err != nil {
		return nil, err
	}
	if opt.Framework != nil {
		ins.Framework = opt.Framework
	}
	db, err := sqlite.Create(ctx, path, ins)
	if err != nil {
		return nil, err
	}
	if err := load(ctx, db, opt); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func load(ctx context.Context, db *sqlite.DB, opt Options) error {
	t, err := readCSV("cases.csv")
	if err != nil {
		return err
	}
	cases, err := intake.Cases(t)
	if err != nil {
		return err
	}
	if _, err := db.SaveCases(ctx, cases); err != nil {
		return err
	}
	if t, err = readCSV("judgements.csv"); err != nil {
		return err
	}
	js, err := intake.Judgements(t)
	if err != nil {
		return err
	}
	js = slices.DeleteFunc(js, func(j casework.Judgement) bool { return slices.Contains(opt.Unanswered, j.CaseID) })
	if _, err := db.SaveAnswers(ctx, js, "judgements.csv"); err != nil {
		return err
	}
	if opt.WithoutRatings {
		return nil
	}
	if t, err = readCSV("ratings.csv"); err != nil {
		return err
	}
	rs, err := intake.Ratings(t)
	if err != nil {
		return err
	}
	if err := db.SetRatings(ctx, rs, "Lead inspector"); err != nil {
		return err
	}
	if t, err = readCSV("evidence.csv"); err != nil {
		return err
	}
	es, err := intake.Evidence(t)
	if err != nil {
		return err
	}
	_, err = db.AddEvidence(ctx, es, "Lead inspector")
	return err
}

func readCSV(name string) (*intake.Table, error) {
	f, err := os.Open(filepath.Join(Dir(), name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return intake.ReadCSV(name, f)
}

// Figure is one figure the published report prints about the cases, as report_figures.json
// lists them for the tests that check each through the code.
type Figure struct {
	Quote    string `json:"quote"`    // the report's sentence or table row, verbatim
	Question string `json:"question"` // the question it counts
	GroupBy  string `json:"group_by"` // "" for all cases, else the case field split by
	Group    string `json:"group"`
	Yes      int    `json:"yes"`
	Relevant int    `json:"relevant"`
	Percent  *int   `json:"percent"` // the whole percentage printed; nil where only counts are
	Reading  string `json:"reading"` // how a sentence phrased as a failure was read
}

// ReportFigures reads report_figures.json.
func ReportFigures() ([]Figure, error) {
	data, err := os.ReadFile(filepath.Join(Dir(), "report_figures.json"))
	if err != nil {
		return nil, err
	}
	var figs []Figure
	if err := json.Unmarshal(data, &figs); err != nil {
		return nil, fmt.Errorf("report_figures.json: %w", err)
	}
	return figs, nil
}
