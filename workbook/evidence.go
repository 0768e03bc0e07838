package workbook

import (
	"fieldwork/casework"
	"fieldwork/figures"
)

// evidenceSheet shows, per standard with any evidence, how many documents, meetings,
// interviews, focus groups and figures the inspectors drew on, and its strengths and areas for
// improvement: the summaries only where the inspectors marked them for publication, the rest
// counted.
func evidenceSheet(fig figures.Published) sheet {
	header := []string{"Standard number", "Standard"}
	for _, k := range casework.EvidenceKinds {
		header = append(header, capitalise(k.Plural()))
	}
	header = append(header, "Strengths", "Areas for improvement")
	t := &table{name: "Evidence", header: header}
	for _, se := range fig.Evidence {
		row := []cell{txt(se.Standard), txt(se.Name)}
		for _, k := range casework.EvidenceKinds {
			row = append(row, num(se.Counts[k]))
		}
		row = append(row, long(findings(se, casework.Strength)), long(findings(se, casework.Improvement)))
		t.rows = append(t.rows, row)
	}
	return sheet{
		name:  "Evidence",
		about: "The inspectors' evidence for each standard: documents, meetings, interviews, focus groups and figures, with strengths and areas for improvement",
		title: "Evidence for the standards: " + fig.Inspection.Name,
		lines: []string{
			"This worksheet contains one table: for each standard with evidence recorded, how many documents, meetings, interviews, focus groups and figures the inspectors drew on, and the strengths and areas for improvement they found.",
			"A summary is the inspector's own words: it is shown only where they marked it for publication; the others are counted, not shown.",
		},
		table: t,
	}
}

// findings is the standard's strengths or areas for improvement, or says there are none.
func findings(se casework.StandardEvidence, f casework.EvidenceFinding) string {
	if s := se.Findings(f); s != "" {
		return s
	}
	return "None recorded."
}
