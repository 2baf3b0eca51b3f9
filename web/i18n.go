package web

import (
	"net/http"

	"golang.org/x/text/language"
)

// The interface speaks French, the language of most of Socle's users, and English.
var languages = []language.Tag{language.French, language.English}

var matcher = language.NewMatcher(languages)

// messages holds every text of the interface, by language then key. Templates read them as
// {{.L.key}}; a test checks that every key a template uses exists in both languages.
var messages = map[string]map[string]string{
	"fr": {
		"lang.switch":      "English",
		"nav.home":         "Accueil",
		"nav.signout":      "Se déconnecter",
		"signin.title":     "Connexion",
		"signin.email":     "Adresse e-mail",
		"signin.password":  "Mot de passe",
		"signin.submit":    "Se connecter",
		"signin.demo":      "Comptes de démonstration",
		"signin.demo.hint": "Mot de passe commun :",
		"home.guides":      "Guides méthodologiques",
		"home.catalogs":    "Catalogues de services",
		"home.references":  "Textes de référence",
		"home.none":        "Aucun guide pour l'instant.",
		"home.role":        "Votre rôle",
		"guide.versions":   "Versions",
		"guide.sections":   "Sommaire",
		"guide.services":   "Services",
		"guide.version":    "Version",
		"guide.state":      "État",
		"guide.created":    "Créée le",
		"guide.note":       "Note",
		"guide.pages":      "p.",
		"guide.noversion":  "Ce guide n'a pas encore de version.",
		"section.back":     "Retour au sommaire",
		"section.cited":    "Passage cité",
		"section.old":      "Cette version n'est plus la version publiée.",
		"section.latest":   "Voir la version publiée",
		"service.audience": "Public",
		"service.elig":     "Conditions",
		"service.where":    "Territoire",
		"service.contact":  "Contact",
		"service.provider": "Structure",
		"state.draft":      "brouillon",
		"state.review":     "en relecture",
		"state.published":  "publiée",
		"state.archived":   "archivée",
		"role.admin":       "administration",
		"role.lead":        "référent méthodologie",
		"role.caseworker":  "travailleur social",
		"role.trainer":     "formation",
		"error.title":      "Erreur",
		"error.back":       "Revenir à l'accueil",
	},
	"en": {
		"lang.switch":      "Français",
		"nav.home":         "Home",
		"nav.signout":      "Sign out",
		"signin.title":     "Sign in",
		"signin.email":     "Email",
		"signin.password":  "Password",
		"signin.submit":    "Sign in",
		"signin.demo":      "Demo accounts",
		"signin.demo.hint": "Shared password:",
		"home.guides":      "Methodology guides",
		"home.catalogs":    "Service catalogs",
		"home.references":  "Reference texts",
		"home.none":        "No guide yet.",
		"home.role":        "Your role",
		"guide.versions":   "Versions",
		"guide.sections":   "Contents",
		"guide.services":   "Services",
		"guide.version":    "Version",
		"guide.state":      "State",
		"guide.created":    "Created",
		"guide.note":       "Note",
		"guide.pages":      "p.",
		"guide.noversion":  "This guide has no version yet.",
		"section.back":     "Back to the contents",
		"section.cited":    "Cited passage",
		"section.old":      "This version is no longer the published one.",
		"section.latest":   "See the published version",
		"service.audience": "Audience",
		"service.elig":     "Eligibility",
		"service.where":    "Territory",
		"service.contact":  "Contact",
		"service.provider": "Provider",
		"state.draft":      "draft",
		"state.review":     "in review",
		"state.published":  "published",
		"state.archived":   "archived",
		"role.admin":       "administrator",
		"role.lead":        "methodology lead",
		"role.caseworker":  "caseworker",
		"role.trainer":     "trainer",
		"error.title":      "Error",
		"error.back":       "Back to the home page",
	},
}

// langCookie remembers a language chosen by hand over the browser's preference.
const langCookie = "socle_lang"

// lang picks the request's language: the cookie, else the browser's Accept-Language.
func lang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil {
		if _, ok := messages[c.Value]; ok {
			return c.Value
		}
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	_, i, _ := matcher.Match(tags...)
	base, _ := languages[i].Base()
	return base.String()
}

// Message returns the text of key in lang, or "" when it has none.
func Message(lang, key string) string { return messages[lang][key] }
