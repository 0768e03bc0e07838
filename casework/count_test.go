package casework

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCountBy(t *testing.T) {
	cases := []Case{
		{ID: "C1", Type: Licence, Grade: PSO}, {ID: "C2", Type: Community, Grade: PO},
		{ID: "C3", Type: Licence, Grade: PSO}, {ID: "C4", Type: Community},
	}
	tests := []struct {
		field string
		want  []Count
	}{
		{"case_type", []Count{{string(Community), 2}, {string(Licence), 2}}},
		{"grade", []Count{{string(PO), 1}, {string(PSO), 2}, {"", 1}}},
		{"office", []Count{{"", 4}}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, CountBy(cases, tt.field)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if got := CountBy(nil, "case_type"); len(got) != 0 {
		t.Errorf("no cases: %v", got)
	}
}
