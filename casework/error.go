package casework

import (
	"errors"
	"fmt"
)

// Error codes shared by every adapter: the CLI maps them to exit statuses, HTTP to status codes.
const (
	EINVALID  = "invalid"  // the input breaks a rule of the domain or a file format
	ENOTFOUND = "notfound" // a case, question or inspection that does not exist
	ECONFLICT = "conflict" // the change would overwrite something newer, or exists already
	// EENV: the machine, not the input, is at fault: the inspection file is damaged, read-only,
	// on a full disk, a folder, or was deleted or replaced while fieldwork had it open. The user
	// fixes it outside fieldwork (restore a backup, free space, copy the file somewhere
	// writable), so it is told apart from a fault in what they typed or imported.
	EENV      = "environment"
	EINTERNAL = "internal"
)

// Error is a domain error: a code for machines, a message for people and an optional hint that
// tells the user what to do next, in the domain's words. Where the user must give or look
// something up, Need says what, so that each adapter can word its own hint: the command line
// names its flag or a file's column, the entry form its field.
type Error struct {
	Code    string
	Message string
	Hint    string
	Need    Need
	Cause   error // a sentinel such as ErrStale, for callers that must tell conflicts apart
}

// Need is what an error asks the user for: What is one of the Need constants, Of what it
// concerns.
type Need struct {
	What string
	Of   string
}

// What an error can need.
const (
	NeedReason         = "reason"          // why the inspectors depart from the data; Of: the standard, or Overall
	NeedGuidanceReason = "guidance reason" // why the inspectors rate against the decision guidance; Of: the standard
	NeedStandard       = "standard"        // a standard of the framework; Of: the framework's id
	NeedGroup          = "group"           // one of the groups compared
	NeedFramework      = "framework"       // a built-in framework
	NeedFrameworkFile  = "framework file"  // a framework definition that is valid and complete
)

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Cause }

// Explaining returns an error that shows e's words while keeping cause, the lower-level error
// e puts in plain words (SQLite's, the operating system's), in the chain for errors.Is/As.
func (e *Error) Explaining(cause error) error {
	return &explained{err: e, cause: cause}
}

type explained struct {
	err   *Error
	cause error
}

func (e *explained) Error() string   { return e.err.Error() }
func (e *explained) Unwrap() []error { return []error{e.err, e.cause} }

// ErrStale is the cause of an ECONFLICT error when a record changed since the person saving it
// read it (optimistic concurrency), as opposed to, say, a database held by another program.
var ErrStale = errors.New("changed since it was read")

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithHint returns a copy of e carrying hint.
func (e *Error) WithHint(hint string) *Error {
	c := *e
	c.Hint = hint
	return &c
}

// WithNeed returns a copy of e that needs n, with hint saying so in the domain's words.
func (e *Error) WithNeed(n Need, hint string) *Error {
	c := e.WithHint(hint)
	c.Need = n
	return c
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorHint returns the hint of the first *Error in err's chain that has one.
func ErrorHint(err error) string {
	if e := firstError(err, func(e *Error) bool { return e.Hint != "" }); e != nil {
		return e.Hint
	}
	return ""
}

// ErrorNeed returns the need of the first *Error in err's chain that has one.
func ErrorNeed(err error) Need {
	if e := firstError(err, func(e *Error) bool { return e.Need.What != "" }); e != nil {
		return e.Need
	}
	return Need{}
}

// firstError returns the first *Error in err's chain for which has is true, or nil.
func firstError(err error, has func(*Error) bool) *Error {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return nil
		}
		if has(e) {
			return e
		}
		err = errors.Unwrap(e)
	}
	return nil
}

// Problems collects every fault found in one input, so a user sees them all at once rather
// than fixing a file one line at a time. Its Error lists at most MaxProblemsShown of them; it
// keeps the words of the first MaxProblemsKept and counts the rest, so a file of a million bad
// rows does not fill memory with messages no one will read.
type Problems struct {
	Source string   // the file or form the problems were found in
	List   []string // the first MaxProblemsKept faults
	Hint   string
	Need   Need
	more   int // faults found after List was full
}

// MaxProblemsShown caps how many faults one error message lists.
const MaxProblemsShown = 20

// MaxProblemsKept caps how many faults are kept in words.
const MaxProblemsKept = 1000

func (p *Problems) Add(format string, args ...any) {
	if len(p.List) >= MaxProblemsKept {
		p.more++
		return
	}
	p.List = append(p.List, fmt.Sprintf(format, args...))
}

// Len is how many faults were found.
func (p *Problems) Len() int { return len(p.List) + p.more }

// Err returns nil when nothing was added, otherwise an EINVALID *Error listing the problems.
func (p *Problems) Err() error {
	if p.Len() == 0 {
		return nil
	}
	msg := ""
	for i, s := range p.List {
		if i == MaxProblemsShown {
			msg += fmt.Sprintf("\n  ... and %d more", p.Len()-i)
			break
		}
		if i > 0 {
			msg += "\n  "
		}
		msg += s
	}
	if p.Len() > 1 {
		msg = fmt.Sprintf("%s: %d problems, nothing was written:\n  %s", p.Source, p.Len(), msg)
	} else {
		msg += " (nothing was written)"
	}
	return &Error{Code: EINVALID, Message: msg, Hint: p.Hint, Need: p.Need}
}
