package casework

// OfflineCopy describes a copy of an inspection made to work in offline (fieldwork backup): what it was copied from and the last change to the
// answers it holds, the point a merge measures "changed since the copy" from.
type OfflineCopy struct {
	ID        string // random, names the copy in the database it is merged into
	HistoryID int64  // the last answer_history row the copy was made with
	MadeFrom  string // the file copied
	MadeAt    string // RFC 3339
}

// MergeConflict is one answer both sides changed since the copy was made.
type MergeConflict struct {
	Reading            string // FirstReading or SecondReading
	CaseID, Question   string
	Here, Copy         Answer
	HereBy, CopyBy     string // who gave each
	HereNote, CopyNote string
	HereCleared        bool   // the answer here was cleared (HereBy cleared it, HereNote is why)
	CopyCleared        bool   // the copy's answer was cleared (CopyBy cleared it, CopyNote is why)
	Moderated          bool   // the answer here was settled by moderation: only moderating again changes it
	Settled            string // for a settled conflict: how ("kept this database's answer", ...)
}

// Merged is what a merge did.
type Merged struct {
	Copy            OfflineCopy
	First, Second   AnswerImport    // answers written here, by reading; Unchanged counts answers the copy changed that were already the same here
	Settled         []MergeConflict // conflicts settled by this merge
	Conflicts       []MergeConflict // conflicts left for a person to settle
	ModerationsBack int             // moderations in the copy recorded here as moderations, with their reasons and moderators
	Moderations     int             // moderations in the copy that wait for both readings here (one that clashes is a conflict)
}
