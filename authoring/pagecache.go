package authoring

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// PageCache keeps drawn pages on disk, so that a page cited by many plans is drawn once. It is
// derived data: deleting the directory loses nothing. Its total size is bounded; the pages
// least recently served go first. Each organization has its own subdirectory and a page's key
// includes the organization, so that no page is ever served to another organization.
type PageCache struct {
	dir      string
	maxBytes int64

	mu      sync.Mutex
	entries map[string]*cacheEntry // by path relative to dir
	total   int64

	hits, misses atomic.Int64
	counts       sync.Map // "org/version" → pages of the version's PDF; versions never change
}

type cacheEntry struct {
	size int64
	used time.Time
}

// DefaultPageCacheBytes bounds the page cache unless told otherwise: about a thousand pages.
const DefaultPageCacheBytes = 256 << 20

// OpenPageCache opens (creating it if need be) a page cache in dir holding at most maxBytes
// (0 means DefaultPageCacheBytes). The pages already there are counted, oldest use first.
func OpenPageCache(dir string, maxBytes int64) (*PageCache, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultPageCacheBytes
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("page cache: %w", err)
	}
	c := &PageCache{dir: dir, maxBytes: maxBytes, entries: map[string]*cacheEntry{}}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		if strings.HasSuffix(rel, ".tmp") {
			_ = os.Remove(path) // a write cut short
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		c.entries[rel] = &cacheEntry{size: info.Size(), used: info.ModTime()}
		c.total += info.Size()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("page cache: %w", err)
	}
	c.mu.Lock()
	c.evict()
	c.mu.Unlock()
	return c, nil
}

// pageKey names a drawn page: everything that changes its pixels, under its organization.
func pageKey(orgID, versionID string, page int, scale float64, ranges [][2]int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%g", orgID, versionID, page, scale)
	for _, r := range ranges {
		fmt.Fprintf(h, "\x00%d-%d", r[0], r[1])
	}
	return filepath.Join(safeName(orgID), hex.EncodeToString(h.Sum(nil))+".png")
}

// safeName keeps an id usable as a directory name whatever it holds.
func safeName(id string) string {
	ok := id != "" && len(id) <= 64
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			ok = false
		}
	}
	if ok {
		return id
	}
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:8])
}

// get returns a cached page, or false.
func (c *PageCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok {
		e.used = time.Now()
	}
	c.mu.Unlock()
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(c.dir, key))
	if err != nil {
		c.forget(key)
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	now := time.Now()
	_ = os.Chtimes(filepath.Join(c.dir, key), now, now) // the use survives a restart
	return data, true
}

// put stores a page; a failure to write only costs drawing it again later.
func (c *PageCache) put(key string, data []byte) {
	if int64(len(data)) > c.maxBytes/4 {
		return // one page must not empty the cache
	}
	path := filepath.Join(c.dir, key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		_ = os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[key]; ok {
		c.total -= old.size
	}
	c.entries[key] = &cacheEntry{size: int64(len(data)), used: time.Now()}
	c.total += int64(len(data))
	c.evict()
}

func (c *PageCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		c.total -= e.size
		delete(c.entries, key)
	}
}

// evict removes the least recently used pages until the cache fits its bound, down to nine
// tenths of it so that the next few pages do not each evict again. The caller holds mu.
func (c *PageCache) evict() {
	if c.total <= c.maxBytes {
		return
	}
	keys := make([]string, 0, len(c.entries))
	for k := range c.entries {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return c.entries[keys[i]].used.Before(c.entries[keys[j]].used) })
	for _, k := range keys {
		if c.total <= c.maxBytes*9/10 {
			break
		}
		err := os.Remove(filepath.Join(c.dir, k))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		c.total -= c.entries[k].size
		delete(c.entries, k)
	}
}

// PageCacheStats are the cache's counts since it was opened.
type PageCacheStats struct {
	Hits, Misses int64
	Pages        int
	Bytes        int64
}

// Stats returns the cache's counts.
func (c *PageCache) Stats() PageCacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return PageCacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Pages: len(c.entries), Bytes: c.total}
}
