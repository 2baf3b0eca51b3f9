package socle

import (
	"strings"
	"time"
)

// Settings are an organization's choices about how it works. A store returns DefaultSettings
// for an organization that never changed them.
type Settings struct {
	OrgID string
	// ReviewRequired makes publication a second person's act: a version's own author may not
	// publish it, and a draft goes through review first.
	ReviewRequired bool
	// UsageRetentionDays is how long usage events (what insights read) are kept.
	UsageRetentionDays int
	// LearnFromPlans lets plans follow what the organization's caseworkers kept of earlier
	// plans: a passage they keep taking out is offered instead of proposed, one they keep adding
	// is proposed (plan/learned.go). On by default; what they kept is recorded either way.
	LearnFromPlans bool
	UpdatedAt      time.Time
}

// DefaultUsageRetentionDays keeps usage events half a year: enough for a trend, short enough
// to keep little.
const DefaultUsageRetentionDays = 180

// DefaultSettings are the settings of an organization that never changed them.
func DefaultSettings(orgID string) Settings {
	return Settings{OrgID: orgID, ReviewRequired: true, UsageRetentionDays: DefaultUsageRetentionDays, LearnFromPlans: true}
}

// Validate checks settings' values.
func (s *Settings) Validate() error {
	if s.UsageRetentionDays < 1 || s.UsageRetentionDays > 3650 {
		return Errorf(EINVALID, "usage retention of %d days: keep usage 1 to 3650 days", s.UsageRetentionDays)
	}
	return nil
}

// Comment is a remark on a version under review, on the whole version or on one section. A
// comment made with a move (sent back to draft, submitted for review) names the state it went
// to.
type Comment struct {
	ID        string
	OrgID     string
	VersionID string
	SectionID string // empty: on the whole version
	Author    string // user id
	State     VersionState
	Body      string
	CreatedAt time.Time
}

// maxCommentBytes bounds a comment: a review remark, not a document.
const maxCommentBytes = 8 << 10

// Validate checks a comment's text.
func (c *Comment) Validate() error {
	c.Body = strings.TrimSpace(c.Body)
	if c.Body == "" {
		return Errorf(EINVALID, "the comment is empty: write what should change")
	}
	if len(c.Body) > maxCommentBytes {
		return Errorf(EINVALID, "the comment is over %d KiB: keep it to a remark, and attach longer texts to the guide itself", maxCommentBytes>>10)
	}
	return nil
}

// Change says how a section fared between two versions of a guide.
type Change string

const (
	Unchanged Change = "unchanged"
	Added     Change = "added"
	Removed   Change = "removed"
	Moved     Change = "moved"   // same text, elsewhere in the guide
	Changed   Change = "changed" // other words (or another heading)
)

// ChangeNotice records that a published version changed or removed a section of the version
// published before it. Saved plans and learning paths that cite the section read it to say that
// the doctrine changed, while their citations stay pinned to the text they cited.
type ChangeNotice struct {
	ID            string
	OrgID         string
	GuideID       string
	SectionID     string   // the section's id in the version before
	Path          []string // its heading path in the version before
	Change        Change   // Changed or Removed
	FromVersionID string
	FromN         int
	ToVersionID   string
	ToN           int
	At            time.Time // when the new version was published
}

// NoticeFilter narrows a list of change notices to one guide; zero fields match everything of it.
type NoticeFilter struct {
	GuideID    string   // required
	SectionIDs []string // these sections only
	AfterN     int      // notices of versions published after version AfterN (FromN >= AfterN)
}

// StateChange moves a version to another state.
type StateChange struct {
	VersionID string
	State     VersionState
	// Comment, if set, is kept with the version as a comment of this move.
	Comment string
	// Expect is, for a publication, the number of the guide's published version the caller saw
	// (0: none). If another version was published since, the move is ECONFLICT: two leads
	// publishing the same guide at once cannot silently undo each other.
	Expect int
	// Notices are written with a publication, in the same transaction.
	Notices []ChangeNotice
}

// CitingPlan is a saved plan that cites sections of a guide.
type CitingPlan struct {
	PlanID     string
	AuthorID   string
	Title      string
	CreatedAt  time.Time
	SectionIDs []string // the guide's sections it cites, among those asked about
}

// ErrPublishedMeanwhile is the conflict of a publication made against a published version that
// is no longer the guide's: version n was to replace version expect, but version cur is
// published now (0: none).
func ErrPublishedMeanwhile(n, expect, cur int) error {
	switch {
	case expect == 0:
		return Errorf(ECONFLICT, "version %d was not published: version %d of this guide was published meanwhile; compare them before publishing", n, cur)
	case cur == 0:
		return Errorf(ECONFLICT, "version %d was not published: version %d was withdrawn meanwhile; look again before publishing", n, expect)
	}
	return Errorf(ECONFLICT, "version %d was not published: version %d of this guide was published meanwhile, in place of version %d; compare them before publishing", n, cur, expect)
}
