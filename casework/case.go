package casework

import (
	"sort"
	"strings"
)

// CaseType is whether a case is a community order or a licence after release from custody, or,
// in a youth justice inspection, whether the child's case is a court disposal or an out-of-court
// disposal (a youth caution, youth conditional caution or community resolution).
type CaseType string

const (
	Community  CaseType = "community"
	Licence    CaseType = "licence"
	Court      CaseType = "court"
	OutOfCourt CaseType = "out-of-court"
)

// Names are how the published figures name one case of the type, and several.
func (t CaseType) Names() (one, many string) {
	switch t {
	case Community:
		return "community order", "community orders"
	case Licence:
		return "licence", "licences"
	case Court:
		return "court disposal", "court disposals"
	case OutOfCourt:
		return "out-of-court disposal", "out-of-court disposals"
	}
	return string(t) + " case", string(t) + " cases"
}

// ParseCaseType accepts the spellings found in caseload extracts.
func ParseCaseType(s string) (CaseType, error) {
	switch norm(s) {
	case "community", "community order", "co", "community sentence", "community orders", "order", "sso", "suspended sentence order":
		return Community, nil
	case "licence", "license", "lic", "licence case", "release on licence", "post-release licence", "post release licence", "pss", "post-sentence supervision":
		return Licence, nil
	case "court", "court disposal", "court disposals", "post-court", "post court":
		return Court, nil
	case "out-of-court", "out of court", "out-of-court disposal", "out of court disposal", "out-of-court disposals", "out of court disposals", "oocd", "pre-court", "pre court":
		return OutOfCourt, nil
	}
	return "", Errorf(EINVALID, "%q is not a case type (want community or licence)", s)
}

// Grade is the grade of the practitioner responsible for a case.
type Grade string

const (
	PO    Grade = "PO"
	PSO   Grade = "PSO"
	PQiP  Grade = "PQiP"
	Other Grade = "other"
)

// Grades lists the grades in the order reports show them.
var Grades = []Grade{PO, PSO, PQiP, Other}

func ParseGrade(s string) (Grade, error) {
	switch norm(s) {
	case "po", "probation officer":
		return PO, nil
	case "pso", "probation services officer", "probation service officer":
		return PSO, nil
	case "pqip", "trainee", "trainee po", "trainee probation officer":
		return PQiP, nil
	case "other", "spo", "senior probation officer":
		return Other, nil
	}
	return "", Errorf(EINVALID, "%q is not a grade (want PO, PSO, PQiP or other)", s)
}

// RoSH is the risk of serious harm level.
type RoSH string

const (
	RoSHLow      RoSH = "low"
	RoSHMedium   RoSH = "medium"
	RoSHHigh     RoSH = "high"
	RoSHVeryHigh RoSH = "very high"
)

// RoSHLevels lists the levels lowest first.
var RoSHLevels = []RoSH{RoSHLow, RoSHMedium, RoSHHigh, RoSHVeryHigh}

func ParseRoSH(s string) (RoSH, error) {
	switch norm(s) {
	case "low", "l":
		return RoSHLow, nil
	case "medium", "m", "med":
		return RoSHMedium, nil
	case "high", "h":
		return RoSHHigh, nil
	case "very high", "veryhigh", "very_high", "vh", "very-high":
		return RoSHVeryHigh, nil
	}
	return "", Errorf(EINVALID, "%q is not a RoSH level (want low, medium, high or very high)", s)
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// Case is one person's order or licence in the sample. ID is a pseudonymous case reference; it
// and Attributes stay in the database and never appear in anything published.
type Case struct {
	ID         string
	Type       CaseType
	Grade      Grade // "" when not recorded
	RoSH       RoSH  // "" when not recorded
	Gender     string
	Ethnicity  string
	Attributes map[string]string // any other column of the case list, by lower-case name
}

// CaseList is a case list as read from a file: its cases, and which of the optional details
// (grade, rosh, gender, ethnicity) the file has a column for. A detail with no column says
// nothing about a case, and leaves what was recorded before; an empty cell in a column the file
// has says the detail is not recorded, and clears it.
type CaseList struct {
	Cases []Case
	Given map[string]bool
}

// OptionalDetails are the details of a case a case list may leave out.
var OptionalDetails = []string{"grade", "rosh", "gender", "ethnicity"}

// EveryDetail is a CaseList's Given for cases whose every detail is known (made in code).
func EveryDetail() map[string]bool {
	return map[string]bool{"grade": true, "rosh": true, "gender": true, "ethnicity": true}
}

// Keeping is c with each detail that given does not cover taken from old: what a case list
// without that column means for a case recorded before.
func (c Case) Keeping(old Case, given map[string]bool) Case {
	if !given["grade"] {
		c.Grade = old.Grade
	}
	if !given["rosh"] {
		c.RoSH = old.RoSH
	}
	if !given["gender"] {
		c.Gender = old.Gender
	}
	if !given["ethnicity"] {
		c.Ethnicity = old.Ethnicity
	}
	return c
}

// CaseFields are the built-in fields a case can be grouped by; any attribute name works too.
var CaseFields = []string{"case_type", "grade", "rosh", "gender", "ethnicity"}

// Field returns the value of a built-in field or attribute, "" when it has none.
func (c Case) Field(name string) string {
	switch name {
	case "case_type":
		return string(c.Type)
	case "grade":
		return string(c.Grade)
	case "rosh":
		return string(c.RoSH)
	case "gender":
		return c.Gender
	case "ethnicity":
		return c.Ethnicity
	}
	return c.Attributes[name]
}

// GroupOrder sorts group values the way readers expect: grades and RoSH levels in their own
// order, anything else alphabetically, the empty value ("not recorded") last.
func GroupOrder(field string, values []string) {
	rank := map[string]int{}
	switch field {
	case "grade":
		for i, g := range Grades {
			rank[string(g)] = i + 1
		}
	case "rosh":
		for i, r := range RoSHLevels {
			rank[string(r)] = i + 1
		}
	case "case_type":
		rank[string(Community)], rank[string(Licence)], rank[string(Court)], rank[string(OutOfCourt)] = 1, 2, 3, 4
	}
	sort.SliceStable(values, func(i, j int) bool {
		a, b := values[i], values[j]
		if (a == "") != (b == "") {
			return b == ""
		}
		ra, rb := rank[a], rank[b]
		if ra != rb {
			if ra == 0 {
				return false
			}
			if rb == 0 {
				return true
			}
			return ra < rb
		}
		return a < b
	})
}
