package figures

import (
	"context"
	"slices"
	"strings"
	"time"

	"fieldwork/casework"
)

// splitFields are the fields every inspection's figures are split by, besides case type.
var splitFields = []string{"grade", "rosh", "gender", "ethnicity"}

// Rate rates an inspection as its store stands.
func Rate(ctx context.Context, st Results, ins casework.Inspection) (Rated, error) {
	res, err := st.Result(ctx, ins.Framework)
	if err != nil {
		return Rated{}, err
	}
	return Rated{Inspection: ins, Result: res}, nil
}

// Splits splits the cases by each of fields, in that order, counting every split in one pass
// over the answers. It is the one way the figures are split: by score, the workbook, the
// comparison of groups and the PDUs of a combined database.
func Splits(ctx context.Context, st Store, fields []string) ([]Split, error) {
	byField, err := st.SplitTallies(ctx, fields)
	if err != nil {
		return nil, err
	}
	out := make([]Split, len(fields))
	for i, f := range fields {
		out[i] = Split{Field: f, Groups: byField[f]}
	}
	return out, nil
}

// Count counts everything the data workbook and the report show: the ratings over all cases,
// the case-type split, a split by each of splitFields and by, the sample profile and design.
// Attributes asked for with by are checked not to identify cases, since their figures are
// published.
func Count(ctx context.Context, st Store, ins casework.Inspection, by []string, written time.Time) (Figures, error) {
	return count(ctx, st, ins, by, written, false)
}

// count is Count; internal figures, never published, may be split by an attribute that puts
// most cases in groups of their own, though never one named by case references.
func count(ctx context.Context, st Store, ins casework.Inspection, by []string, written time.Time, internal bool) (Figures, error) {
	res, err := st.Result(ctx, ins.Framework)
	if err != nil {
		return Figures{}, err
	}
	fig := Figures{Inspection: ins, Result: res, Written: written}
	es, err := st.Evidence(ctx, "")
	if err != nil {
		return fig, err
	}
	fig.Evidence = ins.Framework.PublishedEvidence(es)
	if fig.Surveys, err = Surveys(ctx, st, casework.DefaultConfidence, casework.Suppression{}); err != nil {
		return fig, err
	}
	if fig.Incomplete, err = Completeness(ctx, st, ins, res); err != nil {
		return fig, err
	}
	fields := slices.Clone(splitFields)
	var extra []string
	for _, f := range by {
		f = strings.ToLower(strings.TrimSpace(f))
		if f != "" && f != "case_type" && !slices.Contains(fields, f) {
			fields = append(fields, f)
			extra = append(extra, f)
		}
	}
	splits, err := Splits(ctx, st, append([]string{"case_type"}, fields...))
	if err != nil {
		return fig, err
	}
	fig.CaseTypes, fig.Splits = splits[0].Groups, splits[1:]
	if len(extra) > 0 {
		if err := checkSplits(ctx, st, fig.Splits, extra, internal); err != nil {
			return fig, err
		}
	}
	if fig.Population, err = populationProfile(ctx, st, append([]string{"case_type"}, fields...)); err != nil {
		return fig, err
	}
	d, drawn, err := st.SampleDesign(ctx)
	if err != nil || !drawn {
		return fig, err
	}
	fig.Design = &d
	return fig, nil
}

// checkSplits refuses the splits by the fields in extra that would identify cases; for internal
// figures, only those whose groups are named by case references.
func checkSplits(ctx context.Context, st Store, splits []Split, extra []string, internal bool) error {
	cases, err := st.Cases(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	for _, sp := range splits {
		if !slices.Contains(extra, sp.Field) {
			continue
		}
		values, sizes := make([]string, len(sp.Groups)), make([]int, len(sp.Groups))
		for i, g := range sp.Groups {
			values[i], sizes[i] = g.Value, g.Cases
		}
		check := casework.CheckSplit
		if internal {
			check = func(field string, values []string, _ []int, ids []string) error {
				return casework.CheckSplitNames(field, values, ids)
			}
		}
		if err := check(sp.Field, values, sizes, ids); err != nil {
			return err
		}
	}
	return nil
}

// populationProfile counts the eligible population by each field when fieldwork drew the
// sample, nil when it did not. A field the population was not profiled by (an attribute only
// the case list has) is left out, and the workbook shows it as not available.
func populationProfile(ctx context.Context, st Store, fields []string) (map[string]map[string]int, error) {
	pop := map[string]map[string]int{}
	for _, field := range fields {
		counts, drawn, err := st.PopulationProfile(ctx, field)
		switch {
		case !drawn:
			return nil, err
		case casework.ErrorCode(err) == casework.ENOTFOUND:
			continue
		case err != nil:
			return nil, err
		}
		pop[field] = counts
	}
	return pop, nil
}

// WorkbookRequest is what the lead inspector asks of the data workbook.
type WorkbookRequest struct {
	By       []string  // case attributes to split by besides the usual ones
	Written  time.Time // when the workbook is written
	Previous *Rated    // the previous inspection of the PDU, nil for none
	Options            // what small numbers hide, and the intervals' level
}

// Workbook is every figure of the data workbook, disclosure decided: the inspection's own
// figures, the inspections pooled into st if it is a combined database, and the previous
// inspection asked for.
func Workbook(ctx context.Context, st Store, ins casework.Inspection, req WorkbookRequest) (Published, error) {
	fig, err := count(ctx, st, ins, req.By, req.Written, req.Internal)
	if err != nil {
		return Published{}, err
	}
	if req.Final {
		if err := fig.Incomplete.RefuseFinal(); err != nil {
			return Published{}, err
		}
	}
	pis, err := st.PooledInspections(ctx)
	if err != nil {
		return Published{}, err
	}
	if pis != nil {
		if fig.PDUs, err = pdus(ctx, st, ins.Framework, pis); err != nil {
			return Published{}, err
		}
	}
	fig.Previous = req.Previous
	return Publish(fig, req.Options), nil
}

// PDUs rates each inspection pooled into st from its own cases, as its report did.
func PDUs(ctx context.Context, st Store, fw *casework.Framework) ([]PDU, error) {
	pis, err := st.PooledInspections(ctx)
	if err != nil {
		return nil, err
	}
	if pis == nil {
		return nil, casework.Errorf(casework.EINVALID, "%s holds one inspection: regional figures need the inspections of a region pooled", st.Path()).
			WithHint(`fieldwork combine -o region.db --name "Yorkshire and the Humber" A.db B.db ...`)
	}
	return pdus(ctx, st, fw, pis)
}

func pdus(ctx context.Context, st Store, fw *casework.Framework, pis []PooledInspection) ([]PDU, error) {
	splits, err := Splits(ctx, st, []string{PDUField})
	if err != nil {
		return nil, err
	}
	var out []PDU
	for _, p := range pis {
		g := groupOf(splits[0].Groups, p.PDU)
		out = append(out, PDU{Name: p.PDU, Region: p.Region, FieldworkStart: p.FieldworkStart, Cases: g.Cases, Result: fw.Rate(g.Tallies, p.Given)})
	}
	return out, nil
}
