package situation

import (
	"regexp"
	"strings"
	"sync"
)

// Need is a kind of difficulty a situation can show. Each carries the words that reveal it in a
// caseworker's French, the query that finds the doctrine about it, and the data·inclusion themes
// of the services that answer it.
type Need struct {
	Code    string
	Label   string // French, as shown to caseworkers
	LabelEN string
	Urgent  bool     // a need that comes before the others (danger, no roof tonight)
	Query   string   // what to look for in the doctrine, in its own words
	Themes  []string // data·inclusion theme prefixes of the services that meet it
	pattern *regexp.Regexp
	// weak matches the triggers that alone say little ("démarches", "médecin", "allocations",
	// "isolée"): one of them does not reveal the need, two different ones do.
	weak *regexp.Regexp
	// not matches the phrases in which the need's words mean something else: "mère isolée"
	// is not isolation, "maison de retraite" not a pension, "arrêt maladie" not a health need.
	not *regexp.Regexp
	// negatable needs are those whose words name a problem: "aucune dette", "sans violence"
	// say it is not there. Other needs' words name what is lacking ("pas de logement").
	negatable bool
}

// needDefs is the taxonomy. Triggers are matched on folded text (lower case, no accents) at word
// starts; a trailing * lets a trigger end anywhere ("expuls*" matches expulsion, expulsée); a
// leading ? marks a weak trigger, a word too common to reveal the need alone.
var needDefs = []struct {
	Need
	triggers []string
}{
	{Need{Code: "danger-enfant", Label: "Enfant en danger", LabelEN: "Child at risk", Urgent: true,
		Query:  "enfant en danger information préoccupante CRIP protection de l'enfance danger grave procureur 119",
		Themes: []string{"famille--soutien-a-la-parentalite-et-a-leducation"}},
		[]string{"maltrait*", "enfant en danger", "information preoccupante", "crip", "negligence*", "carence* educative*", "frappe son enfant", "frappe ses enfants", "abus sexuel*", "inceste", "fugue*", "119", "protection de l'enfance", "situation de danger"}},
	{Need{Code: "violences", Label: "Violences conjugales ou intrafamiliales", LabelEN: "Domestic violence", Urgent: true,
		Query:  "violences conjugales danger immédiat mise en sécurité mise à l'abri 17 114 3919 victimes plainte ordonnance de protection",
		Themes: []string{"famille--surmonter-conflits-separation-violence"}},
		[]string{"violence*", "violent*", "frappe*", "coups", "battue", "battu", "menace de mort", "menace de la tuer", "menace de le tuer", "menaces de mort", "emprise", "harcel*", "conjoint violent", "3919", "ordonnance de protection", "porte plainte", "porter plainte", "depot de plainte"}},
	{Need{Code: "hebergement", Label: "Hébergement d'urgence", LabelEN: "Emergency shelter", Urgent: true,
		Query:  "hébergement d'urgence sans solution pour la nuit mise à l'abri 115 SIAO",
		Themes: []string{"logement-hebergement--rechercher-une-solution-dhebergement-temporaire"}},
		[]string{"sans domicile", "sans abri", "sans-abri", "a la rue", "dort dehors", "dans la rue", "dans sa voiture", "sdf", "115", "siao", "heberge* chez", "hebergement d'urgence", "mise a l'abri", "pas de logement", "sans logement", "squat*", "nuit dehors", "sortie d'hopital sans"}},
	{Need{Code: "logement", Label: "Logement", LabelEN: "Housing",
		Query: "impayés de loyer bailleur plan d'apurement commandement de payer prévention des expulsions CCAPEX FSL logement social DALO",
		Themes: []string{"logement-hebergement--reduire-les-impayes-de-loyer", "logement-hebergement--se-maintenir-dans-le-logement",
			"logement-hebergement--louer-un-logement", "logement-hebergement--changer-de-logement",
			"logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"}},
		[]string{"loyer*", "?impaye*", "bailleur*", "expuls*", "?logement*", "hlm", "dalo", "insalubr*", "?proprietaire", "commandement de payer", "assignation", "apl", "fsl", "?demenag*", "?bail"}},
	{Need{Code: "ressources", Label: "Ressources et accès aux droits", LabelEN: "Income and benefits",
		Query:  "ouverture des droits RSA CAF ressources faibles demande en ligne contrat d'engagements réciproques",
		Themes: []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"}},
		[]string{"sans ressource*", "aucun revenu", "pas de revenu*", "?revenu*", "indemnites journalieres", "perte de revenu*", "ne peut plus travailler", "?quelles aides", "aides financieres", "rsa", "?caf", "?msa", "?allocation*", "prime d'activite", "minima", "ressources faibles", "faibles ressources", "faibles revenus", "petits revenus", "revenus modestes", "bas revenus", "revenus faibles", "cer", "?droits"}},
	{Need{Code: "sante", Label: "Santé", LabelEN: "Health",
		Query:  "accès aux soins couverture maladie PUMa CPAM complémentaire santé solidaire soins urgents PASS",
		Themes: []string{"sante--acces-aux-soins", "sante--sante-mentale", "sante--addictions"}},
		[]string{"malad*", "?soin*", "?medecin*", "?hopital", "hospitalis*", "sante", "mutuelle", "c2s", "css", "cmu*", "ame", "puma", "couverture maladie", "?enceinte", "?grossesse", "depress*", "psychi*", "alcool*", "addict*", "drogue*", "?traitement"}},
	{Need{Code: "handicap", Label: "Handicap", LabelEN: "Disability",
		Query:  "dossier MDPH maison départementale des personnes handicapées certificat médical handicap AAH PCH RQTH",
		Themes: []string{"sante--constituer-un-dossier-mdph-invalidite"}},
		[]string{"handicap*", "mdph", "aah", "pch", "rqth", "invalidite", "fauteuil roulant", "autis*", "trouble* du developpement"}},
	{Need{Code: "parentalite", Label: "Enfants et parentalité", LabelEN: "Children and parenting",
		Query:  "soutien à la parentalité aide éducative à domicile TISF PMI ASE",
		Themes: []string{"famille--soutien-a-la-parentalite-et-a-leducation", "famille--garde-denfants"}},
		[]string{"?bebe*", "nourrisson*", "parentalit*", "difficultes educatives", "?educati*", "?scolar*", "absenteisme", "decrochage scolaire", "creche", "garde d'enfant*", "mode de garde", "pmi", "aed", "tisf", "debordee", "deborde", "comportement de l'enfant", "?naissance", "?enceinte", "soutenir les parents", "soutien aux parents"}},
	{Need{Code: "emploi", Label: "Emploi et formation", LabelEN: "Work and training",
		Query:  "insertion professionnelle recherche d'emploi mission locale contrat d'engagement jeune France Travail formation",
		Themes: []string{"trouver-un-emploi", "se-former", "preparer-sa-candidature", "choisir-un-metier"}},
		[]string{"emploi*", "chomage", "chomeur*", "sans travail", "perdu son travail", "trouver du travail", "recherche de travail", "?formation*", "mission locale", "france travail", "pole emploi", "cej", "apprentissage", "?stage*", "sans diplome", "decroch*", "licenci*", "neet"}},
	{Need{Code: "alimentation", Label: "Alimentation", LabelEN: "Food",
		Query:  "aide alimentaire épicerie solidaire colis distributions fiche d'orientation",
		Themes: []string{"equipement-et-alimentation--alimentation"}},
		[]string{"?manger", "?nourri*", "alimentaire*", "alimentation", "colis", "epicerie*", "restos du coeur", "faim", "frigo vide", "?repas"}},
	{Need{Code: "budget", Label: "Budget et dettes", LabelEN: "Budget and debts",
		Query:  "accompagnement budgétaire endettement surendettement dettes énergie chèque énergie Banque de France",
		Themes: []string{"difficultes-financieres"}},
		[]string{"dette*", "endett*", "surendett*", "?credit*", "?facture*", "?energie", "?electricite", "?gaz", "coupure*", "budget*", "decouvert", "huissier*", "commissaire de justice", "banque de france"}},
	{Need{Code: "domiciliation", Label: "Adresse et domiciliation", LabelEN: "Postal address",
		Query:  "domiciliation élection de domicile adresse courrier CCAS",
		Themes: []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"}},
		[]string{"domicili*", "?courrier", "adresse postale", "pas d'adresse", "sans adresse", "election de domicile", "recevoir son courrier", "recevoir ses courriers"}},
	{Need{Code: "administratif", Label: "Papiers et démarches", LabelEN: "Papers and formalities",
		Query:  "titre de séjour pièce d'identité démarches administratives en ligne",
		Themes: []string{"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives", "numerique--acceder-a-des-services-en-ligne"}},
		[]string{"papiers", "titre de sejour", "carte d'identite", "passeport", "?demarche*", "?prefecture", "regularis*", "sans papiers", "naturalis*", "?numerique", "?internet", "?ordinateur", "?en ligne"}},
	{Need{Code: "mobilite", Label: "Mobilité", LabelEN: "Mobility",
		Query:  "mobilité transport permis de conduire",
		Themes: []string{"mobilite"}},
		[]string{"permis de conduire", "pas de permis", "sans permis", "pas de voiture", "sans voiture", "sans vehicule", "?transport*", "mobilite", "se deplacer", "?deplacement*"}},
	{Need{Code: "autonomie", Label: "Perte d'autonomie et isolement", LabelEN: "Loss of autonomy and isolation",
		Query:  "perte d'autonomie aide à domicile APA maintien à domicile personne âgée isolement",
		Themes: []string{"famille--prise-en-charge-personne-dependante", "remobilisation--lien-social", "equipement-et-alimentation--aide-menagere"}},
		[]string{"?isole*", "isolement", "personne isolee", "tres isolee?", "solitude", "personne agee", "age de 7*", "age de 8*", "age de 9*", "perte d'autonomie", "dependance", "dependant*",
			"maintien a domicile", "aide a domicile", "aide-menagere", "aide menagere", "toilette", "chute*", "apa", "ehpad", "portage de repas"}},
	{Need{Code: "protection-juridique", Label: "Protection juridique", LabelEN: "Legal protection of adults",
		Query:  "mesure de protection juridique curatelle tutelle sauvegarde de justice juge des tutelles",
		Themes: []string{"difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte", "difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere"}},
		[]string{"curatelle", "tutelle", "sauvegarde de justice", "mesure de protection", "protection juridique", "ne gere plus", "ne sait plus gerer", "abus de faiblesse",
			"vulnerable", "troubles de la memoire", "alzheimer", "mandat de protection", "maj", "masp"}},
	{Need{Code: "aidant", Label: "Aidants et congés", LabelEN: "Carers and leave",
		Query:  "congé de présence parentale proche aidant allocation journalière congé de solidarité familiale",
		Themes: []string{"famille--soutien-aidants"}},
		[]string{"aidant*", "enfant gravement malade", "enfant malade", "presence parentale", "conge* de proche aidant", "conge de solidarite familiale", "fin de vie",
			"s'arreter de travailler pour", "rester aupres de", "s'occuper de son", "s'occuper de sa"}},
	{Need{Code: "deces", Label: "Décès d'un proche", LabelEN: "Bereavement",
		Query:  "décès d'un proche pension de réversion capital décès succession conjoint survivant frais d'obsèques",
		Themes: []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"}},
		[]string{"deces", "decede*", "veuve", "veuf", "veuvage", "obseques", "succession", "heritage", "reversion"}},
	{Need{Code: "retraite", Label: "Retraite", LabelEN: "Retirement",
		Query:  "retraite pension de vieillesse minimum vieillesse allocation de solidarité aux personnes âgées ASPA caisses de retraite",
		Themes: []string{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"}},
		[]string{"?retraite*", "aspa", "minimum vieillesse", "pension de vieillesse", "trimestres"}},
	{Need{Code: "famille", Label: "Couple, séparation et enfants", LabelEN: "Couple, separation and children",
		Query:  "séparation divorce pension alimentaire résidence de l'enfant allocation de soutien familial médiation familiale",
		Themes: []string{"famille--surmonter-conflits-separation-violence"}},
		[]string{"separe*", "separation", "divorc*", "pension alimentaire", "garde des enfants", "garde de l'enfant", "mediation familiale", "famille nombreuse", "pacs*"}},
	{Need{Code: "justice", Label: "Justice et droits", LabelEN: "Justice and legal aid",
		Query:  "aide juridictionnelle avocat procédure tribunal plainte victime casier judiciaire",
		Themes: []string{"difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"}},
		[]string{"avocat*", "?tribunal", "?juge*", "proces", "garde a vue", "detention", "prison", "casier", "condamn*", "aide juridictionnelle", "injonction", "oqtf", "prud'hom*"}},
	{Need{Code: "sejour", Label: "Droit au séjour des étrangers", LabelEN: "Residence rights of foreigners",
		Query:  "titre de séjour carte de séjour renouvellement préfecture récépissé demande d'asile regroupement familial naturalisation",
		Themes: []string{"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"}},
		[]string{"titre de sejour", "carte de sejour", "sans papiers", "asile", "refugie*", "regroupement familial", "naturalis*", "oqtf", "recepisse", "visa"}},
	{Need{Code: "travail", Label: "Droit du travail", LabelEN: "Employment rights",
		Query:  "droits du salarié contrat de travail arrêt maladie accident du travail licenciement conseil de prud'hommes repos",
		Themes: []string{"trouver-un-emploi--maintien-dans-lemploi"}},
		[]string{"?employeur*", "?salarie*", "arret maladie", "accident du travail", "prud'hom*", "inaptitude", "licenciement", "contrat de travail", "conge maternite", "fiche* de paie"}},
}

// Needs returns the taxonomy, compiled. The slice is shared: callers must not change it.
func Needs() []Need { return compiledNeeds() }

// compiledNeeds compiles the triggers once: they never change, and compiling them costs more
// than reading a situation.
var compiledNeeds = sync.OnceValue(func() []Need {
	out := make([]Need, len(needDefs))
	for i, d := range needDefs {
		n := d.Need
		var all, weak []string
		for _, t := range d.triggers {
			if w, ok := strings.CutPrefix(t, "?"); ok {
				weak = append(weak, w)
				t = w
			}
			all = append(all, t)
		}
		n.pattern = triggerPattern(all)
		if len(weak) > 0 {
			n.weak = regexp.MustCompile(`^(?:` + strings.Join(triggerAlts(weak), "|") + `)$`)
		}
		if ex := needExclusions[n.Code]; len(ex) > 0 {
			folded := make([]string, len(ex))
			for j, e := range ex {
				folded[j] = Fold(e)
			}
			p, err := phrasingPattern(folded)
			if err != nil {
				panic("situation: exclusions of need " + n.Code + ": " + err.Error()) // a test holds it
			}
			n.not = p
		}
		n.negatable = negatableNeeds[n.Code]
		out[i] = n
	}
	return out
})

// needExclusions are, by need, the phrases (lexicon syntax) in which its words mean something
// else.
var needExclusions = map[string][]string{
	"autonomie":    {"mere isolee", "pere isole", "parent isole", "parents isoles", "mal isole*", "isolation*", "chute* de revenu*", "chute* ~ ressource*", "chute* des revenus"},
	"sante":        {"arret maladie", "arrets maladie", "conge maladie", "soins palliatifs", "aide-soignant*", "aide soignant*", "assurance maladie ~ indemnit*"},
	"retraite":     {"maison* de retraite"},
	"alimentation": {"nourrisson*"},
	"logement":     {"logement de fonction"},
	"deces":        {"menace* de mort", "menace* ~ mort", "mort de peur", "mort de rire", "mort-ne*"},
}

// negatableNeeds are the needs whose trigger words a negation cancels.
var negatableNeeds = map[string]bool{"violences": true, "danger-enfant": true, "handicap": true, "budget": true, "justice": true}

// NeedByCode returns the need with the given code.
func NeedByCode(needs []Need, code string) (Need, bool) {
	for _, n := range needs {
		if n.Code == code {
			return n, true
		}
	}
	return Need{}, false
}

// Matches reports whether the need's own trigger words occur in a folded text (headings, a
// sentence): the lexicon is not consulted.
func (n *Need) Matches(folded string) bool { return n.pattern != nil && n.pattern.MatchString(folded) }

// MatchesStrongly is Matches without the weak triggers: "Salarié" or "Stagiaire" in a heading
// does not make a section about employment rights or training.
func (n *Need) MatchesStrongly(folded string) bool {
	if n.pattern == nil {
		return false
	}
	for _, m := range n.pattern.FindAllStringSubmatch(folded, -1) {
		if n.weak == nil || !n.weak.MatchString(m[1]) {
			return true
		}
	}
	return false
}

func triggerPattern(triggers []string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\pL\pN])(` + strings.Join(triggerAlts(triggers), "|") + `)`)
}

func triggerAlts(triggers []string) []string {
	alts := make([]string, len(triggers))
	for i, t := range triggers {
		if stem, ok := strings.CutSuffix(t, "*"); ok {
			alts[i] = regexp.QuoteMeta(stem) + `[\pL\pN]*`
		} else {
			alts[i] = regexp.QuoteMeta(t) + `\b`
		}
	}
	return alts
}

// negation is what, just before a problem's word, says it is not there: "aucune dette", "pas
// de violence", "sans handicap", "jamais de condamnation".
var negation = regexp.MustCompile(`(?:^|[^\pL\pN])(?:pas d(?:e |')|aucune? |sans |jamais d(?:e |')|ni )(?:[\pL'-]+ )?$`)

// evidence is what a folded text shows of a need: the trigger words and the lexicon's
// phrasings that count (outside the phrases the need excludes, not negated), and how strong
// they are.
type evidence struct {
	words    []string
	concepts []string
	strong   int
	weak     map[string]bool
	matches  []Match // the lexicon's phrasings that count
}

// reveals says whether the evidence is enough to detect the need: one strong word or phrasing,
// or two different weak ones.
func (e *evidence) reveals() bool { return e.strong > 0 || len(e.weak) >= 2 }

// evidenceIn reads a need's evidence in a folded text; matches are the lexicon's phrasings
// found in that same text.
func (n *Need) evidenceIn(folded string, matches []Match) evidence {
	e := evidence{weak: map[string]bool{}}
	var excluded [][]int
	if n.not != nil {
		for _, loc := range n.not.FindAllStringSubmatchIndex(folded, -1) {
			excluded = append(excluded, loc[2:4])
		}
	}
	inExcluded := func(s, end int) bool {
		for _, x := range excluded {
			if s < x[1] && end > x[0] {
				return true
			}
		}
		return false
	}
	for _, loc := range n.pattern.FindAllStringSubmatchIndex(folded, -1) {
		s, end := loc[2], loc[3]
		if inExcluded(s, end) || n.negatable && negation.MatchString(folded[max(0, s-40):s]) {
			continue
		}
		w := folded[s:end]
		e.words = append(e.words, w)
		if n.weak != nil && n.weak.MatchString(w) {
			e.weak[w] = true
		} else {
			e.strong++
		}
	}
	for _, m := range matches {
		if m.Need != n.Code || inExcluded(m.Start, m.End) || n.negatable && negation.MatchString(folded[max(0, m.Start-40):m.Start]) {
			continue
		}
		e.words = append(e.words, m.Text)
		e.concepts = appendNew(e.concepts, m.Concepts...)
		e.matches = append(e.matches, m)
		if m.Weak {
			e.weak[m.Text] = true
		} else {
			e.strong++
		}
	}
	return e
}

// Detected is a need found in a situation, with what revealed it.
type Detected struct {
	Need
	Evidence  []string // folded words found (the need's triggers, the lexicon's phrasings), in order
	Sentences []string // the situation's sentences that hold them, as written
	Stated    bool     // named by the caseworker rather than found in the text
	Concepts  []string // the doctrine's notions the lexicon read for this need, in order found
	// Glossary are the expansions of the organization's glossary terms found in the need's
	// sentences ("ASE" → "aide sociale à l'enfance"): context of the need, not the need itself.
	Glossary []string
	// Facets are the distinct asks the lexicon read for this need, one per entry matched: "ne
	// sait pas comment payer un avocat" and "son fils a été arrêté" are both the need for
	// justice, and call for different doctrine.
	Facets []Facet
}

// Facet is one ask within a need: a lexicon entry the text matched.
type Facet struct {
	Text      string   // the folded words matched first
	Concepts  []string // the entry's notions
	Sentences []string // the situation's sentences that hold its phrasings, as written
}

// DetectNeeds finds the needs a situation shows through the needs' own trigger words and the
// default lexicon, plus those stated (by code or label). Urgent needs come first, then by how
// much evidence the text gives. needs is the taxonomy to detect (usually Needs()).
func DetectNeeds(needs []Need, text string, stated []string) []Detected {
	r := Read(text, Options{Stated: stated})
	keep := map[string]bool{}
	for _, n := range needs {
		keep[n.Code] = true
	}
	out := r.Needs[:0]
	for _, d := range r.Needs {
		if keep[d.Code] {
			out = append(out, d)
		}
	}
	return out
}
