package casework

import (
	"fmt"
	"strings"
)

// Rating is one of the four ratings of the inspectorate's scale, lowest first.
type Rating int

const (
	Inadequate Rating = iota + 1
	RequiresImprovement
	Good
	Outstanding
)

// Ratings lists the scale from lowest to highest.
var Ratings = []Rating{Inadequate, RequiresImprovement, Good, Outstanding}

func (r Rating) String() string {
	switch r {
	case Inadequate:
		return "Inadequate"
	case RequiresImprovement:
		return "Requires improvement"
	case Good:
		return "Good"
	case Outstanding:
		return "Outstanding"
	}
	return ""
}

// ParseRating accepts the four rating names in any case, with "RI" as a shorthand.
func ParseRating(s string) (Rating, error) {
	k := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	switch k {
	case "inadequate":
		return Inadequate, nil
	case "requires improvement", "ri":
		return RequiresImprovement, nil
	case "good":
		return Good, nil
	case "outstanding":
		return Outstanding, nil
	}
	return 0, Errorf(EINVALID, "%q is not a rating (want Outstanding, Good, Requires improvement or Inadequate)", s)
}

func (r Rating) MarshalText() ([]byte, error) {
	if r == 0 {
		return nil, fmt.Errorf("rating is unset")
	}
	return []byte(r.String()), nil
}

func (r *Rating) UnmarshalText(b []byte) error {
	v, err := ParseRating(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
