package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"fieldwork/casework"
)

// AddEvidence records the pieces of evidence es in one transaction, after checking each against
// the framework, and returns their ids in order.
func (db *DB) AddEvidence(ctx context.Context, es []casework.Evidence, by string) ([]int64, error) {
	ins, err := db.Inspection(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if err := ins.Framework.CheckEvidence(e); err != nil {
			return nil, err
		}
	}
	var ids []int64
	now := db.now()
	err = db.write(ctx, func(tx *sql.Tx) error {
		ids = ids[:0]
		for _, e := range es {
			res, err := tx.ExecContext(ctx, `INSERT INTO evidence (standard_id, kind, summary, finding, count, publish, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				e.Standard, string(e.Kind), e.Summary, string(e.Finding), e.Count, e.Publish, by, now)
			if err != nil {
				return fmt.Errorf("evidence for %s: %w", e.Standard, err)
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err
}

// Evidence reads the evidence recorded, in the order it was added; for one standard where
// standard is not "".
func (db *DB) Evidence(ctx context.Context, standard string) ([]casework.Evidence, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, standard_id, kind, summary, finding, count, publish, added_by FROM evidence
		WHERE ? = '' OR standard_id = ? ORDER BY id`, standard, standard)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Evidence
	for rows.Next() {
		var e casework.Evidence
		var kind, finding string
		if err := rows.Scan(&e.ID, &e.Standard, &kind, &e.Summary, &finding, &e.Count, &e.Publish, &e.AddedBy); err != nil {
			return nil, err
		}
		// Through the domain's parsers, so a value no build knows cannot pass as evidence.
		if e.Kind, err = casework.ParseEvidenceKind(kind); err != nil {
			return nil, fmt.Errorf("stored evidence %d: %w", e.ID, err)
		}
		if e.Finding, err = casework.ParseFinding(finding); err != nil {
			return nil, fmt.Errorf("stored evidence %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RemoveEvidence deletes the piece of evidence with id.
func (db *DB) RemoveEvidence(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM evidence WHERE id = ?`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return casework.Errorf(casework.ENOTFOUND, "there is no evidence %d", id).WithHint("`fieldwork evidence list` shows the evidence recorded, with its ids")
		}
		return nil
	})
}
