-- Version 5 to 6: a team at one server (fieldwork serve). Each member's own account, who each
-- case is allocated to, and which cases the lead inspector has signed off, with the history of
-- sign-offs and reopenings.
--
-- fieldwork runs this file on a version 5 database, then sets user_version to 6, the number in
-- the file's name. Released files never change: databases out there were made by them.

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
