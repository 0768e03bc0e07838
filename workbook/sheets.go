package workbook

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
)

// sheets lays out the whole workbook, cover first, chart sheets last.
func sheets(fig figures.Published) []sheet {
	body := []sheet{notesSheet(fig), methodSheet(fig), ratingsSheet(fig)}
	if len(fig.Evidence) > 0 {
		body = append(body, evidenceSheet(fig))
	}
	body = append(body, acrossSheets(fig)...)
	for _, s := range fig.Result.Standards {
		if s.RatedFrom == casework.FromCases {
			body = append(body, standardSheet(fig, s))
		}
	}
	for _, sp := range fig.Splits {
		body = append(body, splitSheet(fig, sp))
	}
	if len(fig.Result.CaseQuestions) > 0 {
		body = append(body, caseQuestionsSheet(fig))
	}
	body = append(body, profileSheet(fig))
	body = append(body, surveySheets(fig)...)
	body = append(body, chartSheets(fig)...)
	distinct(body)
	for i := range body {
		explainShorthand(&body[i])
	}
	all := append([]sheet{coverSheet(fig), contentsSheet(body)}, body...)
	if fig.Status == figures.NotForPublication {
		for i := range all {
			markInternal(&all[i], fig.Suppress)
		}
	}
	return all
}

// markInternal says on sheet s, first thing under its title, that the figures are not for
// publication.
func markInternal(s *sheet, suppress casework.Suppression) {
	if s.chart != nil {
		s.chart.title = "Not for publication: " + s.chart.title
		return
	}
	say := "NOT FOR PUBLICATION: for use inside the inspectorate only."
	if suppress.Below < 2 {
		say += " Small numbers are not suppressed: a figure may be one person's answers."
	}
	s.lines = append([]string{say}, s.lines...)
	urls := map[int]string{}
	for i, u := range s.urls {
		urls[i+1] = u
	}
	s.urls = urls
}

// explainShorthand adds a line above a table saying what each shorthand symbol in it means, so
// a reader need not look the symbols up on the Notes sheet.
func explainShorthand(s *sheet) {
	if s.table == nil {
		return
	}
	used := map[string]bool{}
	for _, row := range s.table.rows {
		for _, c := range row {
			if c.kind == symbol {
				used[c.text] = true
			}
		}
	}
	var said []string
	for _, sym := range []string{confidential, notAvailable, notApplicable} {
		if used[sym] {
			said = append(said, sym+" "+symbolMeaning[sym])
		}
	}
	if len(said) > 0 {
		s.lines = append(s.lines, "Shorthand in this table: "+strings.Join(said, "; ")+" "+ref(noteSymbols)+".")
	}
}

// symbolMeaning is what each shorthand symbol stands for, in a few words.
var symbolMeaning = map[string]string{
	confidential:  "suppressed: too few cases to publish",
	notAvailable:  "not available",
	notApplicable: "not applicable: a figure that cannot exist",
}

// distinct keeps sheet names, table names and each table's headings unique, as Excel requires,
// where two long attribute names cut to the same 31 characters or two groups read alike.
func distinct(body []sheet) {
	sheets, tables := map[string]bool{"cover": true, "contents": true}, map[string]bool{"contents": true}
	unique := func(seen map[string]bool, base string, fit func(base, suffix string) string) string {
		name := base
		for n := 2; seen[strings.ToLower(name)]; n++ {
			name = fit(base, fmt.Sprintf(" %d", n))
		}
		seen[strings.ToLower(name)] = true
		return name
	}
	for i := range body {
		s := &body[i]
		s.name = unique(sheets, s.name, func(base, suffix string) string {
			r := []rune(base)
			return sheetName(strings.TrimRight(string(r[:min(len(r), 31-len(suffix))]), " ") + suffix)
		})
		if s.table == nil {
			continue
		}
		s.table.name = unique(tables, s.table.name, func(base, suffix string) string { return tableName(base + suffix) })
		heads := map[string]bool{}
		for j, h := range s.table.header {
			s.table.header[j] = unique(heads, h, func(base, suffix string) string { return base + suffix })
		}
	}
}

func coverSheet(fig figures.Published) sheet {
	ins := fig.Inspection
	fw := ins.Framework
	rel := fig.Release
	pair := fig.CaseTypePair()
	lines := []string{
		"The figures behind the inspection of " + fw.Work() + " casework in " + ins.Name + ": the ratings, every key question and prompt, and the same figures split by case type, practitioner grade, RoSH level, gender and ethnicity.",
		"Status: " + statusText(fig),
	}
	if rel.Published != "" {
		lines = append(lines, "Published: "+longDate(rel.Published))
	}
	next := "none planned: the figures of an inspection are not revised."
	if rel.NextUpdate != "" {
		next = longDate(rel.NextUpdate)
	}
	lines = append(lines, "Next update: "+next)
	source := "the inspection of " + ins.Name
	if len(fig.PDUs) > 0 {
		source = "the inspections of " + plural(len(fig.PDUs), "Probation Delivery Unit", "Probation Delivery Units")
	}
	lines = append(lines, "Source: "+rel.Organisation+", "+source+": the inspectors' judgements on each case in the sample.")
	urls := map[int]string{}
	if rel.ReportURL != "" {
		urls[len(lines)] = rel.ReportURL
		lines = append(lines, "The inspection report: "+rel.ReportURL)
	}
	if rel.Contact != "" {
		lines = append(lines, "Contact: "+rel.Contact)
	}
	lines = append(lines, "Licence: "+rel.Licence)
	if len(fig.PDUs) > 0 {
		// A combined database: the name is the region's or programme's, not a PDU's.
		lines = append(lines, "Inspections pooled: "+plural(len(fig.PDUs), "Probation Delivery Unit", "Probation Delivery Units")+", listed on the PDUs sheet")
	} else {
		lines = append(lines, fw.ServiceName()+": "+ins.Name)
	}
	if ins.Region != "" {
		lines = append(lines, "Region: "+ins.Region)
	}
	lines = append(lines, fmt.Sprintf("Framework: %s (%s)", fw.Name, fw.ID))
	if period := fieldworkPeriod(fig); period != "" {
		lines = append(lines, "Fieldwork: "+period)
	}
	lines = append(lines, fmt.Sprintf("Cases inspected: %s, of which %s and %s", thousands(fig.Cases()), typeCount(pair[0]), typeCount(pair[1])))
	if d := fig.Design; d != nil && len(d.Windows) > 0 {
		lines = append(lines, "The sample: cases whose order or licence commenced "+strings.Join(windows(d.Windows), " or ")+" "+ref(noteSample)+".")
	}
	lines = append(lines,
		"Method: inspectors read each case and answered the framework's yes/no questions about it; the answers were counted and each standard rated by the method on the Notes and Method sheets.",
		"Small numbers: "+smallCover(fig.Suppress),
		"Shorthand: "+confidential+" "+symbolMeaning[confidential]+"; "+notAvailable+" "+symbolMeaning[notAvailable]+"; "+notApplicable+" "+symbolMeaning[notApplicable]+". Notes are referred to as [note 1] and so on and listed on the Notes sheet.",
		"The workbook holds counts only: no case reference, name or note about a case.",
		"Produced: "+fig.Written.UTC().Format("2 January 2006"),
	)
	return sheet{name: "Cover", title: coverTitle(fig), lines: lines, urls: urls}
}

// coverTitle names the inspection with its place and period, as the guidance asks of a cover.
func coverTitle(fig figures.Published) string {
	ins := fig.Inspection
	place := ins.Name
	if ins.Region != "" && len(fig.PDUs) == 0 {
		place += " (" + ins.Region + ")"
	}
	title := place + ": " + ins.Framework.Work() + " inspection data"
	if len(fig.PDUs) > 0 {
		title = fmt.Sprintf("%s: data from %s probation inspections", place, thousands(len(fig.PDUs)))
	}
	if period := fieldworkPeriod(fig); period != "" {
		title += ", fieldwork " + period
	}
	return title
}

// fieldworkPeriod is when the fieldwork was: from its first day for one inspection, from the
// first to the last inspection's first day for pooled ones; "" when not recorded.
func fieldworkPeriod(fig figures.Published) string {
	if len(fig.PDUs) == 0 {
		if fig.Inspection.FieldworkStart == "" {
			return ""
		}
		return "from " + longDate(fig.Inspection.FieldworkStart)
	}
	var starts []string
	for _, p := range fig.PDUs {
		if p.FieldworkStart != "" {
			starts = append(starts, p.FieldworkStart)
		}
	}
	if len(starts) == 0 {
		return ""
	}
	slices.Sort(starts)
	if starts[0] == starts[len(starts)-1] {
		return "from " + longDate(starts[0])
	}
	return "from " + longDate(starts[0]) + " to " + longDate(starts[len(starts)-1])
}

func statusText(fig figures.Published) string {
	switch fig.Status {
	case figures.Final:
		return "final, published with the inspection report."
	case figures.NotForPublication:
		return "NOT FOR PUBLICATION: for use inside the inspectorate only."
	case figures.Provisional:
		return provisionalText(fig)
	}
	return "draft, not yet checked for publication."
}

// provisionalText says that the figures will change, and why, with no case reference: the
// workbook is published.
func provisionalText(fig figures.Published) string {
	return "PROVISIONAL: " + fig.Incomplete.String() + "; the figures and ratings will change before they are final."
}

func smallCover(suppress casework.Suppression) string {
	if suppress.Below > 1 {
		return fmt.Sprintf("figures about fewer than %d relevant cases are shown as %s, with a second group where a total would give one away %s.", suppress.Below, confidential, ref(noteSmall))
	}
	return "none suppressed; each group's number of cases is shown with its figures."
}

// longDate writes an ISO date as "2 September 2024", or as given when it is not one.
func longDate(iso string) string {
	var y, m, d int
	if _, err := fmt.Sscanf(iso, "%4d-%2d-%2d", &y, &m, &d); err != nil || m < 1 || m > 12 {
		return iso
	}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	return fmt.Sprintf("%d %s %d", d, months[m-1], y)
}

func contentsSheet(body []sheet) sheet {
	t := &table{name: "Contents", header: []string{"Sheet", "What it holds"}, textWidth: 100}
	for _, s := range body {
		name := linkTo(s.name)
		if s.chart != nil {
			// A chart sheet has no cell to link to.
			name = txt(s.name)
		}
		t.rows = append(t.rows, []cell{name, long(s.about)})
	}
	return sheet{
		name: "Contents", title: "Table of contents",
		lines: []string{"This worksheet contains one table. Each sheet's name links to it, except the chart sheets', which open from their tabs."},
		table: t,
	}
}

func notesSheet(fig figures.Published) sheet {
	t := &table{name: "Notes", header: []string{"Note number", "Note text"}, textWidth: 110}
	for i, n := range notes(fig) {
		t.rows = append(t.rows, []cell{txt(ref(i + 1)), long(n)})
	}
	return sheet{
		name: "Notes", about: "Notes on the method and the figures, referred to as [note 1] and so on, with every rating the inspectors set or departed to and its reason",
		title: "Notes", lines: []string{"This worksheet contains one table. Notes are referred to from the other sheets as [note 1] and so on."},
		table: t,
	}
}

func methodSheet(fig figures.Published) sheet {
	fw := fig.Inspection.Framework
	t := &table{name: "Method", header: []string{"Rating", "Band", "Share of relevant cases from", "Share of relevant cases", "Points", "Overall score from", "Overall score to"}}
	for i := len(casework.Ratings) - 1; i >= 0; i-- {
		r := casework.Ratings[i]
		row := []cell{txt(r.String())}
		var bands, spans []string
		from := -1.0
		for j, b := range fw.Bands {
			if b.Rating != r {
				continue
			}
			bands = append(bands, b.Name)
			if from < 0 {
				from = b.From
			}
			if j == len(fw.Bands)-1 {
				spans = append(spans, fmt.Sprintf("%g%% or more", b.From))
			} else {
				spans = append(spans, fmt.Sprintf("%g%% to under %g%%", b.From, fw.Bands[j+1].From))
			}
		}
		if len(bands) == 0 {
			row = append(row, sym(notApplicable), sym(notApplicable), sym(notApplicable))
		} else {
			row = append(row, txt(strings.Join(bands, ", ")), fraction(from), txt(strings.Join(spans, ", ")))
		}
		row = append(row, num(fw.Points[r]))
		thFrom, thTo := sym(notApplicable), sym(notApplicable)
		for _, th := range fw.Overall {
			if th.Rating == r {
				thFrom, thTo = num(th.From), num(th.To)
			}
		}
		t.rows = append(t.rows, append(row, thFrom, thTo))
	}
	return sheet{
		name: "Method", about: "The rating method: the bands of key-question percentages, the points for each rating and the scores for each overall rating",
		title: "The rating method of framework " + fw.ID,
		lines: []string{
			"This worksheet contains one table, one row per rating.",
			"Bands " + ref(noteBands) + ". The lowest key question rates a case standard " + ref(noteLowest) + ". Points and the overall rating " + ref(notePoints) + ".",
			"Confidence intervals " + ref(noteInterval) + ". How firmly the ratings stand " + ref(noteFirmness) + ". Comparing groups " + ref(noteCompare) + ". The margin of error each key question actually has: sample size in hindsight " + ref(noteHindsight) + ".",
		},
		table: t,
	}
}

func ratingsSheet(fig figures.Published) sheet {
	res, fw, conf := fig.Result, fig.Inspection.Framework, fig.Confidence
	header := []string{"Standard number", "Standard", "Domain", "Rated from", "Rating", "Rating the data gives",
		"Driving key question", "Driving key question % yes"}
	header = append(header, intervalHeader("Driving key question ", conf, noteInterval)...)
	header = append(header, "Points", "Maximum points", "Inspectors' reason for the rating",
		"Driving key question's interval crosses a band edge "+ref(noteFirmness), "How firmly the rating stands "+ref(noteFirmness))
	t := &table{name: "Ratings", header: header}
	top := 0
	for _, p := range fw.Points {
		top = max(top, p)
	}
	// Pooled inspections have no inspectors' ratings of their own and no overall rating: the
	// framework rates a PDU inspection overall, not a region or England and Wales.
	pooled := len(fig.PDUs) > 0
	for _, s := range res.Standards {
		if pooled && s.RatedFrom != casework.FromCases {
			continue
		}
		row := []cell{txt(s.ID), txt(s.Name), txt(s.Domain)}
		points := []cell{pointsCell(s.Rating, s.Points), num(top)}
		if s.NotCounted {
			points = []cell{sym(notApplicable), sym(notApplicable)}
		}
		if s.RatedFrom != casework.FromCases {
			row = append(row, txt("Inspectors' evidence"), ratingCell(s.Rating), sym(notApplicable), sym(notApplicable), sym(notApplicable), sym(notApplicable), sym(notApplicable))
			row = append(row, points...)
			row = append(row, reasonCell(s.Departure), sym(notApplicable), sym(notApplicable))
			t.rows = append(t.rows, row)
			continue
		}
		row = append(row, txt("Cases"), ratingCell(s.Rating), ratingCell(s.DataRating))
		driving := []cell{sym(notAvailable), sym(notAvailable), sym(notAvailable), sym(notAvailable)}
		for _, k := range s.KeyQuestions {
			if k.Driving && s.Driving != "" {
				f := fig.Figure(k.Tally)
				driving = append([]cell{long(k.ID + " " + k.Text), shareOr(f)}, interval(f, conf)...)
			}
		}
		row = append(row, driving...)
		row = append(row, points...)
		row = append(row, reasonCell(s.Departure))
		h, ok := fig.Hinge(s)
		switch {
		case h.Hidden():
			row = append(row, sym(confidential), sym(confidential))
		case !ok:
			row = append(row, sym(notAvailable), sym(notAvailable))
		default:
			row = append(row, yesNo(len(h.Edges) > 0), long(strings.Join(h.Sentences(), " ")))
		}
		t.rows = append(t.rows, row)
	}
	score := num(res.Score)
	if !res.Complete {
		score = sym(notAvailable)
	}
	overall := []cell{txt("Overall"), txt("Overall rating"), sym(notApplicable), txt("Score"), ratingCell(res.Overall), ratingCell(res.DataOverall),
		sym(notApplicable), sym(notApplicable), sym(notApplicable), sym(notApplicable), score, num(res.MaxScore), reasonCell(res.Departure),
		sym(notApplicable), overallFirmness(fw, res, fig.OverallHinge())}
	if !pooled {
		t.rows = append(t.rows, bolden(overall, true))
	}

	summary := fmt.Sprintf("Score: %d out of %d. Overall rating: %s.", res.Score, res.MaxScore, ratingWord(res.Overall))
	switch {
	case pooled:
		summary = fmt.Sprintf("The case standards as the pooled cases of %s rate them, by the method for one inspection. No score or overall rating: the framework rates a PDU inspection overall, not pooled ones; each PDU's own are on the PDUs sheet.",
			plural(len(fig.PDUs), "inspection", "inspections"))
	case !res.Complete:
		summary = "Not every standard is rated yet, so there is no score or overall rating."
	}
	lines := []string{
		summary,
		"This worksheet contains one table: each standard's rating as the report prints it, the key question that drives each case standard's rating " + ref(noteLowest) +
			" with its " + level(conf) + " confidence interval " + ref(noteInterval) + ", points " + ref(notePoints) +
			", how firmly each rating stands " + ref(noteFirmness) + ", and the last row the score and overall rating.",
		"The inspectors' reason: for a standard rated from their evidence, the reason they recorded for its rating; for a standard rated from the cases, the reason for departing from the rating the data give, where they did.",
	}
	for _, s := range res.Standards {
		if s.NotCounted {
			lines = append(lines, fmt.Sprintf("%s %s is rated but %s: its points and maximum points are shown as %s.", s.ID, s.Name, casework.NotCountedNote, notApplicable))
		}
	}
	for _, d := range departures(fw, res) {
		lines = append(lines, d)
	}
	if fig.Status == figures.Provisional {
		lines = append([]string{"Status: " + provisionalText(fig)}, lines...)
	}
	return sheet{
		name: "Ratings", about: "Each standard's rating, the key question driving it with its confidence interval, points, the score and the overall rating, with departures from the data and how many answers each rating hinges on",
		title: "Ratings: " + fig.Inspection.Name, lines: lines, table: t,
	}
}

// overallFirmness says how many answers the overall rating hinges on, in each direction: [x]
// when there is no overall rating to move, [c] when it counts a suppressed key question.
func overallFirmness(fw *casework.Framework, res casework.Result, hinge figures.Disclosure) cell {
	if res.Complete && res.Departure != nil {
		return long("The overall rating departs from the data: answers alone cannot move it.")
	}
	up, down := fw.OverallHinge(res)
	var said []string
	for _, s := range []string{up.Sentence("up"), down.Sentence("down")} {
		if s != "" {
			said = append(said, s)
		}
	}
	switch {
	case len(said) == 0:
		return sym(notAvailable)
	case hinge.Hidden():
		return sym(confidential)
	}
	return long(strings.Join(said, " "))
}

func ratingWord(r casework.Rating) string {
	if r == 0 {
		return "not rated"
	}
	return r.String()
}

func ratingCell(r casework.Rating) cell {
	if r == 0 {
		return sym(notAvailable)
	}
	return txt(r.String())
}

func pointsCell(r casework.Rating, points int) cell {
	if r == 0 {
		return sym(notAvailable)
	}
	return num(points)
}

func reasonCell(d *casework.Departure) cell {
	if d == nil {
		return sym(notApplicable)
	}
	return long(d.Reason)
}

// shareOr is a figure's % yes, or [c] when it is hidden.
func shareOr(f figures.Figure) cell {
	if f.Hidden() {
		return sym(confidential)
	}
	return share(f.Yes, f.Relevant())
}

// tallyCells are yes, no, not applicable, relevant, % yes, % no and the interval of % yes, each
// [c] when hidden.
func tallyCells(f figures.Figure, confidence float64) []cell {
	if f.Hidden() {
		return slices.Repeat([]cell{sym(confidential)}, 8)
	}
	out := []cell{num(f.Yes), num(f.No), num(f.NotApplicable), num(f.Relevant()), share(f.Yes, f.Relevant()), share(f.No, f.Relevant())}
	return append(out, interval(f, confidence)...)
}

// tallyHeader heads tallyCells' columns.
func tallyHeader(confidence float64) []string {
	h := []string{"Yes", "No", "Not applicable", "Relevant " + ref(noteRelevant), "% yes " + ref(notePercent), "% no " + ref(notePercent)}
	return append(h, intervalHeader("% yes ", confidence, noteInterval)...)
}

// groupRow is one group's figures on a question, a row of its own: the reader reads a
// question's groups down the sheet, not across it.
type groupRow struct {
	label string
	cases int
	f     figures.Figure
}

// groupCells are a group's name, its number of cases and its figures.
func groupCells(g groupRow, confidence float64) []cell {
	return append([]cell{txt(g.label), num(g.cases)}, tallyCells(g.f, confidence)...)
}

// byCaseType gives one question's rows for all cases and each of the two case types.
func byCaseType(fig figures.Published, id string, all casework.Tally) []groupRow {
	f := fig.ByCaseType(id, all)
	pair := fig.CaseTypePair()
	return []groupRow{
		{"All cases", fig.Cases(), f.All},
		{groupLabel("case_type", pair[0].Value), pair[0].Cases, f.First},
		{groupLabel("case_type", pair[1].Value), pair[1].Cases, f.Second},
	}
}

// typeCount is the number of cases of a case type in words: "49 community orders".
func typeCount(g figures.Group) string {
	one, many := casework.CaseType(g.Value).Names()
	return plural(g.Cases, one, many)
}

// typesInWords names the two case types: "community orders and licences".
func typesInWords(fig figures.Published) string {
	pair := fig.CaseTypePair()
	_, first := casework.CaseType(pair[0].Value).Names()
	_, second := casework.CaseType(pair[1].Value).Names()
	return first + " and " + second
}

// caseTypeHeader heads the columns of byCaseType's rows.
func caseTypeHeader(fig figures.Published) []string {
	return append([]string{"Case type", "Number of cases"}, tallyHeader(fig.Confidence)...)
}

func standardSheet(fig figures.Published, s casework.StandardResult) sheet {
	t := &table{
		name: tableName("Standard_" + s.ID),
		header: append(append([]string{"Question number", "Question", "Kind", "Theme", "Drives the rating " + ref(noteLowest), "Band of all cases " + ref(noteBands)}, caseTypeHeader(fig)...),
			"Margin of error, percentage points "+ref(noteHindsight)),
	}
	populations := eligible(fig)
	for _, k := range s.KeyQuestions {
		band := sym(notApplicable)
		if k.Relevant() > 0 {
			band = txt(k.Band.Name)
		}
		for i, g := range byCaseType(fig, k.ID, k.Tally) {
			row := append([]cell{txt(k.ID), long(k.Text), txt("Key question"), txt(k.Theme), yesNo(k.Driving), band}, groupCells(g, fig.Confidence)...)
			t.rows = append(t.rows, bolden(append(row, margin(g.f, populations[i], fig.Confidence)), k.Driving))
		}
		for _, p := range k.Prompts {
			for i, g := range byCaseType(fig, p.ID, p.Tally) {
				row := append([]cell{txt(p.ID), long(p.Text), txt("Prompt"), txt(k.Theme), sym(notApplicable), sym(notApplicable)}, groupCells(g, fig.Confidence)...)
				t.rows = append(t.rows, append(row, margin(g.f, populations[i], fig.Confidence)))
			}
		}
	}
	rating := fmt.Sprintf("Rating: %s.", ratingWord(s.Rating))
	if s.Driving != "" {
		for _, k := range s.KeyQuestions {
			if k.Driving {
				rating = fmt.Sprintf("Rating: %s. The lowest key question, %s (%s), drives it: 'Yes' under 'Drives the rating', and in bold %s.", ratingWord(s.Rating), k.ID, k.Theme, ref(noteLowest))
			}
		}
	}
	if s.Departure != nil {
		rating += fmt.Sprintf(" The inspectors departed from the data %s.", ref(departureNote(fig.Result, s.ID)))
	}
	return sheet{
		name:  sheetName(s.ID + " " + s.Name),
		about: fmt.Sprintf("%s %s: every key question and prompt with yes, no, not applicable, relevant, %% yes and %% no with the confidence interval, for all cases, %s", s.ID, s.Name, typesInWords(fig)),
		title: fmt.Sprintf("%s %s: key questions and prompts, %s", s.ID, s.Name, fig.Inspection.Name),
		lines: []string{
			rating,
			"This worksheet contains one table: each key question followed by its prompts, each in three rows, for all cases, " + typesInWords(fig) + ", with % yes and its confidence interval.",
			"Relevant cases " + ref(noteRelevant) + ". Percentages " + ref(notePercent) + " and their " + level(fig.Confidence) + " confidence intervals " + ref(noteInterval) + ". Small numbers " + ref(noteSmall) + ".",
		},
		table: t,
	}
}

// eligible is the size of the eligible population of all cases, community orders and licences,
// as byCaseType orders them; 0 where it is not recorded.
func eligible(fig figures.Published) [3]int {
	var out [3]int
	if d := fig.Design; d != nil {
		out[0] = d.Population
	}
	if pop, ok := fig.Population["case_type"]; ok && out[0] > 0 {
		pair := fig.CaseTypePair()
		out[1], out[2] = pop[pair[0].Value], pop[pair[1].Value]
	}
	return out
}

// margin is the margin of error a figure's percentage has, in points either side: from its
// share and relevant cases, corrected for a population of the size given (0: infinite);
// [c] with a hidden figure, [z] with no relevant case.
func margin(f figures.Figure, population int, confidence float64) cell {
	switch {
	case f.Hidden():
		return sym(confidential)
	case f.Relevant() == 0:
		return sym(notApplicable)
	}
	p := float64(f.Yes) / float64(f.Relevant())
	return cell{kind: tenths, num: math.Round(1000*casework.MarginOfError(p, f.Relevant(), population, confidence)) / 10}
}

func caseQuestionsSheet(fig figures.Published) sheet {
	t := &table{name: "Other_case_questions", header: append([]string{"Question number", "Question", "Topic"}, caseTypeHeader(fig)...)}
	for _, q := range fig.Result.CaseQuestions {
		for _, g := range byCaseType(fig, q.ID, q.Tally) {
			t.rows = append(t.rows, append([]cell{txt(q.ID), long(q.Text), txt(q.Group)}, groupCells(g, fig.Confidence)...))
		}
	}
	return sheet{
		name:  "Other case questions",
		about: "Other judgements about each case that rate nothing: management oversight, services, staffing and outcomes",
		title: "Other case questions: " + fig.Inspection.Name,
		lines: []string{
			"This worksheet contains one table: judgements the report quotes that do not rate a standard, each in three rows, for all cases, " + typesInWords(fig) + ", with % yes and its confidence interval.",
			"Relevant cases " + ref(noteRelevant) + ". Percentages " + ref(notePercent) + " and their " + level(fig.Confidence) + " confidence intervals " + ref(noteInterval) + ". Small numbers " + ref(noteSmall) + ".",
		},
		table: t,
	}
}

// splitSheet shows every question for all cases and for each group of one split, a row each,
// each group's % yes with its interval and its comparison with the reference group.
func splitSheet(fig figures.Published, sp figures.Split) sheet {
	conf := fig.Confidence
	refAt := sp.Reference()
	refLabel := groupLabel(sp.Field, "")
	if refAt >= 0 {
		refLabel = groupLabel(sp.Field, sp.Groups[refAt].Value)
	}
	header := append([]string{"Question number", "Question", "Standard", "Kind", fieldLabel(sp.Field), "Number of cases"}, tallyHeader(conf)...)
	header = append(header, "Difference from "+refLabel+", percentage points "+ref(noteCompare))
	header = append(header, intervalHeader("Difference ", conf, noteCompare)...)
	header = append(header, "Differs from "+refLabel+" "+ref(noteCompare), "Relative rate index against "+refLabel+" "+ref(noteCompare))
	header = append(header, intervalHeader("Relative rate index ", conf, noteCompare)...)
	header = append(header, "Small group "+ref(noteCompare))
	t := &table{name: tableName("By_" + shortField(sp.Field)), header: header}
	none := slices.Repeat([]cell{sym(notApplicable)}, 8) // no comparison: all cases, the reference
	labels := groupLabels(sp)
	add := func(standard, id, text, kind string, all casework.Tally) {
		in := fig.InSplit(sp, id, all)
		lead := []cell{txt(id), long(text), txt(standard), txt(kind)}
		t.rows = append(t.rows, slices.Concat(lead, groupCells(groupRow{"All cases", fig.Cases(), in.All}, conf), none))
		for i, g := range in.Groups {
			compared := none
			if !g.Reference {
				compared = comparison(g.Compared)
			}
			t.rows = append(t.rows, slices.Concat(lead, groupCells(groupRow{labels[i], sp.Groups[i].Cases, g.Figure}, conf), compared))
		}
	}
	for _, s := range fig.Result.Standards {
		for _, k := range s.KeyQuestions {
			add(s.ID+" "+s.Name, k.ID, k.Text, "Key question", k.Tally)
			for _, p := range k.Prompts {
				add(s.ID+" "+s.Name, p.ID, p.Text, "Prompt", p.Tally)
			}
		}
	}
	for _, q := range fig.Result.CaseQuestions {
		add("Other: "+q.Group, q.ID, q.Text, "Other case question", q.Tally)
	}
	var sizes []string
	for _, g := range sp.Groups {
		sizes = append(sizes, groupLabel(sp.Field, g.Value)+" "+thousands(g.Cases))
	}
	lines := []string{
		"Cases in each group: " + strings.Join(sizes, ", ") + " " + ref(noteGroups) + ".",
		"This worksheet contains one table: every question, first for all cases, then a row for each group, with yes, no, relevant cases, % yes and % no and the " + level(conf) + " confidence interval of % yes.",
	}
	if refAt >= 0 && len(sp.Groups) > 1 {
		lines = append(lines, fmt.Sprintf("Each other group is compared with %s (%s), the reference group: the difference in percentage points and its interval, whether it differs from %s by more than chance, "+
			"the relative rate index (its %% yes divided by %s's) and its interval, which agree, and whether either group is too small to say %s.",
			refLabel, plural(sp.Groups[refAt].Cases, "case", "cases"), refLabel, refLabel, ref(noteCompare)))
	}
	lines = append(lines, "Relevant cases "+ref(noteRelevant)+". Percentages "+ref(notePercent)+" and their confidence intervals "+ref(noteInterval)+". Small numbers "+ref(noteSmall)+".")
	return sheet{
		name:  sheetName("By " + shortField(sp.Field)),
		about: fmt.Sprintf("Every key question, prompt and other case question by %s, each group's number of cases, %% yes and %% no with the confidence interval, and each group compared with %s", fieldPhrase(sp.Field), refLabel),
		title: fmt.Sprintf("Figures by %s: %s", fieldPhrase(sp.Field), fig.Inspection.Name),
		lines: lines,
		table: t,
	}
}

// groupLabels names each group of sp for readers, told apart where two read alike (a group
// named "Not recorded" and the cases with none recorded).
func groupLabels(sp figures.Split) []string {
	seen := map[string]int{}
	out := make([]string, len(sp.Groups))
	for i, g := range sp.Groups {
		l := groupLabel(sp.Field, g.Value)
		seen[l]++
		if n := seen[l]; n > 1 {
			l = fmt.Sprintf("%s %d", l, n)
		}
		out[i] = l
	}
	return out
}

// comparison is a group's rate on one question against the reference group's: the difference
// in points with its interval, whether it differs, the relative rate index with its interval,
// and whether either group is small; [c] for all of them when hidden, [z] for a difference or a
// ratio that cannot exist (no relevant case on either side; no 'yes' in the reference).
func comparison(g figures.Comparison) []cell {
	if g.Hidden() {
		return slices.Repeat([]cell{sym(confidential)}, 8)
	}
	out := slices.Repeat([]cell{sym(notApplicable)}, 4)
	if g.Differenced() {
		out = []cell{pointsOf(g.Diff), pointsOf(g.DiffCI.Low), pointsOf(g.DiffCI.High), yesNo(g.Differs)}
	}
	if g.RREstimable {
		out = append(out, ratioOf(g.RR), ratioOf(g.RRCI.Low), ratioOf(g.RRCI.High))
	} else {
		out = append(out, slices.Repeat([]cell{sym(notApplicable)}, 3)...)
	}
	return append(out, yesNo(g.Small))
}

func profileSheet(fig figures.Published) sheet {
	t := &table{name: "Sample_profile", header: []string{"Characteristic", "Group", "Cases in the sample", "Out of", "% of the sample " + ref(noteGroups),
		"Eligible population", "Eligible population out of", "% of the eligible population " + ref(noteGroups)}}
	total := fig.Cases()
	splits := append([]figures.Split{{Field: "case_type", Groups: fig.CaseTypes}}, fig.Splits...)
	for _, sp := range splits {
		pop, popKnown := fig.Population[sp.Field]
		values := map[string]bool{}
		var groups []figures.Group
		for _, g := range sp.Groups {
			values[g.Value] = true
			groups = append(groups, g)
		}
		// Population groups the sample missed still show, with no case in the sample.
		var missed []string
		for v := range pop {
			if !values[v] {
				missed = append(missed, v)
			}
		}
		for _, v := range missed {
			groups = append(groups, figures.Group{Value: v})
		}
		// A share is of the cases with the characteristic recorded ("9 of 70"); the group of
		// cases with none recorded is a share of them all.
		recorded, popTotal, popRecorded := total, 0, 0
		for _, g := range groups {
			if g.Value == "" {
				recorded -= g.Cases
			}
		}
		for v, n := range pop {
			popTotal += n
			if v != "" {
				popRecorded += n
			}
		}
		for _, g := range orderGroups(sp.Field, groups) {
			of, popOf := recorded, popRecorded
			if g.Value == "" {
				of, popOf = total, popTotal
			}
			row := []cell{txt(fieldLabel(sp.Field)), txt(groupLabel(sp.Field, g.Value)), num(g.Cases), num(of), share(g.Cases, of)}
			if popKnown {
				row = append(row, num(pop[g.Value]), num(popOf), share(pop[g.Value], popOf))
			} else {
				row = append(row, sym(notAvailable), sym(notAvailable), sym(notAvailable))
			}
			t.rows = append(t.rows, row)
		}
	}
	beside := "The eligible population the sample was drawn from is not recorded with these figures " + ref(noteSample) + "."
	if fig.Population != nil {
		beside = "Beside each group, the eligible population the sample was drawn from " + ref(noteSample) + "."
	}
	lines := []string{fmt.Sprintf("%s inspected. %s", plural(total, "case", "cases"), beside)}
	if d := fig.Design; d != nil && len(d.Windows) > 0 {
		lines = append(lines, "The sample was drawn from the cases whose order or licence commenced "+strings.Join(windows(d.Windows), " or ")+".")
	}
	lines = append(lines, "This worksheet contains one table: for each characteristic, each group's number of cases and its share of the cases with that characteristic recorded ('Out of'); the group 'Not recorded' is a share of all the cases "+ref(noteGroups)+".")
	return sheet{
		name:  "Sample profile",
		about: "The cases inspected by case type, practitioner grade, RoSH level, gender and ethnicity, beside the eligible population where it is recorded",
		title: "Profile of the cases inspected: " + fig.Inspection.Name,
		lines: lines,
		table: t,
	}
}

func sortedValues(gs []figures.Group) []string {
	vs := make([]string, len(gs))
	for i, g := range gs {
		vs[i] = g.Value
	}
	return vs
}

// orderGroups puts groups in the order readers expect (casework.GroupOrder).
func orderGroups(field string, gs []figures.Group) []figures.Group {
	vs := sortedValues(gs)
	casework.GroupOrder(field, vs)
	byValue := map[string]figures.Group{}
	for _, g := range gs {
		byValue[g.Value] = g
	}
	out := make([]figures.Group, len(vs))
	for i, v := range vs {
		out[i] = byValue[v]
	}
	return out
}

// chartSheets are the key questions' percentages beside the band edges, in a table on a sheet
// of its own, then one chart sheet per case standard drawn from it: the bars the key questions,
// the lines the band edges.
func chartSheets(fig figures.Published) []sheet {
	fw := fig.Inspection.Framework
	// The charts' legends and labels are these headings, so they carry no note markers: the
	// lines above the table refer to the notes.
	header := []string{"Standard", "Key question", "% yes, all cases"}
	var edges []casework.Band
	for _, b := range fw.Bands {
		if b.From > 0 {
			edges = append(edges, b)
			header = append(header, fmt.Sprintf("%s from %g%%", b.Rating, b.From))
		}
	}
	t := &table{name: "Chart_data", header: header}
	var charts []sheet
	for _, s := range fig.Result.Standards {
		if s.RatedFrom != casework.FromCases || len(s.KeyQuestions) == 0 {
			continue
		}
		c := &chart{
			title:    fmt.Sprintf("%s %s: %% yes by key question, against the rating bands, %s", s.ID, s.Name, fig.Inspection.Name),
			table:    t.name,
			firstRow: len(t.rows), rows: len(s.KeyQuestions),
			categories: 1, bars: 2, barName: "% yes, all cases",
		}
		var said []string
		for _, k := range s.KeyQuestions {
			pct := shareOr(fig.Figure(k.Tally))
			row := []cell{txt(s.ID + " " + s.Name), txt(k.ID + " " + k.Theme), pct}
			for _, b := range edges {
				row = append(row, fraction(b.From))
			}
			t.rows = append(t.rows, row)
			if pct.kind == percent {
				said = append(said, fmt.Sprintf("%s %s %s", k.ID, k.Theme, shareText(k.Yes, k.Relevant())))
			} else {
				said = append(said, fmt.Sprintf("%s %s %s", k.ID, k.Theme, pct.text))
			}
		}
		for i, b := range edges {
			c.lines = append(c.lines, 3+i)
			c.lineNames = append(c.lineNames, fmt.Sprintf("%s from %g%%", b.Rating, b.From))
		}
		c.alt = fmt.Sprintf("Column chart of %s %s: %s; lines mark %s.", s.ID, s.Name, strings.Join(said, ", "), strings.Join(c.lineNames, ", "))
		charts = append(charts, sheet{
			name:  sheetName("Chart " + s.ID),
			about: fmt.Sprintf("Chart: %s %s, the %% yes of each key question against the rating bands", s.ID, s.Name),
			chart: c,
		})
	}
	data := sheet{
		name:  "Chart data",
		about: "The figures the charts are drawn from: each key question's % yes for all cases, and the band edges",
		title: "Key questions against the rating bands: " + fig.Inspection.Name,
		lines: []string{
			"This worksheet contains one table, the figures the chart sheets after it are drawn from: each key question's % yes for all cases " + ref(notePercent) + " and the band edges " + ref(noteBands) + ".",
			"The lowest key question rates its standard " + ref(noteLowest) + ".",
		},
		table: t,
	}
	return append([]sheet{data}, charts...)
}
