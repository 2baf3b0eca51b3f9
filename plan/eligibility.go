package plan

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/socle-project/socle/retrieval/situation"
)

// Doctrine written for the public splits a right into variants by who the person is: "Vous
// avez moins de 25 ans", "Fonctionnaire d'État", "À Paris", "Apprenti mineur". A passage
// under a variant the person is known not to fit answers someone else: its steps would be
// wrong for this case even when its subject is right. The headings are read, not the
// passage's sentences: a sentence's conditions are read by ageFits.

// person is what the planner knows of the person, for reading headings' conditions.
type person struct {
	age       int    // 0: unknown
	territory string // département code, "" unknown
	text      string // the situation, folded
	facts     situation.Facts
	year      int // the year the plan is made in; 0 reads no period as ended
	// fits remembers the verdict on each heading path: a search returns many passages of
	// the same sections. heads remembers what each heading says of the person: paths share
	// their fiches' titles and chapters, and a heading's conditions are read by dozens of
	// patterns.
	fits  map[string]bool
	heads map[string]headingFit
}

// headingFit is what one heading says of the person: whether it is for a period that ended,
// the sibling for everyone else ("Cas général"), and its conditions of age, status and place.
type headingFit struct {
	past, defaultVariant                     bool
	ageOK, ageStated, statusOK, statusStated bool
	placeOK, placeStated                     bool
}

func (pe *person) headingFit(h string) headingFit {
	if v, ok := pe.heads[h]; ok {
		return v
	}
	f := fold(h)
	var v headingFit
	v.past = pe.pastPeriod(f)
	v.defaultVariant = defaultVariant.MatchString(f)
	v.ageOK, v.ageStated = pe.fitsAge(f)
	v.statusOK, v.statusStated = pe.fitsStatus(f)
	v.placeOK, v.placeStated = pe.fitsPlace(h)
	if pe.heads == nil {
		pe.heads = map[string]headingFit{}
	}
	pe.heads[h] = v
	return v
}

// Age conditions in headings, on folded text. A heading about a child ("Enfant de moins de 3
// ans") conditions the child, not the person, and is left alone.
var (
	hAgeUnder   = regexp.MustCompile(`\b(?:moins de|avant|jusqu'a|jusqu'a l'age de) (\d{1,2}) ans\b`)
	hAgeOver    = regexp.MustCompile(`\b(?:plus de|apres|a partir de|au moins|des) (\d{1,2}) ans\b|\b(\d{1,2}) ans (?:ou|et) plus\b`)
	hAgeRange   = regexp.MustCompile(`\b(?:de|entre) (\d{1,2}) (?:a|et) (\d{1,2}) ans\b`)
	hYoung      = regexp.MustCompile(`\bjeunes?\b`)
	hNotYoung   = regexp.MustCompile(`\bjeunes? (?:conducteurs?|conductrices?|permis|maries?|retraitee?s?|entreprises?|pousses?)\b`) // a new driver is of any age
	hMinor      = regexp.MustCompile(`\bmineure?s?\b`)
	hMajor      = regexp.MustCompile(`\bmajeure?s?\b`)
	hAboutChild = regexp.MustCompile(`\b(?:enfants?|fils|filles?|bebes?|nourrissons?|eleves?|force majeure|parents? d'un|auteurs?)\b`)
	// "Mineur victime": about a child victim when the note tells of one; about the person
	// otherwise (a woman of 32 beaten by her partner is no minor victim). The author of the
	// facts ("Auteur majeur") is someone else.
	hVictim       = regexp.MustCompile(`\bvictimes?\b`)
	childInvolved = regexp.MustCompile(`\b(?:fils|filles?|enfants?|ados?|adolescente?s?|collegiene?s?|lyceenne?s?|eleves?)\b[^.;]{0,80}\b(?:victimes?|harcele\w*|agresse\w*|frappe\w*|battue?s?|viole\w*|racket\w*|vole\w*|condamne\w*|interpelle\w*|mis en cause|auteur\w*|commis)\b|\b(?:victimes?|harcele\w*|agresse\w*|frappe\w*)\b[^.;]{0,40}\b(?:son|sa|leur|ses) (?:fils|fille|enfants?)\b`)
)

// defaultVariant is the heading of the variant for everyone the other variants leave out.
var defaultVariant = regexp.MustCompile(`^\s*(?:cas general|autres? cas|dans (?:tous )?les autres cas|ailleurs|hors (?:de )?paris|en province|dans les autres departements)\s*$`)

// Statuses a variant heading can name, and what in a situation makes the person have it. A
// situation that says nothing of the status does not fit: "Fonctionnaire d'État" is a
// variant for civil servants, and a caseworker says when the person is one.
var statuses = []struct {
	heading   *regexp.Regexp
	situation interface{ MatchString(string) bool }
}{
	{regexp.MustCompile(`\b(?:fonctionnaires?|agents? publics?|fonction publique|contractuels?|militaires?|magistrats?)\b`),
		regexp.MustCompile(`\b(?:fonctionnaire|agente? public|agente publique|fonction publique|contractuelle?|militaire|magistrat|titulaire de la fonction|mairie|hopital public|education nationale)\b`)},
	{regexp.MustCompile(`\b(?:vous (?:habitez|residez|vivez) (?:a|hors de) l'etranger|hors de france|etabli(?:e|s)? a l'etranger|expatries?)\b`),
		regexp.MustCompile(`\b(?:(?:vit|habite|reside|installee?) a l'etranger|hors de france|expatriee?)\b`)},
	{regexp.MustCompile(`\ba l'etranger\b`), // "Le vol a eu lieu à l'étranger", "Mariage à l'étranger"
		regexp.MustCompile(`\b(?:a l'etranger|hors de france|dans son pays|au pays|expatriee?)\b`)},
	{regexp.MustCompile(`\betudiante?s?\b`),
		regexp.MustCompile(`\b(?:etudiante?s?|etudes superieures|universite|fac|bts|licence|master|boursiere?)\b`)},
	// A retiree, not retirement: folded, "Départ en retraite" reads like "retraité".
	{regexp.MustCompile(`\bretraitee?s\b|\bretraitee\b|^\s*retraite\s*$|["«]\s*retraite\s*["»]|\bretraite ou inactif\b|\b(?:vous etes|etre|personne|salarie|fonctionnaire|conjoint de) retraite\b`),
		regexp.MustCompile(`\b(?:retraitee?s?|a la retraite|sa retraite|de retraite|pension de vieillesse|aspa|minimum vieillesse)\b`)},
	{regexp.MustCompile(`\bdemandeurs? d'emploi\b`),
		regexp.MustCompile(`\b(?:demandeur d'emploi|demandeuse d'emploi|chomage|chomeuse?|sans emploi|sans travail|pole emploi|france travail|licenciee?|neet|fin de contrat|perdu son (?:emploi|travail)|recherche (?:d'|un )emploi|cherche (?:un )?(?:emploi|travail))\b`)},
	{regexp.MustCompile(`^\s*(?:salariee?s?|salariee? du (?:secteur )?prive)\s*$`),
		regexp.MustCompile(`\b(?:salariee?|cdi|cdd|interim|employeur|travaille|son travail|son emploi|son poste|arret maladie|entreprise|usine|cariste|aide-soignante?|livreur|cadre)\b`)},
	{regexp.MustCompile(`\bapprentie?s?\b`),
		regexp.MustCompile(`\b(?:apprentie?|apprentissage|alternance|alternante?)\b`)},
	{regexp.MustCompile(`^\s*stagiaires?\s*$`),
		regexp.MustCompile(`\b(?:stagiaire|en stage|un stage)\b`)},
	// A lone parent's variant ("RSA › Parent isolé", "Famille monoparentale") is for someone
	// bringing up a child alone, or expecting one alone; a young parents' variant for a parent.
	{regexp.MustCompile(`\b(?:parents? isoles?|familles? monoparentales?|personne isolee (?:avec|enceinte))\b`),
		regexp.MustCompile(`\b(?:parent isole|mere isolee|pere isole|monoparental\w*|(?:seule?|isolee?|celibataire) (?:avec|et) (?:ses |son |sa |un |une |deux |trois |quatre |cinq |\d+ ?)?(?:enf|fils|fille|bebe|garcon|gosses|petits)|(?:eleve|eduque) seule?|seule? (?:et )?enceinte|enceinte\b.{0,40}\bseule)`)},
	{regexp.MustCompile(`\bjeunes parents\b`),
		regexp.MustCompile(`\b(?:enf\w*|bebe|fils|fille|enceinte|grossesse|nourrisson|garcon)\b`)},
	// A child's right ("Allocation d'éducation de l'enfant handicapé", "Scolarisation d'un
	// élève handicapé", the family benefits) is for a case with a child, or one on the way.
	{regexp.MustCompile(`\b(?:enfants? handicapes?|de l'enfant handicape|aeeh|eleves? handicapes?|eleves? en situation de handicap|enfants? en situation de handicap|prestations familiales|complement familial|enfants? a charge|allocation de rentree scolaire)\b`),
		regexp.MustCompile(`\b(?:enf\w*|bebe|fils|fille|fillette|garcon|ado|adolescente?|mineure?|eleve|ecole|college|enceinte|grossesse|nourrisson|scolaris\w*|cp|ce1|ce2|cm1|cm2)\b`)},
	// A grown-up child's right or duty ("Pension alimentaire à un enfant devenu majeur") is
	// for a case with a grown-up child.
	{regexp.MustCompile(`\benfants? (?:devenue?s? )?majeure?s?\b`),
		regexp.MustCompile(`\b(?:fils|filles?|enfants?|enf\.?)\b[^.;]{0,30}?\b(?:majeure?s?|1[89] ans|[2-5]\d ans)\b|\b(?:sa|son|ses|leur|leurs) (?:fils|filles?|enfants?) (?:de|a) (?:1[89]|[2-5]\d) ans\b|\bjeune majeure?\b`)},
	// A social housing tenant's variant ("Parc social", "Logement social (HLM) : le bailleur
	// peut-il résilier le bail ?") is for a tenant of a social landlord, not for a private
	// tenant or someone who asks for social housing; a home buyer's ("Accédant à la
	// propriété") for someone buying their home.
	{regexp.MustCompile(`\b(?:parc (?:social|public)|locataires? (?:d'un |du |en )?(?:logement social|hlm)|logement social \(hlm\) : le bailleur)\b`),
		regexp.MustCompile(`\b(?:vit|vivent|habite|habitent|loge|logee?s?|locataire|locataires) (?:en|dans un|d'un) (?:hlm|logement social)\b|\bbailleurs? sociaux?\b|\b(?:son|sa|leur) (?:hlm|logement social)\b|\b(?:oph|opac|office public)\b`)},
	// An owner-occupier's variant ("Aide de l'Anah › Propriétaire occupant") is for someone the
	// note says owns their home, not for a tenant whose landlord ("le propriétaire ne répond
	// plus") the note names (decided after reading fresh8, docs/plans.md ninth round).
	{regexp.MustCompile(`\bproprietaires? occupante?s?\b|^\s*(?:vous etes )?proprietaire\s*$`),
		regexp.MustCompile(`\bproprietaires? (?:de |d')(?:sa |son |leur |ses |la |le |l'|une? )?(?:maison|pavillon|appartement|logement|ferme|studio|residence|bien)|\b(?:est|sont|etant|devenue?s?) proprietaires?\b|\b(?:a|ont) achete\b|\bproprietaire occupante?\b`)},
	// Emergency contraception is for someone the note shows after an unprotected intercourse,
	// not for a pregnancy already there.
	{regexp.MustCompile(`\b(?:contraception d'urgence|pilule du lendemain)\b`),
		regexp.MustCompile(`\b(?:rapports? (?:non protege|sans preservatif|a risque)\w*|preservatif|pilule|contracepti\w*|oubli\w*)\b`)},
	{regexp.MustCompile(`\baccedants? a la propriete\b`),
		regexp.MustCompile(`\b(?:accession|accedant|achat de (?:sa|leur|la) (?:maison|logement|residence)|pret immobilier|credit immobilier|emprunt immobilier|rembourse (?:sa|leur) maison)\b`)},
	// The notice a tenant gives is for a tenant who wants to leave, not for one whose landlord
	// gave notice.
	{regexp.MustCompile(`\b(?:conge donne par (?:un|le) locataire|un locataire peut-il quitter|le locataire donne conge|preavis du locataire)\b`),
		regexp.MustCompile(`\b(?:veut|veulent|souhaite\w*|voudrai\w*|va|vont|doit|doivent|envisage\w*) (?:quitter|partir|demenager|rendre)\b|\bdemenag\w*|\b(?:donner|donne|a donne) (?:son |leur )?(?:conge|preavis)\b`)},
	// The variant of what happens at work ("Harcèlement sexuel › Au travail") is for someone
	// the note shows at work.
	{regexp.MustCompile(`^\s*(?:au travail|dans le cadre (?:du|de son) travail|sur le lieu de travail)\s*$`),
		regexp.MustCompile(`\b(?:au travail|collegues?|chef|employeur|patron|manager|responsable|lieu de travail|entreprise|salariee?|travaille\w*)\b`)},
	// The activity bonus, the RSA of a young worker ("Jeune actif": two years of work) and the
	// rules of working while drawing the AAH are for people who work; the State medical aid for
	// foreigners without a residence permit.
	{regexp.MustCompile(`\b(?:prime d'activite|jeune actif|travailler et percevoir|cumuler (?:vos|ses) revenus professionnels)\b`), works},
	// The agricultural scheme's variant of a benefit ("Régime agricole (MSA)", "Pension versée
	// par la MSA") is for a farmer, a farm worker or their family, whom the note shows as such;
	// the probationary licence's ("Permis probatoire") for a new driver; a bank's duties to a
	// client "en surendettement" for someone whose note speaks of over-indebtedness, a file to
	// make or made, not only of bills piling up (decided after reading fresh10, docs/plans.md
	// tenth round).
	{regexp.MustCompile(`^\s*(?:regime agricole(?: \(msa\))?|agricole|salaries? agricoles?|non-salaries? agricoles?)\s*$|\bpension versee par la msa\b|\bvous (?:dependez|relevez) de la msa\b`),
		regexp.MustCompile(`\b(?:msa|agricole\w*|agricult\w*|exploitant\w*|eleveu\w*|elevage|viticult\w*|vigneron\w*|maraich\w*|cerealier\w*|paysan\w*|ferme|fermier\w*|vendange\w*|saisonniere? agricole|ouvriere? agricole|laiti\w*|betail|troupeau)\b`)},
	{regexp.MustCompile(`\bpermis probatoire\b|\bperiode probatoire\b`),
		regexp.MustCompile(`\b(?:permis probatoire|periode probatoire|jeune conducteur|jeune permis|(?:vient d'|venait d')(?:avoir|obtenir) (?:son|le) permis|(?:permis (?:depuis|obtenu il y a|en poche depuis)|(?:a|a eu|a obtenu) (?:son|le) permis (?:il y a|depuis)) (?:moins de )?(?:\d+|un|une|deux|trois) (?:ans?|mois))\b`)},
	{regexp.MustCompile(`\bclient en surendettement\b`),
		regexp.MustCompile(`\b(?:surendett\w*|recevab\w*|commission de surendettement|plan (?:bdf|banque de france)|banque de france)\b`)},
	// The specific solidarity allowance is for someone whose unemployment benefit ran out; a
	// young person who never drew it, or someone on the RSA the note says nothing more of, is
	// not (decided after reading fresh9, docs/plans.md tenth round).
	{regexp.MustCompile(`\ballocation de solidarite specifique\b`),
		regexp.MustCompile(`\b(?:fin (?:de |des )?(?:ses |leurs )?droits|fin des indemnites|epuise\w*|(?:ne touche|ne percoit|n'a) plus (?:le |de |d'|l')?(?:chomage|are|allocations? chomage|indemnites)|plus (?:de |d')(?:droits?|indemnisation|chomage)|chomage (?:termine|fini|epuise)|chomeu\w* de longue duree|chomage de longue duree|ass|allocation de solidarite specifique)\b`)},
	{regexp.MustCompile(`\b(?:aide medicale de l'etat|ame)\b`),
		regexp.MustCompile(`\b(?:sans papiers|sans titre|irreguli\w*|etrangere?s?|titre de sejour|oqtf|arrivee? en france|demandeu\w* d'asile|deboute\w*|ressortissante?|nationalite|exile\w*|migrante?s?|pas de papiers|pas de titre|aucun document|arrivee? (?:d'|du |des )[a-z]+)\b`)},
	// A later stage of a procedure ("Mesures imposées par la commission", "Après échec de la
	// conciliation", "Recours contre la décision") is for someone the note says reached it:
	// a couple who think of filing for over-indebtedness are not at its imposed measures.
	{regexp.MustCompile(`^\s*recours\s*$|\b(?:mesures imposees|apres (?:l'|un |une |le |la )?echec|retablissement personnel|recours (?:contre|devant|gracieux|contentieux)|contester (?:la|le|les|une|un) (?:decision|mesures?|jugement|refus)|en cas de (?:refus|rejet)|faire appel)\b`),
		regexp.MustCompile(`\b(?:impose\w*|echec|echoue\w*|retablissement|recours|contest\w*|refus\w*|rejet\w*|appel|recevab\w*|commission (?:de surendettement|a|l'a)|dossier (?:de surendettement )?(?:en cours|depose|accepte|recevable)|plan (?:de surendettement|bdf|banque de france))\b`)},
	// The kinds of a couple's separation, of a let, of work: a fiche's variant for a divorce by
	// mutual consent is not for an unmarried couple who split up, one for a furnished let not
	// for an unfurnished one, one for the self-employed not for an employee.
	{regexp.MustCompile(`\bdivorce\b`),
		regexp.MustCompile(`\b(?:divorc\w*|mariee?s?|epoux|epouse|conjugal\w*)\b`)},
	{regexp.MustCompile(`\b(?:logement meuble|location meublee|meublee?s?|ameublement)\b`),
		regexp.MustCompile(`\bmeublee?s?\b`)},
	{regexp.MustCompile(`\b(?:travailleurs? (?:independants?|non salaries?)|independants?|micro-entrepreneurs?|auto-entrepreneurs?|artisans?|commercants?|professions? liberales?)\b`),
		regexp.MustCompile(`\b(?:independante?|a son compte|a leur compte|micro-entrepr\w*|auto-entrepr\w*|artisan|commercante?|liberale?|plombier|entreprise|sa societe|gerante?)\b`)},
}

// fitsHeadings reports whether the conditions a passage's headings put on the person hold, as
// far as the planner knows the person: an unknown fact contradicts nothing. Of the headings
// that state a condition of one kind (age, status, place), the deepest decides: a case is
// narrower than the one it sits in ("Pour une mineure" under "Pilule du lendemain › Coût").
// Every heading of the path is read: plain-text fiches are read with the breadcrumb each of
// their cases opens on (ingest/text.go), so that a case no longer nests under its sibling.
func (pe *person) fitsHeadings(title string, path []string) bool {
	key := title + "\x00" + strings.Join(path, "\x00")
	if v, ok := pe.fits[key]; ok {
		return v
	}
	v := pe.fitsHeadings0(title, path)
	if pe.fits == nil {
		pe.fits = map[string]bool{}
	}
	pe.fits[key] = v
	return v
}

func (pe *person) fitsHeadings0(title string, path []string) bool {
	heads := append([]string{title}, path...)
	if !pe.fitsBenefitAge(fold(strings.Join(heads, " "))) {
		return false
	}
	var age, status, place bool
	for i := len(heads) - 1; i >= 0; i-- {
		hf := pe.headingFit(heads[i])
		if hf.past {
			return false
		}
		if hf.defaultVariant {
			place = true // "Cas général" under "À Paris" is the sibling for everyone else
		}
		if !age && hf.ageStated {
			if !hf.ageOK {
				return false
			}
			age = true
		}
		if !status && hf.statusStated {
			if !hf.statusOK {
				return false
			}
			status = true
		}
		if !place && hf.placeStated {
			if !hf.placeOK {
				return false
			}
			place = true
		}
	}
	return true
}

// benefitAges are the ages the law sets for benefits and schemes a title or heading names,
// whatever its own headings say: the fiche of the adults' disability allowance seldom writes
// "from 20 years of age" in a heading, and its steps mislead for a child of 6. Bounds are the
// widest the law allows (AAH from 16 for a young person no longer a dependent, RSA from 18 for
// a young worker, ASPA from 62 for someone unfit for work, the CEJ until 29 for a disabled young
// person), so that an exception is never left out.
// A benefit may be for a relative the note names rather than for the person it is about: the
// APA for the mother a carer of 58 looks after, the CEJ for the son of 19 of a mother of 45; or
// open below its age to some (a young parent's RSA). Then the person's own age does not decide
// (relative).
var benefitAges = []struct {
	re       *regexp.Regexp
	lo, hi   int
	relative interface{ MatchString(string) bool }
	// variant is a heading of the benefit's variant for those below its age, which the
	// variant's own conditions read.
	variant *regexp.Regexp
}{
	{regexp.MustCompile(`\b(?:adultes? handicapes?|aah|rqth|travailleurs? handicapes?|lourdeur du handicap|esat|rente d'invalidite|pension d'invalidite|allocation supplementaire d'invalidite)\b`), 16, 200, nil, nil},
	// The RSA is from 25, but for a young parent or a pregnant woman, and for a young worker
	// after two years' full-time work, whom the fiches' own variant ("Jeune actif", "Vous avez
	// moins de 25 ans") reads: of the demo notes' authors (A–BJ), none wanted the RSA for a
	// person of 18 to 24 who was neither parent nor pregnant, of 85 notes. No one under 18 has
	// it, a mother of 16 included.
	{rsaBenefit, 18, 200, nil, nil},
	{rsaBenefit, 25, 200, youngParent, youngRSAVariant},
	{regexp.MustCompile(`\b(?:prime d'activite|allocation de solidarite specifique)\b`), 18, 200, nil, nil},
	{regexp.MustCompile(`\b(?:aspa|solidarite aux personnes agees|minimum vieillesse|allocation personnalisee d'autonomie|apa|grille aggir|ehpad|residences? autonomie)\b`), 60, 200, elderRelative, nil},
	{regexp.MustCompile(`\b(?:contrat d'engagement jeunes?|cej|garantie jeunes|missions? locales?|service civique)\b`), 16, youngBound, youngRelative, nil},
	{regexp.MustCompile(`\b(?:permis de conduire|conduite accompagnee|code de la route)\b`), 15, 200, nil, nil}, // learning to drive starts at 15
	// A minor's address is the parents', or the child protection service's that takes the minor
	// in: a domiciliation is for adults (fresh21's readers found one offered to a boy of 16 alone).
	{regexp.MustCompile(`\b(?:domiciliation|election de domicile)\b`), 18, 200, nil, nil},
}

var (
	elderRelative   = regexp.MustCompile(`\b(?:sa|son|ses|leur|leurs) (?:mere|pere|parents|grand-mere|grand-pere|grands-parents|beau-pere|belle-mere|beaux-parents|mari|epoux|epouse|conjointe?|compagnon|compagne|tante|oncle)\b`)
	rsaBenefit      = regexp.MustCompile(`\b(?:revenu de solidarite active|rsa)\b`)
	youngRSAVariant = regexp.MustCompile(`\bjeunes? actifs?\b|\bmoins de 25 ans\b`)
	youngParent     = parentMatcher{regexp.MustCompile(`\b(?:enceinte|grossesse|\d+ sa|g\dp\d|accouch\w*|bebes?|nourrissons?|naissance|maman|papa|enfants?|fils|filles?|mere (?:de|d'un|d'une|isolee|seule)|pere (?:de|d'un|d'une|isole|seul))\b`)}
	youngRelative   = regexp.MustCompile(`\b(?:fils|filles?|enfants?|neveu|niece)\b[^.;]{0,20}?\b(?:1[6-9]|2\d) ans\b|\b(?:son|sa|leur) (?:fils|fille) (?:majeure?|ado\w*|lyceen\w*|etudiant\w*|apprenti\w*|descolarise\w*)`)
)

// parentMatcher reads a note that says the person has a child or expects one, once the
// note's "pas d'enfant", "sans enfant" are taken out: "Le RSA n'est pas possible pour elle (20
// ans, pas d'enfant)" is no parent's (batch BK).
type parentMatcher struct{ re *regexp.Regexp }

func (m parentMatcher) MatchString(t string) bool {
	return m.re.MatchString(childless.ReplaceAllString(t, ""))
}

// works is a note that says the person works or worked; wanting work ("pour trouver du
// travail") is not working.
var works = worksMatcher{regexp.MustCompile(`\b(?:cdi|cdd|interim\w*|travail\w*|salariee?s?|salaire|emploi|temps partiel|mi-temps|smic|job|embauche\w*|micro-entrepr\w*|auto-entrepr\w*|a son compte|activite|contrat|vendeuse|vendeur|agent|aide-soignante?|aide a domicile|apprentie?|alternance)\b`)}

type worksMatcher struct{ re *regexp.Regexp }

var seekingWork = regexp.MustCompile(`\b(?:(?:veut|voudrait|souhaite|aimerait) (?:reprendre |trouver |retrouver )?|trouver |retrouver |chercher |cherche |recherche |rechercher )(?:du |un |d'un |une |d'une )?(?:travail|emploi|job|contrat|activite)\b`)

func (w worksMatcher) MatchString(t string) bool {
	return w.re.MatchString(seekingWork.ReplaceAllString(t, ""))
}

// youngBound stands for the upper age of the schemes for young people: 25, or 30 for a
// disabled young person (the CEJ until 29, the civic service until 30).
const youngBound = -1

// youngMax is the upper age of the schemes for young people for this person.
func (pe *person) youngMax() int {
	if disabled.MatchString(pe.text) {
		return 30
	}
	return 25
}

var disabled = regexp.MustCompile(`\b(?:handicap\w*|rqth|mdph|aah|invalidite|tsa|autis\w*|trisomi\w*)\b`)

// fitsBenefitAge reports whether the person's age, when known, is within the ages of every
// benefit the folded headings name.
func (pe *person) fitsBenefitAge(f string) bool {
	if pe.age == 0 {
		return true
	}
	for _, b := range benefitAges {
		hi := b.hi
		if hi == youngBound {
			hi = pe.youngMax()
		}
		if b.re.MatchString(f) && (pe.age < b.lo || pe.age > hi) && (b.relative == nil || !b.relative.MatchString(pe.text)) && (b.variant == nil || !b.variant.MatchString(f)) {
			return false
		}
	}
	return true
}

// fitsAge reads an age condition in a folded heading: stated is false when it has none.
func (pe *person) fitsAge(h string) (ok, stated bool) {
	if hAboutChild.MatchString(h) || hVictim.MatchString(h) && childInvolved.MatchString(pe.text) {
		return true, false
	}
	lo, hi := 0, 200
	if m := hAgeRange.FindStringSubmatch(h); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a < b {
			lo, hi, stated = a, b, true
		}
	} else {
		if m := hAgeUnder.FindStringSubmatch(h); m != nil {
			n, _ := strconv.Atoi(m[1])
			hi, stated = n-1, true
		}
		if m := hAgeOver.FindStringSubmatch(h); m != nil {
			n, _ := strconv.Atoi(m[1] + m[2])
			lo, stated = n, true
		}
	}
	if hi == 200 && hYoung.MatchString(h) && !hNotYoung.MatchString(h) && !youngRelative.MatchString(pe.text) {
		// "Jeune actif", "Jeunes parents", "Un jeune de plus de 16 ans": the young people's
		// variant of a right, until 25 (30 for a disabled young person).
		lo, hi, stated = max(lo, 16), pe.youngMax(), true
	}
	minor, major := hMinor.MatchString(h), hMajor.MatchString(h)
	switch {
	case minor && !major:
		hi, stated = min(hi, 17), true
	case major && !minor:
		lo, stated = max(lo, 18), true
	}
	if !stated || pe.age == 0 {
		return true, stated
	}
	return lo <= pe.age && pe.age <= hi, true
}

func (pe *person) fitsStatus(h string) (ok, stated bool) {
	for _, s := range statuses {
		if s.heading.MatchString(h) {
			return s.situation.MatchString(pe.text), true
		}
	}
	return true, false
}

// A period a heading bounds by its end ("Avant le 1er novembre 2019", "Avant septembre 2015"):
// the rules of a regime since replaced, which a fiche keeps, beside the new one, for the cases
// that began under it. "Jusqu'au 31 mars 2020" is not read so: a fiche may know no period after
// it ("Contrat conclu à partir de 2019 jusqu'au 31 mars 2020" is all an old fiche says).
var (
	hPeriodEnd = regexp.MustCompile(`\bavant (?:le |l')?(?:\d{1,2}(?:er)? )?(?:(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre) )?((?:19|20)\d\d)\b`)
	anyYear    = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
)

// pastPeriod reports whether a folded heading is for a period that ended before the plan's
// year, and the note names no year of that period (a case begun under the old rules says when).
func (pe *person) pastPeriod(f string) bool {
	m := hPeriodEnd.FindStringSubmatch(f)
	if m == nil || pe.year == 0 {
		return false
	}
	end, _ := strconv.Atoi(m[1])
	if end >= pe.year {
		return false
	}
	for _, y := range anyYear.FindAllString(pe.text, -1) {
		if n, _ := strconv.Atoi(y); n <= end {
			return false
		}
	}
	return true
}

// laterStage is a sentence about a stage of a procedure that comes after a first grant: a
// renewal, a new request after an earlier one, what to do before the right's end date ("Vous
// devez déposer une demande de renouvellement de votre carte de séjour", "Vous devez le demander
// 2 mois avant la date d'échéance mentionnée sur votre carte d'admission à l'AME"). A sentence
// for both stages ("une première demande ou une demande de renouvellement") is not.
var (
	laterStage = regexp.MustCompile(`\b(?:renouvel\w*|nouvelle demande|date d'echeance|precedente demande)\b`)
	bothStages = regexp.MustCompile(`\bpremiere demande\b|\bdemande (?:de [\p{L}'-]+ )?ou (?:de |d'une )?(?:demande de )?renouvellement\b`)
	// holds is what in a note shows the person has, or had, the card or right a later stage
	// is about: its end, its renewal, a possessive ("sa carte de séjour"), a first request.
	holds = regexp.MustCompile(`\b(?:renouvel\w*|expir\w*|perime\w*|echeance|fin de validite|valable jusqu\w*|arrive a (?:son )?terme|(?:son|sa|ses|leur|leurs) (?:titre|carte de sejour|carte de resident|recepisse|ame|apa|css|complementaire|allocation|aah|pch|dossier)|(?:a|avait|ont|beneficie de|beneficiaire de|titulaire d\w*) (?:deja )?(?:un |une |l'|la |le |d'une |d'un )?(?:titre de sejour|carte de sejour|carte de resident|recepisse|ame|apa|css|aah|pch)|deja (?:beneficiaire|titulaire|demande|depose|fait)|(?:premiere|precedente|ancienne) demande|refus\w*|rejet\w*|gir)\b`)
)

// fitsStage reports whether a sentence (folded) about a later stage of a procedure is for a
// person the note shows at it.
func (pe *person) fitsStage(folded string) bool {
	if !laterStage.MatchString(folded) || bothStages.MatchString(folded) {
		return true
	}
	return holds.MatchString(pe.text)
}

// forWorkers is a sentence for employees ("Un salarié qui s'occupe d'un proche… peut demander à
// son employeur un congé de proche aidant"); atWork a note that shows the person works, retired
// one that shows a retirement.
var (
	forWorkers = regexp.MustCompile(`^(?:un|une|le|la|les) salariee?s?\b`)
	retired    = regexp.MustCompile(retiree)
	atWork     = regexp.MustCompile(`\b(?:travaille\w*|salariee?|cdi|cdd|a temps partiel|a mi-temps|a temps plein|a 80 ?%|son employeur|ses conges|tous ses conges|secretaire|caissiere?|vendeuse|infirmiere|aide-soignante|ouvrier\w*|employee? (?:de|a|chez|dans))\b`)
)

// fitsWorker reports whether a sentence (folded) for employees is for a person the note shows at
// work, and not retired: the carer's leave is no step for a retired husband.
func (pe *person) fitsWorker(folded string) bool {
	if !forWorkers.MatchString(folded) {
		return true
	}
	return atWork.MatchString(pe.text) && !retired.MatchString(pe.text)
}

// fitsNamedPlace reports whether a sentence (folded) that names a département or a region
// ("une demande d'Apa à Paris") is for the person's place. A sentence's local bodies ("le CCAS
// de votre domicile") name no place.
func (pe *person) fitsNamedPlace(folded string) bool {
	codes, local := situation.PlaceOfFolded(folded)
	if !local || len(codes) == 0 {
		return true
	}
	return slices.Contains(codes, pe.territory)
}

// fitsPlace reads the territory a heading names, if any, and whether it is the person's.
func (pe *person) fitsPlace(h string) (ok, stated bool) {
	codes, local := situation.PlaceOf(h)
	if !local {
		return true, false
	}
	if pe.territory == "" {
		// A local aid or variant is for the people of its place; one whose place is not
		// known is not known to be one of them.
		return false, true
	}
	for _, c := range codes {
		if c == pe.territory {
			return true, true
		}
	}
	return false, true
}
