package sqlite

import (
	"slices"

	"fieldwork/sampling"
)

// DrawnSampleOf is a sample drawn from an extract (its file name and SHA-256) as SaveSample
// records it: the design it was drawn by, its strata, the sample and reserves, every exclusion
// and the eligible population's profile.
func DrawnSampleOf(plan *sampling.Plan, pop *sampling.Population, s *sampling.Sample, extract, digest string) DrawnSample {
	d := SampleDesign{
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
	out := DrawnSample{Design: d, Profile: map[string]map[string]int{}}
	for _, st := range s.Strata {
		out.Strata = append(out.Strata, SampleStratum{Key: st.Key, Population: st.Population, Share: st.Share, Allocated: st.Allocated})
	}
	for _, dr := range s.Drawn {
		status := Sampled
		if dr.Reserve {
			status = Reserve
		}
		out.Cases = append(out.Cases, SampledCase{Case: dr.Case.Case(), Stratum: s.Strata[dr.Stratum].Key, DrawOrder: dr.Order, Status: status})
	}
	for _, x := range pop.Excluded {
		out.Exclusions = append(out.Exclusions, SampleExclusion{CaseID: x.CaseID, Reason: x.Reason, Where: x.Where})
	}
	for _, f := range sampling.ComparedFields(pop, s) {
		out.Profile[f] = pop.Counts(f)
	}
	return out
}

// Replaced are the cases found unsuitable and replaced, in the order they were replaced.
func (s DrawnSample) Replaced() []SampledCase {
	var out []SampledCase
	for _, c := range s.Cases {
		if c.Status == Replaced {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b SampledCase) int { return a.ChangedAt.Compare(b.ChangedAt) })
	return out
}
