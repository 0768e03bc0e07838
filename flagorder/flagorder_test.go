package flagorder

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

func TestHoist(t *testing.T) {
	app := &cli.App{
		Flags: []cli.Flag{&cli.StringFlag{Name: "db"}},
		Commands: []*cli.Command{
			{Name: "judge", Flags: []cli.Flag{&cli.StringFlag{Name: "inspector"}, &cli.BoolFlag{Name: "clear"}}},
			{Name: "rate", Flags: []cli.Flag{InPlace{&cli.StringFlag{Name: "reason"}}, &cli.StringFlag{Name: "by"}}},
			{Name: "sample", Subcommands: []*cli.Command{{Name: "list", Flags: []cli.Flag{&cli.StringFlag{Name: "output", Aliases: []string{"o"}}}}}},
		},
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"flags before the arguments stay", []string{"fw", "judge", "--inspector", "A", "C1", "2.1.1=yes"}, []string{"fw", "judge", "--inspector", "A", "C1", "2.1.1=yes"}},
		{"a flag after the arguments moves before them", []string{"fw", "judge", "C1", "2.1.1=yes", "--inspector", "A N Other"}, []string{"fw", "judge", "--inspector", "A N Other", "C1", "2.1.1=yes"}},
		{"a flag with =", []string{"fw", "judge", "C1", "--inspector=A"}, []string{"fw", "judge", "--inspector=A", "C1"}},
		{"a boolean takes no value", []string{"fw", "judge", "C1", "--clear", "2.1.1="}, []string{"fw", "judge", "--clear", "C1", "2.1.1="}},
		{"a global flag after the command goes before it", []string{"fw", "judge", "C1", "--db", "x.db"}, []string{"fw", "--db", "x.db", "judge", "C1"}},
		{"a subcommand's flag", []string{"fw", "sample", "list", "-o", "team.csv"}, []string{"fw", "sample", "list", "-o", "team.csv"}},
		{"an unknown flag stays as an argument", []string{"fw", "judge", "C1", "-x"}, []string{"fw", "judge", "C1", "-x"}},
		{"after -- nothing moves", []string{"fw", "judge", "--", "C1", "--inspector", "A"}, []string{"fw", "judge", "--", "C1", "--inspector", "A"}},
		{"help", []string{"fw", "judge", "C1", "--help"}, []string{"fw", "judge", "--help", "C1"}},
		{"a flag in place stays among the arguments", []string{"fw", "rate", "2.1=Good", "--reason", "X", "--by", "L", "1.1=Good", "--reason=Y"},
			[]string{"fw", "rate", "--by", "L", "2.1=Good", "--reason", "X", "1.1=Good", "--reason=Y"}},
		{"a flag in place first stays first", []string{"fw", "rate", "--reason", "X", "2.1=Good", "--by", "L"}, []string{"fw", "rate", "--by", "L", "--reason", "X", "2.1=Good"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Hoist(app, tt.args)); diff != "" {
				t.Errorf("Hoist(%q) (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}
