package casework

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// resetFramework is pdu-2023 with the formal review prompt 2.4.3c and management oversight
// marked as not for Probation Reset cases, as a lead inspector would mark them.
func resetFramework(t *testing.T) *Framework {
	t.Helper()
	f := mustBuiltin(t, "pdu-2023")
	f.Standards[6].KeyQuestions[2].Prompts[2].NotFor = []string{ProbationReset}
	f.CaseQuestions[0].NotFor = []string{ProbationReset}
	if p := f.Standards[6].KeyQuestions[2].Prompts[2]; p.ID != "2.4.3c" {
		t.Fatalf("fixture marks %s, want 2.4.3c", p.ID)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	return f
}

func caseWith(attrs map[string]string) Case {
	return Case{ID: "C1", Type: Licence, Attributes: attrs}
}

func TestParseFlag(t *testing.T) {
	tests := []struct {
		in                    string
		wantSet, wantRecorded bool
		wantErr               bool
	}{
		{"yes", true, true, false},
		{" Y ", true, true, false},
		{"TRUE", true, true, false},
		{"no", false, true, false},
		{"N", false, true, false},
		{"", false, false, false},
		{"maybe", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			set, recorded, err := ParseFlag(tt.in)
			got := []any{set, recorded, err != nil}
			if diff := cmp.Diff([]any{tt.wantSet, tt.wantRecorded, tt.wantErr}, got); diff != "" {
				t.Errorf("set, recorded, error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppliesTo(t *testing.T) {
	reset := resetFramework(t)
	crc := mustBuiltin(t, "crc-2018")
	question := func(f *Framework, id string) Question {
		q, ok := f.Question(id)
		if !ok {
			t.Fatalf("%s has no question %s", f.ID, id)
		}
		return q
	}
	tests := []struct {
		name string
		q    Question
		c    Case
		want bool
	}{
		{"reset case, prompt not for reset", question(reset, "2.4.3c"), caseWith(map[string]string{ProbationReset: "yes"}), false},
		{"reset case spelt Y", question(reset, "2.4.3c"), caseWith(map[string]string{ProbationReset: "Y"}), false},
		{"reset case, its key question still applies", question(reset, "2.4.3"), caseWith(map[string]string{ProbationReset: "yes"}), true},
		{"reset case, other prompt", question(reset, "2.4.3d"), caseWith(map[string]string{ProbationReset: "yes"}), true},
		{"reset case, case question not for reset", question(reset, "oversight"), caseWith(map[string]string{ProbationReset: "yes"}), false},
		{"not a reset case", question(reset, "2.4.3c"), caseWith(map[string]string{ProbationReset: "no"}), true},
		{"reset not recorded", question(reset, "2.4.3c"), caseWith(nil), true},
		{"unreadable flag exempts nothing", question(reset, "2.4.3c"), caseWith(map[string]string{ProbationReset: "maybe"}), true},
		{"case supervision question, case supervision case", question(crc, "2.1.3"), caseWith(map[string]string{SampleField: "case supervision"}), true},
		{"sample spelt in capitals", question(crc, "2.1.3a"), caseWith(map[string]string{SampleField: " Case  Supervision"}), true},
		{"case supervision question, unpaid work case", question(crc, "2.1.3"), caseWith(map[string]string{SampleField: "unpaid work"}), false},
		{"unpaid work question, unpaid work case", question(crc, "3.1.1a"), caseWith(map[string]string{SampleField: "unpaid work"}), true},
		{"unpaid work case question, Through the Gate case", question(crc, "hours_within_12_months"), caseWith(map[string]string{SampleField: "through the gate"}), false},
		{"no sample recorded", question(crc, "3.2.1"), caseWith(nil), false},
		{"framework without samples ignores the attribute", question(reset, "2.1.1"), caseWith(map[string]string{SampleField: "unpaid work"}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.AppliesTo(tt.c); got != tt.want {
				t.Errorf("AppliesTo = %v, want %v", got, tt.want)
			}
		})
	}
}

// Answers to a question that does not apply are counted as n/a, so they leave the denominator.
func TestAddCounted(t *testing.T) {
	f := resetFramework(t)
	q, _ := f.Question("2.4.3c")
	resetCase := caseWith(map[string]string{ProbationReset: "yes"})
	other := caseWith(map[string]string{ProbationReset: "no"})
	ts := Tallies{}
	ts.AddCounted(q, other, Yes, 20)
	ts.AddCounted(q, other, No, 30)
	ts.AddCounted(q, other, NotApplicable, 5)
	ts.AddCounted(q, resetCase, Yes, 2)
	ts.AddCounted(q, resetCase, No, 3)
	ts.AddCounted(q, resetCase, NotApplicable, 4)
	ts.AddCounted(q, resetCase, NoAnswer, 7)
	if diff := cmp.Diff(Tally{Yes: 20, No: 30, NotApplicable: 14}, ts["2.4.3c"]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCheckCaseFor(t *testing.T) {
	crc := mustBuiltin(t, "crc-2018")
	reset := resetFramework(t)
	allKeys := func(f *Framework, std string, a Answer) map[string]Answer {
		m := map[string]Answer{}
		s, _ := f.Standard(std)
		for _, k := range s.KeyQuestions {
			m[k.ID] = a
		}
		return m
	}
	pduAll := map[string]Answer{}
	for _, std := range []string{"2.1", "2.2", "2.3", "2.4"} {
		for k, a := range allKeys(reset, std, Yes) {
			pduAll[k] = a
		}
	}
	with := func(m map[string]Answer, extra map[string]Answer) map[string]Answer {
		out := map[string]Answer{}
		for k, v := range m {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name    string
		f       *Framework
		c       Case
		answers map[string]Answer
		want    []Finding
	}{
		{"Through the Gate case asked only its own key questions", crc,
			caseWith(map[string]string{SampleField: "through the gate"}), allKeys(crc, "3.2", Yes), nil},
		{"Through the Gate case missing one of its key questions", crc,
			caseWith(map[string]string{SampleField: "through the gate"}), with(allKeys(crc, "3.2", Yes), map[string]Answer{"3.2.2": NoAnswer}),
			[]Finding{{SeverityError, "3.2.2", "key question 3.2.2 is not answered"}}},
		{"unpaid work case answered a case supervision question", crc,
			caseWith(map[string]string{SampleField: "unpaid work"}), with(allKeys(crc, "3.1", No), map[string]Answer{"2.1.1": Yes}),
			[]Finding{{SeverityWarning, "2.1.1", "2.1.1 is answered yes but does not apply to this case (the case is in the unpaid work sample; 2.1.1 is asked of the case supervision sample): it counts as not applicable"}}},
		{"case without a sample", crc, caseWith(nil), nil,
			[]Finding{{SeverityError, "", `sample "" is not a sample of framework crc-2018 (want case supervision, unpaid work, through the gate in the case list's sample column)`}}},
		{"reset case answered the prompt n/a", reset,
			caseWith(map[string]string{ProbationReset: "yes"}), with(pduAll, map[string]Answer{"2.4.3c": NotApplicable}), nil},
		{"reset case answered the prompt no", reset,
			caseWith(map[string]string{ProbationReset: "yes"}), with(pduAll, map[string]Answer{"2.4.3c": No}),
			[]Finding{{SeverityWarning, "2.4.3c", "2.4.3c is answered no but does not apply to this case (probation_reset is yes; 2.4.3c is not for those cases): it counts as not applicable"}}},
		{"not a reset case: the same answers contradict", reset,
			caseWith(map[string]string{ProbationReset: "no"}), with(pduAll, map[string]Answer{"2.4.3c": No}),
			[]Finding{{SeverityWarning, "2.4.3", "key question 2.4.3 is yes but every answered prompt (2.4.3c) is no"}}},
		{"reset recorded as something else", reset,
			caseWith(map[string]string{ProbationReset: "pending"}), pduAll,
			[]Finding{{SeverityError, "", `probation_reset: "pending" is not yes or no (or blank when not recorded)`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.f.CheckCaseFor(tt.c, tt.answers)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestProgressFor(t *testing.T) {
	crc := mustBuiltin(t, "crc-2018")
	c := caseWith(map[string]string{SampleField: "through the gate"})
	answered, required := crc.ProgressFor(c, map[string]Answer{"3.2.1": Yes, "3.2.1a": Yes, "2.1.1": Yes})
	// 3.2: 3 key questions and 7 prompts; the case supervision answer is not its question.
	if diff := cmp.Diff([2]int{2, 10}, [2]int{answered, required}); diff != "" {
		t.Errorf("answered, required (-want +got):\n%s", diff)
	}
}

func TestValidateApplicability(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(f *Framework)
		wantErr string
	}{
		{"not_for on a prompt that does not allow n/a",
			func(f *Framework) { f.Standards[3].KeyQuestions[0].Prompts[0].NotFor = []string{ProbationReset} },
			`prompt 2.1.1a is not for probation_reset cases, so it must allow n/a`},
		{"not_for a built-in field",
			func(f *Framework) { f.Standards[3].KeyQuestions[2].Prompts[0].NotFor = []string{"gender"} },
			`not_for "gender" is not a yes/no case attribute`},
		{"not_for in capitals",
			func(f *Framework) { f.Standards[3].KeyQuestions[2].Prompts[0].NotFor = []string{"Probation_Reset"} },
			`not_for "Probation_Reset" must be a case attribute's lower-case name`},
		{"sample on a standard rated from inspectors",
			func(f *Framework) { f.Standards[0].Sample = "case supervision" },
			`standard 1.1 is rated from inspectors' judgement: it reads no case sample`},
		{"sample not in its normal form",
			func(f *Framework) { f.Standards[3].Sample = "Unpaid  Work" },
			`standard 2.1: sample "Unpaid  Work" must be lower case with single spaces`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustBuiltin(t, "pdu-2023")
			tt.edit(f)
			err := f.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate = %v; want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestResetCount(t *testing.T) {
	var n ResetCount
	for value, cases := range map[string]int{"yes": 9, "no": 60, "No": 1, "": 9} {
		if err := n.Add(value, cases); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(ResetCount{Reset: 9, Recorded: 70}, n); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := n.String(); got != "9 of 70" {
		t.Errorf("String = %q", got)
	}
	if !strings.HasPrefix(n.Note(), "Probation Reset: 9 of 70 cases inspected") {
		t.Errorf("Note = %q", n.Note())
	}
	if got := (ResetCount{}).Note(); got != "" {
		t.Errorf("Note with nothing recorded = %q, want none", got)
	}
	if err := n.Add("pending", 1); err == nil || ErrorCode(err) != EINVALID {
		t.Errorf("Add(pending) = %v, want an invalid-input error", err)
	}
}
