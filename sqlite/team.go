package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"fieldwork/casework"
)

// The team at one server: members' accounts, who reads each case, and the cases the lead
// inspector has signed off. Sign-off locks a case's answers: the answer checker (answers.go),
// which every writer of answers goes through, refuses any change to a signed-off case.

// AddAccount adds a member of the team; one of that name already there is an ECONFLICT.
func (db *DB) AddAccount(ctx context.Context, a casework.Account) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (name, role, password, added_at, password_at) VALUES (?, ?, ?, ?, ?4) ON CONFLICT (name) DO NOTHING`,
			a.Name, a.Role.String(), a.PasswordHash, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return casework.Errorf(casework.ECONFLICT, "there is already an account named %q", a.Name).
				WithHint("`fieldwork users passwd " + a.Name + "` gives it a new password")
		}
		return nil
	})
}

// SetPassword replaces a member's password. Every sign-in they made before ends, as the
// server sees the password's time change (PasswordAt).
func (db *DB) SetPassword(ctx context.Context, name, hash string) error {
	return db.changeAccount(ctx, name, `UPDATE accounts SET password = ?, password_at = ? WHERE name = ?`, hash, db.now(), name)
}

// RemoveAccount removes a member's account; the answers they gave keep their name.
func (db *DB) RemoveAccount(ctx context.Context, name string) error {
	return db.changeAccount(ctx, name, `DELETE FROM accounts WHERE name = ?`, name)
}

func (db *DB) changeAccount(ctx context.Context, name, query string, args ...any) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return noAccount(name)
		}
		return nil
	})
}

func noAccount(name string) error {
	return casework.Errorf(casework.ENOTFOUND, "there is no account named %q", name).
		WithHint("`fieldwork users list` lists the accounts")
}

// Accounts lists every account by name, with its password hash.
func (db *DB) Accounts(ctx context.Context) ([]casework.Account, error) {
	return db.accounts(ctx, `ORDER BY name`)
}

// Account is the account named name (ENOTFOUND when there is none).
func (db *DB) Account(ctx context.Context, name string) (casework.Account, error) {
	as, err := db.accounts(ctx, `WHERE name = ?`, name)
	if err != nil {
		return casework.Account{}, err
	}
	if len(as) == 0 {
		return casework.Account{}, noAccount(name)
	}
	return as[0], nil
}

func (db *DB) accounts(ctx context.Context, where string, args ...any) ([]casework.Account, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT name, role, password, added_at, password_at FROM accounts `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Account
	for rows.Next() {
		var a casework.Account
		var role, added, changed string
		if err := rows.Scan(&a.Name, &role, &a.PasswordHash, &added, &changed); err != nil {
			return nil, err
		}
		if a.Role, err = casework.ParseRole(role); err != nil {
			return nil, fmt.Errorf("stored account %s: %w", a.Name, err)
		}
		a.AddedAt, _ = time.Parse(time.RFC3339Nano, added)
		a.PasswordAt, _ = time.Parse(time.RFC3339Nano, changed)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Allocate gives the case to inspector to read; "" takes the allocation back.
func (db *DB) Allocate(ctx context.Context, caseID, inspector, by string) error {
	inspector = strings.TrimSpace(inspector)
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := db.knownCase(ctx, tx, caseID); err != nil {
			return err
		}
		if inspector == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM allocations WHERE case_id = ?`, caseID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO allocations (case_id, inspector, allocated_by, allocated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (case_id) DO UPDATE SET inspector = excluded.inspector, allocated_by = excluded.allocated_by, allocated_at = excluded.allocated_at`,
			caseID, inspector, by, db.now())
		return err
	})
}

// Standings are who each case is allocated to and who signed it off, by case id, for the
// cases with either.
func (db *DB) Standings(ctx context.Context) (map[string]casework.Standing, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT c.id, coalesce(a.inspector, ''), coalesce(s.signed_by, '') FROM cases c
		LEFT JOIN allocations a ON a.case_id = c.id LEFT JOIN sign_offs s ON s.case_id = c.id
		WHERE a.case_id IS NOT NULL OR s.case_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]casework.Standing{}
	for rows.Next() {
		var id string
		var st casework.Standing
		if err := rows.Scan(&id, &st.AllocatedTo, &st.SignedOffBy); err != nil {
			return nil, err
		}
		out[id] = st
	}
	return out, rows.Err()
}

// SignOff locks a case's answers as the lead inspector by has checked them. Signing off a case
// signed off already is an ECONFLICT.
func (db *DB) SignOff(ctx context.Context, caseID, by string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := db.knownCase(ctx, tx, caseID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO sign_offs (case_id, signed_by, signed_at) VALUES (?, ?, ?) ON CONFLICT (case_id) DO NOTHING`, caseID, by, db.now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return casework.Errorf(casework.ECONFLICT, "case %s is signed off already", caseID)
		}
		return db.signOffHistory(ctx, tx, caseID, casework.ActionSignOff, by, "")
	})
}

// Reopen takes a sign-off back, so the case's answers can change again; reason says why.
func (db *DB) Reopen(ctx context.Context, caseID, by, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return casework.Errorf(casework.EINVALID, "reopening case %s needs its reason", caseID).
			WithHint("say what needs changing, and why")
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := db.knownCase(ctx, tx, caseID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM sign_offs WHERE case_id = ?`, caseID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return casework.Errorf(casework.ECONFLICT, "case %s is not signed off, so there is nothing to reopen", caseID)
		}
		return db.signOffHistory(ctx, tx, caseID, casework.ActionReopen, by, reason)
	})
}

func (db *DB) knownCase(ctx context.Context, q querier, caseID string) error {
	if _, found, err := loadCase(ctx, q, caseID); err != nil {
		return err
	} else if !found {
		return casework.Errorf(casework.ENOTFOUND, "there is no case %q in this inspection", caseID)
	}
	return nil
}

func (db *DB) signOffHistory(ctx context.Context, tx *sql.Tx, caseID, action, by, reason string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sign_off_history (case_id, action, by_whom, reason, at) VALUES (?, ?, ?, ?, ?)`, caseID, action, by, reason, db.now())
	return err
}

// SignOffHistory lists a case's sign-offs and reopenings, oldest first.
func (db *DB) SignOffHistory(ctx context.Context, caseID string) ([]casework.SignOff, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT action, by_whom, reason, at FROM sign_off_history WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.SignOff
	for rows.Next() {
		s := casework.SignOff{CaseID: caseID}
		var at string
		if err := rows.Scan(&s.Action, &s.By, &s.Reason, &at); err != nil {
			return nil, err
		}
		s.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// signedOff are the cases signed off, with who signed each, for the answer checker.
func signedOff(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT case_id, signed_by FROM sign_offs`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, by string
		if err := rows.Scan(&id, &by); err != nil {
			return nil, err
		}
		out[id] = by
	}
	return out, rows.Err()
}

// LastChanges is when each case's answers (either reading) last changed, for the cases with
// any answer.
func (db *DB) LastChanges(ctx context.Context) (map[string]time.Time, error) {
	// The current versions are in answers and second_readings, the replaced ones in the history,
	// the clearings in answer_clearings.
	rows, err := db.sql.QueryContext(ctx, `SELECT case_id, max(at) FROM (
		SELECT case_id, updated_at AS at FROM answers UNION ALL
		SELECT case_id, updated_at FROM second_readings UNION ALL
		SELECT case_id, changed_at FROM answer_history UNION ALL
		SELECT case_id, changed_at FROM answer_clearings) GROUP BY case_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var id, at string
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		if out[id], err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("stored time of a change to case %s: %w", id, err)
		}
	}
	return out, rows.Err()
}
