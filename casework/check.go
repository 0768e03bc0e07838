package casework

import (
	"fmt"
	"strings"
)

// Severity of a finding about a case's answers.
type Severity string

const (
	SeverityError   Severity = "error"   // the case cannot be counted as complete
	SeverityWarning Severity = "warning" // worth a second look; never blocks saving
)

// Finding is one thing CheckCase noticed about a case's answers.
type Finding struct {
	Severity Severity
	Question string
	Message  string
}

// CheckCase looks over one case's answers for what a quality lead would query: key questions not
// yet answered (an error: the case is incomplete), prompts answered under an unanswered key
// question, and a key question whose answer contradicts every answered prompt under it.
func (f *Framework) CheckCase(answers map[string]Answer) []Finding {
	var out []Finding
	for _, s := range f.Standards {
		for _, k := range s.KeyQuestions {
			ka := answers[k.ID]
			var answered, yes, no []string
			for _, p := range k.Prompts {
				switch answers[p.ID] {
				case Yes:
					yes = append(yes, p.ID)
				case No:
					no = append(no, p.ID)
				}
				if answers[p.ID] != NoAnswer {
					answered = append(answered, p.ID)
				}
			}
			switch {
			case ka == NoAnswer && len(answered) > 0:
				out = append(out, Finding{SeverityError, k.ID, fmt.Sprintf("key question %s is not answered, though its prompts %s are", k.ID, strings.Join(answered, ", "))})
			case ka == NoAnswer:
				out = append(out, Finding{SeverityError, k.ID, fmt.Sprintf("key question %s is not answered", k.ID)})
			case ka == Yes && len(no) > 0 && len(yes) == 0:
				out = append(out, Finding{SeverityWarning, k.ID, fmt.Sprintf("key question %s is yes but every answered prompt (%s) is no", k.ID, strings.Join(no, ", "))})
			case ka == No && len(yes) > 0 && len(no) == 0:
				out = append(out, Finding{SeverityWarning, k.ID, fmt.Sprintf("key question %s is no but every answered prompt (%s) is yes", k.ID, strings.Join(yes, ", "))})
			}
		}
	}
	return out
}

// Progress counts how many of a case's questions are answered ("not applicable" is an answer)
// out of all the framework asks.
func (f *Framework) Progress(answers map[string]Answer) (answered, required int) {
	for _, q := range f.Questions() {
		required++
		if answers[q.ID] != NoAnswer {
			answered++
		}
	}
	return answered, required
}
