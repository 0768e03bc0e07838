-- Version 7 to 8: the inspectors' evidence for each standard, and the surveys they quote (the
-- staff survey, the survey of people on probation), beside the case judgements (issue 18).
--
-- fieldwork runs this file on a version 7 database, then sets user_version to 8, the number in
-- the file's name. Released files never change: databases out there were made by them.

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
