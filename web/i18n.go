package web

import (
	"net/http"

	"golang.org/x/text/language"
)

// The interface speaks French, the language of most of Socle's users, and English.
var languages = []language.Tag{language.French, language.English}

var matcher = language.NewMatcher(languages)

// catalog is a set of interface texts, by language then key.
type catalog map[string]map[string]string

// messages holds every text of the interface, by language then key: the common texts below and
// each concept's own catalog, kept in the concept's file so that a new page adds its texts
// beside its handlers. Templates read them as {{msg .L "key"}}; a test checks that every key a
// template uses exists in both languages and that no two catalogs define the same key.
var messages = mergeCatalogs(allCatalogs...)

// allCatalogs lists the catalogs merged into messages: add a concept's catalog here.
var allCatalogs = []catalog{commonMessages, planMessages, digestMessages, searchMessages, workspaceMessages, uploadMessages, jobMessages,
	reviewMessages, diffMessages, editorMessages, glossaryMessages, catalogMessages, pathMessages, learnMessages, insightsMessages, passageRuleMessages,
	authMessages, memberMessages, tokenMessages, auditMessages, ssoMessages, orgExportMessages, adminMessages,
	pageMessages, outageMessages}

// mergeCatalogs joins catalogs into one; a key defined twice keeps the first definition (a
// test reports it).
func mergeCatalogs(cs ...catalog) catalog {
	out := catalog{}
	for _, c := range cs {
		for lang, texts := range c {
			if out[lang] == nil {
				out[lang] = map[string]string{}
			}
			for k, v := range texts {
				if _, dup := out[lang][k]; !dup {
					out[lang][k] = v
				}
			}
		}
	}
	return out
}

// commonMessages are the texts of the layout, sign-in, home, guides, search and plans.
var commonMessages = catalog{
	"fr": {
		"lang.switch":          "English",
		"nav.home":             "Accueil",
		"nav.signout":          "Se déconnecter",
		"signin.title":         "Connexion",
		"signin.email":         "Adresse e-mail",
		"signin.password":      "Mot de passe",
		"signin.submit":        "Se connecter",
		"signin.demo":          "Comptes de démonstration",
		"signin.demo.hint":     "Mot de passe commun :",
		"home.guides":          "Guides méthodologiques",
		"home.catalogs":        "Catalogues de services",
		"home.references":      "Textes de référence",
		"home.none":            "Aucun guide pour l'instant.",
		"home.role":            "Votre rôle",
		"guide.versions":       "Versions",
		"guide.sections":       "Sommaire",
		"guide.services":       "Services",
		"guide.version":        "Version",
		"guide.state":          "État",
		"guide.created":        "Créée le",
		"guide.note":           "Note",
		"guide.pages":          "p.",
		"guide.noversion":      "Ce guide n'a pas encore de version.",
		"section.back":         "Retour au sommaire",
		"section.cited":        "Passage cité",
		"section.old":          "Cette version n'est plus la version publiée.",
		"section.latest":       "Voir la version publiée",
		"service.audience":     "Public",
		"service.elig":         "Conditions",
		"service.where":        "Territoire",
		"service.contact":      "Contact",
		"service.provider":     "Structure",
		"state.draft":          "brouillon",
		"state.review":         "en relecture",
		"state.published":      "publiée",
		"state.archived":       "archivée",
		"role.admin":           "administration",
		"role.lead":            "référent méthodologie",
		"role.caseworker":      "travailleur social",
		"role.trainer":         "formation",
		"error.title":          "Erreur",
		"error.back":           "Revenir à l'accueil",
		"nav.search":           "Rechercher",
		"nav.plan":             "Nouveau plan",
		"nav.plans":            "Plans enregistrés",
		"search.title":         "Rechercher dans la doctrine",
		"search.placeholder":   "ex. impayé de loyer, ASE, domiciliation",
		"search.mode":          "Méthode",
		"search.hybrid":        "hybride",
		"search.bm25":          "mots",
		"search.vector":        "sens",
		"search.submit":        "Rechercher",
		"search.expanded":      "Sigles développés :",
		"search.none":          "Aucun passage trouvé.",
		"section.same":         "Le passage cité est identique dans la version publiée.",
		"section.changed":      "Le passage cité a changé depuis ou n'existe plus dans la version publiée.",
		"plan.new":             "Nouveau plan d'action",
		"plan.privacy":         "Les noms, téléphones, courriels, adresses, numéros de sécurité sociale, IBAN et dates de naissance sont remplacés avant toute recherche. Rien n'est conservé sauf si vous enregistrez le plan.",
		"plan.situation":       "Situation",
		"plan.situation.hint":  "Décrivez la situation en quelques phrases : composition du foyer, ressources, logement, difficultés, demandes.",
		"plan.age":             "Âge",
		"plan.territory":       "Territoire",
		"plan.household":       "Foyer",
		"plan.submit":          "Proposer un plan",
		"plan.fallback":        "Le modèle de langage n'a pas répondu correctement ; plan établi à partir de la doctrine seule :",
		"plan.saved.pseudo":    "Plan enregistré : la situation reste pseudonymisée.",
		"plan.empty":           "Vos guides ne contiennent pas de consigne applicable à cette situation.",
		"plan.services":        "Autres services pour cette situation",
		"plan.notcovered":      "Non couvert par vos guides",
		"plan.keep":            "Conserver",
		"plan.days":            "jours",
		"plan.save":            "Enregistrer le plan",
		"plan.print":           "Version imprimable",
		"plan.markdown":        "Exporter (Markdown)",
		"plan.delete":          "Supprimer",
		"plan.expires":         "Supprimé automatiquement le",
		"plans.title":          "Plans enregistrés",
		"plans.plan":           "Plan",
		"plans.steps":          "Étapes",
		"plans.none":           "Aucun plan enregistré.",
		"feedback.ask":         "Cette étape est :",
		"feedback.useful":      "utile",
		"feedback.wrong":       "erronée",
		"feedback.unsupported": "non justifiée par la citation",
		"feedback.count":       "Retours enregistrés :",
	},
	"en": {
		"lang.switch":          "Français",
		"nav.home":             "Home",
		"nav.signout":          "Sign out",
		"signin.title":         "Sign in",
		"signin.email":         "Email",
		"signin.password":      "Password",
		"signin.submit":        "Sign in",
		"signin.demo":          "Demo accounts",
		"signin.demo.hint":     "Shared password:",
		"home.guides":          "Methodology guides",
		"home.catalogs":        "Service catalogs",
		"home.references":      "Reference texts",
		"home.none":            "No guide yet.",
		"home.role":            "Your role",
		"guide.versions":       "Versions",
		"guide.sections":       "Contents",
		"guide.services":       "Services",
		"guide.version":        "Version",
		"guide.state":          "State",
		"guide.created":        "Created",
		"guide.note":           "Note",
		"guide.pages":          "p.",
		"guide.noversion":      "This guide has no version yet.",
		"section.back":         "Back to the contents",
		"section.cited":        "Cited passage",
		"section.old":          "This version is no longer the published one.",
		"section.latest":       "See the published version",
		"service.audience":     "Audience",
		"service.elig":         "Eligibility",
		"service.where":        "Territory",
		"service.contact":      "Contact",
		"service.provider":     "Provider",
		"state.draft":          "draft",
		"state.review":         "in review",
		"state.published":      "published",
		"state.archived":       "archived",
		"role.admin":           "administrator",
		"role.lead":            "methodology lead",
		"role.caseworker":      "caseworker",
		"role.trainer":         "trainer",
		"error.title":          "Error",
		"error.back":           "Back to the home page",
		"nav.search":           "Search",
		"nav.plan":             "New plan",
		"nav.plans":            "Saved plans",
		"search.title":         "Search the doctrine",
		"search.placeholder":   "e.g. rent arrears, ASE, postal address",
		"search.mode":          "Method",
		"search.hybrid":        "hybrid",
		"search.bm25":          "words",
		"search.vector":        "meaning",
		"search.submit":        "Search",
		"search.expanded":      "Acronyms expanded:",
		"search.none":          "No passage found.",
		"section.same":         "The cited passage is unchanged in the published version.",
		"section.changed":      "The cited passage has changed since, or is gone from the published version.",
		"plan.new":             "New action plan",
		"plan.privacy":         "Names, phone numbers, e-mails, addresses, social security numbers, IBANs and dates of birth are replaced before any search. Nothing is kept unless you save the plan.",
		"plan.situation":       "Situation",
		"plan.situation.hint":  "Describe the situation in a few sentences: household, income, housing, difficulties, requests.",
		"plan.age":             "Age",
		"plan.territory":       "Territory",
		"plan.household":       "Household",
		"plan.submit":          "Propose a plan",
		"plan.fallback":        "The language model did not answer properly; plan drawn from the doctrine alone:",
		"plan.saved.pseudo":    "Saved plan: the situation stays pseudonymized.",
		"plan.empty":           "Your guides hold no instruction that applies to this situation.",
		"plan.services":        "Other services for this situation",
		"plan.notcovered":      "Not covered by your guides",
		"plan.keep":            "Keep for",
		"plan.days":            "days",
		"plan.save":            "Save the plan",
		"plan.print":           "Printable version",
		"plan.markdown":        "Export (Markdown)",
		"plan.delete":          "Delete",
		"plan.expires":         "Deleted automatically on",
		"plans.title":          "Saved plans",
		"plans.plan":           "Plan",
		"plans.steps":          "Steps",
		"plans.none":           "No saved plan.",
		"feedback.ask":         "This step is:",
		"feedback.useful":      "useful",
		"feedback.wrong":       "wrong",
		"feedback.unsupported": "not supported by its citation",
		"feedback.count":       "Feedback recorded:",
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
