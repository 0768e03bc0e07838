package sqlite

import (
	"context"
	"fmt"
	"io"

	"fieldwork/casework"
)

// OpenInspection opens the inspection database at path with open (Open or OpenReadOnly) and
// reads its inspection, for a command. When the file was written by an older
// fieldwork and upgraded, it says so on notify, if not nil, with where the copy of the old file
// is kept.
func OpenInspection(ctx context.Context, open func(context.Context, string) (*DB, error), path string, notify io.Writer) (*DB, casework.Inspection, error) {
	db, err := open(ctx, path)
	if err != nil {
		return nil, casework.Inspection{}, err
	}
	if up := db.Upgraded(); up.Backup != "" && notify != nil {
		fmt.Fprintf(notify, "fieldwork: %s was written by an older fieldwork (schema version %d) and has been brought up to date; a copy of it as it was is kept in %s\n",
			db.Path(), up.From, up.Backup)
	}
	ins, err := db.Inspection(ctx)
	if err != nil {
		db.Close()
		return nil, ins, err
	}
	return db, ins, nil
}
