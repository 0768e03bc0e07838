package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"fieldwork/casework"
)

// CaseImport counts what an import of cases did.
type CaseImport struct {
	Added, Updated, Unchanged int
	Cleared                   map[string]int // by detail: recorded cases whose detail an empty cell cleared
}

// SaveCases adds new cases and updates the recorded details of existing ones, every detail given.
func (db *DB) SaveCases(ctx context.Context, cases []casework.Case) (CaseImport, error) {
	return db.SaveCaseList(ctx, casework.CaseList{Cases: cases, Given: casework.EveryDetail()})
}

// SaveCaseList adds new cases and updates the recorded details of existing ones, in one
// transaction. A detail the list has no column for, and an attribute not in an updated row, is
// kept: a case list with fewer columns never erases what an earlier one recorded.
func (db *DB) SaveCaseList(ctx context.Context, l casework.CaseList) (CaseImport, error) {
	var st CaseImport
	cases := l.Cases
	err := db.write(ctx, func(tx *sql.Tx) error {
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) FROM cases`).Scan(&pos); err != nil {
			return err
		}
		for _, c := range cases {
			old, found, err := loadCase(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			if found {
				c = c.Keeping(old, l.Given)
				for _, d := range casework.OptionalDetails {
					if old.Field(d) != "" && c.Field(d) == "" {
						if st.Cleared == nil {
							st.Cleared = map[string]int{}
						}
						st.Cleared[d]++
					}
				}
			}
			merged := c
			merged.Attributes = map[string]string{}
			if found {
				maps.Copy(merged.Attributes, old.Attributes)
			}
			maps.Copy(merged.Attributes, c.Attributes)
			switch {
			case !found:
				pos++
				if _, err := tx.ExecContext(ctx, `INSERT INTO cases (id, case_type, grade, rosh, gender, ethnicity, position) VALUES (?, ?, ?, ?, ?, ?, ?)`,
					c.ID, string(c.Type), string(c.Grade), string(c.RoSH), c.Gender, c.Ethnicity, pos); err != nil {
					return fmt.Errorf("case %s: %w", c.ID, err)
				}
				st.Added++
			case sameCase(old, merged):
				st.Unchanged++
				continue
			default:
				if _, err := tx.ExecContext(ctx, `UPDATE cases SET case_type = ?, grade = ?, rosh = ?, gender = ?, ethnicity = ? WHERE id = ?`,
					string(c.Type), string(c.Grade), string(c.RoSH), c.Gender, c.Ethnicity, c.ID); err != nil {
					return fmt.Errorf("case %s: %w", c.ID, err)
				}
				st.Updated++
			}
			for name, value := range c.Attributes {
				if _, err := tx.ExecContext(ctx, `INSERT INTO case_attributes (case_id, name, value) VALUES (?, ?, ?) ON CONFLICT (case_id, name) DO UPDATE SET value = excluded.value`,
					c.ID, name, value); err != nil {
					return fmt.Errorf("case %s attribute %s: %w", c.ID, name, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return CaseImport{}, err
	}
	return st, nil
}

func sameCase(a, b casework.Case) bool {
	return a.Type == b.Type && a.Grade == b.Grade && a.RoSH == b.RoSH && a.Gender == b.Gender &&
		a.Ethnicity == b.Ethnicity && maps.Equal(a.Attributes, b.Attributes)
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func loadCase(ctx context.Context, q querier, id string) (casework.Case, bool, error) {
	cs, err := loadCases(ctx, q, `WHERE id = ?`, id)
	if err != nil || len(cs) == 0 {
		return casework.Case{}, false, err
	}
	return cs[0], true, nil
}

// loadCases reads cases through casework's parsers, so a value some other program wrote into
// the file is caught here rather than miscounted.
func loadCases(ctx context.Context, q querier, where string, args ...any) ([]casework.Case, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_type, grade, rosh, gender, ethnicity FROM cases `+where+` ORDER BY position, id`, args...)
	if err != nil {
		return nil, err
	}
	var cases []casework.Case
	index := map[string]int{}
	for rows.Next() {
		var c casework.Case
		var typ, grade, rosh string
		if err := rows.Scan(&c.ID, &typ, &grade, &rosh, &c.Gender, &c.Ethnicity); err != nil {
			rows.Close()
			return nil, err
		}
		if c.Type, err = casework.ParseCaseType(typ); err != nil {
			rows.Close()
			return nil, fmt.Errorf("stored case %s: %w", c.ID, err)
		}
		if grade != "" {
			if c.Grade, err = casework.ParseGrade(grade); err != nil {
				rows.Close()
				return nil, fmt.Errorf("stored case %s: %w", c.ID, err)
			}
		}
		if rosh != "" {
			if c.RoSH, err = casework.ParseRoSH(rosh); err != nil {
				rows.Close()
				return nil, fmt.Errorf("stored case %s: %w", c.ID, err)
			}
		}
		c.Attributes = map[string]string{}
		index[c.ID] = len(cases)
		cases = append(cases, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return cases, nil
	}
	attrWhere := ""
	if where != "" {
		attrWhere = `WHERE case_id IN (SELECT id FROM cases ` + where + `)`
	}
	rows, err = q.QueryContext(ctx, `SELECT case_id, name, value FROM case_attributes `+attrWhere, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name, value string
		if err := rows.Scan(&id, &name, &value); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			cases[i].Attributes[name] = value
		}
	}
	return cases, rows.Err()
}

// Cases lists the inspection's cases in the order they were first imported.
func (db *DB) Cases(ctx context.Context) ([]casework.Case, error) {
	return loadCases(ctx, db.sql, "")
}

// Case reads one case.
func (db *DB) Case(ctx context.Context, id string) (casework.Case, error) {
	c, ok, err := loadCase(ctx, db.sql, id)
	if err != nil {
		return c, err
	}
	if !ok {
		known, err := storedCaseIDs(ctx, db.sql)
		if err != nil {
			return c, err
		}
		return c, casework.Errorf(casework.ENOTFOUND, "there is no case %q in this inspection%s", id, suggestCase(id, known)).WithHint("`fieldwork cases list` shows the cases")
	}
	return c, nil
}

// AttributeNames lists the extra attributes the cases carry.
func (db *DB) AttributeNames(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT name FROM case_attributes ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// CheckField says whether cases can be grouped by field: a built-in field or a stored attribute.
func (db *DB) CheckField(ctx context.Context, field string) error {
	if slices.Contains(casework.CaseFields, field) {
		return nil
	}
	names, err := db.AttributeNames(ctx)
	if err != nil {
		return err
	}
	if slices.Contains(names, field) {
		return nil
	}
	return casework.Errorf(casework.EINVALID, "cases have no field %q (have %s)", field, joinList(append(slices.Clone(casework.CaseFields), names...))).
		WithHint("attributes come from the extra columns of `fieldwork cases import`; names are lower case")
}

func joinList(xs []string) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s
}
