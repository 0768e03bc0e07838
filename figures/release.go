package figures

import (
	"fmt"
	"strings"
	"time"

	"fieldwork/casework"
)

// Status is whether published figures may be published yet.
type Status int

const (
	// Draft figures have not been through the checks before publishing (BeforePublishing).
	Draft Status = iota
	// Final figures have: the lead inspector has confirmed each check.
	Final
	// NotForPublication figures are for use inside the inspectorate only: small numbers may be
	// shown and cases identified.
	NotForPublication
	// Provisional figures will change: a case or standard is incomplete, or a case outside the
	// drawn sample is counted (Figures.Incomplete). They cannot be final.
	Provisional
)

func (s Status) String() string {
	switch s {
	case Final:
		return "final"
	case NotForPublication:
		return "not for publication"
	case Provisional:
		return "provisional"
	}
	return "draft"
}

// Release is how and by whom figures are published: what the cover of the data workbook says
// about the release beside the figures themselves.
type Release struct {
	Organisation string // the publisher and the file's author; DefaultOrganisation when empty
	Published    string // the date of publication, YYYY-MM-DD
	NextUpdate   string // when the figures are next updated, if ever
	Contact      string // who answers readers' questions: an email address or a team
	Licence      string // DefaultLicence when empty
	ReportURL    string // the address of the report the figures belong to
}

// The publisher and licence of HM Inspectorate of Probation's own publications.
const (
	DefaultOrganisation = "HM Inspectorate of Probation"
	DefaultLicence      = "Open Government Licence v3.0"
)

func (r Release) withDefaults() Release {
	r.Organisation = strings.TrimSpace(r.Organisation)
	if r.Organisation == "" {
		r.Organisation = DefaultOrganisation
	}
	if strings.TrimSpace(r.Licence) == "" {
		r.Licence = DefaultLicence
	}
	return r
}

// MissingForFinal lists what the cover must give before the figures can be final: the date of
// publication and a contact, which the government's guidance on releasing statistics asks of
// every release.
// Fault is the first detail of the release that is not of its kind: a date that is not
// YYYY-MM-DD, a report address that is not a web address. Field is the detail's name.
func (r Release) Fault() (f ReleaseFault, ok bool) {
	for _, d := range []struct{ field, value string }{{"published", r.Published}, {"next-update", r.NextUpdate}} {
		if _, err := time.Parse(time.DateOnly, d.value); d.value != "" && err != nil {
			return ReleaseFault{Field: d.field, Value: d.value, Want: "a date YYYY-MM-DD", Example: "write the date as 2024-11-05"}, true
		}
	}
	if u := r.ReportURL; u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ReleaseFault{Field: "report-url", Value: u, Want: "a web address", Example: "give the full address, starting https://"}, true
	}
	return ReleaseFault{}, false
}

// ReleaseFault is a detail of the release given wrongly, and what is wanted instead.
type ReleaseFault struct{ Field, Value, Want, Example string }

func (r Release) MissingForFinal() []string {
	var out []string
	if strings.TrimSpace(r.Published) == "" {
		out = append(out, "date of publication")
	}
	if strings.TrimSpace(r.Contact) == "" {
		out = append(out, "contact")
	}
	return out
}

// BeforePublishing is what the lead inspector must confirm before the figures are published: the
// provenance of the framework's wording and method, which the published text states as the
// inspection's method, the small-numbers rule, the reasons given for ratings, and what the
// cover still lacks. It is kept out of the published text and printed beside it.
func (p Published) BeforePublishing() []string {
	var out []string
	fw := p.Inspection.Framework
	if src := strings.TrimSpace(fw.Source); src != "" {
		out = append(out, fmt.Sprintf("Confirm with the inspectorate the wording and method of framework %s, which the Notes and Method sheets state as the inspection's. The framework says of itself: %s", fw.ID, src))
	}
	switch {
	case p.Status == NotForPublication && p.Suppress.Below < 2:
		// Nothing else to check: the figures are not to be published at all.
		return append(out, "Nothing is suppressed and every sheet says 'not for publication': these figures are for use inside the inspectorate only.")
	case p.Status == NotForPublication:
		return append(out, fmt.Sprintf("Figures about fewer than %d relevant cases are suppressed, but every sheet says 'not for publication': these figures are for use inside the inspectorate only.", p.Suppress.Below))
	}
	out = append(out, fmt.Sprintf("Figures about fewer than %d relevant cases are shown as [c], with a second group where a total would give one away: confirm that this is the rule the inspectorate publishes under.", p.Suppress.Below))
	switch n := departures(p.Result); {
	case n == 1:
		out = append(out, "Read the reason recorded for the one rating the inspectors set or departed to (Ratings sheet and notes): it is published as written.")
	case n > 1:
		out = append(out, fmt.Sprintf("Read the reasons recorded for the %d ratings the inspectors set or departed to (Ratings sheet and notes): they are published as written.", n))
	}
	if p.Design == nil {
		out = append(out, "The sample was not drawn with this database, so the sample profile has no eligible population beside it: check the sample's design is described in the report.")
	}
	rel := p.Release
	for _, m := range rel.MissingForFinal() {
		out = append(out, "The cover gives no "+m+".")
	}
	if strings.TrimSpace(rel.ReportURL) == "" {
		out = append(out, "The cover links to no report: give the address of the inspection report.")
	}
	return out
}

// departures counts the ratings the inspectors set themselves or departed to from the data.
func departures(res casework.Result) int {
	n := 0
	for _, s := range res.Standards {
		if s.Departure != nil {
			n++
		}
	}
	if res.Departure != nil {
		n++
	}
	return n
}
