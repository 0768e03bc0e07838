-- Schema version 1: schema.sql as fieldwork ran it on a new database at commit 5e33a1e, kept
-- unchanged so each migration is tested on a file as that version wrote it. History: never edit.

-- The whole fieldwork schema: one inspection per database file. fieldwork runs this on a new
-- database and records its version in PRAGMA user_version; older files are brought forward by
-- the migrations in sqlite/migrate.go. Every closed set is a CHECK constraint, so a bad value
-- cannot reach the tables from any program, not only from fieldwork.

CREATE TABLE inspection (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  name            TEXT NOT NULL CHECK (name <> ''),
  region          TEXT NOT NULL DEFAULT '',
  fieldwork_start TEXT NOT NULL DEFAULT '' CHECK (fieldwork_start = '' OR date(fieldwork_start) = fieldwork_start),
  framework_id    TEXT NOT NULL CHECK (framework_id <> ''),
  framework       TEXT NOT NULL CHECK (json_valid(framework)), -- the framework as the inspection started
  created_at      TEXT NOT NULL
);

-- Every answerable question of the stored framework, so answers can name only real questions.
CREATE TABLE questions (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('key', 'prompt', 'case')),
  standard_id     TEXT NOT NULL DEFAULT '',
  key_question_id TEXT REFERENCES questions (id),
  allows_na       INTEGER NOT NULL CHECK (allows_na IN (0, 1)),
  position        INTEGER NOT NULL UNIQUE,
  CHECK (kind <> 'key' OR allows_na = 0),
  CHECK ((kind = 'prompt') = (key_question_id IS NOT NULL))
) WITHOUT ROWID;

CREATE TABLE cases (
  id        TEXT PRIMARY KEY CHECK (id <> '' AND id = trim(id)),
  case_type TEXT NOT NULL CHECK (case_type IN ('community', 'licence')),
  grade     TEXT NOT NULL DEFAULT '' CHECK (grade IN ('', 'PO', 'PSO', 'PQiP', 'other')),
  rosh      TEXT NOT NULL DEFAULT '' CHECK (rosh IN ('', 'low', 'medium', 'high', 'very high')),
  gender    TEXT NOT NULL DEFAULT '',
  ethnicity TEXT NOT NULL DEFAULT '',
  position  INTEGER NOT NULL, -- order of first import
  version   INTEGER NOT NULL DEFAULT 0 -- bumped by every change to the case's answers
) WITHOUT ROWID;

-- Any other column of the case list, kept so results can be split by it.
CREATE TABLE case_attributes (
  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  name    TEXT NOT NULL CHECK (name <> '' AND name = lower(trim(name))),
  value   TEXT NOT NULL,
  PRIMARY KEY (case_id, name)
) WITHOUT ROWID;
CREATE INDEX case_attributes_name ON case_attributes (name, value);

-- The current answer to each question of each case.
CREATE TABLE answers (
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  answer      TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'n/a')),
  inspector   TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, question_id)
) WITHOUT ROWID;
CREATE INDEX answers_question ON answers (question_id, answer);

-- Every stored change to an answer: nothing an inspector entered is lost when it is replaced.
CREATE TABLE answer_history (
  id          INTEGER PRIMARY KEY,
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  old_answer  TEXT CHECK (old_answer IN ('yes', 'no', 'n/a')), -- NULL for a first answer
  new_answer  TEXT NOT NULL CHECK (new_answer IN ('yes', 'no', 'n/a')),
  old_note    TEXT NOT NULL DEFAULT '',
  new_note    TEXT NOT NULL DEFAULT '',
  inspector   TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL, -- e.g. "judgements import judgements.csv", "judge", "web"
  changed_at  TEXT NOT NULL
);
CREATE INDEX answer_history_case ON answer_history (case_id, id);

-- Ratings the inspectors give: domain-one standards, and departures from the data for a case
-- standard or the overall rating (those need a reason; the CLI and web enforce it through
-- casework, the CHECK keeps other writers honest).
CREATE TABLE ratings (
  standard_id TEXT PRIMARY KEY CHECK (standard_id <> ''),
  rating      TEXT NOT NULL CHECK (rating IN ('Outstanding', 'Good', 'Requires improvement', 'Inadequate')),
  reason      TEXT NOT NULL DEFAULT '',
  given_by    TEXT NOT NULL DEFAULT '',
  given_at    TEXT NOT NULL,
  CHECK (standard_id <> 'overall' OR reason <> '')
) WITHOUT ROWID;

CREATE TABLE rating_history (
  id          INTEGER PRIMARY KEY,
  standard_id TEXT NOT NULL,
  old_rating  TEXT,
  new_rating  TEXT, -- NULL when cleared
  old_reason  TEXT NOT NULL DEFAULT '',
  new_reason  TEXT NOT NULL DEFAULT '',
  given_by    TEXT NOT NULL DEFAULT '',
  changed_at  TEXT NOT NULL
);
