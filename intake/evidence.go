package intake

import (
	"strconv"
	"strings"

	"fieldwork/casework"
)

// Evidence reads the inspectors' evidence: columns standard, kind (document, meeting,
// interview, focus-group, figure), summary, and optionally finding (strength, improvement or
// empty), count (1 when empty) and publish (yes or no, no when empty). Every bad cell is
// reported, and nothing is returned unless all are good.
func Evidence(t *Table) ([]casework.Evidence, error) {
	cols, err := columns(t, map[string]string{"standard_id": "standard"})
	if err != nil {
		return nil, err
	}
	if err := requireColumns(t, cols, "standard", "kind", "summary"); err != nil {
		return nil, err
	}
	cell := func(r Row, name string) string {
		if i, ok := cols[name]; ok {
			return strings.TrimSpace(r.Cells[i])
		}
		return ""
	}
	p := &casework.Problems{Source: t.Name}
	var out []casework.Evidence
	for _, r := range t.Rows {
		count := 1
		if s := cell(r, "count"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				p.Add("%s: %q is not a count (want a whole number, 1 or more)", t.Where(r, cols["count"]), s)
				continue
			}
			count = n
		}
		var publish bool
		switch s := strings.ToLower(cell(r, "publish")); s {
		case "yes", "true":
			publish = true
		case "", "no", "false":
		default:
			p.Add("%s: %q is not yes or no", t.Where(r, cols["publish"]), s)
			continue
		}
		e := casework.Evidence{Standard: cell(r, "standard"), Summary: cell(r, "summary"), Count: count, Publish: publish, Where: t.WhereRow(r)}
		var err error
		if e.Kind, err = casework.ParseEvidenceKind(cell(r, "kind")); err != nil {
			p.Add("%s: %v", t.Where(r, cols["kind"]), err)
			continue
		}
		if e.Finding, err = casework.ParseFinding(cell(r, "finding")); err != nil {
			p.Add("%s: %v", t.Where(r, cols["finding"]), err)
			continue
		}
		out = append(out, e)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadEvidence reads the evidence in the CSV or .xlsx file at path (Evidence).
func ReadEvidence(path string) ([]casework.Evidence, error) {
	t, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Evidence(t)
}
