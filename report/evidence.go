package report

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"fieldwork/casework"
)

// writeEvidence writes, for the report, what the inspectors drew on for each standard and what
// they found: the counts always, a summary only where they marked it for publication.
func writeEvidence(out Format, evidence []casework.StandardEvidence) {
	if len(evidence) == 0 {
		return
	}
	out.heading(2, "Evidence")
	var rows [][]string
	var found []string
	for _, se := range evidence {
		counts := se.CountsText()
		if counts == "" {
			counts = "none counted"
		}
		rows = append(rows, []string{se.Standard + " " + se.Name, counts})
		for _, f := range []casework.EvidenceFinding{casework.Strength, casework.Improvement} {
			if text := se.Findings(f); text != "" {
				found = append(found, fmt.Sprintf("%s %s, %s: %s", se.Standard, se.Name, findingWords[f], text))
			}
		}
	}
	out.table([]string{"Standard", "Evidence"}, rows, -1)
	if len(found) > 0 {
		out.bullets(found)
	}
}

// findingWords names a finding's list as the report's sections do.
var findingWords = map[casework.EvidenceFinding]string{casework.Strength: "strengths", casework.Improvement: "areas for improvement"}

// EvidenceRecorded is the evidence as recorded, for the inspectors: every summary, published or
// not, with the id `evidence remove` takes.
type EvidenceRecorded []casework.Evidence

// EvidenceList prints the evidence recorded as a table.
func EvidenceList(w io.Writer, es EvidenceRecorded) {
	if len(es) == 0 {
		fmt.Fprintln(w, "no evidence recorded")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tstandard\tkind\tcount\tfinding\tpublished\tsummary")
	for _, e := range es {
		finding := string(e.Finding)
		if finding == "" {
			finding = "-"
		}
		published := "no"
		if e.Publish {
			published = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", e.ID, e.Standard, e.Kind, e.Count, finding, published, e.Summary)
	}
	tw.Flush()
}

// MarshalJSON writes the evidence as `evidence list --format json` prints it.
func (es EvidenceRecorded) MarshalJSON() ([]byte, error) {
	type view struct {
		ID       int64  `json:"id"`
		Standard string `json:"standard"`
		Kind     string `json:"kind"`
		Count    int    `json:"count"`
		Finding  string `json:"finding,omitempty"`
		Publish  bool   `json:"publish"`
		Summary  string `json:"summary"`
		AddedBy  string `json:"added_by,omitempty"`
	}
	out := []view{}
	for _, e := range es {
		out = append(out, view{e.ID, e.Standard, string(e.Kind), e.Count, string(e.Finding), e.Publish, e.Summary, e.AddedBy})
	}
	return json.Marshal(out)
}

// EvidenceAdded says what `evidence add` recorded, with the ids to remove it by.
func EvidenceAdded(w io.Writer, es []casework.Evidence, ids []int64) {
	for i, e := range es {
		fmt.Fprintf(w, "evidence %d: %s, %s: %s\n", ids[i], e.Standard, e.Kind.Counted(e.Count), e.Summary)
	}
}
