-- Version 1 to 2: the sample drawn from a caseload extract by `fieldwork sample`. An inspection
-- whose cases were imported by hand has no row in sample_design.
--
-- fieldwork runs this file on a version 1 database, then sets user_version to 2, the number in
-- the file's name. Released files never change: databases out there were made by them.

-- How the sample was drawn: with the same extract, enough to draw it again.
CREATE TABLE sample_design (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  extract        TEXT NOT NULL CHECK (extract <> ''), -- the extract's file name
  extract_sha256 TEXT NOT NULL,
  windows        TEXT NOT NULL CHECK (windows <> ''), -- commencement windows, "FROM:TO FROM:TO"
  case_types     TEXT NOT NULL,                       -- "community,licence"
  exclusions     TEXT NOT NULL DEFAULT '',            -- the rules and lists given, one a line
  stratify_by    TEXT NOT NULL CHECK (stratify_by <> ''), -- "case_type,rosh,gender"
  min_per_type   TEXT NOT NULL DEFAULT '',            -- "licence=30"
  seed           TEXT NOT NULL CHECK (seed <> ''),    -- a uint64, as text: SQLite integers are signed
  size           INTEGER NOT NULL CHECK (size > 0),
  population     INTEGER NOT NULL CHECK (population >= size),
  confidence     REAL NOT NULL CHECK (confidence > 0 AND confidence < 1),
  proportion     REAL NOT NULL CHECK (proportion > 0 AND proportion < 1),
  target_margin  REAL CHECK (target_margin > 0 AND target_margin < 1), -- NULL when the size was given
  margin         REAL NOT NULL CHECK (margin >= 0),   -- the margin of error the size achieves
  reserve        INTEGER NOT NULL CHECK (reserve >= 0), -- reserves drawn per stratum
  drawn_at       TEXT NOT NULL
);

CREATE TABLE sample_strata (
  stratum    TEXT PRIMARY KEY CHECK (stratum <> ''), -- "community / high / male"
  position   INTEGER NOT NULL UNIQUE,
  population INTEGER NOT NULL CHECK (population > 0),
  share      REAL NOT NULL CHECK (share >= 0),       -- the exact proportional share of the size
  allocated  INTEGER NOT NULL CHECK (allocated >= 0 AND allocated <= population)
) WITHOUT ROWID;

-- Every case drawn, for the sample or its reserve list, in each stratum's random order. A
-- replaced case keeps its row and reason, so it is never drawn again.
CREATE TABLE sample_cases (
  case_id     TEXT PRIMARY KEY CHECK (case_id <> '' AND case_id = trim(case_id)),
  stratum     TEXT NOT NULL REFERENCES sample_strata (stratum),
  draw_order  INTEGER NOT NULL CHECK (draw_order > 0),
  status      TEXT NOT NULL CHECK (status IN ('sampled', 'reserve', 'replaced')),
  record      TEXT NOT NULL CHECK (json_valid(record)), -- the case's details, to bring a reserve in
  reason      TEXT NOT NULL DEFAULT '',                  -- why the case was replaced
  replaced_by TEXT REFERENCES sample_cases (case_id),
  changed_at  TEXT NOT NULL,
  UNIQUE (stratum, draw_order),
  CHECK ((status = 'replaced') = (reason <> '')),
  CHECK ((status = 'replaced') = (replaced_by IS NOT NULL))
) WITHOUT ROWID;

-- Every eligible case left out of the population, with its reason.
CREATE TABLE sample_exclusions (
  case_id  TEXT PRIMARY KEY CHECK (case_id <> ''),
  reason   TEXT NOT NULL CHECK (reason <> ''),
  source   TEXT NOT NULL, -- the extract's file and line
  position INTEGER NOT NULL UNIQUE -- the extract's order
) WITHOUT ROWID;

-- The eligible population by case field and value, for the workbook's sample profile.
CREATE TABLE population_profile (
  field TEXT NOT NULL CHECK (field <> ''),
  value TEXT NOT NULL, -- '' is "not recorded"
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (field, value)
) WITHOUT ROWID;
