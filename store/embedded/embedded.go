// Package embedded is the authoring store of the default mode: one bbolt file under the data
// directory, no server to run. Each organization's objects live in a bucket of their own, so a read
// made for one organization cannot reach another's objects whatever ids it is given.
package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// FileName is the name of the database file inside the data directory.
const FileName = "socle.db"

// Top-level buckets. Values are JSON of the domain types: readable with any bbolt tool, and
// the domain types are the schema.
var (
	bucketOrgs        = []byte("orgs")        // org id → Organization
	bucketOrgSlugs    = []byte("org-slugs")   // slug → org id
	bucketUsers       = []byte("users")       // user id → User
	bucketUserEmails  = []byte("user-emails") // email → user id
	bucketUserOrgs    = []byte("user-orgs")   // user id \x00 org id → Membership
	bucketTenants     = []byte("tenants")     // org id → the organization's own buckets
	bucketPlanExpiry  = []byte("plan-expiry") // expiry (8 bytes) org id \x00 plan id → nothing
	bucketAuditOrphan = []byte("audit")       // events outside any organization
	bucketSessions    = []byte("sessions")    // token hash → Session
	bucketTokens      = []byte("api-tokens")  // token hash → APIToken
	bucketLinks       = []byte("links")       // token hash → OneTimeLink
	bucketIdentities  = []byte("identities")  // issuer \x00 subject → Identity
	bucketFailures    = []byte("failures")    // key → Failures
)

// Buckets inside each organization's tenant bucket.
var (
	bucketGuides     = []byte("guides")      // guide id → Guide
	bucketGuideSlugs = []byte("guide-slugs") // slug → guide id
	bucketVersions   = []byte("versions")    // version id → Version
	bucketVersionNs  = []byte("version-ns")  // guide id \x00 n (8 bytes) → version id
	bucketSections   = []byte("sections")    // version id \x00 ordinal (8 bytes) → Section
	bucketSectionIDs = []byte("section-ids") // version id \x00 section id → ordinal (8 bytes)
	bucketServices   = []byte("services")    // version id \x00 ordinal (8 bytes) → Service
	bucketServiceIDs = []byte("service-ids") // version id \x00 service id → ordinal (8 bytes)
	bucketSources    = []byte("sources")     // version id → source bytes
	bucketGlossary   = []byte("glossary")    // key → GlossaryEntry
	bucketPlans      = []byte("plans")       // plan id → Plan
	bucketFeedback   = []byte("feedback")    // plan id \x00 seq (8 bytes) → Feedback
	bucketMembers    = []byte("members")     // user id → Membership
	bucketAudit      = []byte("audit")       // seq (8 bytes) → AuditEvent
	bucketTokenIDs   = []byte("token-ids")   // API token id → token hash
	bucketPlanCites  = []byte("plan-cites")  // guide id \x00 section id \x00 plan id → nothing
	bucketSettings   = []byte("settings")    // "settings" → Settings
	bucketComments   = []byte("comments")    // version id \x00 seq (8 bytes) → Comment
	bucketNotices    = []byte("notices")     // guide id \x00 to n (8 bytes) \x00 section id → ChangeNotice
	bucketJobs       = []byte("jobs")        // job id (time-ordered) → Job
	bucketPaths      = []byte("paths")       // path id (time-ordered) → LearningPath
	bucketAssigned   = []byte("path-assign") // path id \x00 user id → Assignment
	bucketProgress   = []byte("path-steps")  // path id \x00 user id \x00 step id → StepProgress
	bucketUsage      = []byte("usage")       // at (8 bytes) event id → kind \x00 UsageEvent
	bucketUsageDays  = []byte("usage-days")  // day (8 bytes) \x00 kind \x00 key → [n, m]
	bucketLinkIDs    = []byte("link-ids")    // one-time link id → token hash
	bucketPlanDrafts = []byte("plan-drafts") // draft id → plan id (a draft is saved once)

	bucketPassageRules = []byte("passage-rules") // need|guide id|digest (PassageRule.Key) → PassageRule
)

var tenantBuckets = [][]byte{
	bucketGuides, bucketGuideSlugs, bucketVersions, bucketVersionNs, bucketSections,
	bucketSectionIDs, bucketServices, bucketServiceIDs, bucketSources, bucketGlossary,
	bucketPlans, bucketFeedback, bucketMembers, bucketAudit, bucketTokenIDs,
	bucketPlanCites, bucketSettings, bucketComments, bucketNotices, bucketJobs,
	bucketPaths, bucketAssigned, bucketProgress, bucketUsage, bucketUsageDays,
	bucketLinkIDs, bucketPlanDrafts, bucketPassageRules,
}

// Store is the bbolt-backed socle.Store.
type Store struct {
	db   *bolt.DB
	path string
}

var _ socle.Store = (*Store)(nil)

// Open opens, creating it if needed, the store in the data directory dir. It fails with a
// message naming the directory when it cannot be created or written, and when another process
// holds the file.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, socle.Errorf(socle.EINVALID, "data directory %s cannot be created (%v): choose another with --data or fix its permissions", dir, errors.Unwrap(err))
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return nil, socle.Errorf(socle.EINVALID, "data directory %s is not writable: choose another with --data or fix its permissions", dir)
	}
	probe.Close()
	os.Remove(probe.Name())

	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "%s is in use by another socle process: stop it or choose another --data directory", path)
	}
	if err != nil {
		return nil, socle.Errorf(socle.EINVALID, "cannot open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketOrgs, bucketOrgSlugs, bucketUsers, bucketUserEmails, bucketUserOrgs, bucketTenants, bucketPlanExpiry, bucketAuditOrphan, bucketSessions, bucketTokens,
			bucketLinks, bucketIdentities, bucketFailures, bucketChanges, bucketReplicas} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		// Buckets added to tenants after their creation.
		return tx.Bucket(bucketTenants).ForEachBucket(func(k []byte) error {
			t := tx.Bucket(bucketTenants).Bucket(k)
			indexPlans := t.Bucket(bucketPlanCites) == nil
			for _, name := range tenantBuckets {
				if _, err := t.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
			if indexPlans {
				// Plans saved before the citation index existed.
				return t.Bucket(bucketPlans).ForEach(func(_, v []byte) error {
					var p socle.Plan
					if err := jsonUnmarshal(v, &p); err != nil {
						return err
					}
					return indexCitations(t, &p, true)
				})
			}
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, socle.Errorf(socle.EINVALID, "cannot initialize %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the file is open and readable.
func (s *Store) Ping(ctx context.Context) error {
	return s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketOrgs) == nil {
			return socle.Errorf(socle.EUNAVAILABLE, "store %s is not initialized", s.path)
		}
		return nil
	})
}

// view and update run fn in a read or write transaction after checking ctx.
func (s *Store) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

func (s *Store) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

// tenant returns the buckets of organization orgID, or ENOTFOUND.
func tenant(tx *bolt.Tx, orgID string) (*bolt.Bucket, error) {
	b := tx.Bucket(bucketTenants).Bucket([]byte(orgID))
	if b == nil || orgID == "" {
		return nil, socle.Errorf(socle.ENOTFOUND, "organization %q not found", orgID)
	}
	return b, nil
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("embedded: decode %q: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("embedded: encode %q: %w", key, err)
	}
	return b.Put(key, data)
}

// key joins parts with a zero byte, which no id contains.
func key(parts ...[]byte) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			k = append(k, 0)
		}
		k = append(k, p...)
	}
	return k
}

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

// prefix returns p followed by the zero separator, for cursor scans of composite keys.
func prefix(p string) []byte { return append([]byte(p), 0) }

// audit appends an event to the organization's trail (or the global one) in tx.
func audit(ctx context.Context, tx *bolt.Tx, orgID, action, kind, objectID, detail string) error {
	e := socle.AuditEvent{
		ID: newID(), OrgID: orgID, Actor: socle.ActorFrom(ctx), Action: action,
		ObjectKind: kind, ObjectID: objectID, Detail: detail, At: socle.Now(),
	}
	return appendAudit(tx, &e)
}

func appendAudit(tx *bolt.Tx, e *socle.AuditEvent) error {
	b := tx.Bucket(bucketAuditOrphan)
	if e.OrgID != "" {
		t, err := tenant(tx, e.OrgID)
		if err != nil {
			return err
		}
		b = t.Bucket(bucketAudit)
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, u64(seq), e)
}

func jsonUnmarshal(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("embedded: decode: %w", err)
	}
	return nil
}
