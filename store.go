package socle

import (
	"context"
	"strings"
	"time"
)

// The store contracts, split by capability so that a consumer asks only for what it uses. Every
// method that reads organization data takes the organization id first and never returns an
// object of another organization, whatever other ids it is given: an id that exists only in
// another organization is ENOTFOUND. Methods that change data assign ids and timestamps, and
// write an AuditEvent in the same transaction.
//
// Errors carry kinds: ENOTFOUND for a missing object (never a nil error with a zero value),
// EINVALID for bad input, ECONFLICT for a duplicate or a disallowed state change, EUNAVAILABLE
// when the backing database cannot be reached.

// OrgStore keeps organizations.
type OrgStore interface {
	CreateOrg(ctx context.Context, o *Organization) error // ECONFLICT if the slug is taken
	Org(ctx context.Context, id string) (Organization, error)
	OrgBySlug(ctx context.Context, slug string) (Organization, error)
	Orgs(ctx context.Context) ([]Organization, error)
}

// UserStore keeps users and their memberships.
type UserStore interface {
	CreateUser(ctx context.Context, u *User) error // ECONFLICT if the email is taken
	User(ctx context.Context, id string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	// SetMembership gives the user a role in the organization, replacing any earlier role.
	SetMembership(ctx context.Context, m *Membership) error
	Memberships(ctx context.Context, userID string) ([]Membership, error)
	Members(ctx context.Context, orgID string) ([]Membership, error)
}

// GuideFilter narrows a list of guides; zero fields match everything.
type GuideFilter struct {
	Kind GuideKind
}

// GuideStore keeps guides and their immutable versions and sections.
type GuideStore interface {
	CreateGuide(ctx context.Context, g *Guide) error // ECONFLICT if the slug is taken in the organization
	Guide(ctx context.Context, orgID, id string) (Guide, error)
	GuideBySlug(ctx context.Context, orgID, slug string) (Guide, error)
	Guides(ctx context.Context, orgID string, f GuideFilter) ([]Guide, error) // ordered by slug

	// CreateVersion writes a new version of v.GuideID with its content, all or nothing. It assigns
	// ID, N (one more than the guide's last), CreatedAt, and the content's org, guide and version
	// ids; v.State defaults to draft, and a version created published archives the one before.
	// When v.JobID names an unfinished job, the version is recorded on it in the same
	// transaction (stage "indexing"); a finished or unknown job is ECONFLICT or ENOTFOUND and
	// nothing is written.
	CreateVersion(ctx context.Context, v *Version, c VersionContent) error
	// CreateGuideWithVersion creates a guide and its first version in one transaction, so that
	// an interrupted upload leaves neither. v.GuideID is set from g.
	CreateGuideWithVersion(ctx context.Context, g *Guide, v *Version, c VersionContent) error
	Version(ctx context.Context, orgID, id string) (Version, error)
	Versions(ctx context.Context, orgID, guideID string) ([]Version, error) // ordered by N
	// PublishedVersions lists the organization's published versions, one per guide at most.
	PublishedVersions(ctx context.Context, orgID string) ([]Version, error)
	// SetVersionState moves a version to a new state (ECONFLICT if VersionState.CanMoveTo
	// forbids it), keeps the change's comment with the version, and audits the move with the
	// context's actor. Publishing archives the guide's previously published version and writes
	// the change's notices in the same transaction; it is ECONFLICT when the guide's published
	// version is no longer c.Expect.
	SetVersionState(ctx context.Context, orgID string, c StateChange) (Version, error)
	VersionSource(ctx context.Context, orgID, versionID string) ([]byte, error)
	Sections(ctx context.Context, orgID, versionID string) ([]Section, error) // ordered by Ordinal
	Section(ctx context.Context, orgID, versionID, sectionID string) (Section, error)
}

// ServiceStore reads services of catalog versions.
type ServiceStore interface {
	Services(ctx context.Context, orgID, versionID string) ([]Service, error) // in catalog order
	Service(ctx context.Context, orgID, versionID, serviceID string) (Service, error)
}

// GlossaryStore keeps each organization's glossary.
type GlossaryStore interface {
	// PutGlossaryEntry creates or replaces the entry for e.Term (compared by GlossaryKey).
	PutGlossaryEntry(ctx context.Context, e *GlossaryEntry) error
	GlossaryEntry(ctx context.Context, orgID, term string) (GlossaryEntry, error)
	Glossary(ctx context.Context, orgID string) ([]GlossaryEntry, error) // ordered by key
	DeleteGlossaryEntry(ctx context.Context, orgID, term string) error
}

// PlanFilter narrows a list of plans; zero fields match everything.
type PlanFilter struct {
	AuthorID string
	Since    time.Time // plans saved at or after this time
	Limit    int       // newest first; 0 means 100
}

// PlanStore keeps the plans users chose to save, and their feedback.
type PlanStore interface {
	// SavePlan stores a new plan; EINVALID if ExpiresAt is not in the future. A plan with a
	// DraftID is saved once: when the organization already holds a plan saved from that draft
	// (even one being saved at the same moment by another server), nothing is stored and *p
	// becomes that plan. Deleting the plan frees its DraftID.
	SavePlan(ctx context.Context, p *Plan) error
	Plan(ctx context.Context, orgID, id string) (Plan, error)
	Plans(ctx context.Context, orgID string, f PlanFilter) ([]Plan, error)
	DeletePlan(ctx context.Context, orgID, id string) error
	// DeleteExpiredPlans removes, in every organization, the plans (and their feedback) whose
	// ExpiresAt is at or before now, and returns how many.
	DeleteExpiredPlans(ctx context.Context, now time.Time) (int, error)
	AddFeedback(ctx context.Context, f *Feedback) error
	Feedback(ctx context.Context, orgID, planID string) ([]Feedback, error) // oldest first
	// PlansCiting lists the saved plans with a citation of one of the guide's sections (of any
	// version), newest first.
	PlansCiting(ctx context.Context, orgID, guideID string, sectionIDs []string) ([]CitingPlan, error)
	// DraftKey returns the organization's key for sealing unsaved plan drafts (32 random
	// bytes), made at first use and the same afterwards for every server sharing the store.
	DraftKey(ctx context.Context, orgID string) ([]byte, error)
}

// DraftKeySize is the size of a draft key: AES-256.
const DraftKeySize = 32

// ReviewStore keeps what review adds to versions: the organization's settings, comments on
// versions, and the notices of changes made by publications.
type ReviewStore interface {
	Settings(ctx context.Context, orgID string) (Settings, error) // DefaultSettings if never set
	SetSettings(ctx context.Context, s *Settings) error
	AddComment(ctx context.Context, c *Comment) error
	Comments(ctx context.Context, orgID, versionID string) ([]Comment, error) // oldest first
	// ChangeNotices lists the notices of one guide, by the version that made them then by section.
	ChangeNotices(ctx context.Context, orgID string, f NoticeFilter) ([]ChangeNotice, error)
}

// JobStore keeps background jobs.
type JobStore interface {
	// CreateJob records a new job; it assigns ID, CreatedAt and UpdatedAt, and the state queued.
	CreateJob(ctx context.Context, j *Job) error
	Job(ctx context.Context, orgID, id string) (Job, error)
	Jobs(ctx context.Context, orgID string, f JobFilter) ([]Job, error) // newest first
	// UpdateJob writes a job's state, progress and result, and stamps UpdatedAt. A finished job
	// never changes again: ECONFLICT. The version recorded on a job stays: an update without
	// one keeps it.
	UpdateJob(ctx context.Context, j *Job) error
	// FailStaleJobs ends, in every organization, the unfinished jobs with no sign of life since
	// before: as failed with the message given, or as done when their version was saved (only
	// derived work was lost). It returns how many it ended.
	FailStaleJobs(ctx context.Context, before time.Time, message string) (int, error)
	// DeleteFinishedJobs removes the finished jobs last updated before the time given.
	DeleteFinishedJobs(ctx context.Context, before time.Time) (int, error)
}

// AuditFilter narrows a list of audit events; zero fields match everything.
type AuditFilter struct {
	ObjectID   string
	Actor      string    // user id, or "system"
	ObjectKind string    // "plan", "user", "version"…
	Action     string    // exact, or a prefix when it ends with a dot: "plan." for every plan event
	Since      time.Time // at or after
	Until      time.Time // before
	Limit      int       // newest first; 0 means 100
}

// Match reports whether e passes the filter's conditions (not its limit).
func (f AuditFilter) Match(e AuditEvent) bool {
	switch {
	case f.ObjectID != "" && e.ObjectID != f.ObjectID,
		f.Actor != "" && e.Actor != f.Actor,
		f.ObjectKind != "" && e.ObjectKind != f.ObjectKind,
		f.Action != "" && e.Action != f.Action && !(strings.HasSuffix(f.Action, ".") && strings.HasPrefix(e.Action, f.Action)),
		!f.Since.IsZero() && e.At.Before(f.Since),
		!f.Until.IsZero() && !e.At.Before(f.Until):
		return false
	}
	return true
}

// AuditStore keeps the audit trail.
type AuditStore interface {
	AppendAudit(ctx context.Context, e *AuditEvent) error
	Audit(ctx context.Context, orgID string, f AuditFilter) ([]AuditEvent, error)
}

// SessionStore keeps browser sessions and API tokens, by the hash of their token.
type SessionStore interface {
	CreateSession(ctx context.Context, s *Session) error
	// Session returns the session with the given token hash; ENOTFOUND if it does not exist or
	// has expired.
	Session(ctx context.Context, tokenHash string) (Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions removes the sessions that expired at or before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	CreateAPIToken(ctx context.Context, t *APIToken) error // ECONFLICT if the hash exists
	// APITokenByHash returns the token with the given hash; ENOTFOUND if missing or expired.
	APITokenByHash(ctx context.Context, tokenHash string) (APIToken, error)
	APITokens(ctx context.Context, orgID string) ([]APIToken, error) // oldest first
	DeleteAPIToken(ctx context.Context, orgID, id string) error
}

// PathStore keeps learning paths, who follows them, and how far each member got.
type PathStore interface {
	// CreatePath records a new path with its first draft; it assigns ID and times.
	CreatePath(ctx context.Context, p *LearningPath) error
	LearningPath(ctx context.Context, orgID, id string) (LearningPath, error)
	LearningPaths(ctx context.Context, orgID string) ([]LearningPath, error) // oldest first
	// SavePathDraft replaces the path's draft and audience; on a published path without draft
	// it starts the next revision. The published revision never changes.
	SavePathDraft(ctx context.Context, orgID, id string, d PathContent, a Audience) (LearningPath, error)
	// PublishPath makes the draft the published revision (ECONFLICT without a draft).
	PublishPath(ctx context.Context, orgID, id string) (LearningPath, error)
	// Assign gives a member a path; assigning twice keeps the first. ENOTFOUND if the path or
	// the member is not the organization's. A member added with a role (SetMembership) is
	// assigned, in the same transaction, the published paths whose audience auto-assigns it.
	Assign(ctx context.Context, a *Assignment) error
	Unassign(ctx context.Context, orgID, pathID, userID string) error
	Assignments(ctx context.Context, orgID string, f ProgressFilter) ([]Assignment, error)
	// SaveProgress records a member's progress on a step, replacing what was recorded.
	SaveProgress(ctx context.Context, p *StepProgress) error
	Progress(ctx context.Context, orgID string, f ProgressFilter) ([]StepProgress, error)
}

// UsageStore keeps usage events and their daily counts, for insights.
type UsageStore interface {
	// RecordUsage writes events and adds their counts (UsageEvent.Counts) to each day's tallies,
	// all or nothing. It assigns the events' ids.
	RecordUsage(ctx context.Context, events []UsageEvent) error
	// UsageCounts lists an organization's tallies of days in [from, to), of the kinds given
	// (all kinds when none), by day then kind then key.
	UsageCounts(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]UsageCount, error)
	// UsageTotals is UsageCounts summed over the days of [from, to) for each kind and key (Day
	// zero), by kind then key: what a period's tables read without a row per day.
	UsageTotals(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]UsageCount, error)
	UsageEvents(ctx context.Context, orgID string, f UsageFilter) ([]UsageEvent, error) // newest first
	// DeleteUsage removes an organization's events before the time given, and the tallies of
	// the days wholly before it; it returns how many events it removed.
	DeleteUsage(ctx context.Context, orgID string, before time.Time) (int, error)
}

// MemberStore is what administrators do to members beyond SetMembership.
type MemberStore interface {
	// Member returns one membership; ENOTFOUND if the user is not a member of the organization.
	Member(ctx context.Context, orgID, userID string) (Membership, error)
	// SetMemberActive deactivates a member (active false) or reactivates them. Deactivating
	// deletes, in the same transaction, the member's sessions and API tokens in the
	// organization, so that they stop working at once.
	SetMemberActive(ctx context.Context, orgID, userID string, active bool) error
	// SetPassword replaces a user's password hash.
	SetPassword(ctx context.Context, userID, hash string) error
	// SetUserName changes a user's display name.
	SetUserName(ctx context.Context, userID, name string) error
}

// LinkStore keeps one-time links (invitations, password resets).
type LinkStore interface {
	CreateLink(ctx context.Context, l *OneTimeLink) error
	// UseLink marks the link with the given token hash used and returns it; ENOTFOUND if it
	// does not exist, was used, or has expired. Two concurrent uses: one wins.
	UseLink(ctx context.Context, tokenHash string) (OneTimeLink, error)
	// Links lists the organization's links not used and not expired, oldest first.
	Links(ctx context.Context, orgID string) ([]OneTimeLink, error)
	// DeleteLink withdraws a link.
	DeleteLink(ctx context.Context, orgID, id string) error
}

// IdentityStore links single sign-on identities to users.
type IdentityStore interface {
	// LinkIdentity records that the provider's account (issuer, subject) is the user, or
	// updates the email of a link that exists; ECONFLICT if it is linked to another user.
	LinkIdentity(ctx context.Context, id *Identity) error
	// IdentityUser returns the link of (issuer, subject); ENOTFOUND if there is none.
	IdentityUser(ctx context.Context, issuer, subject string) (Identity, error)
}

// ThrottleStore counts failed attempts under keys, in the store so that every server of a
// deployment sees the same counts.
type ThrottleStore interface {
	// AddFailure counts one failure under key at now and returns the new count; the count
	// starts again from one when the previous failure is before since.
	AddFailure(ctx context.Context, key string, now, since time.Time) (Failures, error)
	// Failures returns the count under key (a zero Count when there is none).
	Failures(ctx context.Context, key string) (Failures, error)
	ResetFailures(ctx context.Context, key string) error
	// DeleteFailuresBefore removes the counts whose last failure is before t.
	DeleteFailuresBefore(ctx context.Context, t time.Time) (int, error)
}

// TokenUseStore records when API tokens are used.
type TokenUseStore interface {
	// MarkAPITokenUsed sets the token's LastUsedAt; ENOTFOUND if there is no such token.
	MarkAPITokenUsed(ctx context.Context, tokenHash string, at time.Time) error
}

// Store is everything the authoring store offers, in either mode.
type Store interface {
	MemberStore
	LinkStore
	IdentityStore
	ThrottleStore
	TokenUseStore
	OrgStore
	UserStore
	SessionStore
	GuideStore
	ServiceStore
	GlossaryStore
	PlanStore
	ReviewStore
	JobStore
	PathStore
	UsageStore
	PassageRuleStore
	AuditStore
	ChangeFeedStore
	// Ping reports whether the store can serve requests (EUNAVAILABLE if not).
	Ping(ctx context.Context) error
	Close() error
}
