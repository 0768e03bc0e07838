package report

import (
	"fmt"
	"io"
	"text/tabwriter"

	"fieldwork/casework"
)

// Accounts lists the team's accounts: name, role and when added, never the password's hash.
func Accounts(out io.Writer, as []casework.Account) {
	if len(as) == 0 {
		fmt.Fprintln(out, "no accounts: fieldwork serve signs in with the shared password (--password-file), or none on this computer alone")
		return
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "name\trole\tadded\tpassword set")
	for _, a := range as {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Name, a.Role, a.AddedAt.Format("2006-01-02 15:04"), a.PasswordAt.Format("2006-01-02 15:04"))
	}
	tw.Flush()
}

// Allocated says that `fieldwork cases allocate` gave case id to name, unless err says it did
// not; it returns err.
func Allocated(out io.Writer, id, name string, err error) error {
	if err != nil {
		return err
	}
	if name == "" {
		fmt.Fprintf(out, "fieldwork: case %s is allocated to no one\n", id)
	} else {
		fmt.Fprintf(out, "fieldwork: case %s is allocated to %s\n", id, name)
	}
	return nil
}
