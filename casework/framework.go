package casework

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strings"
)

// RatedFrom says where a standard's rating comes from.
type RatedFrom string

const (
	FromInspectors RatedFrom = "inspectors" // domain one: inspectors' judgement from evidence
	FromCases      RatedFrom = "cases"      // domain two: the key questions answered per case
)

// Framework is an inspection programme's definition: its standards and questions and the rules
// that turn answers into ratings. It is data, so a lead inspector can correct a threshold
// without a new release; every inspection stores the framework it was started with.
type Framework struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Source        string         `json:"source"` // provenance: what is published, what is ours
	Bands         []Band         `json:"bands"`
	Points        map[Rating]int `json:"points"`
	Overall       []Threshold    `json:"overall"`
	Standards     []Standard     `json:"standards"`
	CaseQuestions []CaseQuestion `json:"case_questions,omitempty"`
	// RegionalStandards are rated from the pooled cases of a region's PDU inspections (regional.go).
	RegionalStandards []RegionalStandard `json:"regional_standards,omitempty"`
	// CaseTypes are the two kinds of case shown beside all cases (CaseTypePair); Service is what
	// an inspection under the framework inspects, as the published figures name it
	// (ServiceName). Both have the probation programmes' defaults.
	CaseTypes []CaseType `json:"case_types,omitempty"`
	Service   string     `json:"service,omitempty"`
	// Guidance is the decision guidance: which rating of one standard usually goes with a
	// rating of another (guidance.go).
	Guidance []Guidance `json:"decision_guidance,omitempty"`
}

// CaseTypePair is the two kinds of case the figures are split into beside all cases, in the
// order they are shown: community orders and licences, unless the framework says otherwise
// (court and out-of-court disposals for youth justice).
func (f *Framework) CaseTypePair() [2]CaseType {
	if len(f.CaseTypes) == 2 {
		return [2]CaseType{f.CaseTypes[0], f.CaseTypes[1]}
	}
	return [2]CaseType{Community, Licence}
}

// Work is the field of work an inspection under the framework reads, as the published figures
// say "the inspection of probation casework": probation, or youth justice for a framework whose
// service is a youth justice service.
func (f *Framework) Work() string {
	if f.Service == "" {
		return "probation"
	}
	return strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(f.Service, " service"), " Service"))
}

// ServiceName is what an inspection under the framework inspects: a Probation Delivery Unit,
// unless the framework says otherwise (a youth justice service).
func (f *Framework) ServiceName() string {
	if f.Service != "" {
		return f.Service
	}
	return "Probation Delivery Unit"
}

// Band maps the share of relevant cases judged sufficient to a rating. A band runs from its
// From percentage (inclusive) to the next band's From (exclusive); the last runs to 100%.
type Band struct {
	From   float64 `json:"from"`
	Name   string  `json:"name"`
	Rating Rating  `json:"rating"`
}

// Threshold maps a score range (inclusive at both ends) to an overall rating.
type Threshold struct {
	From   int    `json:"from"`
	To     int    `json:"to"`
	Rating Rating `json:"rating"`
}

type Standard struct {
	ID           string        `json:"id"`
	Domain       string        `json:"domain,omitempty"`
	Name         string        `json:"name"`
	Description  string        `json:"description,omitempty"`
	RatedFrom    RatedFrom     `json:"rated_from"`
	Sample       string        `json:"sample,omitempty"` // the case sample it is rated from, where there are several (applicable.go)
	Counts       *bool         `json:"counts,omitempty"` // false: rated, but not part of the score (CountsToScore)
	KeyQuestions []KeyQuestion `json:"key_questions,omitempty"`
}

// CountsToScore says whether the standard's points are part of the score: absent means they
// are. The youth justice programme rates resettlement policy and provision but leaves it out of
// its score out of 36, so a framework must be able to say so.
func (s Standard) CountsToScore() bool { return s.Counts == nil || *s.Counts }

// KeyQuestion is answered yes or no for every case; a case standard is rated from them.
type KeyQuestion struct {
	ID      string   `json:"id"`
	Theme   string   `json:"theme"`
	Text    string   `json:"text"`
	Prompts []Prompt `json:"prompts,omitempty"`
}

// Prompt is a sub-question under a key question, answered yes, no or (where allowed) not
// applicable.
type Prompt struct {
	ID            string   `json:"id"`
	Text          string   `json:"text"`
	NotApplicable bool     `json:"not_applicable"`
	NotFor        []string `json:"not_for,omitempty"` // yes/no case attributes that exempt a case, e.g. probation_reset
}

// CaseQuestion is any other per-case judgement the report quotes (management oversight, CRS
// referral, outcomes). It is counted but rates nothing.
type CaseQuestion struct {
	ID            string   `json:"id"`
	Group         string   `json:"group"`
	Text          string   `json:"text"`
	NotApplicable bool     `json:"not_applicable"`
	Sample        string   `json:"sample,omitempty"`  // as Standard.Sample
	NotFor        []string `json:"not_for,omitempty"` // as Prompt.NotFor
}

// QuestionKind tells key questions, prompts and other case questions apart.
type QuestionKind string

const (
	KindKey    QuestionKind = "key"
	KindPrompt QuestionKind = "prompt"
	KindCase   QuestionKind = "case"
)

// Question is any answerable question of a framework, flattened for lookup.
type Question struct {
	ID            string
	Kind          QuestionKind
	Standard      string // the standard of a key question or prompt
	KeyQuestion   string // the key question of a prompt
	Text          string
	NotApplicable bool     // whether "not applicable" is an allowed answer
	Sample        string   // the case sample it is asked of; "" for every case
	NotFor        []string // yes/no case attributes that exempt a case (see AppliesTo)
}

// Questions lists every answerable question in framework order: per case standard each key
// question followed by its prompts, then the other case questions.
func (f *Framework) Questions() []Question {
	var qs []Question
	for _, s := range f.Standards {
		for _, k := range s.KeyQuestions {
			qs = append(qs, Question{ID: k.ID, Kind: KindKey, Standard: s.ID, Text: k.Text, Sample: s.Sample})
			for _, p := range k.Prompts {
				qs = append(qs, Question{ID: p.ID, Kind: KindPrompt, Standard: s.ID, KeyQuestion: k.ID, Text: p.Text, NotApplicable: p.NotApplicable, Sample: s.Sample, NotFor: p.NotFor})
			}
		}
	}
	for _, c := range f.CaseQuestions {
		qs = append(qs, Question{ID: c.ID, Kind: KindCase, Text: c.Text, NotApplicable: c.NotApplicable, Sample: c.Sample, NotFor: c.NotFor})
	}
	return qs
}

// Question finds a question by id.
func (f *Framework) Question(id string) (Question, bool) {
	for _, q := range f.Questions() {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// Standard finds a standard by id.
func (f *Framework) Standard(id string) (Standard, bool) {
	for _, s := range f.Standards {
		if s.ID == id {
			return s, true
		}
	}
	return Standard{}, false
}

// CheckAnswer says whether answer is allowed for question q.
func (q Question) CheckAnswer(a Answer) error {
	switch {
	case a == NotApplicable && q.Kind == KindKey:
		return Errorf(EINVALID, "%s is a key question: it is answered yes or no for every case, never n/a", q.ID)
	case a == NotApplicable && !q.NotApplicable:
		return Errorf(EINVALID, "%s does not allow n/a (want yes or no)", q.ID)
	case a == NoAnswer:
		return Errorf(EINVALID, "%s has no answer", q.ID)
	}
	return nil
}

// MaxScore is the highest score the framework allows: every standard that counts towards the
// score at the top rating.
func (f *Framework) MaxScore() int {
	top := 0
	for _, p := range f.Points {
		top = max(top, p)
	}
	return top * len(f.Scored())
}

// Scored lists the standards whose points make up the score, in framework order.
func (f *Framework) Scored() []Standard {
	var out []Standard
	for _, s := range f.Standards {
		if s.CountsToScore() {
			out = append(out, s)
		}
	}
	return out
}

// Band returns the band that yes out of relevant falls in. It compares the exact fraction with
// the band edges (yes*100 >= from*relevant), never a rounded percentage: 64.6% is not 65%.
func (f *Framework) Band(yes, relevant int) (Band, bool) {
	if relevant <= 0 {
		return Band{}, false
	}
	var found Band
	for _, b := range f.Bands {
		if float64(yes)*100 >= b.From*float64(relevant) {
			found = b
		}
	}
	return found, true
}

// OverallRating returns the rating the thresholds give to score.
func (f *Framework) OverallRating(score int) (Rating, bool) {
	for _, t := range f.Overall {
		if score >= t.From && score <= t.To {
			return t.Rating, true
		}
	}
	return 0, false
}

// Validate checks that the framework is complete and consistent: unique ids, every case
// standard with key questions, bands covering 0-100% without gaps, points for every rating,
// thresholds covering every score from 0 to the maximum exactly once.
func (f *Framework) Validate() error {
	p := &Problems{Source: "framework " + f.ID, Need: Need{What: NeedFrameworkFile}, Hint: "fix the framework file; the definition of a built-in framework, such as pdu-2023, is a valid one"}
	if f.ID == "" {
		p.Add("framework has no id")
		p.Source = "framework"
	}
	if f.Name == "" {
		p.Add("framework has no name")
	}
	if len(f.CaseTypes) > 0 {
		if len(f.CaseTypes) != 2 || f.CaseTypes[0] == f.CaseTypes[1] {
			p.Add("case_types %q: give two different case types, in the order the figures show them", f.CaseTypes)
		}
		for _, t := range f.CaseTypes {
			if _, err := ParseCaseType(string(t)); err != nil || t == "" {
				p.Add("case_types: %q is not a case type (want community, licence, court or out-of-court)", t)
			}
		}
	}
	if len(f.Standards) == 0 {
		p.Add("framework has no standards")
	} else if len(f.Scored()) == 0 {
		p.Add("no standard counts towards the score: \"counts\": false is for a standard rated apart from the score, and at least one must count")
	}
	seen := map[string]string{}
	claim := func(id, what string) {
		if strings.TrimSpace(id) == "" {
			p.Add("a %s has an empty id", what)
			return
		}
		if id != strings.TrimSpace(id) || strings.ContainsAny(id, "=,\"") {
			p.Add("%s id %q may not contain spaces at its ends, '=', ',' or quotes", what, id)
		}
		if prev, dup := seen[id]; dup {
			p.Add("id %q is used twice (a %s and a %s)", id, prev, what)
			return
		}
		seen[id] = what
	}
	claim("overall", "reserved word")
	for _, s := range f.Standards {
		claim(s.ID, "standard")
		if s.Name == "" {
			p.Add("standard %s has no name", s.ID)
		}
		checkApplicability(p, "standard "+s.ID, s.Sample, nil, true)
		switch s.RatedFrom {
		case FromInspectors:
			if len(s.KeyQuestions) > 0 {
				p.Add("standard %s is rated from inspectors' judgement but has key questions", s.ID)
			}
			if s.Sample != "" {
				p.Add("standard %s is rated from inspectors' judgement: it reads no case sample (remove \"sample\")", s.ID)
			}
		case FromCases:
			if len(s.KeyQuestions) == 0 {
				p.Add("standard %s is rated from cases but has no key questions", s.ID)
			}
		default:
			p.Add("standard %s: rated_from %q is not allowed (want inspectors or cases)", s.ID, s.RatedFrom)
		}
		for _, k := range s.KeyQuestions {
			claim(k.ID, "key question")
			if k.Text == "" {
				p.Add("key question %s has no text", k.ID)
			}
			for _, pr := range k.Prompts {
				claim(pr.ID, "prompt")
				if pr.Text == "" {
					p.Add("prompt %s has no text", pr.ID)
				}
				checkApplicability(p, "prompt "+pr.ID, "", pr.NotFor, pr.NotApplicable)
			}
		}
	}
	for _, c := range f.CaseQuestions {
		claim(c.ID, "case question")
		if c.Text == "" {
			p.Add("case question %s has no text", c.ID)
		}
		checkApplicability(p, "case question "+c.ID, c.Sample, c.NotFor, c.NotApplicable)
	}

	if len(f.Bands) == 0 {
		p.Add("framework has no rating bands")
	} else {
		if f.Bands[0].From != 0 {
			p.Add("bands leave a gap: the lowest band starts at %g%%, not 0%%", f.Bands[0].From)
		}
		for i, b := range f.Bands {
			if b.Rating == 0 {
				p.Add("band %q has no rating", b.Name)
			}
			if math.IsNaN(b.From) || b.From < 0 || b.From > 100 {
				p.Add("band %q starts at %g%%, outside 0-100%%", b.Name, b.From)
			}
			if i > 0 && b.From <= f.Bands[i-1].From {
				p.Add("bands are not in ascending order: %q (%g%%) after %q (%g%%)", b.Name, b.From, f.Bands[i-1].Name, f.Bands[i-1].From)
			}
			if i > 0 && b.Rating != 0 && b.Rating < f.Bands[i-1].Rating {
				p.Add("band %q rates lower than the band below it", b.Name)
			}
		}
	}
	for _, r := range Ratings {
		if _, ok := f.Points[r]; !ok {
			p.Add("points has no value for %s", r)
		}
	}
	for r, v := range f.Points {
		if v < 0 {
			p.Add("points for %s is negative (%d)", r, v)
		}
	}
	max := f.MaxScore()
	ts := append([]Threshold(nil), f.Overall...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].From < ts[j].From })
	next := 0
	for _, t := range ts {
		if t.Rating == 0 {
			p.Add("overall threshold %d-%d has no rating", t.From, t.To)
		}
		if t.To < t.From {
			p.Add("overall threshold %d-%d ends before it starts", t.From, t.To)
			continue
		}
		switch {
		case t.From > next:
			p.Add("overall thresholds leave scores %d-%d without a rating", next, t.From-1)
		case t.From < next:
			p.Add("overall thresholds overlap at score %d", t.From)
		}
		next = t.To + 1
	}
	if len(ts) == 0 {
		p.Add("framework has no overall thresholds")
	} else if next <= max {
		p.Add("overall thresholds stop at %d but the maximum score is %d", next-1, max)
	} else if next-1 > max {
		p.Add("overall thresholds run to %d but the maximum score is %d", next-1, max)
	}
	f.validateRegionalStandards(p)
	f.validateGuidance(p)
	return p.Err()
}

// ParseFramework reads a framework from JSON and validates it. Unknown fields are refused so
// a misspelt key in a hand-edited file is caught rather than silently ignored.
func ParseFramework(name string, data []byte) (*Framework, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Framework
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := lineCol(data, se.Offset)
			return nil, Errorf(EINVALID, "%s line %d, column %d: %v", name, line, col, err)
		case errors.As(err, &te):
			line, col := lineCol(data, te.Offset)
			e := Errorf(EINVALID, "%s line %d, column %d: field %s: %v", name, line, col, te.Field, err)
			if te.Field == "standards.counts" {
				e = e.WithHint(`"counts" takes true or false: false marks a standard that is rated but ` + NotCountedNote)
			}
			return nil, e
		}
		return nil, Errorf(EINVALID, "%s: %v", name, err).WithNeed(Need{What: NeedFrameworkFile}, "the file must be a framework in JSON, as the definition of a built-in framework such as pdu-2023 is")
	}
	if dec.More() {
		return nil, Errorf(EINVALID, "%s: unexpected data after the framework object", name)
	}
	if err := f.Validate(); err != nil {
		e := err.(*Error)
		return nil, &Error{Code: EINVALID, Message: name + ": " + e.Message, Hint: e.Hint, Need: e.Need}
	}
	return &f, nil
}

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

//go:embed frameworks/*.json
var builtinFS embed.FS

// Builtin returns a built-in framework by id.
func Builtin(id string) (*Framework, error) {
	data, err := fs.ReadFile(builtinFS, path.Join("frameworks", id+".json"))
	if err != nil {
		return nil, Errorf(ENOTFOUND, "there is no built-in framework %q", id).WithNeed(Need{What: NeedFramework}, builtinHint())
	}
	return ParseFramework(id+".json", data)
}

// BuiltinJSON returns the embedded definition of a built-in framework exactly as shipped.
func BuiltinJSON(id string) ([]byte, error) {
	data, err := fs.ReadFile(builtinFS, path.Join("frameworks", id+".json"))
	if err != nil {
		return nil, Errorf(ENOTFOUND, "there is no built-in framework %q", id).WithNeed(Need{What: NeedFramework}, builtinHint())
	}
	return data, nil
}

func builtinHint() string {
	return "choose one of the built-in frameworks: " + strings.Join(BuiltinIDs(), ", ")
}

// BuiltinIDs lists the built-in frameworks.
func BuiltinIDs() []string {
	entries, _ := fs.ReadDir(builtinFS, "frameworks")
	var ids []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok {
			ids = append(ids, name)
		}
	}
	sort.Strings(ids)
	return ids
}

// MarshalFramework writes a framework as indented JSON, the form `framework export` prints.
func MarshalFramework(f *Framework) ([]byte, error) {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("framework %s: %w", f.ID, err)
	}
	return append(b, '\n'), nil
}
