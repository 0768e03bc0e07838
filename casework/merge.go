package casework

// Answers given apart meet in two places: `fieldwork merge` brings a copy worked on offline back
// into the database it was made from, and the web form, when a save is refused because someone
// else saved the case meanwhile, sets the inspector's unsaved answers beside the saved ones.
// Both compare three versions of each answer: the base, what both sides held when they parted;
// ours, what the side merged into holds now (the database); theirs, what the side brought in
// holds (the copy, or the refused form). Both decide the same way, here, so an answer is never
// chosen over another's without a person deciding in one place and silently in the other.

// MergeAction is what a merge does with one answer.
type MergeAction int

const (
	KeepOurs    MergeAction = iota // theirs has not changed it since the base: ours stands
	AlreadySame                    // both changed it, alike: nothing to do
	TakeTheirs                     // only theirs changed it: theirs is taken
	Conflict                       // both changed it, differently, or ours is moderated: a person decides
)

// MergeDecision is what to do with one answer, and why.
type MergeDecision struct {
	Action MergeAction
	Why    string
}

// ChangedSince says whether now differs from base as a change someone made: a value emptied
// (the zero value) is not a change, since neither side ever erases an answer or a note.
func ChangedSince[T comparable](base, now T) bool {
	var none T
	return now != none && now != base
}

// DecideMerge decides one answer: base, ours and theirs as above, whose zero value is no answer
// (T is whatever the caller compares: an answer with its note, or an answer or a note alone);
// oursModerated says ours was settled by moderation, which only moderating again changes.
func DecideMerge[T comparable](base, ours, theirs T, oursModerated bool) MergeDecision {
	var none T
	switch {
	case !ChangedSince(base, theirs):
		return MergeDecision{KeepOurs, "theirs has not changed it since the base"}
	case ours == theirs:
		return MergeDecision{AlreadySame, "both changed it to the same"}
	case oursModerated:
		return MergeDecision{Conflict, "ours was settled by moderation: only moderating again changes it"}
	case ours == none || ours == base:
		return MergeDecision{TakeTheirs, "only theirs changed it"}
	case base == none:
		return MergeDecision{Conflict, "both answered it, differently"}
	}
	return MergeDecision{Conflict, "both changed it since the base, differently"}
}

// MergeChoice is a person's choice for a conflict.
type MergeChoice int

const (
	NoChoice     MergeChoice = iota
	ChooseOurs               // keep ours
	ChooseTheirs             // take theirs
)

// Settlement is how a conflict listed by an earlier merge is settled.
type Settlement int

const (
	Unsettled     Settlement = iota // it stays listed for a person to settle
	KeptOurs                        // a person chose ours
	TookTheirs                      // a person chose theirs: theirs is taken
	AnsweredAgain                   // ours was answered again since the conflict was listed: that answer stands
)

// SettleConflict settles a conflict by a person's choice, or by ours having been answered again
// since the conflict was listed, which is a person deciding too. Taking theirs does not settle
// an answer ours settled by moderation: only moderating again changes it.
func SettleConflict(choice MergeChoice, oursModerated, answeredAgain bool) Settlement {
	switch {
	case choice == ChooseOurs:
		return KeptOurs
	case choice == ChooseTheirs && !oursModerated:
		return TookTheirs
	case answeredAgain:
		return AnsweredAgain
	}
	return Unsettled
}

// ModerationAction is what a merge does with a moderation made in a copy.
type ModerationAction int

const (
	// ModerationHere: this database holds the same moderation already.
	ModerationHere ModerationAction = iota
	// BringModeration: record it here as a moderation, with its reason and moderator.
	BringModeration
	// ModerationWaits: the answer has not been read twice here yet, so there is nothing here to
	// moderate; the copy can be merged again once it has.
	ModerationWaits
	// ModerationConflict: a person must settle it, because this database moderated the answer
	// otherwise, or its first reading changed since the moderator read it.
	ModerationConflict
)

// DecideModeration decides what a merge does with a moderation made in a copy, to answer, of a
// first reading the moderator saw as seen. here is this database's first reading (NoAnswer when
// it has none), hereModerated its own moderation of the answer (NoAnswer when none), and
// readTwice whether it has both readings. A moderation never replaces a first reading the
// moderator did not see: that would overwrite an inspector's newer answer unseen.
func DecideModeration(answer, seen, here, hereModerated Answer, readTwice bool) ModerationAction {
	switch {
	case hereModerated == answer:
		return ModerationHere
	case hereModerated != NoAnswer:
		return ModerationConflict
	case !readTwice:
		return ModerationWaits
	case here != seen:
		return ModerationConflict
	}
	return BringModeration
}
