package intake

import (
	"fmt"
	"strings"

	"fieldwork/casework"
)

// ArgsError is a mistake in how ratings were given on the command line, such as a --reason
// that could belong to more than one rating: refused rather than guessed.
type ArgsError struct{ Msg, Hint string }

func (e *ArgsError) Error() string { return e.Msg }

// reasonHint shows where a reason goes.
const reasonHint = `put each --reason right after the rating it is for: fieldwork rate 2.1=Good --reason "..." 1.1=Good`

// RatingArgs reads command-line ratings such as "2.1=Good" in order, each followed, if it has
// one, by its reason ("--reason TEXT" or "--reason=TEXT", left in place among the ratings).
// before is a --reason given before any rating, "" for none: it belongs to the rating if there
// is one only. A reason that could belong to several ratings is refused with a *ArgsError: one
// before several ratings, or one after the last of several ratings none of the others has.
func RatingArgs(args []string, before string) ([]casework.GivenRating, error) {
	var rs []casework.GivenRating
	reasons := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "reason" {
			if !hasValue {
				if i+1 == len(args) {
					return nil, &ArgsError{Msg: "--reason needs its text", Hint: reasonHint}
				}
				i++
				value = args[i]
			}
			switch {
			case len(rs) == 0:
				return nil, &ArgsError{Msg: fmt.Sprintf("--reason %q comes before any rating", value), Hint: reasonHint}
			case rs[len(rs)-1].Reason != "":
				return nil, &ArgsError{Msg: fmt.Sprintf("%s has two reasons", rs[len(rs)-1].Standard), Hint: reasonHint}
			}
			rs[len(rs)-1].Reason = strings.TrimSpace(value)
			reasons++
			continue
		}
		id, r, ok := strings.Cut(a, "=")
		if !ok {
			return nil, &ArgsError{Msg: fmt.Sprintf("%q is not ID=RATING", a), Hint: `fieldwork rate 1.1=Good "1.3=Requires improvement"`}
		}
		rating, err := casework.ParseRating(r)
		if err != nil {
			return nil, err
		}
		rs = append(rs, casework.GivenRating{Standard: strings.TrimSpace(id), Rating: rating})
	}
	if before = strings.TrimSpace(before); before != "" {
		if len(rs) != 1 || reasons > 0 {
			return nil, &ArgsError{Msg: fmt.Sprintf("one --reason given before %d ratings: which is it for?", len(rs)), Hint: reasonHint}
		}
		rs[0].Reason = before
	}
	if n := len(rs); n > 1 && reasons == 1 && rs[n-1].Reason != "" {
		return nil, &ArgsError{Msg: fmt.Sprintf("one --reason after %d ratings: is it for %s alone, or for all of them?", n, rs[n-1].Standard), Hint: reasonHint}
	}
	return rs, nil
}
