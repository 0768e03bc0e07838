package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"

	"fieldwork/casework"
)

// keptFor is how long the changes left unsaved by a save are kept for the page after it.
const keptFor = time.Hour

// kept holds the changes outside the standard just saved, for the page the save redirects to:
// a save answers with a redirect (so reloading the page after it saves nothing twice), and the
// page it leads to must still show what the inspector changed elsewhere and has not saved. It
// lives in memory: after a restart the page shows the stored answers, and the browser's draft
// (static/form.js) offers the rest back.
type kept struct {
	mu sync.Mutex
	by map[string]*keptChanges
}

type keptChanges struct {
	owner   [32]byte // the hash of the sign-in token of the browser that saved
	caseID  string
	sub     *submission
	stored  map[string]casework.Judgement // the answers as they stood after the save
	version int
	at      time.Time
}

// put keeps changes and returns the id the page after the save names them by.
func (k *kept) put(c *keptChanges) string {
	b := make([]byte, 16)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.by == nil {
		k.by = map[string]*keptChanges{}
	}
	for old, o := range k.by {
		if c.at.Sub(o.at) > keptFor {
			delete(k.by, old)
		}
	}
	k.by[id] = c
	return id
}

// get returns the changes id names, if the same browser kept them for the same case.
func (k *kept) get(id string, owner [32]byte, caseID string, now time.Time) (*keptChanges, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	c, ok := k.by[id]
	if !ok || c.owner != owner || c.caseID != caseID || now.Sub(c.at) > keptFor {
		return nil, false
	}
	return c, true
}

func ownerOf(token string) [32]byte { return sha256.Sum256([]byte(token)) }
