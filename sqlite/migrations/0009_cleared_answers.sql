-- Version 8 to 9: an answer can be cleared (`fieldwork judge CASE --clear QUESTION --reason
-- TEXT`), for one keyed against the wrong case. Nothing is lost by it: the answer cleared goes
-- to answer_history as a replaced version, as a changed answer's does, and the clearing itself
-- (who, when, from where, why) is a version of its own, the next id of answer_version_counter,
-- with no answer. answer_versions lists it among the versions with a NULL answer, so history
-- shows "cleared" where it happened and a merge sees a clearing made in a copy as a change.
--
-- fieldwork runs this file on a version 8 database, then sets user_version to 9, the number in
-- the file's name. Released files never change: databases out there were made by them.

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

DROP VIEW answer_changes;
DROP VIEW answer_versions;

CREATE VIEW answer_versions AS
  SELECT id, case_id, question_id, answer, note, inspector, source, changed_at, reading FROM answer_history
  UNION ALL
  SELECT version, case_id, question_id, answer, note, inspector, source, updated_at, 'first' FROM answers WHERE version > 0
  UNION ALL
  SELECT version, case_id, question_id, answer, note, inspector, source, updated_at, 'second' FROM second_readings WHERE version > 0
  UNION ALL
  SELECT id, case_id, question_id, NULL, '', inspector, source, changed_at, reading FROM answer_clearings;

CREATE VIEW answer_changes AS
  SELECT id, case_id, question_id, lag(answer) OVER w AS old_answer, answer AS new_answer,
    coalesce(lag(note) OVER w, '') AS old_note, note AS new_note, inspector, source, changed_at, reading
  FROM answer_versions
  WINDOW w AS (PARTITION BY case_id, question_id, reading ORDER BY id);
