package sampling

import (
	"slices"
	"time"

	"fieldwork/casework"
)

// RecordDesign is how the inspection's sample was drawn from a caseload extract.
type RecordDesign struct {
	Extract       string // the extract's file name
	ExtractSHA256 string
	Windows       []string // commencement windows, "FROM:TO"
	CaseTypes     []string
	Exclusions    []string // the exclusion rules and lists given
	StratifyBy    []string
	MinPerType    []string // "licence=30"
	Seed          uint64
	Size          int
	Population    int // eligible cases, after exclusions
	Confidence    float64
	Proportion    float64
	TargetMargin  float64 // 0 when the size was given rather than worked out
	Margin        float64 // the margin of error the size achieves
	Reserve       int     // reserves drawn per stratum
	DrawnAt       time.Time
}

// RecordStratum is one stratum of the sample.
type RecordStratum struct {
	Key        string
	Population int
	Share      float64
	Allocated  int
}

// The statuses of a drawn case.
const (
	StatusSampled  = "sampled"  // in the sample: one of the inspection's cases
	StatusReserve  = "reserve"  // on the reserve list
	StatusReplaced = "replaced" // found unsuitable and replaced by the next reserve; never returns
)

// RecordCase is a case drawn for the sample or its reserve list.
type RecordCase struct {
	Case       casework.Case // as the extract recorded it
	Stratum    string
	DrawOrder  int // position in the stratum's random order, 1 first
	Status     string
	Reason     string // why it was replaced
	ReplacedBy string
	ChangedAt  time.Time
}

// RecordOfDraw is everything recorded of a draw: the design, the strata, the sample and its
// reserves with what became of each, every exclusion and the eligible population's profile.
type RecordOfDraw struct {
	Design     RecordDesign
	Strata     []RecordStratum
	Cases      []RecordCase // the sample and the reserves, by stratum then draw order
	Exclusions []Exclusion
	// Profile counts the eligible population by field (case_type, grade, rosh, gender,
	// ethnicity and the stratum fields) and value, for the workbook's sample profile.
	Profile map[string]map[string]int
}

// RecordOf is a sample drawn from an extract (its file name and SHA-256) as the inspection records it: the design it was drawn by, its strata, the sample and reserves, every exclusion
// and the eligible population's profile.
func RecordOf(plan *Plan, pop *Population, s *Sample, extract, digest string) RecordOfDraw {
	d := RecordDesign{
		Extract: extract, ExtractSHA256: digest, StratifyBy: s.Design.StratifyBy, MinPerType: plan.MinPerType,
		Seed: s.Design.Seed, Size: s.Design.Size, Population: s.Population, Confidence: plan.Confidence,
		Proportion: plan.Proportion, Margin: plan.MarginOf(s.Design.Size, s.Population), Reserve: s.Design.Reserve,
	}
	for _, w := range plan.Eligibility.Windows {
		d.Windows = append(d.Windows, w.String())
	}
	for _, t := range plan.Eligibility.CaseTypes {
		d.CaseTypes = append(d.CaseTypes, string(t))
	}
	for _, r := range plan.Eligibility.Rules {
		d.Exclusions = append(d.Exclusions, r.String())
	}
	if plan.ListedIn != "" {
		d.Exclusions = append(d.Exclusions, "listed in "+plan.ListedIn)
	}
	if plan.Target != nil {
		d.TargetMargin = plan.Target.Margin
	}
	out := RecordOfDraw{Design: d, Profile: map[string]map[string]int{}}
	for _, st := range s.Strata {
		out.Strata = append(out.Strata, RecordStratum{Key: st.Key, Population: st.Population, Share: st.Share, Allocated: st.Allocated})
	}
	for _, dr := range s.Drawn {
		status := StatusSampled
		if dr.Reserve {
			status = StatusReserve
		}
		out.Cases = append(out.Cases, RecordCase{Case: dr.Case.Case(), Stratum: s.Strata[dr.Stratum].Key, DrawOrder: dr.Order, Status: status})
	}
	for _, x := range pop.Excluded {
		out.Exclusions = append(out.Exclusions, Exclusion{CaseID: x.CaseID, Reason: x.Reason, Where: x.Where})
	}
	for _, f := range ComparedFields(pop, s) {
		out.Profile[f] = pop.Counts(f)
	}
	return out
}

// Replaced are the cases found unsuitable and replaced, in the order they were replaced.
func (s RecordOfDraw) Replaced() []RecordCase {
	var out []RecordCase
	for _, c := range s.Cases {
		if c.Status == StatusReplaced {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b RecordCase) int { return a.ChangedAt.Compare(b.ChangedAt) })
	return out
}
