package sqlite

import (
	"context"
	"fmt"

	"fieldwork/figures"
)

// The published figures read an inspection through the store interface they declare.
var _ figures.Store = (*DB)(nil)

// SampleDesign is how fieldwork drew the sample, as the published figures describe it; drawn
// is false when the sample came from elsewhere.
func (db *DB) SampleDesign(ctx context.Context) (d figures.Design, drawn bool, err error) {
	s, drawn, err := db.Sample(ctx)
	if err != nil || !drawn {
		return d, drawn, err
	}
	sd := s.Design
	return figures.Design{Windows: sd.Windows, StratifyBy: sd.StratifyBy, Population: sd.Population, Size: sd.Size,
		Confidence: sd.Confidence, Margin: sd.Margin, Seed: sd.Seed, Excluded: len(s.Exclusions)}, true, nil
}

// SampledCases lists the cases of the drawn sample (those still in it: not reserves, not
// replaced); drawn is false when fieldwork did not draw the sample.
func (db *DB) SampledCases(ctx context.Context) (ids []string, drawn bool, err error) {
	if err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sample_design)`).Scan(&drawn); err != nil {
		return nil, false, fmt.Errorf("%s: reading the sample: %w", db.path, err)
	}
	if !drawn {
		return nil, false, nil
	}
	ids, err = pragmaLines(ctx, db.sql, `SELECT case_id FROM sample_cases WHERE status = 'sampled' ORDER BY case_id`)
	if err != nil {
		return nil, true, fmt.Errorf("%s: reading the sample: %w", db.path, err)
	}
	return ids, true, nil
}
