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
// which is the point: nothing about a case stays unless the user saves it.
type drafts struct {
	mu    sync.Mutex
	items map[string]*draft
	ttl   time.Duration
	max   int
}

func newDrafts() *drafts {
	return &drafts{items: map[string]*draft{}, ttl: time.Hour, max: 2000}
}

func (d *drafts) put(p access.Principal, x *draft) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	for id, it := range d.items {
		if now.After(it.expires) {
			delete(d.items, id)
		}
	}
	if len(d.items) >= d.max {
		var oldest string
		for id, it := range d.items {
			if oldest == "" || it.expires.Before(d.items[oldest].expires) {
				oldest = id
			}
		}
		delete(d.items, oldest)
	}
	id := access.NewToken()[6:] // random, unguessable
	x.userID, x.orgID, x.expires = p.User.ID, p.Org.ID, now.Add(d.ttl)
	d.items[id] = x
	return id
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
