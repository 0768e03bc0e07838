package web

import (
	"errors"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// The form words its own hints: never a command or a flag, which an inspector at the form has
// no use for.
func TestFormHint(t *testing.T) {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a case not there", casework.Errorf(casework.ENOTFOUND, `there is no case "NOPE" in this inspection`).WithHint("`fieldwork cases list` shows the cases"),
			"The case list shows every case in this inspection."},
		{"a departure without its reason", fw.CheckGivenRating(casework.GivenRating{Standard: "2.4", Rating: casework.Good}),
			"give the reason the inspectors depart from the data"},
		{"no hint", errors.New("disk full"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, formHint(tt.err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNotFoundPageNamesNoCommand(t *testing.T) {
	s := newServer(t, bradford(t), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	r := b.get("/cases/NOPE")
	if !strings.Contains(r.body, "The case list shows every case in this inspection.") || strings.Contains(r.body, "fieldwork cases") {
		t.Errorf("the page for a case not there:\n%s", r.body)
	}
}
