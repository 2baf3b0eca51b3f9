package access

import "github.com/socle-project/socle"

// Action is something a member may be allowed to do.
type Action string

const (
	ReadDoctrine  Action = "read doctrine"  // guides, sections, services, search
	EditDoctrine  Action = "edit doctrine"  // upload, review, publish, glossary
	MakePlans     Action = "make plans"     // plans and case digests
	ManagePaths   Action = "manage paths"   // learning paths: write, publish, assign
	FollowPaths   Action = "follow paths"   // the organization's progress on learning paths
	ManageMembers Action = "manage members" // members, roles, API tokens
	ReadAudit     Action = "read the audit trail"
	// SupervisePlans lets a member read the plans other members saved, each read an audit
	// event; a plan's author always manages their own.
	SupervisePlans Action = "read other members' saved plans"
	// DeleteAnyPlan lets a member delete a plan another member saved (audited).
	DeleteAnyPlan Action = "delete other members' saved plans"
)

// permissions is the one table of what each role may do.
var permissions = map[socle.Role][]Action{
	socle.RoleAdmin:      {ReadDoctrine, EditDoctrine, MakePlans, ManagePaths, FollowPaths, ManageMembers, ReadAudit, SupervisePlans, DeleteAnyPlan},
	socle.RoleLead:       {ReadDoctrine, EditDoctrine, MakePlans, FollowPaths, ReadAudit, SupervisePlans},
	socle.RoleCaseworker: {ReadDoctrine, MakePlans},
	socle.RoleTrainer:    {ReadDoctrine, ManagePaths, FollowPaths},
}

// Can reports whether the principal's role allows the action.
func (p Principal) Can(a Action) bool {
	for _, allowed := range permissions[p.Role] {
		if allowed == a {
			return true
		}
	}
	return false
}

// Require returns EFORBIDDEN unless the principal's role allows the action.
func (p Principal) Require(a Action) error {
	if p.Can(a) {
		return nil
	}
	return socle.Errorf(socle.EFORBIDDEN, "your role (%s) does not allow you to %s", p.Role, a)
}
