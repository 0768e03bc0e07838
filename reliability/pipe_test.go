package reliability

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSampleIntoAClosedPipe draws a sample with its output read by something that stops after
// the first line, as `fieldwork sample ... | head -1` does. Whatever becomes of the printing, a
// sample the command set out to store is stored (and its team list written): a closed stdout
// never undoes it. Repeated, since when the pipe closes is a race.
func TestSampleIntoAClosedPipe(t *testing.T) {
	extract, err := filepath.Abs("../examples/sampling/extract.csv")
	if err != nil {
		t.Fatal(err)
	}
	for run := range 6 {
		dir := t.TempDir()
		db := filepath.Join(dir, "sample.db")
		must(t, db, "init", "--framework", "pdu-2023", "--name", "Example PDU")
		team := filepath.Join(dir, "team.csv")
		cmd := command(db, "sample", extract, "--window", "2024-01-22:2024-01-28", "--window", "2024-03-04:2024-03-10",
			"--size", "79", "--reserve", "3", "--seed", "20240901", "-o", team)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Read one line, as head -1 does, then close the pipe.
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			t.Fatalf("run %d: reading the first line: %v", run, err)
		}
		out.Close()
		cmd.Wait() // its status is the printing's business; what was stored is the test's
		list := must(t, db, "sample", "list")
		if !strings.Contains(list, "79 sampled") {
			t.Errorf("run %d: after the pipe closed, `sample list` says:\n%s", run, lastLine(list))
		}
		if _, err := os.Stat(team); err != nil {
			t.Errorf("run %d: the team's list: %v", run, err)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
