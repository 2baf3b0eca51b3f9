package socle

import (
	"strings"
	"time"
)

// LearningPath is a trainer's route through the doctrine for new members: an ordered list of
// sections, each with why it matters and an optional question. Members follow its published
// revision; the trainer edits a draft, and publishing the draft makes the next revision, so
// that what members follow never changes under them.
type LearningPath struct {
	ID       string
	OrgID    string
	Author   string // user id of the trainer who made it
	Audience Audience
	// Revision is the number of the published revision, 0 while never published.
	Revision  int
	Published *PathContent // what members follow; nil while never published
	Draft     *PathContent // the revision being written; nil when none
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Audience says whom a path is for: a role (every member of it is assigned the path when
// AutoAssign), and members named by user id.
type Audience struct {
	Role       Role
	AutoAssign bool // assign the path to every new member of Role, as they are added
	Members    []string
}

// PathContent is one revision of a path.
type PathContent struct {
	Title       string
	Description string
	Steps       []PathStep
	PublishedAt time.Time // zero for a draft
}

// Current returns the revision a trainer works on: the draft, else the published one.
func (p LearningPath) Current() *PathContent {
	if p.Draft != nil {
		return p.Draft
	}
	return p.Published
}

// PathStep is a section of the doctrine, pinned to its version like a citation, with the
// trainer's note and an optional check question. A step keeps its ID across revisions, so that
// a member's progress on it survives the trainer's edits.
type PathStep struct {
	ID        string
	GuideID   string
	GuideSlug string
	VersionID string
	VersionN  int
	SectionID string
	Path      []string // the section's heading path, for display
	Note      string   // why it matters, in the trainer's words
	Question  *Question
}

// Question is a multiple-choice check of a step: one or more choices are right.
type Question struct {
	Prompt      string
	Choices     []Choice
	Explanation string // shown after answering
}

// Choice is one answer of a question.
type Choice struct {
	Text  string
	Right bool
}

// Validate checks a question: a prompt, at least two choices, at least one right.
func (q *Question) Validate() error {
	q.Prompt = strings.TrimSpace(q.Prompt)
	if q.Prompt == "" {
		return Errorf(EINVALID, "the question has no text: write the question, or remove it")
	}
	var kept []Choice
	right := 0
	for _, c := range q.Choices {
		if c.Text = strings.TrimSpace(c.Text); c.Text != "" {
			kept = append(kept, c)
			if c.Right {
				right++
			}
		}
	}
	q.Choices = kept
	if len(kept) < 2 {
		return Errorf(EINVALID, "the question %q needs at least two answers to choose from", q.Prompt)
	}
	if right == 0 {
		return Errorf(EINVALID, "the question %q has no right answer: mark at least one", q.Prompt)
	}
	if len(kept) > 10 {
		return Errorf(EINVALID, "the question %q has %d answers: keep it to 10", q.Prompt, len(kept))
	}
	return nil
}

// Check tells whether the chosen answers (indices of choices) are exactly the right ones.
func (q *Question) Check(chosen []int) bool {
	picked := map[int]bool{}
	for _, i := range chosen {
		picked[i] = true
	}
	for i, c := range q.Choices {
		if c.Right != picked[i] {
			return false
		}
	}
	return len(picked) > 0
}

// maxPathSteps bounds a path: an onboarding route, not the whole doctrine.
const maxPathSteps = 200

// Validate checks a revision's text and the shape of its steps (which sections they point to
// is the training service's to check).
func (c *PathContent) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	if c.Title == "" || len(c.Title) > 300 {
		return Errorf(EINVALID, "a path needs a title of 1 to 300 characters")
	}
	if len(c.Description) > 8000 {
		return Errorf(EINVALID, "the description is over 8,000 characters")
	}
	if len(c.Steps) > maxPathSteps {
		return Errorf(EINVALID, "a path has at most %d steps; this one has %d: split it in several paths", maxPathSteps, len(c.Steps))
	}
	seen := map[string]bool{}
	for i := range c.Steps {
		s := &c.Steps[i]
		if s.ID == "" || seen[s.ID] {
			return Errorf(EINVALID, "step %d has an empty or repeated id %q", i+1, s.ID)
		}
		seen[s.ID] = true
		if s.VersionID == "" || s.SectionID == "" {
			return Errorf(EINVALID, "step %d points to no section", i+1)
		}
		if len(s.Note) > 4000 {
			return Errorf(EINVALID, "the note of step %d is over 4,000 characters", i+1)
		}
		if s.Question != nil {
			if err := s.Question.Validate(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Assignment gives a member a path to follow.
type Assignment struct {
	OrgID      string
	PathID     string
	UserID     string
	AssignedBy string
	AssignedAt time.Time
}

// StepProgress is where a member stands on one step of a path.
type StepProgress struct {
	OrgID      string
	PathID     string
	StepID     string
	UserID     string
	ReadAt     time.Time // zero until read
	ReadN      int       // the version of the section read
	Answer     []int     // the choices of the last answer
	Right      bool      // the last answer was right
	Attempts   int       // answers given
	AnsweredAt time.Time // zero until answered
}

// ProgressFilter narrows a list of progress records; zero fields match everything.
type ProgressFilter struct {
	PathID string
	UserID string
}
