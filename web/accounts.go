package web

import (
	"context"
	"fmt"
	"io"

	"fieldwork/casework"
)

// Accounts is what `fieldwork users` needs of the inspection's database.
type Accounts interface {
	AddAccount(ctx context.Context, a casework.Account) error
	Account(ctx context.Context, name string) (casework.Account, error)
	SetPassword(ctx context.Context, name, hash string) error
	RemoveAccount(ctx context.Context, name string) error
}

// AddAccount adds the account name with role (as --role gives it), its password read from in
// (ReadNewPassword, prompting on prompts), and says so on out.
func AddAccount(ctx context.Context, db Accounts, name, role string, in io.Reader, out, prompts io.Writer) error {
	name, err := casework.AccountName(name)
	if err != nil {
		return err
	}
	r, err := casework.ParseRole(role)
	if err != nil {
		return err
	}
	if _, err := db.Account(ctx, name); err == nil {
		return casework.Errorf(casework.ECONFLICT, "there is already an account named %q", name).
			WithHint("`fieldwork users passwd " + name + "` gives it a new password")
	}
	hash, err := ReadNewPassword(in, prompts, name)
	if err != nil {
		return err
	}
	if err := db.AddAccount(ctx, casework.Account{Name: name, Role: r, PasswordHash: hash}); err != nil {
		return err
	}
	fmt.Fprintf(out, "fieldwork: added the %s account %s\n", r, name)
	return nil
}

// ChangePassword gives the account name a new password, read as AddAccount reads it; the
// server ends the sign-ins made with the old one.
func ChangePassword(ctx context.Context, db Accounts, name string, in io.Reader, out, prompts io.Writer) error {
	if _, err := db.Account(ctx, name); err != nil {
		return err
	}
	hash, err := ReadNewPassword(in, prompts, name)
	if err != nil {
		return err
	}
	if err := db.SetPassword(ctx, name, hash); err != nil {
		return err
	}
	fmt.Fprintf(out, "fieldwork: a new password for %s; its sign-ins have ended\n", name)
	return nil
}

// RemoveAccount removes the account name; the answers it gave keep its name.
func RemoveAccount(ctx context.Context, db Accounts, name string, out io.Writer) error {
	if err := db.RemoveAccount(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(out, "fieldwork: removed the account %s; the answers it gave keep its name\n", name)
	return nil
}
