-- Version 3 to 4: the checks on the tables a bulk import writes a row per answer to, written as
-- x = 'a' OR x = 'b' rather than x IN ('a', 'b'). They allow exactly the same values (and NULL,
-- as before), but SQLite evaluates a CHECK with an IN list by building a small table for every
-- row it checks: about 0.75 s a million rows for each such check, four of them per imported
-- answer. SQLite cannot change a CHECK in place, so each table is rebuilt with its rows, ids
-- and indexes as they were (dropping answers drops its trigger, so that is made again too).
--
-- fieldwork runs this file on a version 3 database, then sets user_version to 4, the number in
-- the file's name. Released files never change: databases out there were made by them.

CREATE TABLE answers_v4 (
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  answer      TEXT NOT NULL CHECK (answer = 'yes' OR answer = 'no' OR answer = 'n/a'),
  inspector   TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, question_id)
) WITHOUT ROWID;
INSERT INTO answers_v4 (case_id, question_id, answer, inspector, note, updated_at)
  SELECT case_id, question_id, answer, inspector, note, updated_at FROM answers;
DROP TABLE answers;
ALTER TABLE answers_v4 RENAME TO answers;
CREATE INDEX answers_question ON answers (question_id, answer);
CREATE TRIGGER answers_keep_moderation BEFORE UPDATE OF answer ON answers
WHEN EXISTS (SELECT 1 FROM moderations m WHERE m.case_id = NEW.case_id AND m.question_id = NEW.question_id AND m.answer <> NEW.answer)
BEGIN
  SELECT RAISE(ABORT, 'fieldwork: moderated answer');
END;

CREATE TABLE answer_history_v4 (
  id          INTEGER PRIMARY KEY,
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  old_answer  TEXT CHECK (old_answer = 'yes' OR old_answer = 'no' OR old_answer = 'n/a'), -- NULL for a first answer
  new_answer  TEXT NOT NULL CHECK (new_answer = 'yes' OR new_answer = 'no' OR new_answer = 'n/a'),
  old_note    TEXT NOT NULL DEFAULT '',
  new_note    TEXT NOT NULL DEFAULT '',
  inspector   TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL,
  changed_at  TEXT NOT NULL,
  reading     TEXT NOT NULL DEFAULT 'first' CHECK (reading = 'first' OR reading = 'second')
);
INSERT INTO answer_history_v4 (id, case_id, question_id, old_answer, new_answer, old_note, new_note, inspector, source, changed_at, reading)
  SELECT id, case_id, question_id, old_answer, new_answer, old_note, new_note, inspector, source, changed_at, reading FROM answer_history;
DROP TABLE answer_history;
ALTER TABLE answer_history_v4 RENAME TO answer_history;
CREATE INDEX answer_history_case ON answer_history (case_id, id);

CREATE TABLE second_readings_v4 (
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  answer      TEXT NOT NULL CHECK (answer = 'yes' OR answer = 'no' OR answer = 'n/a'),
  inspector   TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, question_id)
) WITHOUT ROWID;
INSERT INTO second_readings_v4 (case_id, question_id, answer, inspector, note, updated_at)
  SELECT case_id, question_id, answer, inspector, note, updated_at FROM second_readings;
DROP TABLE second_readings;
ALTER TABLE second_readings_v4 RENAME TO second_readings;
