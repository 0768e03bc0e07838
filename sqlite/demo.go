package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fieldwork/casework"
	"fieldwork/demo"
)

// WriteDemo writes each synthetic inspection to its own database in dir, one at a
// time so memory holds one inspection. On failure it removes what it wrote.
func WriteDemo(ctx context.Context, g *demo.Generator, dir string) (files []string, err error) {
	defer func() {
		if err != nil {
			for _, f := range files {
				os.Remove(f)
			}
		}
	}()
	for i := range g.Len() {
		ins := g.Inspection(i)
		path := filepath.Join(dir, demo.FileName(ins))
		if err := writeDemo(ctx, path, ins); err != nil {
			return files, err
		}
		files = append(files, path)
	}
	return files, nil
}

// writeDemo writes one synthetic inspection to a new database file, dated in its fieldwork.
func writeDemo(ctx context.Context, path string, ins demo.Inspection) error {
	if _, err := os.Stat(path); err == nil {
		return casework.Errorf(casework.ECONFLICT, "%s already exists: demo writes new databases and never touches an existing one", path).
			WithHint("give --split an empty folder")
	}
	db, err := Create(ctx, path, ins.Inspection)
	if err != nil {
		return err
	}
	// The answers are dated in the inspection's fieldwork, so the history reads as it would.
	clock, _ := time.Parse(time.DateOnly, ins.FieldworkStart)
	clock = clock.Add(9 * time.Hour)
	db.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	err = func() error {
		if _, err := db.SaveCases(ctx, ins.Cases); err != nil {
			return err
		}
		if _, err := db.SaveAnswers(ctx, ins.Judgements, "demo (synthetic)"); err != nil {
			return err
		}
		return db.SetRatings(ctx, ins.Ratings, "demo (synthetic)")
	}()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// WriteNational writes the generator's inspections each to a database of its own in split, as a
// region's would be, and pools them into the new database out (Combine). With split "" they go
// to a temporary folder beside out, removed afterwards.
func WriteNational(ctx context.Context, g *demo.Generator, out, split, name string) ([]Pooled, error) {
	dir := split
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp(filepath.Dir(out), ".demo-*"); err != nil {
			return nil, fmt.Errorf("writing beside %s: %w", out, err)
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	files, err := WriteDemo(ctx, g, dir)
	if err != nil {
		return nil, err
	}
	return Combine(ctx, out, files, CombineOptions{Name: name})
}
