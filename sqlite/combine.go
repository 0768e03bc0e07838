package sqlite

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fieldwork/casework"
	"fieldwork/figures"
)

// PDUField is the case attribute in which a combined database keeps the inspection each case
// came from.
const PDUField = figures.PDUField

// RegionField is the case attribute holding the region of the inspection a case came from, for
// splitting a national database by region.
const RegionField = "region"

//go:embed pooled.sql
var pooledSchema string

// CombineOptions says what the combined inspection is called and how its case ids are formed.
type CombineOptions struct {
	Name   string // e.g. "Yorkshire and the Humber"
	Region string // "" takes the region the inspections share, if they share one
	// PrefixIDs prefixes every case id with its file's name ("kirklees/KL001"), for pooling
	// inspections whose case ids collide although they are different people.
	PrefixIDs bool
	// Framework, when given, is stored in the combined database instead of the inspections'
	// own: the same questions and rating rules, with the regional standards to rate the region
	// by (a corrected pooling rule, or one the inspections were started without).
	Framework *casework.Framework
}

// Pooled is what Combine took from one file (figures.PooledFile).
type Pooled = figures.PooledFile

// source is one file to pool, as read before anything is written.
type source struct {
	file     string
	ins      casework.Inspection
	combined bool
	pdus     []string
	prefix   string
}

// Combine pools the cases of several inspection databases into a new database at out: cases
// with their attributes, answers and answer history, second readings and moderations, each case
// keeping its inspection as the attribute pdu (and its region as region), and each inspection's
// given ratings. What belongs to one inspection's own fieldwork (its drawn sample, the
// bookkeeping of copies merged into it) stays in its file. The inspections
// must share one framework, and a case id may be in only one of them. It writes to a temporary
// file beside out and puts it in place only when every file is pooled: all or nothing. It never
// touches an existing out. Files are copied inside SQLite (ATTACH and INSERT ... SELECT), so
// memory does not grow with the number of answers.
func Combine(ctx context.Context, out string, files []string, opt CombineOptions) ([]Pooled, error) {
	if len(files) == 0 {
		return nil, casework.Errorf(casework.EINVALID, "nothing to combine: name the inspection databases to pool").
			WithHint("fieldwork combine -o region.db --name \"Yorkshire and the Humber\" kirklees.db sheffield.db ...")
	}
	if _, err := os.Stat(out); err == nil {
		return nil, casework.Errorf(casework.ECONFLICT, "%s already exists: combine writes a new database and never touches an existing one", out).
			WithHint("choose another -o path, or remove the file yourself if you are sure it holds nothing you need")
	}
	sources, err := readSources(ctx, files, opt.PrefixIDs)
	if err != nil {
		return nil, err
	}
	fw, err := combinedFramework(sources, opt.Framework)
	if err != nil {
		return nil, err
	}
	region := opt.Region
	if region == "" {
		region = sharedRegion(sources)
	}
	tmp, err := tempBeside(out)
	if err != nil {
		return nil, err
	}
	db, err := Create(ctx, tmp, casework.Inspection{Name: opt.Name, Region: region, Framework: fw})
	if err != nil {
		return nil, err
	}
	var pooled []Pooled
	err = func() error {
		defer db.Close()
		if err := db.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, pooledSchema)
			return err
		}); err != nil {
			return fmt.Errorf("%s: creating the pooled inspections' tables: %w", out, err)
		}
		// ATTACH holds for one connection only, and cannot run inside a transaction.
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		for _, s := range sources {
			p, err := db.pool(ctx, conn, s)
			if err != nil {
				return err
			}
			pooled = append(pooled, p)
		}
		return nil
	}()
	if err == nil {
		err = putInPlace(tmp, out)
	}
	if err != nil {
		removeDB(tmp)
		return nil, err
	}
	return pooled, nil
}

// readSources opens every file and checks that they can be pooled, before anything is written.
func readSources(ctx context.Context, files []string, prefixIDs bool) ([]source, error) {
	var sources []source
	var infos []os.FileInfo
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return nil, casework.Errorf(casework.ENOTFOUND, "%s does not exist", f).WithHint("name the inspection databases to pool")
		}
		for i, prev := range infos {
			if os.SameFile(prev, info) {
				return nil, casework.Errorf(casework.EINVALID, "%s is given twice (also as %s): each inspection is pooled once", f, sources[i].file)
			}
		}
		infos = append(infos, info)
		s, err := readSource(ctx, f)
		if err != nil {
			return nil, err
		}
		if prefixIDs {
			s.prefix = strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)) + "/"
		}
		sources = append(sources, s)
	}
	if err := sameFramework(sources); err != nil {
		return nil, err
	}
	seenPDU := map[string]string{}
	seenPrefix := map[string]string{}
	for _, s := range sources {
		for _, pdu := range s.pdus {
			if prev, dup := seenPDU[pdu]; dup {
				return nil, casework.Errorf(casework.EINVALID, "the inspection %q is in both %s and %s: each inspection is pooled once", pdu, prev, s.file).
					WithHint("to set an inspection against its previous one, use `fieldwork compare PREVIOUS.db CURRENT.db`")
			}
			seenPDU[pdu] = s.file
		}
		if s.prefix != "" {
			if prev, dup := seenPrefix[s.prefix]; dup {
				return nil, casework.Errorf(casework.EINVALID, "%s and %s have the same file name, so --prefix-ids would give their cases the same prefix %q", prev, s.file, s.prefix).
					WithHint("rename one of the files")
			}
			seenPrefix[s.prefix] = s.file
		}
	}
	return sources, nil
}

func readSource(ctx context.Context, file string) (source, error) {
	s := source{file: file}
	db, err := OpenReadOnly(ctx, file)
	if err != nil {
		return s, err
	}
	defer db.Close()
	if s.ins, err = db.Inspection(ctx); err != nil {
		return s, err
	}
	pis, err := db.PooledInspections(ctx)
	if err != nil {
		return s, err
	}
	if pis == nil {
		s.pdus = []string{s.ins.Name}
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM case_attributes WHERE name = ?`, PDUField).Scan(&n); err != nil {
			return s, err
		}
		if n > 0 {
			return s, casework.Errorf(casework.EINVALID, "%s: its cases already have a %s attribute, which combine keeps each case's inspection in", file, PDUField).
				WithHint("rename that column of the case list and import it again")
		}
		return s, nil
	}
	s.combined = true
	for _, p := range pis {
		s.pdus = append(s.pdus, p.PDU)
	}
	return s, nil
}

// sameFramework refuses to pool inspections rated by different frameworks: their answers mean
// different things, or are rated by different rules.
func sameFramework(sources []source) error {
	byID := map[string][]string{}
	var ids []string
	for _, s := range sources {
		id := s.ins.Framework.ID
		if byID[id] == nil {
			ids = append(ids, id)
		}
		byID[id] = append(byID[id], s.file)
	}
	if len(ids) > 1 {
		sort.Strings(ids)
		var lines []string
		for _, id := range ids {
			lines = append(lines, fmt.Sprintf("%s: %s", id, fileList(byID[id])))
		}
		return casework.Errorf(casework.EINVALID, "cannot pool inspections run under different frameworks:\n  %s", strings.Join(lines, "\n  ")).
			WithHint("combine the inspections of one programme at a time; `fieldwork compare` sets an inspection against one under another programme")
	}
	first := sources[0]
	for _, s := range sources[1:] {
		if part := first.ins.Framework.Differs(s.ins.Framework); part != "" {
			return casework.Errorf(casework.EINVALID, "%s and %s both use framework %s, but their stored definitions differ in the %s", first.file, s.file, first.ins.Framework.ID, part).
				WithHint("an inspection keeps the framework it was started with; pool only inspections rated by the same rules")
		}
	}
	return nil
}

// combinedFramework is the framework the combined database keeps: given, it must match every
// inspection's in all but the regional standards; otherwise the inspections' own, which must
// then agree on the regional standards too.
func combinedFramework(sources []source, given *casework.Framework) (*casework.Framework, error) {
	if given != nil {
		for _, s := range sources {
			if part := given.Differs(s.ins.Framework); part != "" {
				return nil, casework.Errorf(casework.EINVALID, "%s: its framework %s differs from the framework given (%s) in the %s", s.file, s.ins.Framework.ID, given.ID, part).
					WithHint("give a framework that differs from the inspections' only in its regional standards")
			}
		}
		return given, nil
	}
	first := sources[0]
	for _, s := range sources[1:] {
		if !first.ins.Framework.SameRegionalStandards(s.ins.Framework) {
			return nil, casework.Errorf(casework.EINVALID, "%s and %s declare different regional standards in their stored framework %s, so it is not clear how to rate the region", first.file, s.file, first.ins.Framework.ID).
				WithHint("say which to rate it by with --framework, e.g. --framework " + first.ins.Framework.ID + " for the built-in one, or a framework file")
		}
	}
	return first.ins.Framework, nil
}

// fileList names files, the first few of a long list.
func fileList(files []string) string {
	const shown = 5
	if len(files) <= shown {
		return strings.Join(files, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(files[:shown], ", "), len(files)-shown)
}

func sharedRegion(sources []source) string {
	region := sources[0].ins.Region
	for _, s := range sources[1:] {
		if s.ins.Region != region {
			return ""
		}
	}
	return region
}

// pool copies one file into db through conn, in one transaction.
func (db *DB) pool(ctx context.Context, conn *sql.Conn, s source) (p Pooled, err error) {
	p = Pooled{File: s.file, PDUs: s.pdus}
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, s.file); err != nil {
		return p, fmt.Errorf("%s: %w", s.file, err)
	}
	defer func() {
		if _, derr := conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE src`); derr != nil && err == nil {
			err = fmt.Errorf("%s: %w", s.file, derr)
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return p, fmt.Errorf("%s: %w", s.file, err)
	}
	defer tx.Rollback()
	if err := refuseSharedIDs(ctx, tx, s); err != nil {
		return p, err
	}
	var offset, pduOffset int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) FROM main.cases`).Scan(&offset); err != nil {
		return p, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) FROM main.pdu_inspections`).Scan(&pduOffset); err != nil {
		return p, err
	}
	// Each file's version ids follow those of the files before it, in the same order.
	var versionOffset int64
	if err := tx.QueryRowContext(ctx, `SELECT last FROM main.answer_version_counter WHERE id = 1`).Scan(&versionOffset); err != nil {
		return p, err
	}
	steps := []poolStep{
		{"cases", `INSERT INTO main.cases (id, case_type, grade, rosh, gender, ethnicity, position, version)
			SELECT ? || id, case_type, grade, rosh, gender, ethnicity, position + ?, version FROM src.cases ORDER BY position, id`,
			[]any{s.prefix, offset}, &p.Cases},
		{"case attributes", `INSERT INTO main.case_attributes (case_id, name, value) SELECT ? || case_id, name, value FROM src.case_attributes`,
			[]any{s.prefix}, nil},
		{"answers", `INSERT INTO main.answers (case_id, question_id, answer, inspector, note, updated_at, version, source)
			SELECT ? || case_id, question_id, answer, inspector, note, updated_at, iif(version > 0, version + ?, 0), source FROM src.answers`,
			[]any{s.prefix, versionOffset}, &p.Answers},
		{"answer history", `INSERT INTO main.answer_history (id, case_id, question_id, answer, note, inspector, source, changed_at, reading)
			SELECT id + ?, ? || case_id, question_id, answer, note, inspector, source, changed_at, reading FROM src.answer_history ORDER BY id`,
			[]any{versionOffset, s.prefix}, nil},
		{"cleared answers", `INSERT INTO main.answer_clearings (id, case_id, question_id, reading, inspector, source, changed_at, reason)
			SELECT id + ?, ? || case_id, question_id, reading, inspector, source, changed_at, reason FROM src.answer_clearings ORDER BY id`,
			[]any{versionOffset, s.prefix}, nil},
		{"second readings", `INSERT INTO main.second_readings (case_id, question_id, answer, inspector, note, updated_at, version, source)
			SELECT ? || case_id, question_id, answer, inspector, note, updated_at, iif(version > 0, version + ?, 0), source FROM src.second_readings`,
			[]any{s.prefix, versionOffset}, nil},
		{"answer versions", `UPDATE main.answer_version_counter SET last = last + (SELECT last FROM src.answer_version_counter WHERE id = 1) WHERE id = 1`,
			nil, nil},
		{"moderations", `INSERT INTO main.moderations (case_id, question_id, answer, first_answer, second_answer, reason, moderator, moderated_at)
			SELECT ? || case_id, question_id, answer, first_answer, second_answer, reason, moderator, moderated_at FROM src.moderations`,
			[]any{s.prefix}, nil},
	}
	if s.ins.Region != "" {
		// A combined file's cases may know their region already; then that stands.
		steps = append(steps, poolStep{"regions", `INSERT INTO main.case_attributes (case_id, name, value) SELECT ? || id, ?, ? FROM src.cases WHERE true
			ON CONFLICT (case_id, name) DO NOTHING`, []any{s.prefix, RegionField, s.ins.Region}, nil})
	}
	if s.combined {
		steps = append(steps, []poolStep{
			{"pooled inspections", `INSERT INTO main.pdu_inspections (pdu, region, fieldwork_start, source, position)
				SELECT pdu, region, fieldwork_start, source, position + ? FROM src.pdu_inspections ORDER BY position`, []any{pduOffset}, nil},
			{"pooled inspections' ratings", `INSERT INTO main.pdu_ratings SELECT pdu, standard_id, rating, reason, given_by, given_at FROM src.pdu_ratings`, nil, nil},
		}...)
	} else {
		pdu := s.ins.Name
		steps = append(steps, []poolStep{
			{"the inspection", `INSERT INTO main.case_attributes (case_id, name, value) SELECT ? || id, ?, ? FROM src.cases`, []any{s.prefix, PDUField, pdu}, nil},
			{"the inspection", `INSERT INTO main.pdu_inspections (pdu, region, fieldwork_start, source, position) VALUES (?, ?, ?, ?, ?)`,
				[]any{pdu, s.ins.Region, s.ins.FieldworkStart, filepath.Base(s.file), pduOffset + 1}, nil},
			{"the inspection's ratings", `INSERT INTO main.pdu_ratings (pdu, standard_id, rating, reason, given_by, given_at)
				SELECT ?, standard_id, rating, reason, given_by, given_at FROM src.ratings`, []any{pdu}, nil},
		}...)
	}
	for _, st := range steps {
		res, err := tx.ExecContext(ctx, st.query, st.args...)
		if err != nil {
			return p, fmt.Errorf("%s: pooling %s: %w", s.file, st.what, err)
		}
		if st.count != nil {
			n, _ := res.RowsAffected()
			*st.count = int(n)
		}
	}
	if err := db.commit(tx); err != nil {
		return p, fmt.Errorf("%s: %w", s.file, err)
	}
	return p, nil
}

// poolStep is one statement of pooling a file: what it copies, and where to count its rows.
type poolStep struct {
	what  string
	query string
	args  []any
	count *int
}

// refuseSharedIDs refuses a file whose case ids are already pooled: a case id (a CRN) names one
// person, so the same id in two inspections is either one person in both samples or a mistake,
// and someone must look before the two are counted as two cases.
func refuseSharedIDs(ctx context.Context, tx *sql.Tx, s source) error {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, coalesce(p.source, '') FROM src.cases s
		JOIN main.cases m ON m.id = ? || s.id
		LEFT JOIN main.case_attributes a ON a.case_id = m.id AND a.name = ?
		LEFT JOIN main.pdu_inspections p ON p.pdu = a.value
		ORDER BY s.position, s.id`, s.prefix, PDUField)
	if err != nil {
		return err
	}
	defer rows.Close()
	p := &casework.Problems{Source: s.file,
		Hint: "a case id may be in one pooled inspection only; if these are different people who share an id, combine with --prefix-ids (each case id becomes FILE/ID)"}
	for rows.Next() {
		var id, other string
		if err := rows.Scan(&id, &other); err != nil {
			return err
		}
		p.Add("%s: case %q is also in %s", s.file, s.prefix+id, other)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return p.Err()
}

// tempBeside names a file beside path that does not exist, for writing path in full before
// it appears.
func tempBeside(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.combining")
	if err != nil {
		return "", fmt.Errorf("creating a file beside %s: %w", path, err)
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}

// putInPlace moves the finished file tmp to out, refusing to replace a file that appeared
// meanwhile.
func putInPlace(tmp, out string) error {
	err := os.Link(tmp, out)
	switch {
	case errors.Is(err, os.ErrExist):
		return casework.Errorf(casework.ECONFLICT, "%s appeared while combining: it is left as it is", out)
	case err != nil:
		// Some file systems have no hard links; the check at the start guards the rename.
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("writing %s: %w", out, err)
		}
		return nil
	}
	return os.Remove(tmp)
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// PooledInspection is one inspection pooled into a combined database: the published figures'
// own type, so that they read it through their store.
type PooledInspection = figures.PooledInspection

// PooledInspections lists the inspections pooled into a combined database, in the order they
// were pooled, with the ratings their inspectors gave; nil for a single inspection's database.
func (db *DB) PooledInspections(ctx context.Context) ([]PooledInspection, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'pdu_inspections'`).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT pdu, region, fieldwork_start, source FROM pdu_inspections ORDER BY position`)
	if err != nil {
		return nil, err
	}
	out := []PooledInspection{}
	index := map[string]int{}
	for rows.Next() {
		var p PooledInspection
		if err := rows.Scan(&p.PDU, &p.Region, &p.FieldworkStart, &p.Source); err != nil {
			rows.Close()
			return nil, err
		}
		index[p.PDU] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT pdu, standard_id, rating, reason FROM pdu_ratings ORDER BY pdu, standard_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pdu, rating string
		var g casework.GivenRating
		if err := rows.Scan(&pdu, &g.Standard, &rating, &g.Reason); err != nil {
			return nil, err
		}
		if g.Rating, err = casework.ParseRating(rating); err != nil {
			return nil, fmt.Errorf("stored rating of %s for %s: %w", pdu, g.Standard, err)
		}
		if i, ok := index[pdu]; ok {
			out[i].Given = append(out[i].Given, g)
		}
	}
	return out, rows.Err()
}
