package demo

import (
	"bufio"
	"fmt"
	"io"

	"fieldwork/casework"
)

// WriteAnswerFiles writes rows answers of the synthetic national data set as a judgements file
// (case_id, question, answer, inspector) and the case list they need (every case of the
// inspections they come from), in the CSV `cases import` and `judgements import` read. It
// returns the cases, for a caller that stores them directly. It is what the import's benchmark
// and bench/side-by-side.sh measure with.
func WriteAnswerFiles(cases, judgements io.Writer, fw *casework.Framework, rows int) ([]casework.Case, error) {
	perCase := len(fw.Questions())
	inspections := (rows/perCase)/MaxCases + 1
	g, err := New(Options{Inspections: inspections, Cases: (rows/perCase)/inspections + 1, Seed: 1, Framework: fw})
	if err != nil {
		return nil, err
	}
	cw, jw := bufio.NewWriter(cases), bufio.NewWriter(judgements)
	fmt.Fprintln(cw, "case_id,case_type,grade,rosh,gender,ethnicity")
	fmt.Fprintln(jw, "case_id,question,answer,inspector")
	var all []casework.Case
	written := 0
	for i := range g.Len() {
		ins := g.Inspection(i)
		for _, c := range ins.Cases {
			fmt.Fprintf(cw, "%s,%s,%s,%s,%s,%s\n", c.ID, c.Type, c.Grade, c.RoSH, c.Gender, c.Ethnicity)
		}
		all = append(all, ins.Cases...)
		for _, j := range ins.Judgements {
			if written == rows {
				break
			}
			fmt.Fprintf(jw, "%s,%s,%s,%s\n", j.CaseID, j.Question, j.Answer, j.Inspector)
			written++
		}
	}
	if written != rows {
		return nil, fmt.Errorf("wrote %d answers, want %d", written, rows)
	}
	if err := cw.Flush(); err != nil {
		return nil, err
	}
	return all, jw.Flush()
}
