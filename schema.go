// Package fieldwork holds what belongs to the whole repository: the SQLite schema, embedded so
// the binary carries it. The domain is in casework; the CLI in cmd/fieldwork.
package fieldwork

import _ "embed"

// Schema is the whole SQLite schema of an inspection database (schema.sql).
//
//go:embed schema.sql
var Schema string
