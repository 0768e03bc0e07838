-- Version 4 to 5: the youth justice case types, court and out-of-court disposals (framework
-- yjs-2021), beside community orders and licences. SQLite cannot change a CHECK in place, so
-- cases is rebuilt with its rows as they were. It is the parent of the answer tables: foreign
-- keys are checked at the commit, by which time every case is back. Dropping it cascades to
-- case_attributes, so those rows are kept aside and put back.
--
-- fieldwork runs this file on a version 4 database, then sets user_version to 5, the number in
-- the file's name. Released files never change: databases out there were made by them.

PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE cases_v5 AS SELECT * FROM cases;
CREATE TEMP TABLE case_attributes_v5 AS SELECT * FROM case_attributes;
DROP TABLE cases;
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
INSERT INTO cases (id, case_type, grade, rosh, gender, ethnicity, position, version)
  SELECT id, case_type, grade, rosh, gender, ethnicity, position, version FROM temp.cases_v5;
INSERT INTO case_attributes (case_id, name, value) SELECT case_id, name, value FROM temp.case_attributes_v5;
DROP TABLE temp.cases_v5;
DROP TABLE temp.case_attributes_v5;
