-- Version 6 to 7: the history keeps only the versions of an answer that were replaced, as
-- system-versioned tables do (SQL:2011; MariaDB and SQL Server keep the current row in the table
-- and the rows it replaced in a history table). Until now every answer had a history row of its
-- own, written with it: a first answer cost two rows. Now the current version of an answer (its
-- value, who entered it, when, from where, and its version id) is in answers or second_readings,
-- and a history row is written when a version is replaced, carrying that version. The view
-- answer_versions puts the two together again: every version, with the same ids as before, which
-- is what history reconstructs (each version's old value is the version before it) and what
-- merges measure "changed since the copy" by.
--
-- Each answer's last history row is folded into the answer it describes (its id becomes the
-- answer's version, its source the answer's source) when it is that answer: same value, note,
-- inspector and time. An answer that does not match its last history row keeps version 0, and
-- every history row of it stays, so `history` shows exactly what it showed before.
--
-- fieldwork runs this file on a version 6 database, then sets user_version to 7, the number in
-- the file's name. Released files never change: databases out there were made by them.

CREATE TEMP TABLE last_versions (
  case_id     TEXT NOT NULL,
  question_id TEXT NOT NULL,
  reading     TEXT NOT NULL,
  id          INTEGER NOT NULL,
  PRIMARY KEY (case_id, question_id, reading)
) WITHOUT ROWID;
INSERT INTO last_versions (case_id, question_id, reading, id)
  SELECT case_id, question_id, reading, max(id) FROM answer_history GROUP BY case_id, question_id, reading;

CREATE TABLE answers_v6 (
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
INSERT INTO answers_v6 (case_id, question_id, answer, inspector, note, updated_at, version, source)
  SELECT a.case_id, a.question_id, a.answer, a.inspector, a.note, a.updated_at, coalesce(h.id, 0), coalesce(h.source, '')
  FROM answers a
  LEFT JOIN last_versions l ON l.case_id = a.case_id AND l.question_id = a.question_id AND l.reading = 'first'
  LEFT JOIN answer_history h ON h.id = l.id AND h.new_answer = a.answer AND h.new_note = a.note
    AND h.inspector = a.inspector AND h.changed_at = a.updated_at;
DROP TABLE answers;
ALTER TABLE answers_v6 RENAME TO answers;
CREATE INDEX answers_question ON answers (question_id, answer);
CREATE TRIGGER answers_keep_moderation BEFORE UPDATE OF answer ON answers
WHEN EXISTS (SELECT 1 FROM moderations m WHERE m.case_id = NEW.case_id AND m.question_id = NEW.question_id AND m.answer <> NEW.answer)
BEGIN
  SELECT RAISE(ABORT, 'fieldwork: moderated answer');
END;

CREATE TABLE second_readings_v6 (
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
INSERT INTO second_readings_v6 (case_id, question_id, answer, inspector, note, updated_at, version, source)
  SELECT a.case_id, a.question_id, a.answer, a.inspector, a.note, a.updated_at, coalesce(h.id, 0), coalesce(h.source, '')
  FROM second_readings a
  LEFT JOIN last_versions l ON l.case_id = a.case_id AND l.question_id = a.question_id AND l.reading = 'second'
  LEFT JOIN answer_history h ON h.id = l.id AND h.new_answer = a.answer AND h.new_note = a.note
    AND h.inspector = a.inspector AND h.changed_at = a.updated_at;
DROP TABLE second_readings;
ALTER TABLE second_readings_v6 RENAME TO second_readings;

-- The last version id given out, so a new version's id is above every id a version ever had,
-- replaced, current or cleared: merges compare them.
CREATE TABLE answer_version_counter (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  last INTEGER NOT NULL
);
INSERT INTO answer_version_counter (id, last) SELECT 1, coalesce(max(id), 0) FROM answer_history;

CREATE TABLE answer_history_v6 (
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
INSERT INTO answer_history_v6 (id, case_id, question_id, answer, note, inspector, source, changed_at, reading)
  SELECT h.id, h.case_id, h.question_id, h.new_answer, h.new_note, h.inspector, h.source, h.changed_at, h.reading
  FROM answer_history h
  WHERE NOT EXISTS (SELECT 1 FROM answers a WHERE a.case_id = h.case_id AND a.question_id = h.question_id AND a.version = h.id)
    AND NOT EXISTS (SELECT 1 FROM second_readings s WHERE s.case_id = h.case_id AND s.question_id = h.question_id AND s.version = h.id)
  ORDER BY h.id;
DROP TABLE answer_history;
ALTER TABLE answer_history_v6 RENAME TO answer_history;
CREATE INDEX answer_history_case ON answer_history (case_id, id);
DROP TABLE last_versions;

CREATE VIEW answer_versions AS
  SELECT id, case_id, question_id, answer, note, inspector, source, changed_at, reading FROM answer_history
  UNION ALL
  SELECT version, case_id, question_id, answer, note, inspector, source, updated_at, 'first' FROM answers WHERE version > 0
  UNION ALL
  SELECT version, case_id, question_id, answer, note, inspector, source, updated_at, 'second' FROM second_readings WHERE version > 0;

-- Every change to an answer as the history showed it before version 7: each version, with the
-- value and note of the version before it (NULL and '' for a first answer). history reads it.
CREATE VIEW answer_changes AS
  SELECT id, case_id, question_id, lag(answer) OVER w AS old_answer, answer AS new_answer,
    coalesce(lag(note) OVER w, '') AS old_note, note AS new_note, inspector, source, changed_at, reading
  FROM answer_versions
  WINDOW w AS (PARTITION BY case_id, question_id, reading ORDER BY id);
