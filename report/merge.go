package report

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"fieldwork/casework"
)

// Merge says what a merge brought back from a copy, and lists the answers changed on both sides
// that it left for a person to settle; it reports whether there are any.
func Merge(out io.Writer, name string, m casework.Merged) (conflicts bool) {
	made := m.Copy.MadeAt
	if at, err := time.Parse(time.RFC3339Nano, made); err == nil {
		made = at.Local().Format("2 Jan 2006 15:04")
	}
	fmt.Fprintf(out, "%s (copied from %s on %s):\n", name, m.Copy.MadeFrom, made)
	for _, r := range []struct {
		name string
		st   casework.AnswerImport
	}{{"first", m.First}, {"second", m.Second}} {
		cleared := ""
		if r.st.Cleared > 0 {
			cleared = fmt.Sprintf(", %d cleared as in the copy", r.st.Cleared)
		}
		fmt.Fprintf(out, "  %s reading: %d added, %d changed%s, %d already the same here\n", r.name, r.st.Added, r.st.Changed, cleared, r.st.Unchanged)
	}
	for _, s := range m.Settled {
		fmt.Fprintf(out, "  settled: %s %s (%s reading): %s\n", s.CaseID, s.Question, s.Reading, s.Settled)
	}
	if m.ModerationsBack > 0 {
		fmt.Fprintf(out, "  moderations: %d brought back, each with its reason and moderator\n", m.ModerationsBack)
	}
	if m.Moderations > 0 {
		fmt.Fprintf(out, "  %s in the copy not brought back yet: this database has not both readings of them; merge again once it has\n", Count(m.Moderations, "moderated answer"))
	}
	if len(m.Conflicts) == 0 {
		return false
	}
	fmt.Fprintf(out, "\n%s changed on both sides since the copy was made, left as they are here:\n", Count(len(m.Conflicts), "answer"))
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "CASE\tQUESTION\tREADING\tHERE\tIN THE COPY")
	for _, k := range m.Conflicts {
		here := answeredOrCleared(k.Here, k.HereCleared, k.HereBy, k.HereNote)
		if k.Moderated {
			here += " [moderated]"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", k.CaseID, k.Question, k.Reading, here, answeredOrCleared(k.Copy, k.CopyCleared, k.CopyBy, k.CopyNote))
	}
	w.Flush()
	return true
}

// answeredOrCleared is Answered, or for a cleared answer "cleared" with who and why.
func answeredOrCleared(a casework.Answer, cleared bool, by, note string) string {
	if !cleared {
		return Answered(a, by, note)
	}
	s := "cleared"
	if by != "" {
		s += " (" + by + ")"
	}
	return s + fmt.Sprintf(": %q", note)
}
