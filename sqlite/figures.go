package sqlite

import (
	"context"

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
