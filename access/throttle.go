package access

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// Throttle is the policy against password guessing: failed sign-ins are counted per account
// and per client address, in the store (so that every server of a PostgreSQL deployment sees
// the same counts); past a few free failures, each further attempt must wait a delay that
// doubles with each failure. A refused attempt checks no password, so that guessing costs the
// server no bcrypt work either. The zero value is the default policy.
type Throttle struct {
	AccountFree int           // failures of one account before delays (0: 5)
	AddressFree int           // failures from one address, any account, before delays (0: 20)
	BaseDelay   time.Duration // delay after the first failure past the free ones (0: 1 s)
	MaxDelay    time.Duration // longest delay (0: 15 min)
	// Window is how long a count lasts without a new failure (0: 24 h). A success resets the
	// account's count; an address's count only ages, so that signing in to one's own account
	// does not buy more guesses at others'.
	Window time.Duration
}

func (t Throttle) withDefaults() Throttle {
	if t.AccountFree == 0 {
		t.AccountFree = 5
	}
	if t.AddressFree == 0 {
		t.AddressFree = 20
	}
	if t.BaseDelay == 0 {
		t.BaseDelay = time.Second
	}
	if t.MaxDelay == 0 {
		t.MaxDelay = 15 * time.Minute
	}
	if t.Window == 0 {
		t.Window = 24 * time.Hour
	}
	return t
}

// delay is the wait after count failures with free of them allowed.
func (t Throttle) delay(count, free int) time.Duration {
	if count < free {
		return 0
	}
	d := t.BaseDelay
	for i := free; i < count && d < t.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.MaxDelay)
}

// Throttled is the cause of a sign-in refused for too many failures: it says when to retry.
type Throttled struct {
	Until time.Time
}

func (e *Throttled) Error() string { return "sign-in throttled until " + e.Until.Format(time.RFC3339) }

// RetryAfter is how long to wait from now.
func (e *Throttled) RetryAfter() time.Duration { return max(time.Until(e.Until), time.Second) }

// throttleKeys are the counters of a sign-in: its account and its client address, hashed so
// that the store keeps neither emails nor addresses for this.
func throttleKeys(email, client string) []string {
	probe := socle.User{Email: email}
	probe.Validate()
	keys := []string{"signin:account:" + hashKey(probe.Email)}
	if a := clientKey(client); a != "" {
		keys = append(keys, "signin:address:"+hashKey(a))
	}
	return keys
}

// clientKey is the address a count is kept for: the address itself for IPv4, its /64 for IPv6
// (one home or server gets a whole /64).
func clientKey(client string) string {
	addr, err := netip.ParseAddr(strings.TrimSpace(client))
	if err != nil {
		return strings.TrimSpace(client)
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

func hashKey(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// checkThrottle refuses an attempt that comes before the delay its counts call for.
func (s *Service) checkThrottle(ctx context.Context, keys []string) error {
	t := s.Throttle.withDefaults()
	now := socle.Now()
	var until time.Time
	for i, k := range keys {
		f, err := s.Store.Failures(ctx, k)
		if err != nil {
			return err
		}
		if f.Count == 0 || now.Sub(f.Last) > t.Window {
			continue
		}
		free := t.AccountFree
		if i > 0 {
			free = t.AddressFree
		}
		if u := f.Last.Add(t.delay(f.Count, free)); u.After(now) && u.After(until) {
			until = u
		}
	}
	if until.IsZero() {
		return nil
	}
	wait := until.Sub(now).Round(time.Second)
	return &socle.Error{Kind: socle.ETOOMANY, Err: &Throttled{Until: until},
		Message: fmt.Sprintf("too many failed sign-ins for this account or from this address: try again in %s", max(wait, time.Second))}
}

// recordFailure counts a failed attempt under each key.
func (s *Service) recordFailure(ctx context.Context, keys []string) error {
	t := s.Throttle.withDefaults()
	now := socle.Now()
	for _, k := range keys {
		if _, err := s.Store.AddFailure(ctx, k, now, now.Add(-t.Window)); err != nil {
			return err
		}
	}
	return nil
}
