-- The whole fieldwork schema: one inspection per database file. fieldwork runs this file on a
-- new, empty database (sqlite.Create); a database an older fieldwork wrote is brought to the same
-- schema by the files in migrations/, one a version (migrate.go). Every closed set is a CHECK
-- constraint, so a bad value cannot reach the tables from any program, not only from fieldwork.
--
-- Each CREATE below is, to the byte, what a migrated database holds in sqlite_schema: a table
-- rebuilt by a migration keeps the quoted name SQLite writes when it renames the rebuilt copy
-- ("answers"), and its column comments are the migration's. The tests compare the two, so a
-- change here without a migration (or the other way round) fails them.

-- This file makes version 9. A database's version is its PRAGMA user_version; 0 is a file no
-- fieldwork has written to yet.
PRAGMA user_version = 9;

-- The inspection itself, one row. The framework is stored whole as the inspection started, so
-- later changes to a built-in framework never change an inspection under way.
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
-- kind: key question, prompt under a key question (key_question_id), or another per-case
-- judgement ('case'). position keeps the framework's order.
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

-- The cases of the sample (community orders and licences; court and out-of-court disposals for
-- youth justice), with the attributes results are split by. version is what the entry
-- form checks before saving, so two people saving one case cannot overwrite each other unseen.
CREATE TABLE cases (
  id        TEXT PRIMARY KEY CHECK (id <> '' AND id = trim(id)),
  case_type TEXT NOT NULL CHECK (case_type IN ('community', 'licence', 'court', 'out-of-court')),
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

-- The current answer to each question of each case: the answer of record, which every count
-- uses. The checks are OR chains rather than IN lists: they allow the same values, and SQLite
-- checks them without building a small table for every row (migrations/0004).
CREATE TABLE "answers" (
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  answer      TEXT NOT NULL CHECK (answer = 'yes' OR answer = 'no' OR answer = 'n/a'),
  inspector   TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0, -- its id among answer_versions; 0 if entered without one
  source      TEXT NOT NULL DEFAULT '',   -- where it came from, e.g. "judgements import judgements.csv"
  PRIMARY KEY (case_id, question_id)
) WITHOUT ROWID;
CREATE INDEX answers_question ON answers (question_id, answer);

-- Every version of an answer that was replaced, kept when it was: nothing an inspector entered
-- is lost. The current version is the answer's own row (answers, second_readings), with its
-- version id; answer_versions lists them all. Merges measure "changed since the copy" by version
-- ids, so a migration must keep them. source says where a version came from, e.g. "judgements
-- import judgements.csv", "judge", "web"; reading says whether it is of the first reading (the
-- answer of record) or of a quality lead's second reading (migrations/0007).
CREATE TABLE "answer_history" (
  id          INTEGER PRIMARY KEY, -- the replaced version's id
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  answer      TEXT NOT NULL CHECK (answer = 'yes' OR answer = 'no' OR answer = 'n/a'),
  note        TEXT NOT NULL DEFAULT '',
  inspector   TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL,
  changed_at  TEXT NOT NULL, -- when this version was entered
  reading     TEXT NOT NULL DEFAULT 'first' CHECK (reading = 'first' OR reading = 'second')
);
CREATE INDEX answer_history_case ON answer_history (case_id, id);

-- A quality lead's second reading of a case (double-marking), kept beside the first and never
-- over it. It counts in nothing: it checks the first (`fieldwork agreement`).
CREATE TABLE "second_readings" (
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  answer      TEXT NOT NULL CHECK (answer = 'yes' OR answer = 'no' OR answer = 'n/a'),
  inspector   TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0, -- as answers.version
  source      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, question_id)
) WITHOUT ROWID;

-- The last version id given out, so a new version's id is above every id a version ever had,
-- replaced, current or cleared: merges compare them.
CREATE TABLE answer_version_counter (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  last INTEGER NOT NULL
);
INSERT INTO answer_version_counter (id, last) VALUES (1, 0);

-- An answer cleared (`fieldwork judge CASE --clear QUESTION --reason TEXT`), for one keyed against
-- the wrong case: the answer goes to answer_history as a replaced version, and the clearing is a
-- version of its own, with no answer.
CREATE TABLE answer_clearings (
  id          INTEGER PRIMARY KEY, -- the clearing's version id
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  reading     TEXT NOT NULL DEFAULT 'first' CHECK (reading = 'first' OR reading = 'second'),
  inspector   TEXT NOT NULL DEFAULT '', -- who cleared it
  source      TEXT NOT NULL,
  changed_at  TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (reason <> '')
);
CREATE INDEX answer_clearings_case ON answer_clearings (case_id, id);

-- Every version of every answer, replaced, current or cleared (a NULL answer), by id: what
-- history reconstructs (each version's old value is the version before it) and merges compare.
CREATE VIEW answer_versions AS
  SELECT id, case_id, question_id, answer, note, inspector, source, changed_at, reading FROM answer_history
  UNION ALL
  SELECT version, case_id, question_id, answer, note, inspector, source, updated_at, 'first' FROM answers WHERE version > 0
  UNION ALL
  SELECT version, case_id, question_id, answer, note, inspector, source, updated_at, 'second' FROM second_readings WHERE version > 0
  UNION ALL
  SELECT id, case_id, question_id, NULL, '', inspector, source, changed_at, reading FROM answer_clearings;

-- Every change to an answer as the history showed it before version 7: each version, with the
-- value and note of the version before it (NULL and '' for a first answer). history reads it.
CREATE VIEW answer_changes AS
  SELECT id, case_id, question_id, lag(answer) OVER w AS old_answer, answer AS new_answer,
    coalesce(lag(note) OVER w, '') AS old_note, note AS new_note, inspector, source, changed_at, reading
  FROM answer_versions
  WINDOW w AS (PARTITION BY case_id, question_id, reading ORDER BY id);

-- The answer settled on where the readings disagree. It becomes the answer of record in
-- answers, so every count uses it; first_answer and second_answer keep the readings as they
-- stood, so agreement is still measured on what the inspectors said.
CREATE TABLE moderations (
  case_id       TEXT NOT NULL REFERENCES cases (id),
  question_id   TEXT NOT NULL REFERENCES questions (id),
  answer        TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'n/a')),
  first_answer  TEXT NOT NULL CHECK (first_answer IN ('yes', 'no', 'n/a')),
  second_answer TEXT NOT NULL CHECK (second_answer IN ('yes', 'no', 'n/a')),
  reason        TEXT NOT NULL CHECK (reason <> ''),
  moderator     TEXT NOT NULL DEFAULT '',
  moderated_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, question_id)
) WITHOUT ROWID;

-- A moderated answer is changed only by moderating again, whichever program writes.
CREATE TRIGGER answers_keep_moderation BEFORE UPDATE OF answer ON answers
WHEN EXISTS (SELECT 1 FROM moderations m WHERE m.case_id = NEW.case_id AND m.question_id = NEW.question_id AND m.answer <> NEW.answer)
BEGIN
  SELECT RAISE(ABORT, 'fieldwork: moderated answer');
END;

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

-- Every rating given, changed or cleared, with the reason as it stood.
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

-- The sample drawn from a caseload extract by `fieldwork sample`. An inspection whose cases were
-- imported by hand has no row in sample_design.

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

-- The strata of the draw and how many cases each was given.
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

-- In a copy made by `fieldwork backup`: the database it was copied from and the last history
-- row it had then, so `fieldwork merge` can tell what each side changed since.
CREATE TABLE copy_of (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  copy_id    TEXT NOT NULL CHECK (copy_id <> ''),
  history_id INTEGER NOT NULL,
  made_from  TEXT NOT NULL,
  made_at    TEXT NOT NULL
);

-- In the database copies are merged into: each copy's answer this database has taken in (added,
-- found equal, or settled), so a later merge of the same copy knows what is new in it.
CREATE TABLE merged (
  copy_id     TEXT NOT NULL,
  reading     TEXT NOT NULL CHECK (reading IN ('first', 'second')),
  case_id     TEXT NOT NULL,
  question_id TEXT NOT NULL,
  answer      TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (copy_id, reading, case_id, question_id)
) WITHOUT ROWID;

-- Answers both sides changed since the copy was made, left for a person to settle. history_id
-- is this database's last change to the answer when the conflict was listed: a later one means
-- someone has re-answered it here, which settles it.
CREATE TABLE merge_conflicts (
  copy_id     TEXT NOT NULL,
  reading     TEXT NOT NULL CHECK (reading IN ('first', 'second')),
  case_id     TEXT NOT NULL,
  question_id TEXT NOT NULL,
  history_id  INTEGER NOT NULL,
  listed_at   TEXT NOT NULL,
  PRIMARY KEY (copy_id, reading, case_id, question_id)
) WITHOUT ROWID;

-- A team at one server (fieldwork serve): accounts, allocation and sign-off.

-- A member of the team who signs in to the entry form. password is the hash, with the
-- algorithm and its work factor before it ("pbkdf2-sha256$600000$SALT$KEY"), so the factor can
-- be raised for new passwords without locking out old ones. password_at changes with the
-- password: a sign-in made before it has ended.
CREATE TABLE accounts (
  name        TEXT PRIMARY KEY CHECK (name <> '' AND name = trim(name)),
  role        TEXT NOT NULL CHECK (role = 'inspector' OR role = 'qa' OR role = 'lead'),
  password    TEXT NOT NULL CHECK (password <> ''),
  added_at    TEXT NOT NULL,
  password_at TEXT NOT NULL
) WITHOUT ROWID;

-- Who reads each case, as the lead inspector allocated it.
CREATE TABLE allocations (
  case_id      TEXT PRIMARY KEY REFERENCES cases (id),
  inspector    TEXT NOT NULL CHECK (inspector <> ''),
  allocated_by TEXT NOT NULL DEFAULT '',
  allocated_at TEXT NOT NULL
) WITHOUT ROWID;

-- The cases the lead inspector has signed off: their answers change no more, by any program
-- of fieldwork, until the case is reopened.
CREATE TABLE sign_offs (
  case_id   TEXT PRIMARY KEY REFERENCES cases (id),
  signed_by TEXT NOT NULL,
  signed_at TEXT NOT NULL
) WITHOUT ROWID;

-- Every sign-off and reopening, with who and why.
CREATE TABLE sign_off_history (
  id        INTEGER PRIMARY KEY,
  case_id   TEXT NOT NULL REFERENCES cases (id),
  action    TEXT NOT NULL CHECK (action = 'signed off' OR action = 'reopened'),
  by_whom   TEXT NOT NULL DEFAULT '',
  reason    TEXT NOT NULL DEFAULT '',
  at        TEXT NOT NULL
);
CREATE INDEX sign_off_history_case ON sign_off_history (case_id, id);

-- One piece of evidence for a standard: a document read, a meeting held, interviews (count of
-- them), a focus group, a figure. The summary is the inspector's words and may hold personal
-- details: it is published only where publish is 1.
CREATE TABLE evidence (
  id          INTEGER PRIMARY KEY,
  standard_id TEXT NOT NULL CHECK (standard_id <> ''),
  kind        TEXT NOT NULL CHECK (kind IN ('document', 'meeting', 'interview', 'focus-group', 'figure')),
  summary     TEXT NOT NULL CHECK (summary <> ''),
  finding     TEXT NOT NULL DEFAULT '' CHECK (finding IN ('', 'strength', 'improvement')),
  count       INTEGER NOT NULL DEFAULT 1 CHECK (count > 0),
  publish     INTEGER NOT NULL DEFAULT 0 CHECK (publish IN (0, 1)),
  added_by    TEXT NOT NULL DEFAULT '',
  added_at    TEXT NOT NULL
);

-- A survey imported whole from one file: one row per respondent, one column per question.
CREATE TABLE surveys (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (name <> ''),
  source      TEXT NOT NULL, -- the file it was read from
  imported_at TEXT NOT NULL
);

-- The survey's columns in the file's order: a question, with the answers counted as positive
-- (a JSON array), or a detail of the respondent (profile = 1) such as gender.
CREATE TABLE survey_questions (
  survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  question  TEXT NOT NULL CHECK (question <> ''),
  profile   INTEGER NOT NULL DEFAULT 0 CHECK (profile IN (0, 1)),
  positive  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(positive)),
  PRIMARY KEY (survey_id, position),
  UNIQUE (survey_id, question)
) WITHOUT ROWID;

-- The respondents in the file's order. respondent_id is the file's own id column, kept here to
-- trace a row back to the file and never published.
CREATE TABLE survey_respondents (
  survey_id     INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  respondent    INTEGER NOT NULL CHECK (respondent > 0),
  respondent_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (survey_id, respondent)
) WITHOUT ROWID;

-- Each respondent's answer to each column; '' where they gave none.
CREATE TABLE survey_answers (
  survey_id  INTEGER NOT NULL,
  respondent INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  answer     TEXT NOT NULL,
  PRIMARY KEY (survey_id, respondent, position),
  FOREIGN KEY (survey_id, respondent) REFERENCES survey_respondents (survey_id, respondent) ON DELETE CASCADE,
  FOREIGN KEY (survey_id, position) REFERENCES survey_questions (survey_id, position) ON DELETE CASCADE
) WITHOUT ROWID;
