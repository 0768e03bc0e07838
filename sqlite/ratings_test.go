package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestRatingHistory(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if err := db.SetRatings(ctx, []casework.GivenRating{{Standard: "1.1", Rating: casework.Good}}, "Lead"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRatings(ctx, []casework.GivenRating{{Standard: "1.1", Rating: casework.Inadequate, Reason: "no oversight"},
		{Standard: "2.4", Rating: casework.Good, Reason: "reviews improved"}}, "Lead"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRatings(ctx, []casework.GivenRating{{Standard: "1.1", Rating: casework.Inadequate, Reason: "no oversight"}}, "Lead"); err != nil {
		t.Fatal(err) // the same again: no change, no history
	}
	if err := db.ClearRating(ctx, "2.4", "Quality Lead"); err != nil {
		t.Fatal(err)
	}
	at := func(s int) time.Time { return time.Date(2024, 9, 2, 9, 0, s, 0, time.UTC) }
	given := casework.RatingChange{Standard: "1.1", New: casework.Good, By: "Lead", At: at(1)}
	changed := casework.RatingChange{Standard: "1.1", Old: casework.Good, New: casework.Inadequate, NewReason: "no oversight", By: "Lead", At: at(2)}
	departed := casework.RatingChange{Standard: "2.4", New: casework.Good, NewReason: "reviews improved", By: "Lead", At: at(2)}
	cleared := casework.RatingChange{Standard: "2.4", Old: casework.Good, OldReason: "reviews improved", By: "Quality Lead", At: at(4)}
	tests := []struct {
		standard string
		want     []casework.RatingChange
	}{
		{"", []casework.RatingChange{given, changed, departed, cleared}},
		{"1.1", []casework.RatingChange{given, changed}},
		{"2.4", []casework.RatingChange{departed, cleared}},
		{"1.2", nil},
	}
	for _, tt := range tests {
		got, err := db.RatingHistory(ctx, tt.standard)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("RatingHistory(%q) (-want +got):\n%s", tt.standard, diff)
		}
	}
}
