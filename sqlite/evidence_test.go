package sqlite

import (
	"context"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// TestEvidence adds, lists and removes evidence; a bad piece stops the whole batch.
func TestEvidence(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	es := []casework.Evidence{
		{Standard: "1.2", Kind: casework.Interview, Summary: "practitioners", Count: 57},
		{Standard: "1.3", Kind: casework.Document, Summary: "risk register", Finding: casework.Improvement, Count: 1, Publish: true},
	}
	ids, err := db.AddEvidence(ctx, es, "Lead")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]int64{1, 2}, ids); d != "" {
		t.Errorf("ids (-want +got):\n%s", d)
	}
	bad := []casework.Evidence{{Standard: "1.1", Kind: casework.Meeting, Summary: "board", Count: 1}, {Standard: "9.9", Kind: casework.Meeting, Summary: "x", Count: 1}}
	if _, err := db.AddEvidence(ctx, bad, "Lead"); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("evidence for an unknown standard: %v, want not found", err)
	}
	for i := range es {
		es[i].ID, es[i].AddedBy = ids[i], "Lead"
	}
	tests := []struct {
		standard string
		want     []casework.Evidence
	}{
		{"", es}, {"1.3", es[1:]}, {"1.1", nil},
	}
	for _, tt := range tests {
		got, err := db.Evidence(ctx, tt.standard)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("evidence of %q (-want +got):\n%s", tt.standard, d)
		}
	}
	if err := db.RemoveEvidence(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveEvidence(ctx, 1); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Errorf("removing it twice: %v, want not found", err)
	}
	got, err := db.Evidence(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(es[1:], got); d != "" {
		t.Errorf("after removing 1 (-want +got):\n%s", d)
	}
}
