package sampling

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fieldwork/casework"
)

// Request is a draw as the inspectors ask for it, in their words: what ParsePlan reads.
type Request struct {
	Windows    []string // commencement dates, "FROM:TO"
	CaseTypes  []string
	Exclude    []string // exclusion rules, "FIELD=VALUE"
	Map        []string // extract columns, "HEADER=field"
	Strata     []string
	MinPerType []string // "TYPE=N", or "N" for each type sampled
	Size       int      // the cases to draw; 0 to size the sample for Margin
	Margin     float64  // the margin of error to size the sample for, when Size is 0
	Confidence float64
	Proportion float64
	Reserve    int
	Seed       uint64
}

// Plan is a draw read and checked, before any extract is opened.
type Plan struct {
	Eligibility Eligibility
	Mapping     Mapping
	Design      Design  // its Size is worked out from Target by Draw when Target is set
	Target      *Target // nil when the size was given
	Confidence  float64 // of the margin of error the size achieves
	Proportion  float64
	MinPerType  []string // the minimums as given, for the record of the draw
	ListedIn    string   // the file Eligibility.Listed came from, for the record
}

// ParsePlan reads and checks a request.
func ParsePlan(r Request) (*Plan, error) {
	p := &Plan{Confidence: r.Confidence, Proportion: r.Proportion, MinPerType: r.MinPerType}
	for _, w := range r.Windows {
		win, err := ParseWindow(w)
		if err != nil {
			return nil, err
		}
		p.Eligibility.Windows = append(p.Eligibility.Windows, win)
	}
	for _, s := range r.CaseTypes {
		t, err := casework.ParseCaseType(s)
		if err != nil {
			return nil, fmt.Errorf("--case-types: %w", err)
		}
		p.Eligibility.CaseTypes = append(p.Eligibility.CaseTypes, t)
	}
	for _, s := range r.Exclude {
		rule, err := ParseRule(s)
		if err != nil {
			return nil, err
		}
		p.Eligibility.Rules = append(p.Eligibility.Rules, rule)
	}
	var err error
	if p.Mapping, err = ParseMapping(r.Map); err != nil {
		return nil, err
	}
	p.Design = Design{Size: r.Size, Reserve: r.Reserve, Seed: r.Seed}
	for _, f := range r.Strata {
		p.Design.StratifyBy = append(p.Design.StratifyBy, strings.ToLower(f))
	}
	if p.Design.MinPerType, err = ParseMinimums(r.MinPerType, p.Eligibility.CaseTypes); err != nil {
		return nil, err
	}
	if r.Size == 0 {
		p.Target = &Target{Confidence: r.Confidence, Margin: r.Margin, Proportion: r.Proportion}
		if err := p.Target.check(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// ParseMinimums reads minimums per case type: "licence=30" for one type, "20" for each of
// types (both types when none are named).
func ParseMinimums(specs []string, types []casework.CaseType) (map[casework.CaseType]int, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	if len(types) == 0 {
		types = []casework.CaseType{casework.Community, casework.Licence}
	}
	out := map[casework.CaseType]int{}
	for _, s := range specs {
		typ, num, named := strings.Cut(s, "=")
		if !named {
			num = typ
		}
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if err != nil || n < 0 {
			return nil, casework.Errorf(casework.EINVALID, "--min-per-type %q: want TYPE=N or N, N a number of cases (e.g. licence=30)", s)
		}
		if !named {
			for _, t := range types {
				out[t] = n
			}
			continue
		}
		t, err := casework.ParseCaseType(typ)
		if err != nil {
			return nil, fmt.Errorf("--min-per-type %q: %w", s, err)
		}
		out[t] = n
	}
	return out, nil
}

// Draw sizes the sample for the plan's target, when it has one, and draws it from pop.
func (p *Plan) Draw(pop *Population) (*Sample, error) {
	d := p.Design
	if p.Target != nil {
		var err error
		if d.Size, err = SizeFor(pop.Eligible(), *p.Target); err != nil {
			return nil, err
		}
	}
	return Draw(pop, d)
}

// MarginOf is the margin of error, on a 0-1 scale, that n cases from a population of
// population give at the plan's confidence and proportion.
func (p *Plan) MarginOf(n, population int) float64 {
	return casework.MarginOfError(p.Proportion, n, population, p.Confidence)
}

// ComparedFields are the fields a sample is set against its population by: the stratum
// fields, then the case fields the extract has.
func ComparedFields(pop *Population, s *Sample) []string {
	fields := slices.Clone(s.Design.StratifyBy)
	for _, f := range ProfileFields {
		if !slices.Contains(fields, f) && slices.Contains(pop.Fields, f) {
			fields = append(fields, f)
		}
	}
	return fields
}
