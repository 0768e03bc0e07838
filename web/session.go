package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
	"time"

	"fieldwork/casework"
)

// sessionLifetime is how long a sign-in lasts without use, unless Config.SessionIdle says
// otherwise; every page seen renews it. Twelve hours covers a working day, not the next one.
const sessionLifetime = 12 * time.Hour

// sessions are the sign-ins in progress. They live in the server's memory, not in the cookie:
// signing out ends one for good (a copied cookie no longer works), and a restart ends them all,
// which is how the team makes sure nobody stays signed in after the password is changed. The
// cookie holds a random token; the map is keyed by its hash, so looking one up tells nothing
// by its timing about the tokens held.
type sessions struct {
	mu   sync.Mutex
	idle time.Duration
	by   map[[32]byte]*session
}

type session struct {
	user
	// passwordAt is when the account's password was set as the sign-in began: a sign-in whose
	// account has since had its password changed, or been removed, has ended (Server.who).
	passwordAt time.Time
	lastSeen   time.Time
}

// user is who is signed in. With team accounts (Team) the role decides what they may do;
// signed in with the shared password, or with none on this computer alone, anyone may do
// what the form offers, as before accounts.
type user struct {
	Name string
	Role casework.Role
	Team bool
}

func newSessions(idle time.Duration) *sessions {
	if idle <= 0 {
		idle = sessionLifetime
	}
	return &sessions{idle: idle, by: map[[32]byte]*session{}}
}

// start begins a sign-in and returns its token. Sign-ins long unused are dropped here, so
// memory holds only the live ones.
func (ss *sessions) start(u user, passwordAt, now time.Time) string {
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k, s := range ss.by {
		if now.Sub(s.lastSeen) > ss.idle {
			delete(ss.by, k)
		}
	}
	ss.by[sha256.Sum256([]byte(token))] = &session{user: u, passwordAt: passwordAt, lastSeen: now}
	return token
}

// find returns the sign-in a token holds, and renews it.
func (ss *sessions) find(token string, now time.Time) (session, bool) {
	if token == "" {
		return session{}, false
	}
	k := sha256.Sum256([]byte(token))
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.by[k]
	if !ok {
		return session{}, false
	}
	if now.Sub(s.lastSeen) > ss.idle {
		delete(ss.by, k)
		return session{}, false
	}
	s.lastSeen = now
	return *s, true
}

func (ss *sessions) end(token string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.by, sha256.Sum256([]byte(token)))
}

// maxWrongPasswords is how many wrong passwords the server takes in a minute from one client
// address, and for one name: a shared password on a network must not be found by trying many,
// and ten a minute is far more than a person mistyping needs. Past it, that address (or that
// name) waits for the minute to end; everyone else signs in as usual.
const maxWrongPasswords = 10

// wrongPasswords counts wrong passwords in the current minute, per client address and per
// name signed in as.
type wrongPasswords struct {
	mu    sync.Mutex
	tries map[string]*tries
}

type tries struct {
	window time.Time
	n      int
}

// limitKeys are what a sign-in is counted against: its client address and its name.
func limitKeys(address, name string) []string {
	return []string{"address " + address, "name " + strings.ToLower(name)}
}

func (c *wrongPasswords) blocked(now time.Time, keys []string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if t := c.tries[k]; t != nil && now.Sub(t.window) < time.Minute && t.n >= maxWrongPasswords {
			return true
		}
	}
	return false
}

func (c *wrongPasswords) add(now time.Time, keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tries == nil {
		c.tries = map[string]*tries{}
	}
	for k, t := range c.tries {
		if now.Sub(t.window) >= time.Minute {
			delete(c.tries, k)
		}
	}
	for _, k := range keys {
		t := c.tries[k]
		if t == nil {
			t = &tries{window: now}
			c.tries[k] = t
		}
		t.n++
	}
}
