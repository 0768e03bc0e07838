package figures

import (
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func framework(t *testing.T) *casework.Framework {
	t.Helper()
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// counted is an inspection whose key questions all have yes of relevant over all cases, and
// whose community orders and licences have the tallies given.
func counted(t *testing.T, relevant int, com, lic casework.Tallies) Figures {
	t.Helper()
	fw := framework(t)
	all := casework.Tallies{}
	for _, q := range fw.Questions() {
		all[q.ID] = casework.Tally{Yes: relevant}
	}
	return Figures{
		Inspection: casework.Inspection{Name: "Test PDU", Framework: fw},
		Result:     fw.Rate(all, nil),
		CaseTypes:  []Group{{Value: "community", Cases: 40, Tallies: com}, {Value: "licence", Cases: 30, Tallies: lic}},
	}
}

func yesNo(yes, no int) casework.Tally { return casework.Tally{Yes: yes, No: no} }

// below is the options of a rule hiding figures under n relevant cases; 0 for no rule, which
// only internal figures have.
func below(n int) Options {
	if n == 0 {
		return Options{Internal: true}
	}
	return Options{Suppress: casework.Suppression{Below: n}}
}

func TestFigureIsHiddenWhenSmall(t *testing.T) {
	tests := []struct {
		name  string
		below int
		tally casework.Tally
		want  Disclosure
	}{
		{"no rule", 0, yesNo(1, 1), Shown},
		{"fewer relevant cases than the rule allows", 5, yesNo(3, 1), Small},
		{"exactly as many as the rule asks", 5, yesNo(3, 2), Shown},
		{"not applicable answers do not count", 5, casework.Tally{Yes: 2, No: 1, NotApplicable: 10}, Small},
		// "Not applicable" is an answer too: three cases all answered so is each case's answer.
		{"only not-applicable answers, fewer than the rule allows", 5, casework.Tally{NotApplicable: 3}, Small},
		{"only not-applicable answers, as many as the rule asks", 5, casework.Tally{NotApplicable: 5}, Shown},
		{"nothing answered tells nothing", 5, casework.Tally{}, Shown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Publish(Figures{}, below(tt.below))
			if diff := cmp.Diff(Figure{tt.tally, tt.want}, p.Figure(tt.tally)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The community orders and licences of a question are published beside their total, so where
// one is hidden the other goes with it.
// TestSuppressionOnByDefault checks what the rule is when the lead inspector asks for none, asks
// for one, or asks for internal figures, and the status each gives.
func TestSuppressionOnByDefault(t *testing.T) {
	type got struct {
		Below  int
		Status Status
		Hidden bool // 2 yes of 4 relevant
	}
	tests := []struct {
		name string
		opt  Options
		want got
	}{
		{"nothing asked: the default rule, a draft", Options{}, got{5, Draft, true}},
		{"a rule of 1 hides nothing, so the default stands", Options{Suppress: casework.Suppression{Below: 1}}, got{5, Draft, true}},
		{"another rule asked for", Options{Suppress: casework.Suppression{Below: 3}}, got{3, Draft, false}},
		{"final", Options{Final: true}, got{5, Final, true}},
		{"internal: nothing hidden, not for publication", Options{Internal: true}, got{0, NotForPublication, false}},
		{"internal with a rule: hidden, and still not for publication", Options{Internal: true, Final: true, Suppress: casework.Suppression{Below: 10}}, got{10, NotForPublication, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Publish(Figures{}, tt.opt)
			g := got{p.Suppress.Below, p.Status, p.Figure(yesNo(2, 2)).Hidden()}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestBeforePublishing(t *testing.T) {
	fw := framework(t)
	fw.Source = "Prompt wording is our own summary."
	fig := Figures{Inspection: casework.Inspection{Name: "Test PDU", Framework: fw}, Result: fw.Rate(casework.Tallies{}, nil)}
	tests := []struct {
		name string
		opt  Options
		want []string
	}{
		{"a draft with nothing on its cover", Options{}, []string{
			"Confirm with the inspectorate the wording and method of framework pdu-2023, which the Notes and Method sheets state as the inspection's. The framework says of itself: Prompt wording is our own summary.",
			"Figures about fewer than 5 relevant cases are shown as [c], with a second group where a total would give one away: confirm that this is the rule the inspectorate publishes under.",
			"The sample was not drawn with this database, so the sample profile has no eligible population beside it: check the sample's design is described in the report.",
			"The cover gives no date of publication.",
			"The cover gives no contact.",
			"The cover links to no report: give the address of the inspection report.",
		}},
		{"internal, with its cover filled in", Options{Internal: true, Release: Release{Published: "2024-11-05", Contact: "team@example.org", ReportURL: "https://example.org/report"}}, []string{
			"Confirm with the inspectorate the wording and method of framework pdu-2023, which the Notes and Method sheets state as the inspection's. The framework says of itself: Prompt wording is our own summary.",
			"Nothing is suppressed and every sheet says 'not for publication': these figures are for use inside the inspectorate only.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Publish(fig, tt.opt).BeforePublishing()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReleaseDefaultsAndFinal(t *testing.T) {
	tests := []struct {
		name    string
		release Release
		want    Release
		missing []string
	}{
		{"nothing given", Release{}, Release{Organisation: DefaultOrganisation, Licence: DefaultLicence}, []string{"date of publication", "contact"}},
		{"all given", Release{Organisation: " Youth Justice Board ", Published: "2024-11-05", Contact: "a@b.org", Licence: "CC BY 4.0"},
			Release{Organisation: "Youth Justice Board", Published: "2024-11-05", Contact: "a@b.org", Licence: "CC BY 4.0"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Publish(Figures{}, Options{Release: tt.release}).Release
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("release (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.missing, tt.release.MissingForFinal()); diff != "" {
				t.Errorf("missing for final (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCaseTypePairHiddenTogether(t *testing.T) {
	tests := []struct {
		name     string
		below    int
		com, lic casework.Tally
		want     [3]Disclosure // all, community, licence
	}{
		{"nothing small", 3, yesNo(2, 1), yesNo(5, 4), [3]Disclosure{Shown, Shown, Shown}},
		{"community small: licences give it away", 5, yesNo(2, 1), yesNo(5, 4), [3]Disclosure{Shown, Small, GivesAway}},
		{"licences small: community orders give it away", 5, yesNo(6, 4), yesNo(1, 1), [3]Disclosure{Shown, GivesAway, Small}},
		{"both small, and the total", 13, yesNo(2, 1), yesNo(5, 4), [3]Disclosure{Small, Small, Small}},
		{"no licence relevant: the total is as small and hides itself", 5, yesNo(2, 1), casework.Tally{}, [3]Disclosure{Small, Small, Shown}},
		// Five licences answered "not applicable" speak about five cases: the smallest other part,
		// hidden with the community orders (more than needed with the total hidden; no less).
		{"no licence relevant, five not applicable: hidden with the community orders", 5, yesNo(2, 1), casework.Tally{NotApplicable: 5}, [3]Disclosure{Small, Small, GivesAway}},
		// Four licences all answered "not applicable" is four cases' answers.
		{"four licences, all not applicable: hidden too", 5, yesNo(2, 1), casework.Tally{NotApplicable: 4}, [3]Disclosure{Small, Small, Small}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fig := counted(t, 0, casework.Tallies{"2.1.3a": tt.com}, casework.Tallies{"2.1.3a": tt.lic})
			all := casework.Tally{Yes: tt.com.Yes + tt.lic.Yes, No: tt.com.No + tt.lic.No, NotApplicable: tt.com.NotApplicable + tt.lic.NotApplicable}
			got := Publish(fig, Options{Suppress: casework.Suppression{Below: tt.below}}).ByCaseType("2.1.3a", all)
			want := ByCaseType{All: Figure{all, tt.want[0]}, First: Figure{tt.com, tt.want[1]}, Second: Figure{tt.lic, tt.want[2]}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// inSplit is what InSplit decides for each group: its figure's disclosure and its comparison's,
// and the reference the comparison is made against.
type inSplit struct {
	Value    string
	Figure   Disclosure
	Compared Disclosure
	Against  casework.Tally
}

func TestSplitGroupsAndComparisons(t *testing.T) {
	grades := func(po, pso, pqip casework.Tally) Split {
		return Split{Field: "grade", Groups: []Group{
			{Value: "PO", Cases: 30, Tallies: casework.Tallies{"2.3.1": po}},
			{Value: "PSO", Cases: 39, Tallies: casework.Tallies{"2.3.1": pso}},
			{Value: "PQiP", Cases: 7, Tallies: casework.Tallies{"2.3.1": pqip}},
		}}
	}
	tests := []struct {
		name  string
		below int
		split Split
		want  []inSplit
	}{
		{"nothing small: every group compared with PO", 3, grades(yesNo(25, 5), yesNo(11, 28), yesNo(3, 4)), []inSplit{
			{"PO", Shown, Shown, casework.Tally{}},
			{"PSO", Shown, Shown, yesNo(25, 5)},
			{"PQiP", Shown, Shown, yesNo(25, 5)},
		}},
		{"one group small: the next smallest goes with it, and both comparisons", 8, grades(yesNo(25, 5), yesNo(11, 9), yesNo(3, 4)), []inSplit{
			{"PO", Shown, Shown, casework.Tally{}},
			{"PSO", GivesAway, FromHidden, yesNo(25, 5)},
			{"PQiP", Small, FromHidden, yesNo(25, 5)},
		}},
		// The one "Other" case of Bradford's ethnicity split, not applicable on prompt 2.2.2a, once
		// showed 0 yes, 0 no, 1 not applicable: that person's answer.
		{"a group answered only not applicable, and small: hidden, the next smallest with it", 5, grades(yesNo(25, 5), yesNo(11, 28), casework.Tally{NotApplicable: 1}), []inSplit{
			{"PO", GivesAway, Shown, casework.Tally{}},
			{"PSO", Shown, FromHidden, yesNo(25, 5)},
			{"PQiP", Small, FromHidden, yesNo(25, 5)},
		}},
		{"the reference small: every comparison with it is hidden", 5, grades(yesNo(2, 2), yesNo(11, 28), yesNo(10, 10)), []inSplit{
			{"PO", Small, Shown, casework.Tally{}},
			{"PSO", Shown, FromHidden, yesNo(2, 2)},
			{"PQiP", GivesAway, FromHidden, yesNo(2, 2)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Publish(counted(t, 76, casework.Tallies{}, casework.Tallies{}), Options{Suppress: casework.Suppression{Below: tt.below}})
			in := p.InSplit(tt.split, "2.3.1", yesNo(39, 37))
			var got []inSplit
			for i, g := range in.Groups {
				got = append(got, inSplit{tt.split.Groups[i].Value, g.Disclosure, g.Compared.Disclosure, g.Compared.Against})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if in.All.Hidden() {
				t.Errorf("all cases: 76 relevant hidden below %d", tt.below)
			}
		})
	}
}

func TestHingeHiddenWithItsKeyQuestions(t *testing.T) {
	fw := framework(t)
	tallies := casework.Tallies{}
	for _, q := range fw.Questions() {
		tallies[q.ID] = yesNo(30, 20)
	}
	tallies["2.2.3"] = yesNo(2, 1) // a small key question of planning
	res := fw.Rate(tallies, nil)
	fig := Figures{Inspection: casework.Inspection{Framework: fw}, Result: res}
	type hinge struct {
		OK         bool
		Disclosure Disclosure
	}
	tests := []struct {
		name    string
		below   int
		want    map[string]hinge
		overall Disclosure
	}{
		{"no rule", 0, map[string]hinge{"1.1": {false, Shown}, "2.1": {true, Shown}, "2.2": {true, Shown}}, Shown},
		{"a small key question hides its standard's hinge and the overall one", 5,
			map[string]hinge{"1.1": {false, Shown}, "2.1": {true, Shown}, "2.2": {true, FromHidden}}, FromHidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Publish(fig, below(tt.below))
			got := map[string]hinge{}
			for _, s := range res.Standards {
				if _, asked := tt.want[s.ID]; !asked {
					continue
				}
				h, ok := p.Hinge(s)
				got[s.ID] = hinge{ok, h.Disclosure}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("hinges (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.overall, p.OverallHinge()); diff != "" {
				t.Errorf("overall hinge (-want +got):\n%s", diff)
			}
		})
	}
}

func TestChangeHiddenWithEitherSide(t *testing.T) {
	tests := []struct {
		name              string
		previous, current casework.Tally
		want              Change
	}{
		{"both shown", yesNo(20, 20), yesNo(30, 10), Change{Figure{yesNo(20, 20), Shown}, Figure{yesNo(30, 10), Shown}, Shown}},
		{"small before", yesNo(2, 1), yesNo(30, 10), Change{Figure{yesNo(2, 1), Small}, Figure{yesNo(30, 10), Shown}, FromHidden}},
		{"small now", yesNo(20, 20), yesNo(1, 0), Change{Figure{yesNo(20, 20), Shown}, Figure{yesNo(1, 0), Small}, FromHidden}},
		{"none relevant before: nothing to hide", casework.Tally{}, yesNo(30, 10), Change{Figure{casework.Tally{}, Shown}, Figure{yesNo(30, 10), Shown}, Shown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Publish(Figures{}, Options{Suppress: casework.Suppression{Below: 5}})
			got := p.Change(casework.KeyQuestionChange{Previous: tt.previous, Current: tt.current})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPublishConfidenceAndPrevious(t *testing.T) {
	fig := counted(t, 40, casework.Tallies{}, casework.Tallies{})
	previous := Rated{Inspection: casework.Inspection{Name: "Before", Framework: fig.Inspection.Framework}, Result: fig.Result}
	tests := []struct {
		name       string
		confidence float64
		previous   *Rated
		want       float64
		since      bool
	}{
		{"the default level", 0, nil, casework.DefaultConfidence, false},
		{"a level asked for", 0.9, nil, 0.9, false},
		{"not a level", 1.5, nil, casework.DefaultConfidence, false},
		{"with the previous inspection", 0.8, &previous, 0.8, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fig
			f.Previous = tt.previous
			p := Publish(f, Options{Confidence: tt.confidence})
			type got struct {
				Confidence      float64
				Since           bool
				SinceConfidence float64
			}
			g := got{Confidence: p.Confidence, Since: p.Since != nil}
			want := got{Confidence: tt.want, Since: tt.since}
			if p.Since != nil {
				g.SinceConfidence, want.SinceConfidence = p.Since.Confidence, tt.want
			}
			if diff := cmp.Diff(want, g); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReleaseFault(t *testing.T) {
	tests := []struct {
		name string
		rel  Release
		want ReleaseFault
		ok   bool
	}{
		{"nothing given", Release{}, ReleaseFault{}, false},
		{"good details", Release{Published: "2024-11-05", NextUpdate: "2025-11-05", ReportURL: "https://example.org/r"}, ReleaseFault{}, false},
		{"a date day first", Release{Published: "5/11/2024"}, ReleaseFault{Field: "published", Value: "5/11/2024", Want: "a date YYYY-MM-DD", Example: "write the date as 2024-11-05"}, true},
		{"next update not a date", Release{NextUpdate: "next year"}, ReleaseFault{Field: "next-update", Value: "next year", Want: "a date YYYY-MM-DD", Example: "write the date as 2024-11-05"}, true},
		{"a report address without scheme", Release{ReportURL: "hmiprobation"}, ReleaseFault{Field: "report-url", Value: "hmiprobation", Want: "a web address", Example: "give the full address, starting https://"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.rel.Fault()
			if diff := cmp.Diff(tt.want, got); diff != "" || ok != tt.ok {
				t.Errorf("Fault() ok %v, want %v (-want +got):\n%s", ok, tt.ok, diff)
			}
		})
	}
}
