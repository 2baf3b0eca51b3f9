package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"time"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// RecordUsage writes events and adds their counts to each day's tallies.
func (s *Store) RecordUsage(ctx context.Context, events []socle.UsageEvent) error {
	for i := range events {
		if err := events[i].Validate(); err != nil {
			return err
		}
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		for i := range events {
			e := &events[i]
			t, err := tenant(tx, e.OrgID)
			if err != nil {
				return err
			}
			e.ID = newID()
			if e.At.IsZero() {
				e.At = socle.Now()
			}
			if err := putUsageEvent(t.Bucket(bucketUsage), e); err != nil {
				return err
			}
			days := t.Bucket(bucketUsageDays)
			for _, c := range e.Counts() {
				k := countKey(c.Day, c.Kind, c.Key)
				n, m := decodeCount(days.Get(k))
				if err := days.Put(k, encodeCount(n+c.N, m+c.M)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func countKey(day time.Time, kind, key string) []byte {
	return key3(u64(uint64(day.Unix())), []byte(kind), []byte(key))
}

// key3 is key() for three parts; the first is fixed-length, so it needs no separator after.
func key3(day, kind, key []byte) []byte {
	return append(append(append(append([]byte{}, day...), kind...), 0), key...)
}

func encodeCount(n, m int) []byte {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(n))
	binary.BigEndian.PutUint64(b[8:], uint64(m))
	return b[:]
}

func decodeCount(b []byte) (int, int) {
	if len(b) != 16 {
		return 0, 0
	}
	return int(binary.BigEndian.Uint64(b[:8])), int(binary.BigEndian.Uint64(b[8:]))
}

// UsageCounts lists tallies of days in [from, to), by day then kind then key.
func (s *Store) UsageCounts(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]socle.UsageCount, error) {
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []socle.UsageCount
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		c := t.Bucket(bucketUsageDays).Cursor()
		// Days are keyed by their Unix time, unsigned: a period from before 1970 (the zero time,
		// "since ever") starts at the first day kept, not past the last.
		end := u64(uint64(max(0, to.Unix())))
		for k, v := c.Seek(u64(uint64(max(0, socle.Day(from).Unix())))); k != nil && bytes.Compare(k[:8], end) < 0; k, v = c.Next() {
			kind, key, _ := bytes.Cut(k[8:], []byte{0})
			if len(want) > 0 && !want[string(kind)] {
				continue
			}
			n, m := decodeCount(v)
			out = append(out, socle.UsageCount{OrgID: orgID, Day: time.Unix(int64(binary.BigEndian.Uint64(k[:8])), 0).UTC(),
				Kind: string(kind), Key: string(key), N: n, M: m})
		}
		return nil
	})
	return out, err
}

// UsageTotals sums the period's tallies per kind and key.
func (s *Store) UsageTotals(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]socle.UsageCount, error) {
	counts, err := s.UsageCounts(ctx, orgID, from, to, kinds...)
	if err != nil {
		return nil, err
	}
	return socle.SumUsage(counts), nil
}

// UsageEvents lists events, newest first.
func (s *Store) UsageEvents(ctx context.Context, orgID string, f socle.UsageFilter) ([]socle.UsageEvent, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	var out []socle.UsageEvent
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		c := t.Bucket(bucketUsage).Cursor()
		var k, v []byte
		if f.To.IsZero() {
			k, v = c.Last()
		} else {
			c.Seek(u64(uint64(f.To.UnixMicro())))
			k, v = c.Prev()
		}
		for ; k != nil && len(out) < limit; k, v = c.Prev() {
			at := time.UnixMicro(int64(binary.BigEndian.Uint64(k[:8])))
			if !f.From.IsZero() && at.Before(f.From) {
				break
			}
			kind, body, ok := bytes.Cut(v, []byte{0})
			if !ok {
				return fmt.Errorf("usage event %x: no kind before the event", k)
			}
			if f.Kind != "" && string(kind) != string(f.Kind) {
				continue // not decoded: the insights read a few feedback events among many
			}
			var e socle.UsageEvent
			if err := json.Unmarshal(body, &e); err != nil {
				return err
			}
			if f.Commented && e.Comment == "" {
				continue
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// DeleteUsage removes events before the time given, and the tallies of the days wholly before.
func (s *Store) DeleteUsage(ctx context.Context, orgID string, before time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		n, err = deleteBefore(t.Bucket(bucketUsage), u64(uint64(before.UnixMicro())))
		if err != nil {
			return err
		}
		// A day's tallies go when the whole day is past the cutoff.
		_, err = deleteBefore(t.Bucket(bucketUsageDays), u64(uint64(socle.Day(before).Unix())))
		return err
	})
	return n, err
}

// deleteBefore removes the keys of b ordered before limit.
func deleteBefore(b *bolt.Bucket, limit []byte) (int, error) {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.First(); k != nil && bytes.Compare(k, limit) < 0; k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}

// putUsageEvent stores an event under its time and id, its kind before its JSON (kind, a zero
// byte, the JSON), so that reading the events of one kind decodes only those.
func putUsageEvent(b *bolt.Bucket, e *socle.UsageEvent) error {
	js, err := json.Marshal(e)
	if err != nil {
		return err
	}
	v := append(append([]byte(e.Kind), 0), js...)
	return b.Put(append(u64(uint64(e.At.UnixMicro())), e.ID...), v)
}
