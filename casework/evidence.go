package casework

import (
	"fmt"
	"strconv"
	"strings"
)

// EvidenceKind is what a piece of the inspectors' evidence for a standard is.
type EvidenceKind string

const (
	Document    EvidenceKind = "document"
	Meeting     EvidenceKind = "meeting"
	Interview   EvidenceKind = "interview"
	FocusGroup  EvidenceKind = "focus-group"
	Figure      EvidenceKind = "figure" // a figure the PDU or the inspectorate holds, such as a vacancy rate
	evidenceAll              = "document, meeting, interview, focus-group or figure"
)

// EvidenceKinds lists the kinds in the order every output counts them.
var EvidenceKinds = []EvidenceKind{Document, Meeting, Interview, FocusGroup, Figure}

// Plural is the kind's name for a count of them: "interviews", "focus groups".
func (k EvidenceKind) Plural() string { return strings.ReplaceAll(string(k), "-", " ") + "s" }

// Counted is n of the kind in words: "57 interviews", "1 focus group".
func (k EvidenceKind) Counted(n int) string {
	if n == 1 {
		return "1 " + strings.TrimSuffix(k.Plural(), "s")
	}
	return fmt.Sprintf("%d %s", n, k.Plural())
}

// ParseEvidenceKind accepts a kind in any case, with "focus group" for focus-group.
func ParseEvidenceKind(s string) (EvidenceKind, error) {
	k := EvidenceKind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-"))
	for _, known := range EvidenceKinds {
		if k == known {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a kind of evidence (want %s)", s, evidenceAll)
}

// EvidenceFinding says what a piece of evidence shows about its standard, as the report lists
// them under each standard: a strength, an area for improvement, or neither.
type EvidenceFinding string

const (
	NoFinding   EvidenceFinding = ""
	Strength    EvidenceFinding = "strength"
	Improvement EvidenceFinding = "improvement"
)

// ParseFinding accepts strength or improvement in any case, and "" for neither.
func ParseFinding(s string) (EvidenceFinding, error) {
	switch f := EvidenceFinding(strings.ToLower(strings.TrimSpace(s))); f {
	case NoFinding, Strength, Improvement:
		return f, nil
	}
	return "", Errorf(EINVALID, "%q is not a finding (want strength or improvement, or none)", s)
}

// Evidence is one piece of the inspectors' evidence for a standard: a document read, a meeting
// held, interviews (Count of them), a figure. Summary is the inspector's words and may hold
// personal details, so it is published only where Publish is set; the counts always are.
type Evidence struct {
	ID       int64
	Standard string
	Kind     EvidenceKind
	Summary  string
	Finding  EvidenceFinding
	Count    int // how many: 57 interviews are one piece of evidence with Count 57
	Publish  bool
	AddedBy  string
	Where    string // where it was read, such as "evidence.csv line 3"; "" when typed
}

// CheckEvidence says whether e may be recorded under the framework.
func (f *Framework) CheckEvidence(e Evidence) error {
	at := ""
	if e.Where != "" {
		at = e.Where + ": "
	}
	if _, ok := f.Standard(e.Standard); !ok {
		return Errorf(ENOTFOUND, "%s%q is not a standard of framework %s", at, e.Standard, f.ID).WithNeed(Need{NeedStandard, f.ID}, "choose one of the standards of framework "+f.ID)
	}
	if strings.TrimSpace(e.Summary) == "" {
		return Errorf(EINVALID, "%sevidence for %s has no summary: say what it is and what it shows", at, e.Standard)
	}
	if e.Count < 1 {
		return Errorf(EINVALID, "%sevidence for %s counts %d: a count is 1 or more", at, e.Standard, e.Count)
	}
	return nil
}

// StandardEvidence is what may be published of one standard's evidence: how many of each
// kind, and its strengths and areas for improvement, each with the summary where the inspector
// marked it for publication.
type StandardEvidence struct {
	Standard, Name string
	Counts         map[EvidenceKind]int
	Strengths      []string // published summaries
	Improvements   []string
	// Unpublished counts the strengths and areas for improvement recorded whose summary is not
	// for publication, so a reader knows there are more than are listed.
	UnpublishedStrengths, UnpublishedImprovements int
}

// CountsText is the counts as a sentence's list: "57 interviews, 2 documents".
func (s StandardEvidence) CountsText() string {
	var parts []string
	for _, k := range EvidenceKinds {
		if n := s.Counts[k]; n > 0 {
			parts = append(parts, k.Counted(n))
		}
	}
	return strings.Join(parts, ", ")
}

// Findings is the standard's strengths (or areas for improvement) as every output prints them:
// each published summary a sentence, then how many more are recorded but not for publication;
// "" when there are none.
func (s StandardEvidence) Findings(f EvidenceFinding) string {
	published, unpublished := s.Strengths, s.UnpublishedStrengths
	if f == Improvement {
		published, unpublished = s.Improvements, s.UnpublishedImprovements
	}
	var parts []string
	for _, p := range published {
		if p = strings.TrimSpace(p); !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "?") && !strings.HasSuffix(p, "!") {
			p += "."
		}
		parts = append(parts, p)
	}
	switch {
	case unpublished == 1 && len(parts) > 0:
		parts = append(parts, "1 more recorded, not for publication.")
	case unpublished > 1 && len(parts) > 0:
		parts = append(parts, fmt.Sprintf("%d more recorded, not for publication.", unpublished))
	case unpublished > 0:
		parts = append(parts, fmt.Sprintf("%d recorded, not for publication.", unpublished))
	}
	return strings.Join(parts, " ")
}

// PublishedEvidence sums the evidence per standard, in the framework's order of standards,
// leaving out the standards with none and every summary not marked for publication.
func (f *Framework) PublishedEvidence(es []Evidence) []StandardEvidence {
	var out []StandardEvidence
	for _, s := range f.Standards {
		se := StandardEvidence{Standard: s.ID, Name: s.Name, Counts: map[EvidenceKind]int{}}
		found := false
		for _, e := range es {
			if e.Standard != s.ID {
				continue
			}
			found = true
			se.Counts[e.Kind] += e.Count
			switch {
			case e.Finding == Strength && e.Publish:
				se.Strengths = append(se.Strengths, e.Summary)
			case e.Finding == Strength:
				se.UnpublishedStrengths++
			case e.Finding == Improvement && e.Publish:
				se.Improvements = append(se.Improvements, e.Summary)
			case e.Finding == Improvement:
				se.UnpublishedImprovements++
			}
		}
		if found {
			out = append(out, se)
		}
	}
	return out
}

// NewEvidence makes a piece of evidence from its parts as a person gives them, parsing kind and
// finding; CheckEvidence checks it against the framework.
func NewEvidence(standard, kind, summary, finding string, count int, publish bool) (Evidence, error) {
	e := Evidence{Standard: strings.TrimSpace(standard), Summary: strings.TrimSpace(summary), Count: count, Publish: publish}
	var err error
	if e.Kind, err = ParseEvidenceKind(kind); err != nil {
		return e, err
	}
	e.Finding, err = ParseFinding(finding)
	return e, err
}

// ParseEvidenceID reads the id of a piece of evidence as the list of evidence shows it.
func ParseEvidenceID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id < 1 {
		return 0, Errorf(EINVALID, "%q is not an evidence id (want the whole number the list of evidence shows)", s)
	}
	return id, nil
}
