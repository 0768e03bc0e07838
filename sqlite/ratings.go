package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fieldwork/casework"
)

// SetRatings records the inspectors' ratings in one transaction, after checking each against the
// framework (a departure from the data needs its reason). The rating it replaces is kept in the
// rating history.
func (db *DB) SetRatings(ctx context.Context, rs []casework.GivenRating, by string) error {
	ins, err := db.Inspection(ctx)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if err := ins.Framework.CheckGivenRating(r); err != nil {
			return err
		}
	}
	now := db.now()
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			var oldRating, oldReason sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT rating, reason FROM ratings WHERE standard_id = ?`, r.Standard).Scan(&oldRating, &oldReason)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if oldRating.String == r.Rating.String() && oldReason.String == r.Reason {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ratings (standard_id, rating, reason, given_by, given_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (standard_id) DO UPDATE SET rating = excluded.rating, reason = excluded.reason, given_by = excluded.given_by, given_at = excluded.given_at`,
				r.Standard, r.Rating.String(), r.Reason, by, now); err != nil {
				return fmt.Errorf("rating %s: %w", r.Standard, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO rating_history (standard_id, old_rating, new_rating, old_reason, new_reason, given_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				r.Standard, oldRating, r.Rating.String(), oldReason.String, r.Reason, by, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearRating removes a recorded rating (the history keeps it).
func (db *DB) ClearRating(ctx context.Context, id, by string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var old, reason string
		err := tx.QueryRowContext(ctx, `SELECT rating, reason FROM ratings WHERE standard_id = ?`, id).Scan(&old, &reason)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.ENOTFOUND, "no rating is recorded for %q", id).WithHint("`fieldwork score` shows the ratings recorded")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM ratings WHERE standard_id = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rating_history (standard_id, old_rating, new_rating, old_reason, given_by, changed_at) VALUES (?, ?, NULL, ?, ?, ?)`,
			id, old, reason, by, db.now())
		return err
	})
}

// Ratings reads the recorded ratings.
func (db *DB) Ratings(ctx context.Context) ([]casework.GivenRating, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT standard_id, rating, reason FROM ratings ORDER BY standard_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.GivenRating
	for rows.Next() {
		var r casework.GivenRating
		var rating string
		if err := rows.Scan(&r.Standard, &rating, &r.Reason); err != nil {
			return nil, err
		}
		if r.Rating, err = casework.ParseRating(rating); err != nil {
			return nil, fmt.Errorf("stored rating for %s: %w", r.Standard, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CheckGuidance says whether the ratings rs may be recorded under framework fw as the
// inspection stands: one that goes against the decision guidance needs its reason
// (casework.Framework.CheckGuidance).
func (db *DB) CheckGuidance(ctx context.Context, fw *casework.Framework, rs []casework.GivenRating) error {
	tallies, given, err := db.rated(ctx)
	if err != nil {
		return err
	}
	return fw.CheckGuidance(tallies, given, rs)
}

// RatingHistory lists every change to the recorded ratings, oldest first: of standard only, or
// of all when standard is "".
func (db *DB) RatingHistory(ctx context.Context, standard string) ([]casework.RatingChange, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT standard_id, coalesce(old_rating, ''), coalesce(new_rating, ''), old_reason, new_reason, given_by, changed_at
		FROM rating_history WHERE ? = '' OR standard_id = ? ORDER BY id`, standard, standard)
	if err != nil {
		return nil, fmt.Errorf("%s: reading the ratings' history: %w", db.path, err)
	}
	defer rows.Close()
	var out []casework.RatingChange
	for rows.Next() {
		var c casework.RatingChange
		var old, now, at string
		if err := rows.Scan(&c.Standard, &old, &now, &c.OldReason, &c.NewReason, &c.By, &at); err != nil {
			return nil, err
		}
		for _, r := range []struct {
			text string
			to   *casework.Rating
		}{{old, &c.Old}, {now, &c.New}} {
			if r.text == "" {
				continue
			}
			if *r.to, err = casework.ParseRating(r.text); err != nil {
				return nil, fmt.Errorf("%s: the ratings' history of %s: %w", db.path, c.Standard, err)
			}
		}
		c.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, c)
	}
	return out, rows.Err()
}
