package web

import (
	"sync"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// draft is a plan made but not saved, kept so that "Save" stores exactly what was shown. It
// holds the pseudonymized plan only: the mapping that restores names never outlives the
// response that used it.
type draft struct {
	plan     socle.Plan
	needs    []string
	services map[string]socle.Service
	userID   string
	orgID    string
	expires  time.Time
}

// drafts is a bounded in-memory cache of recent drafts, by random id. A restart loses them,
// which is the point: nothing about a case stays unless the user saves it. Each member has
// their own cap (perMember), so that nobody's drafts are evicted by someone else's; a global
// cap (max), far above what members make in an hour, bounds memory against a crowd of
// accounts, and evicts the oldest drafts of whoever has the most.
type drafts struct {
	mu        sync.Mutex
	items     map[string]*draft
	ttl       time.Duration
	perMember int
	max       int
}

func newDrafts() *drafts {
	return &drafts{items: map[string]*draft{}, ttl: time.Hour, perMember: 50, max: 20000}
}

func (d *drafts) put(p access.Principal, x *draft) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	mine, count := 0, map[string]int{}
	for id, it := range d.items {
		if now.After(it.expires) {
			delete(d.items, id)
			continue
		}
		count[it.orgID+"/"+it.userID]++
		if it.userID == p.User.ID && it.orgID == p.Org.ID {
			mine++
		}
	}
	switch {
	case mine >= d.perMember:
		d.evictOldest(p.Org.ID + "/" + p.User.ID)
	case len(d.items) >= d.max:
		top := ""
		for k, n := range count {
			if top == "" || n > count[top] {
				top = k
			}
		}
		d.evictOldest(top)
	}
	id := access.NewToken()[6:] // random, unguessable
	x.userID, x.orgID, x.expires = p.User.ID, p.Org.ID, now.Add(d.ttl)
	d.items[id] = x
	return id
}

// evictOldest removes the oldest draft of one member ("org/user").
func (d *drafts) evictOldest(member string) {
	var oldest string
	for id, it := range d.items {
		if it.orgID+"/"+it.userID == member && (oldest == "" || it.expires.Before(d.items[oldest].expires)) {
			oldest = id
		}
	}
	delete(d.items, oldest)
}

// take returns the draft made by the principal, once.
func (d *drafts) take(p access.Principal, id string) (*draft, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	x, ok := d.items[id]
	if !ok || x.userID != p.User.ID || x.orgID != p.Org.ID || time.Now().After(x.expires) {
		return nil, socle.Errorf(socle.ENOTFOUND, "this plan is no longer available to save (drafts last an hour): make it again")
	}
	delete(d.items, id)
	return x, nil
}
