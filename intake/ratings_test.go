package intake

import (
	"errors"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

func TestRatingArgs(t *testing.T) {
	g := func(id string, r casework.Rating, reason string) casework.GivenRating {
		return casework.GivenRating{Standard: id, Rating: r, Reason: reason}
	}
	tests := []struct {
		name      string
		args      []string
		before    string
		want      []casework.GivenRating
		ambiguous bool // refused as a mistake in the call
	}{
		{"ratings without reasons", []string{"1.1=Good", "1.3=Requires improvement"}, "",
			[]casework.GivenRating{g("1.1", casework.Good, ""), g("1.3", casework.RequiresImprovement, "")}, false},
		{"a reason belongs to the rating it follows", []string{"2.1=Good", "--reason", " the plan is sound ", "1.1=Good"}, "",
			[]casework.GivenRating{g("2.1", casework.Good, "the plan is sound"), g("1.1", casework.Good, "")}, false},
		{"each rating its own reason, either spelling", []string{"2.1=Good", "--reason=A", "overall=Good", "-reason", "B"}, "",
			[]casework.GivenRating{g("2.1", casework.Good, "A"), g("overall", casework.Good, "B")}, false},
		{"one rating, its reason after it", []string{"2.4=Requires improvement", "--reason", "X"}, "",
			[]casework.GivenRating{g("2.4", casework.RequiresImprovement, "X")}, false},
		{"one rating, its reason before it", []string{"2.4=Requires improvement"}, "X",
			[]casework.GivenRating{g("2.4", casework.RequiresImprovement, "X")}, false},
		{"one reason before several ratings", []string{"2.1=Good", "1.1=Good"}, "X", nil, true},
		{"one reason after several ratings", []string{"1.1=Good", "2.1=Good", "--reason", "X"}, "", nil, true},
		{"a reason before and one after", []string{"2.1=Good", "--reason", "Y"}, "X", nil, true},
		{"two reasons for one rating", []string{"2.1=Good", "--reason", "X", "--reason", "Y"}, "", nil, true},
		{"a reason with no text", []string{"2.1=Good", "--reason"}, "", nil, true},
		{"not ID=RATING", []string{"2.1"}, "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RatingArgs(tt.args, tt.before)
			var ae *ArgsError
			if errors.As(err, &ae) != tt.ambiguous || (err != nil && !tt.ambiguous) {
				t.Fatalf("err = %v, want refused %v", err, tt.ambiguous)
			}
			if ae != nil && ae.Hint == "" {
				t.Errorf("refusal %q has no hint", ae.Msg)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := RatingArgs([]string{"2.1=Fine"}, ""); casework.ErrorCode(err) != casework.EINVALID {
		t.Errorf("a rating that is not one: %v, want invalid", err)
	}
}
