package casework

import "strings"

// Answer is an inspector's answer to one question about one case.
type Answer int

const (
	NoAnswer Answer = iota
	Yes
	No
	NotApplicable
)

// ParseAnswer accepts yes/no/not applicable in the spellings inspectors type: any case,
// surrounding spaces, Y/N, NA, N/A, "not applicable".
func ParseAnswer(s string) (Answer, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y":
		return Yes, nil
	case "no", "n":
		return No, nil
	case "n/a", "na", "not applicable", "n.a.", "notapplicable":
		return NotApplicable, nil
	}
	return NoAnswer, Errorf(EINVALID, "%q is not an answer (want yes, no or n/a)", s)
}

// String is the canonical stored form: "yes", "no" or "n/a".
func (a Answer) String() string {
	switch a {
	case Yes:
		return "yes"
	case No:
		return "no"
	case NotApplicable:
		return "n/a"
	}
	return ""
}

// Label is the form shown to people: "Yes", "No", "Not applicable".
func (a Answer) Label() string {
	switch a {
	case Yes:
		return "Yes"
	case No:
		return "No"
	case NotApplicable:
		return "Not applicable"
	}
	return ""
}

func (a Answer) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

func (a *Answer) UnmarshalText(b []byte) error {
	v, err := ParseAnswer(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
