-- Version 2 to 3: second readings (double-marking) and their moderation, and copies of the
-- database taken away for offline fieldwork and merged back.
--
-- fieldwork runs this file on a version 2 database, then sets user_version to 3, the number in
-- the file's name. Released files never change: databases out there were made by them.

-- Which reading a change in the history belongs to: the first (the answer of record) or a
-- quality lead's second reading.
ALTER TABLE answer_history ADD COLUMN reading TEXT NOT NULL DEFAULT 'first' CHECK (reading IN ('first', 'second'));

-- A quality lead's second reading of a case, kept beside the first and never over it. It counts
-- in nothing: it checks the first (`fieldwork agreement`).
CREATE TABLE second_readings (
  case_id     TEXT NOT NULL REFERENCES cases (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  answer      TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'n/a')),
  inspector   TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (case_id, question_id)
) WITHOUT ROWID;

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
