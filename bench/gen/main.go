// Command gen writes the files bench/side-by-side.sh measures with: a case list and a judgements
// file of -answers answers from the synthetic national data set (framework pdu-2023), into -dir
// as cases.csv and judgements.csv.
//
//	go run ./bench/gen -answers 528000 -dir /tmp/bench
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"fieldwork/casework"
	"fieldwork/demo"
)

func main() {
	answers := flag.Int("answers", 528_000, "answers to write")
	dir := flag.String("dir", ".", "the folder to write cases.csv and judgements.csv in")
	flag.Parse()
	if err := write(*dir, *answers); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(dir string, answers int) error {
	fw, err := casework.Builtin("pdu-2023")
	if err != nil {
		return err
	}
	cases, err := os.Create(filepath.Join(dir, "cases.csv"))
	if err != nil {
		return err
	}
	defer cases.Close()
	judgements, err := os.Create(filepath.Join(dir, "judgements.csv"))
	if err != nil {
		return err
	}
	defer judgements.Close()
	if _, err := demo.WriteAnswerFiles(cases, judgements, fw, answers); err != nil {
		return err
	}
	if err := cases.Close(); err != nil {
		return err
	}
	return judgements.Close()
}
