package casework

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCaseTypePairAndService(t *testing.T) {
	type got struct {
		Pair          [2]CaseType
		Names         [2]string
		Service, Work string
	}
	for _, tt := range []struct {
		framework string
		want      got
	}{
		{"pdu-2023", got{[2]CaseType{Community, Licence}, [2]string{"community orders", "licences"}, "Probation Delivery Unit", "probation"}},
		{"yjs-2021", got{[2]CaseType{Court, OutOfCourt}, [2]string{"court disposals", "out-of-court disposals"}, "Youth justice service", "youth justice"}},
	} {
		f, err := Builtin(tt.framework)
		if err != nil {
			t.Fatal(err)
		}
		pair := f.CaseTypePair()
		_, a := pair[0].Names()
		_, b := pair[1].Names()
		if diff := cmp.Diff(tt.want, got{pair, [2]string{a, b}, f.ServiceName(), f.Work()}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.framework, diff)
		}
	}
	for _, bad := range [][]CaseType{{Court}, {Court, Court}, {Court, "custody"}} {
		f, _ := Builtin("yjs-2021")
		f.CaseTypes = bad
		if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "case_types") {
			t.Errorf("case_types %q: %v, want refused", bad, err)
		}
	}
}
