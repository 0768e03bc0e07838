-- Only a combined database has these tables (`fieldwork combine`), created when the first
-- inspection is pooled into it; schema.sql stays the schema of one inspection, which every
-- database has. A combined database is otherwise an ordinary inspection database whose cases
-- carry the inspection they came from as their `pdu` attribute, so every command works on it.

-- Each pooled inspection: what belongs to it alone.
CREATE TABLE pdu_inspections (
  pdu             TEXT PRIMARY KEY CHECK (pdu <> ''), -- the inspection's name: its cases' pdu attribute
  region          TEXT NOT NULL DEFAULT '',
  fieldwork_start TEXT NOT NULL DEFAULT '',
  source          TEXT NOT NULL, -- the file it was pooled from
  position        INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

-- The ratings each inspection's inspectors gave (domain one, departures with their reasons), so
-- each PDU's own ratings and score can be shown beside the others.
CREATE TABLE pdu_ratings (
  pdu         TEXT NOT NULL REFERENCES pdu_inspections (pdu),
  standard_id TEXT NOT NULL CHECK (standard_id <> ''),
  rating      TEXT NOT NULL CHECK (rating IN ('Outstanding', 'Good', 'Requires improvement', 'Inadequate')),
  reason      TEXT NOT NULL DEFAULT '',
  given_by    TEXT NOT NULL DEFAULT '',
  given_at    TEXT NOT NULL,
  PRIMARY KEY (pdu, standard_id),
  CHECK (standard_id <> 'overall' OR reason <> '')
) WITHOUT ROWID;
