package workbook

import (
	"fmt"
	"slices"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
)

// Sheets for more than one inspection: the PDUs pooled into a regional or national database side
// by side with the regional standards rated from their pooled cases, and an inspection set beside
// the previous inspection of the same PDU.

// acrossSheets are the sheets for pooled and repeat inspections; none for one inspection alone.
func acrossSheets(fig figures.Published) []sheet {
	var out []sheet
	if len(fig.PDUs) > 0 {
		out = append(out, pdusSheet(fig))
		if len(fig.Inspection.Framework.RegionalStandards) > 0 {
			out = append(out, regionalSheet(fig))
		}
	}
	if fig.Since != nil {
		out = append(out, changeSheet(fig), thenAndNowSheet(fig))
	}
	return out
}

// keyQuestions lists the framework's key questions with their standards, in framework order.
func keyQuestions(fw *casework.Framework) (ids, labels []string) {
	for _, s := range fw.Standards {
		for _, k := range s.KeyQuestions {
			ids = append(ids, k.ID)
			labels = append(labels, fmt.Sprintf("%s %s: %s", k.ID, s.Name, k.Theme))
		}
	}
	return ids, labels
}

func pdusSheet(fig figures.Published) sheet {
	fw := fig.Inspection.Framework
	_, labels := keyQuestions(fw)
	header := []string{"PDU", "Region", "Fieldwork started", "Cases"}
	for _, l := range labels {
		header = append(header, l+" % yes "+ref(notePercent))
	}
	for _, s := range fw.Standards {
		header = append(header, s.ID+" "+s.Name+" rating")
		if s.RatedFrom == casework.FromCases {
			header = append(header, s.ID+" "+s.Name+": driving key question "+ref(noteLowest))
		}
	}
	header = append(header, "Score", "Maximum score", "Overall rating", "Departures from the data")
	t := &table{name: "PDUs", header: header}
	for _, p := range fig.PDUs {
		start := sym(notAvailable)
		if p.FieldworkStart != "" {
			start = txt(longDate(p.FieldworkStart))
		}
		row := []cell{txt(p.Name), txt(p.Region), start, num(p.Cases)}
		for _, s := range p.Result.Standards {
			for _, k := range s.KeyQuestions {
				row = append(row, bolden([]cell{shareOr(fig.Figure(k.Tally))}, k.Driving)...)
			}
		}
		var departed []string
		for _, s := range p.Result.Standards {
			row = append(row, ratingCell(s.Rating))
			if s.RatedFrom == casework.FromCases {
				// The driving key question in words, not by bold alone.
				driving := sym(notAvailable)
				if s.Driving != "" {
					driving = txt(s.Driving)
				}
				row = append(row, driving)
			}
			if s.Departure != nil && s.Departure.From != 0 {
				departed = append(departed, s.ID)
			}
		}
		score := num(p.Result.Score)
		if !p.Result.Complete {
			score = sym(notAvailable)
		}
		if p.Result.Departure != nil {
			departed = append(departed, "overall")
		}
		dep := sym(notApplicable)
		if len(departed) > 0 {
			dep = txt(strings.Join(departed, ", "))
		}
		t.rows = append(t.rows, append(row, score, num(p.Result.MaxScore), ratingCell(p.Result.Overall), dep))
	}
	return sheet{
		name:  "PDUs",
		about: "Each PDU pooled into this database: its key-question percentages, its ratings and score, side by side",
		title: "PDUs side by side: " + fig.Inspection.Name,
		lines: []string{
			fmt.Sprintf("%s pools the cases of %s.", fig.Inspection.Name, plural(len(fig.PDUs), "PDU inspection", "PDU inspections")),
			"This worksheet contains one table, one row per PDU: the % yes of each key question over that PDU's own cases (the driving key question of each standard in bold, and named beside the standard's rating " + ref(noteLowest) + "), " +
				"each standard's rating as that inspection gave it, with the ratings its inspectors gave from evidence and any departure from the data, and its score and overall rating " + ref(notePoints) + ".",
			"A score of " + notAvailable + " belongs to an inspection with a standard not yet rated. Percentages " + ref(notePercent) + ". Small numbers " + ref(noteSmall) + ". Shorthand " + ref(noteSymbols) + ".",
		},
		table: t,
	}
}

func regionalSheet(fig figures.Published) sheet {
	t := &table{name: "Regional_standards", header: []string{"Regional standard", "Rule", "Key questions pooled", "Key question",
		"Yes", "Relevant " + ref(noteRelevant), "% yes " + ref(notePercent), "Drives the rating", "Rating"}}
	for _, r := range fig.RegionalStandards() {
		rule := "Lowest pooled key question"
		if r.Rule == casework.RulePooled {
			rule = "All pooled answers together"
		}
		var ids []string
		for _, k := range r.KeyQuestions {
			ids = append(ids, k.ID)
		}
		for _, k := range r.KeyQuestions {
			row := []cell{txt(r.Name), txt(rule), txt(strings.Join(ids, ", ")), long(k.ID + " " + k.Text)}
			row = append(row, countsOr(fig.Figure(k.Tally))...)
			// The rating stands on the row that drives it, as well as on the standard's total.
			rating := sym(notApplicable)
			if k.Driving {
				rating = ratingCell(r.Rating)
			}
			row = append(row, yesNo(k.Driving), rating)
			t.rows = append(t.rows, bolden(row, k.Driving))
		}
		total := append([]cell{txt(r.Name), txt(rule), txt(strings.Join(ids, ", ")), txt("All pooled key questions")}, countsOr(fig.Figure(r.Pooled))...)
		total = append(total, yesNo(r.Rule == casework.RulePooled), ratingCell(r.Rating))
		t.rows = append(t.rows, bolden(total, true))
	}
	return sheet{
		name:  "Regional standards",
		about: "The regional standards rated from the pooled cases of every PDU, by the rule the framework declares",
		title: "Regional standards: " + fig.Inspection.Name,
		lines: []string{
			"This worksheet contains one table: for each regional standard, each key question it pools with its figures over the cases of every PDU pooled here, then a row with all of them together and the standard's rating.",
			"The framework declares which key questions each regional standard pools and its rule: 'Lowest pooled key question' rates it by the band " + ref(noteBands) + " of its lowest key question, as a case standard is rated " + ref(noteLowest) +
				"; 'All pooled answers together' rates it by the band of every answer to those key questions added together. " + ref(noteFramework),
		},
		table: t,
	}
}

// countsOr are a figure's yes, relevant and % yes, each [c] when it is hidden.
func countsOr(f figures.Figure) []cell {
	if f.Hidden() {
		return slices.Repeat([]cell{sym(confidential)}, 3)
	}
	return []cell{num(f.Yes), num(f.Relevant()), share(f.Yes, f.Relevant())}
}

func changeSheet(fig figures.Published) sheet {
	prev := fig.Previous.Inspection
	conf := fig.Confidence
	header := []string{"Key question", "Question number now", "Question number before"}
	for _, when := range []string{"Before", "Now"} {
		header = append(header, when+": yes", when+": relevant "+ref(noteRelevant), when+": % yes "+ref(notePercent))
	}
	header = append(header, "Change, percentage points")
	header = append(header, intervalHeader("Change ", conf, noteCompare)...)
	header = append(header, "Larger than chance "+ref(noteCompare))
	t := &table{name: "Change", header: header}
	for _, kc := range fig.Since.KeyQuestions {
		c := fig.Change(kc)
		row := []cell{long(kc.Label()), idOr(kc.ID), idOr(kc.PreviousID)}
		row = append(append(row, countsOr(c.Previous)...), countsOr(c.Current)...)
		switch {
		case c.Hidden():
			row = append(row, sym(confidential), sym(confidential), sym(confidential), sym(confidential))
		case !kc.Comparable:
			row = append(row, sym(notApplicable), sym(notApplicable), sym(notApplicable), sym(notApplicable))
		default:
			// The change is in points already; pointsOf rounds a difference of proportions.
			row = append(row, pointsOf(kc.Change/100), pointsOf(kc.CI.Low/100), pointsOf(kc.CI.High/100), yesNo(kc.Beyond))
		}
		t.rows = append(t.rows, bolden(row, kc.Beyond))
	}
	lines := []string{
		"Before: " + inspectionPhrase(prev) + ". Now: " + inspectionPhrase(fig.Inspection) + ".",
		"This worksheet contains one table, one row per key question: its % yes at the previous inspection and now, the change in percentage points with its " + level(conf) +
			" confidence interval by Newcombe's hybrid score method for two independent samples " + ref(noteCompare) + ", and whether the change is larger than chance: Yes, in bold, where the interval excludes no change.",
	}
	if prev.Framework.ID != fig.Inspection.Framework.ID {
		lines = append(lines, fmt.Sprintf("The two inspections were under different programmes (%s before, %s now): key questions are paired by standard and theme, and a key question only one programme has is shown with the other side %s.",
			prev.Framework.ID, fig.Inspection.Framework.ID, notApplicable))
	}
	return sheet{
		name:  "Change since last inspection",
		about: "Each key question at the previous inspection and now, the change in percentage points with its confidence interval, and whether it is larger than chance",
		title: "Change since the previous inspection: " + fig.Inspection.Name,
		lines: lines,
		table: t,
	}
}

func thenAndNowSheet(fig figures.Published) sheet {
	prev := fig.Previous
	t := &table{name: "Ratings_then_and_now", header: []string{"Standard", "Standard number before", "Rating before", "Standard number now", "Rating now"}}
	side := func(s *casework.StandardResult) []cell {
		if s == nil {
			return []cell{sym(notApplicable), sym(notApplicable)}
		}
		return []cell{txt(s.ID), ratingCell(s.Rating)}
	}
	for _, sp := range fig.Since.Standards {
		t.rows = append(t.rows, append(append([]cell{txt(sp.Name)}, side(sp.Previous)...), side(sp.Current)...))
	}
	score := func(r casework.Result) cell {
		if !r.Complete {
			return sym(notAvailable)
		}
		return txt(fmt.Sprintf("%d/%d", r.Score, r.MaxScore))
	}
	t.rows = append(t.rows,
		bolden([]cell{txt("Score"), sym(notApplicable), score(prev.Result), sym(notApplicable), score(fig.Result)}, true),
		bolden([]cell{txt("Overall rating"), sym(notApplicable), ratingCell(prev.Result.Overall), sym(notApplicable), ratingCell(fig.Result.Overall)}, true))
	return sheet{
		name:  "Ratings then and now",
		about: "The ratings of the previous inspection and of this one, standard by standard, with both scores and overall ratings",
		title: "Ratings at the previous inspection and now: " + fig.Inspection.Name,
		lines: []string{
			"This worksheet contains one table: each standard's rating at the previous inspection (" + inspectionPhrase(prev.Inspection) + ") and now, matched by the standard's name, then both scores and overall ratings " + ref(notePoints) + ".",
			"A standard only one programme has shows " + notApplicable + " on the other side. Departures from the data at this inspection " + ref(noteDepartures) + ".",
		},
		table: t,
	}
}

func idOr(id string) cell {
	if id == "" {
		return sym(notApplicable)
	}
	return txt(id)
}

func inspectionPhrase(ins casework.Inspection) string {
	s := ins.Name
	if ins.FieldworkStart != "" {
		s += ", fieldwork started " + longDate(ins.FieldworkStart)
	}
	return s + ", framework " + ins.Framework.ID
}
