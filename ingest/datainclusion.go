package ingest

import "strings"

// The data·inclusion vocabularies (gip-inclusion/data-inclusion-schema v1, schemas/v1/extra,
// Licence Ouverte 2.0 / Etalab): the codes services are tagged with, and their French labels so
// that a catalog written with labels ("Alimentation") maps to codes too. A corpus test checks
// these lists against the schema when the corpus is present.

// vocabEntry is one code of a vocabulary and its label.
type vocabEntry struct {
	Value string
	Label string
}

// thematiques returns the 69 thematic codes, "category--theme".
func thematiques() []vocabEntry {
	return []vocabEntry{
		{"choisir-un-metier--confirmer-son-choix-de-metier", "Confirmer son choix de métier"},
		{"choisir-un-metier--connaitre-les-opportunites-demploi", "Connaître les opportunités d’emploi"},
		{"choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite", "Découvrir un métier ou un secteur d’activité"},
		{"choisir-un-metier--identifier-ses-points-forts-et-ses-competences", "Identifier ses points forts et ses compétences"},
		{"creer-une-entreprise--definir-son-projet-de-creation-dentreprise", "Définir son projet de création d’entreprise"},
		{"creer-une-entreprise--developper-son-entreprise", "Développer son entreprise"},
		{"creer-une-entreprise--structurer-son-projet-de-creation-dentreprise", "Structurer son projet de création d’entreprise"},
		{"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives", "Accompagnement aux démarches administratives"},
		{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete", "Accompagnement pour l’accès à la citoyenneté"},
		{"difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "Accompagnement pour l’accès aux droits"},
		{"difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte", "Bénéficier d’une mesure d’accompagnement adapté"},
		{"difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination", "Connaître ses droits face à une discrimination"},
		{"difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire", "Prendre en compte une problématique judiciaire"},
		{"difficultes-financieres--acquerir-une-autonomie-budgetaire", "Acquérir une autonomie budgétaire"},
		{"difficultes-financieres--ameliorer-sa-gestion-budgetaire", "Améliorer sa gestion budgétaire"},
		{"difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere", "Mettre en place une mesure de protection financière"},
		{"difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere", "Prévenir une dégradation de la situation financière"},
		{"difficultes-financieres--situation-dendettement-surendettement", "Situation d’endettement ou de surendettement"},
		{"equipement-et-alimentation--aide-menagere", "Aide ménagère"},
		{"equipement-et-alimentation--alimentation", "Alimentation"},
		{"equipement-et-alimentation--electromenager", "Électroménager"},
		{"equipement-et-alimentation--habillement", "Habillement"},
		{"famille--garde-denfants", "Garde d’enfants"},
		{"famille--prise-en-charge-personne-dependante", "Prise en charge d’une personne dépendante"},
		{"famille--soutien-a-la-parentalite-et-a-leducation", "Soutien à la parentalité et à l’éducation"},
		{"famille--soutien-aidants", "Soutien aux aidants"},
		{"famille--surmonter-conflits-separation-violence", "Surmonter les conflits liés à la séparation ou à la violence"},
		{"lecture-ecriture-calcul--maitriser-le-calcul", "Maîtriser le calcul"},
		{"lecture-ecriture-calcul--maitriser-le-francais", "Maîtriser le français"},
		{"logement-hebergement--acheter-un-logement", "Acheter un logement"},
		{"logement-hebergement--changer-de-logement", "Changer de logement"},
		{"logement-hebergement--louer-un-logement", "Louer un logement"},
		{"logement-hebergement--rechercher-une-solution-dhebergement-temporaire", "Rechercher une solution d’hébergement temporaire"},
		{"logement-hebergement--reduire-les-impayes-de-loyer", "Réduire les impayés de loyer"},
		{"logement-hebergement--se-maintenir-dans-le-logement", "Se maintenir dans le logement"},
		{"logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement", "S’informer sur les démarches liées à l’accès au logement"},
		{"mobilite--acceder-a-un-vehicule", "Accéder à un véhicule"},
		{"mobilite--entretenir-reparer-son-vehicule", "Entretenir et réparer son véhicule"},
		{"mobilite--etre-accompagne-dans-son-parcours-mobilite", "Être accompagné dans son parcours mobilité"},
		{"mobilite--financer-ma-mobilite", "Financer ma mobilité"},
		{"mobilite--mobilite-douce-partagee-collective", "Utiliser des services de mobilité douce, partagée ou collective"},
		{"mobilite--preparer-un-permis", "Préparer un permis"},
		{"numerique--acceder-a-des-services-en-ligne", "Accéder à des services en ligne"},
		{"numerique--acceder-a-une-connexion-internet", "Accéder à une connexion Internet"},
		{"numerique--acquerir-un-equipement", "Acquérir un équipement"},
		{"numerique--maitriser-les-fondamentaux-du-numerique", "Maîtriser les fondamentaux du numérique"},
		{"preparer-sa-candidature--developper-son-reseau", "Développer son réseau"},
		{"preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi", "Organiser ses démarches de recherche d’emploi"},
		{"preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation", "Réaliser un CV et/ou une lettre de motivation"},
		{"preparer-sa-candidature--valoriser-ses-competences", "Valoriser ses compétences"},
		{"remobilisation--activites-sportives-et-culturelles", "Activités sportives et culturelles"},
		{"remobilisation--benevolat-action-citoyenne", "Bénévolat et action citoyenne"},
		{"remobilisation--bien-etre-confiance-en-soi", "Bien-être et confiance en soi"},
		{"remobilisation--lien-social", "Lien social"},
		{"sante--acces-aux-soins", "Accès aux soins"},
		{"sante--addictions", "Addictions"},
		{"sante--constituer-un-dossier-mdph-invalidite", "Constituer un dossier MDPH pour invalidité"},
		{"sante--sante-mentale", "Santé mentale"},
		{"sante--sante-sexuelle", "Santé sexuelle"},
		{"se-former--monter-son-dossier-de-formation", "Monter son dossier de formation"},
		{"se-former--trouver-sa-formation", "Trouver sa formation"},
		{"souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger", "Connaître les opportunités d’emploi à l’étranger"},
		{"souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger", "S’informer sur les aides pour travailler à l’étranger"},
		{"souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france", "S’organiser suite à son retour en France"},
		{"trouver-un-emploi--convaincre-un-recruteur-en-entretien", "Convaincre un recruteur en entretien"},
		{"trouver-un-emploi--faire-des-candidatures-spontanees", "Faire des candidatures spontanées"},
		{"trouver-un-emploi--maintien-dans-lemploi", "Maintien dans l’emploi"},
		{"trouver-un-emploi--repondre-a-des-offres-demploi", "Répondre à des offres d’emploi"},
		{"trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs", "Suivre ses candidatures et relancer les employeurs"},
	}
}

// publics returns the 14 audience codes.
func publics() []vocabEntry {
	return []vocabEntry{
		{"actifs", "Actifs"},
		{"beneficiaires-des-minimas-sociaux", "Bénéficiaires des minimas sociaux"},
		{"demandeurs-emploi", "Demandeurs d’emploi"},
		{"etudiants", "Étudiants"},
		{"familles", "Familles"},
		{"femmes", "Femmes"},
		{"jeunes", "Jeunes"},
		{"personnes-en-situation-de-handicap", "Personnes en situation de handicap"},
		{"personnes-en-situation-durgence", "Personnes en situation d’urgence"},
		{"personnes-en-situation-juridique-specifique", "Personnes en situation juridique spécifique"},
		{"personnes-exilees", "Personnes exilées"},
		{"residents-qpv-frr", "Résidents en QPV ou FRR"},
		{"seniors", "Séniors"},
		{"tous-publics", "Tous publics"},
	}
}

// isDataInclusion tells a record of the data·inclusion service schema from other catalogs: it
// has "nom" and one of the schema's own fields.
func isDataInclusion(rec []kv) bool {
	hasNom, own := false, false
	for _, e := range rec {
		switch e.key {
		case "nom":
			hasNom = true
		case "structure_id", "zone_eligibilite", "lien_mobilisation", "modes_accueil", "modes_mobilisation", "mobilisable_par", "conditions_acces", "publics_precisions":
			own = true
		}
	}
	return hasNom && own
}

// dataInclusionRecord prepares a data·inclusion record for the common mapping: the address
// fields become one address line for the contact (its "commune" is where the service is, not
// where it is open to, which is "zone_eligibilite").
func dataInclusionRecord(rec []kv) []kv {
	var street, complement, postcode, town string
	out := make([]kv, 0, len(rec))
	for _, e := range rec {
		switch e.key {
		case "adresse":
			street = scalarString(e.val)
		case "complement_adresse":
			complement = scalarString(e.val)
		case "code_postal":
			postcode = scalarString(e.val)
		case "commune":
			town = scalarString(e.val)
		default:
			out = append(out, e)
		}
	}
	var parts []string
	for _, p := range []string{street, complement, strings.TrimSpace(postcode + " " + town)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) > 0 {
		out = append(out, kv{key: "adresse", val: strings.Join(parts, ", ")})
	}
	return out
}
