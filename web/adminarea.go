package web

import (
	"net/http"
	"strings"

	"github.com/socle-project/socle/access"
)

// The administration area. The top bar keeps everyone's everyday pages (plans, doctrine,
// insights, paths); what an administrator does now and then — members, API tokens, the audit
// trail, single sign-on, the organization's export and its settings — is one "Administration"
// entry leading to this page, which lists each with what it is for, and a second row of links
// on the area's pages. A page rather than a drop-down: it needs no script, never covers the page
// or waits to be closed, reads the same on a phone, and has room to say what each task does and
// where the things without a page of their own are (sign-on providers, settings).

// adminPages are the pages of the administration area after its own, in the order of the
// area's links, with the action each needs.
var adminPages = []struct {
	Href, Label string
	Need        access.Action
}{
	{"/members", "nav.members", access.ManageMembers},
	{"/tokens", "nav.tokens", access.ManageMembers},
	{"/audit", "nav.audit", access.ReadAudit},
}

// inAdminArea reports whether a page address (query and all) is in the administration area.
func inAdminArea(uri string) bool {
	p := pathOnly(uri)
	if p == "/admin" {
		return true
	}
	for _, a := range adminPages {
		if p == a.Href || strings.HasPrefix(p, a.Href+"/") {
			return true
		}
	}
	return false
}

func pathOnly(uri string) string {
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		return uri[:i]
	}
	return uri
}

// navCurrent is the aria-current of a navigation link to href on the page at uri: "page" on
// that page, "true" on a page under it (a saved plan under the saved plans, the members' page
// under Administration) unless exact, empty elsewhere.
func navCurrent(uri, href string, exact any) string {
	p := pathOnly(uri)
	switch {
	case p == href:
		return "page"
	case exact == true, href == "/":
		return ""
	case strings.HasPrefix(p, href+"/"), href == "/admin" && inAdminArea(p):
		return "true"
	}
	return ""
}

// adminLink is one link of the area's second row.
type adminLink struct{ Href, Label string }

// adminLinks are the area's pages the principal may open, its own first.
func adminLinks(p *access.Principal) []adminLink {
	if p == nil || !p.Can(access.ReadAudit) && !p.Can(access.ManageMembers) {
		return nil
	}
	out := []adminLink{{"/admin", "admin.overview"}}
	for _, a := range adminPages {
		if p.Can(a.Need) {
			out = append(out, adminLink{a.Href, a.Label})
		}
	}
	return out
}

// adminView is the administration page: what the principal may do, with a few figures.
type adminView struct {
	Manage       bool // members, tokens, sign-on, export, settings
	Audit        bool
	Members      int // active
	Pending      int // invited, no password chosen yet
	Tokens       int // usable
	SSO          []string
	EditDoctrine bool // the review setting is on the doctrine page, which needs it
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	v := adminView{Manage: p.Can(access.ManageMembers), Audit: p.Can(access.ReadAudit), EditDoctrine: p.Can(access.EditDoctrine)}
	if v.Manage {
		rows, _, err := s.tokenRows(r, p)
		if err != nil {
			return err
		}
		for _, t := range rows {
			if !t.Expired {
				v.Tokens++
			}
		}
		members, err := s.members(r.Context(), p)
		if err != nil {
			return err
		}
		for _, m := range members {
			switch {
			case !m.Member.Active():
			case m.User.PasswordHash == "":
				v.Pending++
			default:
				v.Members++
			}
		}
		for _, sp := range s.SSO {
			if sp.OrgID == p.Org.ID {
				v.SSO = append(v.SSO, sp.Label)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "admin", messages[lang(r)]["admin.title"], &p, v)
}

var adminMessages = catalog{
	"fr": {
		"nav.label":          "Navigation principale",
		"nav.admin":          "Administration",
		"admin.title":        "Administration",
		"admin.overview":     "Vue d'ensemble",
		"admin.intro":        "Ce que l'on fait de temps en temps pour l'organisation. Tout existe aussi en ligne de commande et dans l'API.",
		"admin.members":      "Inviter une personne, changer un rôle, désactiver un compte, envoyer un lien pour un nouveau mot de passe.",
		"admin.members.n":    "membres actifs",
		"admin.pending":      "invitations en attente",
		"admin.tokens":       "Les accès des logiciels métier à l'API : en créer un pour un membre, révoquer un jeton.",
		"admin.tokens.n":     "jetons en service",
		"admin.audit":        "Qui a fait quoi : plans ouverts, enregistrés, supprimés, versions publiées, membres. Filtres et export CSV.",
		"admin.sso":          "Connexion unique",
		"admin.sso.on":       "Les membres peuvent se connecter avec :",
		"admin.sso.off":      "Aucun fournisseur : les membres se connectent avec leur mot de passe.",
		"admin.sso.how":      "Les fournisseurs OpenID Connect (ProConnect, Keycloak, Entra ID) se configurent sur le serveur, avec l'option",
		"admin.export":       "Exporter l'organisation",
		"admin.export.hint":  "Une archive de la doctrine, du glossaire, des réglages, des parcours et des membres, pour changer de serveur.",
		"admin.export.go":    "Télécharger depuis la page des membres",
		"admin.settings":     "Réglages",
		"admin.review":       "Relecture obligatoire avant publication",
		"admin.review.where": "sur la page Doctrine",
		"admin.usage":        "Durée de conservation des données d'usage",
		"admin.learning":     "Plans qui suivent ce que les professionnels gardent",
	},
	"en": {
		"nav.label":          "Main navigation",
		"nav.admin":          "Administration",
		"admin.title":        "Administration",
		"admin.overview":     "Overview",
		"admin.intro":        "What is done now and then for the organization. Everything also exists on the command line and in the API.",
		"admin.members":      "Invite someone, change a role, deactivate an account, send a link to choose a new password.",
		"admin.members.n":    "active members",
		"admin.pending":      "pending invitations",
		"admin.tokens":       "Access to the API for case management software: make one for a member, revoke a token.",
		"admin.tokens.n":     "tokens in use",
		"admin.audit":        "Who did what: plans opened, saved, deleted, versions published, members. Filters and CSV export.",
		"admin.sso":          "Single sign-on",
		"admin.sso.on":       "Members can sign in with:",
		"admin.sso.off":      "No provider: members sign in with their password.",
		"admin.sso.how":      "OpenID Connect providers (ProConnect, Keycloak, Entra ID) are set up on the server, with the option",
		"admin.export":       "Export the organization",
		"admin.export.hint":  "An archive of the doctrine, glossary, settings, paths and members, to move to another server.",
		"admin.export.go":    "Download from the members page",
		"admin.settings":     "Settings",
		"admin.review":       "Review required before publishing",
		"admin.review.where": "on the Doctrine page",
		"admin.usage":        "How long usage data is kept",
		"admin.learning":     "Plans that follow what caseworkers keep",
	},
}
