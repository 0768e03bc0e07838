package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"fieldwork/casework"
	"fieldwork/sampling"
)

// The record of a draw is the sampling package's; these names are the store's for it.
type (
	SampleDesign    = sampling.RecordDesign
	SampleStratum   = sampling.RecordStratum
	SampledCase     = sampling.RecordCase
	SampleExclusion = sampling.Exclusion
	DrawnSample     = sampling.RecordOfDraw
)

// The statuses of a drawn case.
const (
	Sampled  = sampling.StatusSampled
	Reserve  = sampling.StatusReserve
	Replaced = sampling.StatusReplaced
)

// sampleRecord is a drawn case's details as stored, so a reserve can be brought in later.
type sampleRecord struct {
	Type       string            `json:"case_type"`
	Grade      string            `json:"grade,omitempty"`
	RoSH       string            `json:"rosh,omitempty"`
	Gender     string            `json:"gender,omitempty"`
	Ethnicity  string            `json:"ethnicity,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// SaveSample records a drawn sample in one transaction: its design, strata, every drawn case
// with its status, the exclusions with their reasons and the population profile, and the
// sampled cases as the inspection's cases (with attributes stratum and draw_order). A sample
// is drawn once: it refuses an inspection that has one, or has cases imported by hand.
func (db *DB) SaveSample(ctx context.Context, s DrawnSample) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var drawnAt string
		err := tx.QueryRowContext(ctx, `SELECT drawn_at FROM sample_design`).Scan(&drawnAt)
		if err == nil {
			return casework.Errorf(casework.ECONFLICT, "%s: this inspection's sample was drawn already (%s)", db.path, drawnAt).
				WithHint("a sample is drawn once: replace an unsuitable case with `fieldwork sample replace CASE --reason TEXT`, or draw into a new inspection database")
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cases`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return casework.Errorf(casework.ECONFLICT, "%s already has %d cases (imported with `fieldwork cases import`); a drawn sample would be mixed with them", db.path, n).
				WithHint("draw the sample into a new inspection database (`fieldwork --db NEW.db init ...`)")
		}
		d := s.Design
		var target any
		if d.TargetMargin > 0 {
			target = d.TargetMargin
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sample_design (id, extract, extract_sha256, windows, case_types, exclusions, stratify_by, min_per_type, seed, size, population, confidence, proportion, target_margin, margin, reserve, drawn_at)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.Extract, d.ExtractSHA256, strings.Join(d.Windows, " "), strings.Join(d.CaseTypes, ","), strings.Join(d.Exclusions, "\n"),
			strings.Join(d.StratifyBy, ","), strings.Join(d.MinPerType, ","), strconv.FormatUint(d.Seed, 10), d.Size, d.Population,
			d.Confidence, d.Proportion, target, d.Margin, d.Reserve, db.now()); err != nil {
			return fmt.Errorf("storing the sample design: %w", err)
		}
		for i, st := range s.Strata {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sample_strata (stratum, position, population, share, allocated) VALUES (?, ?, ?, ?, ?)`,
				st.Key, i, st.Population, st.Share, st.Allocated); err != nil {
				return fmt.Errorf("stratum %s: %w", st.Key, err)
			}
		}
		now := db.now()
		for _, c := range s.Cases {
			rec, err := json.Marshal(sampleRecord{string(c.Case.Type), string(c.Case.Grade), string(c.Case.RoSH), c.Case.Gender, c.Case.Ethnicity, c.Case.Attributes})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sample_cases (case_id, stratum, draw_order, status, record, changed_at) VALUES (?, ?, ?, ?, ?, ?)`,
				c.Case.ID, c.Stratum, c.DrawOrder, c.Status, string(rec), now); err != nil {
				return fmt.Errorf("drawn case %s: %w", c.Case.ID, err)
			}
			if c.Status == Sampled {
				if err := addSampledCase(ctx, tx, c); err != nil {
					return err
				}
			}
		}
		for i, e := range s.Exclusions {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sample_exclusions (case_id, reason, source, position) VALUES (?, ?, ?, ?)`, e.CaseID, e.Reason, e.Where, i); err != nil {
				return fmt.Errorf("exclusion of %s: %w", e.CaseID, err)
			}
		}
		for field, counts := range s.Profile {
			for value, n := range counts {
				if _, err := tx.ExecContext(ctx, `INSERT INTO population_profile (field, value, count) VALUES (?, ?, ?)`, field, value, n); err != nil {
					return fmt.Errorf("population profile %s=%s: %w", field, value, err)
				}
			}
		}
		return nil
	})
}

// addSampledCase makes a drawn case one of the inspection's cases, last in their order.
func addSampledCase(ctx context.Context, tx *sql.Tx, c SampledCase) error {
	var pos int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) FROM cases`).Scan(&pos); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cases (id, case_type, grade, rosh, gender, ethnicity, position) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.Case.ID, string(c.Case.Type), string(c.Case.Grade), string(c.Case.RoSH), c.Case.Gender, c.Case.Ethnicity, pos+1); err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return casework.Errorf(casework.ECONFLICT, "case %s is already one of the inspection's cases", c.Case.ID)
		}
		return fmt.Errorf("case %s: %w", c.Case.ID, err)
	}
	attrs := maps.Clone(c.Case.Attributes)
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrs["stratum"] = c.Stratum
	attrs["draw_order"] = strconv.Itoa(c.DrawOrder)
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_attributes (case_id, name, value) VALUES (?, ?, ?)`, c.Case.ID, name, attrs[name]); err != nil {
			return fmt.Errorf("case %s attribute %s: %w", c.Case.ID, name, err)
		}
	}
	return nil
}

// ReplaceSampledCase takes a sampled case found unsuitable (transferred out, deceased, wrongly
// recorded) out of the inspection and brings in the next reserve of its stratum, recording why.
// The replaced case keeps its place in the record and never returns. A case with answers
// recorded is refused: replacing it would set an inspector's work aside.
func (db *DB) ReplaceSampledCase(ctx context.Context, caseID, reason string) (replacement SampledCase, err error) {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		return replacement, casework.Errorf(casework.EINVALID, "a replacement needs a reason (it is logged with the sample)").
			WithHint(`add --reason "transferred out before fieldwork", for example`)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := requireDrawnSample(ctx, tx, db.path); err != nil {
			return err
		}
		var stratum, status, replacedBy, changedAt string
		var by sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT stratum, status, replaced_by, changed_at FROM sample_cases WHERE case_id = ?`, caseID).Scan(&stratum, &status, &by, &changedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.ENOTFOUND, "%s was not drawn for this inspection's sample", caseID).
				WithHint("`fieldwork sample list` shows the sample and its reserves (case ids are as the extract wrote them)")
		}
		if err != nil {
			return err
		}
		replacedBy = by.String
		switch status {
		case Reserve:
			return casework.Errorf(casework.EINVALID, "%s is a reserve of stratum %s, not in the sample", caseID, stratum).
				WithHint("only a sampled case can be replaced; reserves come in, in order, when one is")
		case Replaced:
			when, _ := time.Parse(time.RFC3339Nano, changedAt)
			return casework.Errorf(casework.ECONFLICT, "%s was replaced already, by %s on %s; a replaced case never returns", caseID, replacedBy, when.Format("2006-01-02 15:04 MST"))
		}
		var answers int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM answer_versions WHERE case_id = ?`, caseID).Scan(&answers); err != nil {
			return err
		}
		if answers > 0 {
			return casework.Errorf(casework.ECONFLICT, "%s has answers recorded; replacing it would set an inspector's work aside", caseID).
				WithHint("a case found unsuitable after reading began stays in the inspection; see `fieldwork history " + caseID + "`")
		}
		var rec string
		err = tx.QueryRowContext(ctx, `SELECT case_id, draw_order, record FROM sample_cases WHERE stratum = ? AND status = 'reserve' ORDER BY draw_order LIMIT 1`, stratum).
			Scan(&replacement.Case.ID, &replacement.DrawOrder, &rec)
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.ECONFLICT, "stratum %s has no reserve left to replace %s", stratum, caseID).
				WithHint("add a case from the extract by hand with `fieldwork cases import`, recording why, or keep the case")
		}
		if err != nil {
			return err
		}
		if replacement.Case, err = decodeRecord(replacement.Case.ID, rec); err != nil {
			return err
		}
		now := db.now()
		replacement.Stratum, replacement.Status, replacement.ChangedAt = stratum, Sampled, db.Now().UTC()
		if _, err := tx.ExecContext(ctx, `DELETE FROM cases WHERE id = ?`, caseID); err != nil {
			return fmt.Errorf("taking %s out: %w", caseID, err)
		}
		if err := addSampledCase(ctx, tx, replacement); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sample_cases SET status = 'sampled', changed_at = ? WHERE case_id = ?`, now, replacement.Case.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sample_cases SET status = 'replaced', reason = ?, replaced_by = ?, changed_at = ? WHERE case_id = ?`, reason, replacement.Case.ID, now, caseID)
		return err
	})
	return replacement, err
}

func requireDrawnSample(ctx context.Context, q querier, path string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sample_design`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return casework.Errorf(casework.ENOTFOUND, "%s: this inspection's sample was not drawn by fieldwork", path).
			WithHint("draw it from the caseload extract with `fieldwork sample EXTRACT --window FROM:TO ...`")
	}
	return nil
}

func decodeRecord(id, rec string) (casework.Case, error) {
	var r sampleRecord
	if err := json.Unmarshal([]byte(rec), &r); err != nil {
		return casework.Case{}, fmt.Errorf("stored sample case %s: %w", id, err)
	}
	c := casework.Case{ID: id, Gender: r.Gender, Ethnicity: r.Ethnicity, Attributes: r.Attributes}
	var err error
	if c.Type, err = casework.ParseCaseType(r.Type); err != nil {
		return c, fmt.Errorf("stored sample case %s: %w", id, err)
	}
	if r.Grade != "" {
		if c.Grade, err = casework.ParseGrade(r.Grade); err != nil {
			return c, fmt.Errorf("stored sample case %s: %w", id, err)
		}
	}
	if r.RoSH != "" {
		if c.RoSH, err = casework.ParseRoSH(r.RoSH); err != nil {
			return c, fmt.Errorf("stored sample case %s: %w", id, err)
		}
	}
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	return c, nil
}

// Sample reads back what `fieldwork sample` recorded; ok is false when the inspection's sample
// was not drawn by fieldwork.
func (db *DB) Sample(ctx context.Context) (s DrawnSample, ok bool, err error) {
	var windows, types, exclusions, strata, minimum, seed, drawnAt string
	var target sql.NullFloat64
	d := &s.Design
	err = db.sql.QueryRowContext(ctx, `SELECT extract, extract_sha256, windows, case_types, exclusions, stratify_by, min_per_type, seed, size, population, confidence, proportion, target_margin, margin, reserve, drawn_at FROM sample_design`).
		Scan(&d.Extract, &d.ExtractSHA256, &windows, &types, &exclusions, &strata, &minimum, &seed, &d.Size, &d.Population, &d.Confidence, &d.Proportion, &target, &d.Margin, &d.Reserve, &drawnAt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("%s: reading the sample: %w", db.path, err)
	}
	d.Windows, d.CaseTypes, d.Exclusions = fields(windows, " "), fields(types, ","), fields(exclusions, "\n")
	d.StratifyBy, d.MinPerType = fields(strata, ","), fields(minimum, ",")
	d.TargetMargin = target.Float64
	if d.Seed, err = strconv.ParseUint(seed, 10, 64); err != nil {
		return s, false, fmt.Errorf("%s: stored seed %q: %w", db.path, seed, err)
	}
	d.DrawnAt, _ = time.Parse(time.RFC3339Nano, drawnAt)

	rows, err := db.sql.QueryContext(ctx, `SELECT stratum, population, share, allocated FROM sample_strata ORDER BY position`)
	if err != nil {
		return s, false, err
	}
	for rows.Next() {
		var st SampleStratum
		if err := rows.Scan(&st.Key, &st.Population, &st.Share, &st.Allocated); err != nil {
			rows.Close()
			return s, false, err
		}
		s.Strata = append(s.Strata, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, false, err
	}

	rows, err = db.sql.QueryContext(ctx, `SELECT c.case_id, c.stratum, c.draw_order, c.status, c.record, c.reason, coalesce(c.replaced_by, ''), c.changed_at
		FROM sample_cases c JOIN sample_strata s USING (stratum) ORDER BY s.position, c.draw_order`)
	if err != nil {
		return s, false, err
	}
	for rows.Next() {
		var c SampledCase
		var rec, changed string
		if err := rows.Scan(&c.Case.ID, &c.Stratum, &c.DrawOrder, &c.Status, &rec, &c.Reason, &c.ReplacedBy, &changed); err != nil {
			rows.Close()
			return s, false, err
		}
		if c.Case, err = decodeRecord(c.Case.ID, rec); err != nil {
			rows.Close()
			return s, false, err
		}
		c.ChangedAt, _ = time.Parse(time.RFC3339Nano, changed)
		s.Cases = append(s.Cases, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, false, err
	}

	rows, err = db.sql.QueryContext(ctx, `SELECT case_id, reason, source FROM sample_exclusions ORDER BY position`)
	if err != nil {
		return s, false, err
	}
	for rows.Next() {
		var e SampleExclusion
		if err := rows.Scan(&e.CaseID, &e.Reason, &e.Where); err != nil {
			rows.Close()
			return s, false, err
		}
		s.Exclusions = append(s.Exclusions, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, false, err
	}
	s.Profile, err = db.profile(ctx, "")
	return s, true, err
}

func fields(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

// PopulationProfile counts the eligible population the sample was drawn from by a case field
// (case_type, grade, rosh, gender, ethnicity, or a stratum field), value "" standing for not
// recorded. drawn is false, with no counts, when the inspection's sample was not drawn by
// fieldwork: the population is then unknown.
func (db *DB) PopulationProfile(ctx context.Context, field string) (counts map[string]int, drawn bool, err error) {
	if err := requireDrawnSample(ctx, db.sql, db.path); casework.ErrorCode(err) == casework.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	p, err := db.profile(ctx, field)
	if err != nil {
		return nil, true, err
	}
	if len(p[field]) == 0 {
		var have []string
		rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT field FROM population_profile ORDER BY field`)
		if err != nil {
			return nil, true, err
		}
		defer rows.Close()
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				return nil, true, err
			}
			have = append(have, f)
		}
		return nil, true, casework.Errorf(casework.ENOTFOUND, "the population profile has no field %q (it has %s)", field, strings.Join(have, ", "))
	}
	return p[field], true, nil
}

// profile reads the population profile of one field, or of every field when field is "".
func (db *DB) profile(ctx context.Context, field string) (map[string]map[string]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT field, value, count FROM population_profile WHERE ? = '' OR field = ?`, field, field)
	if err != nil {
		return nil, fmt.Errorf("%s: reading the population profile: %w", db.path, err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var f, v string
		var n int
		if err := rows.Scan(&f, &v, &n); err != nil {
			return nil, err
		}
		if out[f] == nil {
			out[f] = map[string]int{}
		}
		out[f][v] = n
	}
	return out, rows.Err()
}
