package socle

import (
	"regexp"
	"time"
)

// Organization is a tenant: every guide, section, service, glossary entry, plan and audit event
// belongs to exactly one, and no read made for one ever returns another's objects.
type Organization struct {
	ID        string
	Slug      string // short name used in URLs and on the command line
	Name      string
	CreatedAt time.Time
}

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$`)

// ValidateSlug checks a URL-safe short name: lowercase letters, digits and inner hyphens.
func ValidateSlug(what, slug string) error {
	if !slugPattern.MatchString(slug) {
		return Errorf(EINVALID, "%s %q is not valid: use 1 to 64 lowercase letters, digits or hyphens, not starting or ending with a hyphen", what, slug)
	}
	return nil
}

// Validate checks the fields a caller must set.
func (o *Organization) Validate() error {
	if err := ValidateSlug("organization slug", o.Slug); err != nil {
		return err
	}
	if o.Name == "" {
		return Errorf(EINVALID, "organization name is empty: give the organization a name")
	}
	return nil
}
