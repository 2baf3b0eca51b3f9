package plan

import (
	"testing"

	"github.com/socle-project/socle"
)

// TestFitsStage checks that a sentence about a renewal or a new request is for someone the
// note shows holding what it renews, and that one for both stages stays.
func TestFitsStage(t *testing.T) {
	tests := []struct {
		note, sentence string
		want           bool
	}{
		{"M. 28 ans, en France depuis 4 ans sans titre, demande une carte de séjour par le travail.", "Vous devez déposer une demande de renouvellement de votre carte de séjour.", false},
		{"M. 28 ans, sa carte de séjour expire le mois prochain.", "Vous devez déposer une demande de renouvellement de votre carte de séjour.", true},
		{"Homme sans papiers, aucune couverture maladie.", "Vous devez le demander 2 mois avant la date d'échéance mentionnée sur votre carte d'admission à l'AME.", false},
		{"Homme sans papiers, son AME arrive à échéance.", "Vous devez le demander 2 mois avant la date d'échéance mentionnée sur votre carte d'admission à l'AME.", true},
		{"M. 28 ans, sans titre.", "Lorsque vous êtes autorisé à déposer une première demande ou une demande de renouvellement de carte de séjour, vous recevez un récépissé.", true},
		{"Femme sans domicile, courrier chez une amie.", "Après une demande de domiciliation ou de renouvellement, vous passez un entretien.", true},
		{"Mme 80 ans, vit seule, chutes.", "Vous devez d'abord vous procurer un dossier de demande d'Apa auprès des services du département.", true},
	}
	for _, tt := range tests {
		pe := person{text: fold(tt.note)}
		if got := pe.fitsStage(fold(tt.sentence)); got != tt.want {
			t.Errorf("fitsStage(%q) for %q = %v, want %v", tt.sentence, tt.note, got, tt.want)
		}
	}
}

// TestFitsNamedPlace checks that a sentence naming a place is for the people of that place,
// and that a local body ("le CCAS de votre domicile") names none.
func TestFitsNamedPlace(t *testing.T) {
	tests := []struct {
		pe       person
		sentence string
		want     bool
	}{
		{person{}, "Permet de réaliser une demande d'allocation personnalisée d'autonomie (Apa) à Paris.", false},
		{person{territory: "75"}, "Permet de réaliser une demande d'allocation personnalisée d'autonomie (Apa) à Paris.", true},
		{person{}, "Vous pouvez faire la demande auprès du CCAS de votre domicile.", true}, // a body, no place
		{person{}, "Selon les départements, vous pouvez déposer votre dossier sur place.", true},
	}
	for _, tt := range tests {
		if got := tt.pe.fitsNamedPlace(fold(tt.sentence)); got != tt.want {
			t.Errorf("fitsNamedPlace(%q) for territory %q = %v, want %v", tt.sentence, tt.pe.territory, got, tt.want)
		}
	}
}

// TestFitsHeadings checks the conditions read in variant headings against what is known of
// the person, over the shapes the service-public fiches and a caseworker's guide use.
func TestFitsHeadings(t *testing.T) {
	tests := []struct {
		name  string
		pe    person
		title string
		path  []string
		want  bool
	}{
		{"under 25, person of 28", person{age: 28}, "Revenu de solidarité active (RSA)", []string{"Vous avez moins de 25 ans", "Conditions"}, false},
		{"25 or more, person of 28", person{age: 28}, "Revenu de solidarité active (RSA)", []string{"Demandeur de 25 ans ou plus", "Cas général (Caf)"}, true},
		// The RSA is from 25, but for a young parent or a pregnant woman.
		{"RSA, person of 19", person{age: 19, text: fold("M. T., 19 a, sorti de l'ASE à 18 ans, sans emploi ni formation.")}, "Revenu de solidarité active (RSA)", nil, false},
		{"RSA, pregnant at 21", person{age: 21, text: fold("Mlle B., 21 ans, L2, enceinte de 5 mois.")}, "Revenu de solidarité active (RSA)", nil, true},
		{"RSA, a mother of 20", person{age: 20, text: fold("Inès M., 20 ans, revue avec sa fille Lina née le 02/02.")}, "Accès aux droits", []string{"Revenu de solidarité active (RSA)"}, true},
		{"RSA, person of 20 with no child", person{age: 20, text: fold("L. Sarah, 20 ans, dort dans sa Clio. Le RSA n'est pas possible pour elle (20 ans, pas d'enfant).")}, "Revenu de solidarité active (RSA)", nil, false},
		{"RSA, person of 25", person{age: 25}, "Revenu de solidarité active (RSA)", nil, true},
		{"RSA, a mother of 16", person{age: 16, text: fold("Mlle T., 16 ans, G1P1, accouchée à 37 SA.")}, "Revenu de solidarité active (RSA)", nil, false},
		{"activity bonus, person of 19 at work", person{age: 19, text: fold("Jeune de 19 ans, en CDD depuis mars.")}, "Prime d'activité", nil, true},
		{"range, person of 19", person{age: 19}, "Aide", []string{"Jeune de 16 à 25 ans"}, true},
		{"range, person of 30", person{age: 30}, "Aide", []string{"Jeune de 16 à 25 ans"}, false},
		{"minor apprentice, person of 18", person{age: 18}, "Alternance", []string{"Établissement du contrat", "Apprenti mineur"}, false},
		{"age unknown", person{text: fold("apprentie coiffeuse")}, "Alternance", []string{"Apprenti mineur"}, true},
		{"apprentice variant, not an apprentice", person{text: fold("Jeune de 18 ans, sans emploi.")}, "Alternance", []string{"Apprenti majeur"}, false},
		{"a child's age is not the person's", person{age: 40}, "Allocations", []string{"Enfant de moins de 3 ans"}, true},
		{"at work, a woman beaten at home", person{text: fold("Mme 34 ans, a quitté le domicile conjugal où son conjoint la frappait.")}, "Harcèlement sexuel", []string{"Au travail", "Recours de la victime"}, false},
		{"at work, a woman harassed by her boss", person{text: fold("Harcelée par son chef depuis 6 mois.")}, "Harcèlement sexuel", []string{"Au travail", "Recours de la victime"}, true},
		{"a minor victim, an adult victim", person{age: 32, text: fold("Mme T., 32 ans, 2 enf. de 3 et 6 ans, victime de violences conjugales.")}, "Mineur victime", []string{"Harcèlement à l'école", "Saisir la justice"}, false},
		{"a minor victim, a mother whose son is harassed", person{age: 41, text: fold("Mme B., 41 ans, son fils de 12 ans est harcelé au collège.")}, "Mineur victime", []string{"Harcèlement à l'école", "Saisir la justice"}, true},
		{"deepest variant decides", person{age: 17, text: fold("Lycéenne de 17 ans, a eu un rapport non protégé hier soir.")}, "Contraception - IVG", []string{"Pilule du lendemain", "Pour une majeure", "Pour une mineure"}, true},
		{"emergency contraception, a pregnancy", person{age: 17, text: fold("Élève de 17 ans, enceinte d'environ 8 semaines, demande si elle peut avoir une IVG.")}, "Contraception - IVG", []string{"En cas d'urgence : pilule du lendemain ou stérilet", "Pilule du lendemain", "Pour une mineure"}, false},
		{"an abortion, a pregnancy", person{age: 17, text: fold("Élève de 17 ans, enceinte d'environ 8 semaines, demande si elle peut avoir une IVG.")}, "Contraception - IVG", []string{"IVG", "Pour une mineure"}, true},
		{"owner-occupier variant, a tenant whose landlord the note names", person{text: fold("Couple, maison louée très mal isolée. Le propriétaire ne répond plus au téléphone.")}, "Aides et prêts pour l'amélioration et la rénovation énergétique de l'habitat", []string{"Aide de l'Anah", "Propriétaire occupant", "Démarche"}, false},
		{"owner-occupier variant, an owner", person{text: fold("M. B., 71 ans, propriétaire d'une maison ancienne mal isolée.")}, "Aides et prêts pour l'amélioration et la rénovation énergétique de l'habitat", []string{"Aide de l'Anah", "Propriétaire occupant", "Démarche"}, true},
		{"owner-occupier variant, owners of a house bought", person{text: fold("M. et Mme J., propriétaires d'un pavillon acheté il y a 3 ans.")}, "Anah : qu'est-ce que l'aide Habiter Mieux Sérénité ?", []string{"Propriétaire occupant"}, true},
		{"civil servant variant, a private employee", person{text: fold("M. X., 55 ans, salarié, sa femme est en fin de vie.")}, "Pension de réversion", []string{"Fonctionnaire d'État", "Demande"}, false},
		{"civil servant variant, a civil servant", person{text: fold("Mme Y., agente publique à la mairie.")}, "Pension de réversion", []string{"Fonctionnaire d'État", "Demande"}, true},
		{"student variant, not a student", person{text: fold("Jeune femme de 22 ans, NEET, sans diplôme ni emploi.")}, "Volontariats", []string{"Engagement de service civique", "Étudiant"}, false},
		{"jobseeker variant, a jobseeker", person{text: fold("Au chômage depuis 2 ans.")}, "Volontariats", []string{"Engagement de service civique", "Demandeur d'emploi"}, true},
		{"the middle of a path is read", person{text: fold("Salarié, il veut accompagner sa femme.")}, "Congés dans le secteur privé",
			[]string{"Allocation journalière d'accompagnement d'une personne en fin de vie", "Demandeur d'emploi", "Demande", "Un seul accompagnant"}, false},
		{"the middle of a path is read, the right case", person{text: fold("Salarié, il veut accompagner sa femme.")}, "Congés dans le secteur privé",
			[]string{"Allocation journalière d'accompagnement d'une personne en fin de vie", "Salarié", "Demande", "Un seul accompagnant"}, true},
		{"a regime that ended", person{year: 2026, text: fold("Licencié en mars, inscrit à France Travail.")}, "Allocation chômage (ARE)",
			[]string{"Salarié du secteur privé", "Avant le 1er novembre 2019", "Avant 53 ans"}, false},
		{"a regime that ended, the case began under it", person{year: 2026, text: fold("Salariée licenciée, au chômage depuis octobre 2019.")}, "Allocation chômage (ARE)",
			[]string{"Salarié du secteur privé", "Avant le 1er novembre 2019"}, true},
		{"the only period an old fiche knows", person{year: 2026}, "Alternance", []string{"Contrat d'apprentissage", "Contrat conclu à partir de 2019 jusqu'au 31 mars 2020", "Temps de travail"}, true},
		{"a regime that ended, by its month", person{year: 2026}, "Location immobilière", []string{"Logement décent", "Avant septembre 2015"}, false},
		{"the regime since", person{year: 2026}, "Allocation chômage (ARE)", []string{"Démarche", "À partir du 1er novembre 2019"}, true},
		{"a period not ended", person{year: 2026}, "Aide", []string{"Demande avant le 31 décembre 2027"}, true},
		{"an age is not a year", person{year: 2026, age: 40}, "Allocation chômage (ARE)", []string{"Avant 53 ans"}, true},
		{"a local aid, territory unknown", person{}, "Aide au permis (Département Yvelines)", nil, false},
		{"a local aid of the person's département", person{territory: "78"}, "Aide au permis (Département Yvelines)", nil, true},
		{"a regional aid, département in the region", person{territory: "31"}, "Pass mutuelle (Occitanie)", nil, true},
		{"a regional aid, département elsewhere", person{territory: "93"}, "Pass mutuelle (Occitanie)", nil, false},
		{"Paris variant, general case below", person{territory: "69"}, "Éloignement d'un étranger", []string{"OQTF", "À Paris", "Cas général"}, true},
		{"adults' disability allowance, a child of 6", person{age: 6}, "Peut-on travailler et percevoir l'allocation aux adultes handicapés (AAH) ?", nil, false},
		{"adults' disability allowance, a man of 42", person{age: 42}, "Allocation aux adultes handicapés (AAH)", nil, true},
		{"a domiciliation, a boy of 16 alone", person{age: 16}, "Sans domicile stable ou fixe (SDF) : comment obtenir une domiciliation ?", nil, false},
		{"a domiciliation, a woman of 34", person{age: 34}, "Sans domicile stable ou fixe (SDF) : comment obtenir une domiciliation ?", nil, true},
		{"RQTH in a heading, a child of 6", person{age: 6}, "Handicap", []string{"Comment être reconnu travailleur handicapé (RQTH) ?"}, false},
		{"old-age minimum, a woman of 45", person{age: 45}, "allocation de solidarité aux personnes âgées (Assurance retraite)", nil, false},
		{"young people's contract, a man of 35", person{age: 35}, "contrat d'Engagement Jeunes", nil, false},
		{"young people's contract, age unknown", person{}, "contrat d'Engagement Jeunes", nil, true},
		{"a divorce's variant, an unmarried couple who split up", person{text: fold("Mme V., séparée depuis 6 mois (union libre), 2 enfants.")}, "Comment bénéficier de la garde alternée ?", []string{"Accord entre les parents", "Divorce par consentement mutuel"}, false},
		{"a divorce's variant, a divorcing wife", person{text: fold("Mme V., en instance de divorce, 2 enfants.")}, "Comment bénéficier de la garde alternée ?", []string{"Accord entre les parents", "Divorce par consentement mutuel"}, true},
		{"a furnished let's variant, an unfurnished flat", person{text: fold("Famille C., T3 loué à un particulier, moisissures.")}, "Location immobilière : obligations du propriétaire", []string{"Logement décent", "Logement meublé"}, false},
		{"the self-employed's variant, an employee", person{text: fold("Mme H., vendeuse en CDD, pas payée depuis 2 mois.")}, "Arrêt maladie", []string{"Travailleur indépendant"}, false},
		{"the self-employed's variant, a plumber on his own", person{text: fold("M. G., plombier à son compte.")}, "Arrêt maladie", []string{"Travailleur indépendant"}, true},
		{"young workers' variant, a man of 56", person{age: 56}, "Revenu de solidarité active (RSA)", []string{"Jeune actif", "Cas général (Caf)"}, false},
		{"young workers' variant, a man of 23 who worked", person{age: 23, text: fold("A travaillé 8 mois en CDD puis plus rien.")}, "Revenu de solidarité active (RSA)", []string{"Jeune actif", "Cas général (Caf)"}, true},
		{"young workers' variant, a student of 20", person{age: 20, text: fold("Étudiante 20 ans, L2 de droit, boursière.")}, "Revenu de solidarité active (RSA)", []string{"Jeune actif", "Cas général (Caf)"}, false},
		{"young workers' variant, a young man who wants work", person{age: 19, text: fold("Jeune homme 19 ans, sans diplôme, voudrait passer le permis pour trouver du travail en restauration.")}, "Revenu de solidarité active (RSA)", []string{"Jeune actif", "Cas général (Caf)"}, false},
		{"working with the AAH, a man who does not work", person{text: fold("Majeur 48 ans sous curatelle renforcée, AAH + complément.")}, "Peut-on travailler et percevoir l'allocation aux adultes handicapés (AAH) ?", nil, false},
		{"working with the AAH, an apprentice", person{text: fold("Étudiante 21 ans, BTS en alternance, malentendante.")}, "Peut-on travailler et percevoir l'allocation aux adultes handicapés (AAH) ?", nil, true},
		{"a new driver is of any age", person{age: 56, text: fold("M. 56 ans, a obtenu son permis il y a un an.")}, "Permis probatoire", []string{"Jeune conducteur"}, true},
		{"lone parent's variant, a man just out of prison", person{age: 31, text: fold("M. A., 31 ans, sort de détention, plus de logement.")}, "Revenu de solidarité active (RSA)", []string{"Parent isolé", "Cas général (Caf)"}, false},
		{"lone parent's variant, a mother alone with two children", person{age: 34, text: fold("Mme B., 34 ans, seule avec 2 enf. de 3 et 6 ans.")}, "Revenu de solidarité active (RSA)", []string{"Parent isolé", "Cas général (Caf)"}, true},
		{"young parents' variant, no child", person{age: 22, text: fold("Jeune homme de 22 ans, sans ressources.")}, "Revenu de solidarité active (RSA)", []string{"Jeunes parents", "Cas général (Caf)"}, false},
		{"a disabled child's allowance, a man of 71 alone", person{age: 71, text: fold("Pt de 71 ans hospitalisé après un AVC, vit seul au 3e étage.")}, "allocation d'éducation de l'enfant handicapé (AEEH)", nil, false},
		{"a disabled child's allowance, parents of a child of 7", person{age: 7, text: fold("Enfant de 7 ans, diagnostic de TSA. Les parents demandent quelles aides.")}, "allocation d'éducation de l'enfant handicapé (AEEH)", nil, true},
		{"an appeal, a young man who asks what he can live on", person{age: 23, text: fold("Jeune homme de 23 ans, a travaillé 8 mois en CDD. N'a pas droit au RSA avant 25 ans.")}, "Revenu de solidarité active (RSA)", []string{"Jeune actif", "Recours", "Autre département"}, false},
		{"an appeal, a woman whose RSA was refused", person{age: 40, text: fold("Sa demande de RSA a été refusée le mois dernier.")}, "Revenu de solidarité active (RSA)", []string{"Cas général", "Recours"}, true},
		{"imposed measures, a couple who think of filing", person{text: fold("Couple, crédits renouvelables. Ils parlent de déposer un dossier de surendettement.")}, "Mesures imposées par la commission de surendettement", []string{"Demande"}, false},
		{"imposed measures, a file found admissible", person{text: fold("M. D., dossier de surendettement déclaré recevable, la conciliation a échoué.")}, "Mesures imposées par la commission de surendettement", []string{"Demande"}, true},
		{"a young school leaver's fiche, a woman of 27", person{age: 27, text: fold("Mme H., 27 ans, vendeuse en CDD, pas payée depuis 2 mois.")}, "Que peut faire un jeune de plus de 16 ans déscolarisé et sans diplôme ?", nil, false},
		{"a young school leaver's fiche, a man of 19", person{age: 19, text: fold("Jeune de 19 ans, sans diplôme.")}, "Que peut faire un jeune de plus de 16 ans déscolarisé et sans diplôme ?", nil, true},
		{"young people's contract, a disabled man of 28", person{age: 28, text: fold("M. P., 28 ans, RQTH, sans emploi.")}, "contrat d'Engagement Jeunes", nil, true},
		{"a driving test's fiche, a child of 6", person{age: 6}, "Examen du permis de conduire : quels aménagements en cas de handicap ?", nil, false},
		{"a grown-up child's maintenance, children of 5 and 9", person{text: fold("Mme V., 38 ans, séparée, 2 enf. de 5 et 9 ans.")}, "Doit-on encore verser une pension alimentaire à un enfant devenu majeur ?", nil, false},
		{"a grown-up child's maintenance, a son of 19", person{text: fold("M. L., 50 ans, divorcé, son fils de 19 ans est étudiant.")}, "Doit-on encore verser une pension alimentaire à un enfant devenu majeur ?", nil, true},
		{"retirement is not a retiree's variant", person{age: 64, text: fold("M. S., 64 ans, maçon, voudrait partir au plus vite.")}, "Départ en retraite du salarié : quelles sont les démarches à effectuer ?", nil, true},
		{"a retiree's residence card, a student of 24", person{age: 24, text: fold("M. D., 24 ans, titre de séjour étudiant.")}, "Titres, carte de séjour et documents de circulation pour étranger en France", []string{`Carte de séjour "retraité"`}, false},
		{"a retiree's variant, a worker of 40", person{age: 40, text: fold("M. T., 40 ans, cariste en CDI.")}, "Mutuelle", []string{"Vous êtes retraité"}, false},
		{"family benefits, a man of 24 leaving prison", person{age: 24, text: fold("M. O., 24 ans, sort de détention dans 3 semaines, carte d'identité perdue.")}, "Qu'est-ce qu'un enfant à charge pour les prestations familiales ?", nil, false},
		{"the AGGIR grid, a woman of 38", person{age: 38}, "Qu'est-ce que la grille Aggir ?", nil, false},
		{"the APA for the mother a carer of 58 looks after", person{age: 58, text: fold("Mme P., 58 ans, héberge sa mère atteinte d'Alzheimer.")}, "Allocation personnalisée d'autonomie (Apa)", nil, true},
		{"the CEJ for the son of 19 of a mother of 45", person{age: 45, text: fold("Mme Y., 45 ans, son fils de 19 ans a quitté le lycée.")}, "contrat d'Engagement Jeunes", nil, true},
		{"a prime d'activité from the Caisse d'allocations familiales, no child", person{age: 31, text: fold("M. V., 31 ans, vient de reprendre un travail.")}, "prime d'activité (Caisse d'allocations familiales)", nil, true},
		{"a social landlord's termination, a private tenant", person{text: fold("Mme G., 45 ans, le propriétaire lui a envoyé un congé pour vendre.")}, "Logement social (HLM) : le bailleur peut-il résilier le bail ?", nil, false},
		{"a social landlord's termination, someone who asked for social housing", person{text: fold("Demande de logement social déposée depuis 3 ans sans réponse.")}, "Logement social (HLM) : le bailleur peut-il résilier le bail ?", nil, false},
		{"a social landlord's termination, a tenant of an HLM", person{text: fold("Famille qui vit en HLM depuis 10 ans, le bailleur social parle de sous-occupation.")}, "Logement social (HLM) : le bailleur peut-il résilier le bail ?", nil, true},
		{"a home buyer's APL, a tenant", person{text: fold("M. W., 34 ans, locataire, ne peut plus recevoir ses APL.")}, "Allocations logement", []string{"Aide personnalisée au logement (APL)", "Accédant à la propriété"}, false},
		{"the activity bonus, a retired couple", person{age: 70, text: fold("M. et Mme, 70 et 68 ans, propriétaires, leurs deux retraites font 1 150 €.")}, "prime d’activité (Caisse d’allocations familiales)", nil, false},
		{"the activity bonus, a saleswoman on a new contract", person{age: 35, text: fold("Mme 35 ans, vient de signer un CDI de vendeuse (24 h/semaine).")}, "prime d’activité (Caisse d’allocations familiales)", nil, true},
		{"the State medical aid, a French probationer", person{age: 34, text: fold("M. 34 ans, condamné à 6 mois avec sursis, intérimaire.")}, "Qu'est-ce que l'aide médicale de l'État (AME) ?", nil, false},
		{"the State medical aid, a man without papers", person{text: fold("Homme arrivé en France il y a 4 mois, aucun document, hospitalisé.")}, "Qu'est-ce que l'aide médicale de l'État (AME) ?", nil, true},
		{"the State medical aid, a woman arrived from Algeria without papers", person{text: fold("Mme S., 24 ans, arrivée d'Algérie il y a 8 mois, elle n'a pas de titre en règle.")}, "Qu'est-ce que l'aide médicale de l'État (AME) ?", nil, true},
		{"a tenant's notice, a tenant whose landlord gave notice", person{text: fold("Mme G., 45 ans, le propriétaire lui a envoyé un congé pour vendre, elle ne trouve rien d'autre.")}, "Comment calculer le délai de préavis en cas de congé donné par un locataire ?", nil, false},
		{"a tenant's notice, a tenant who wants to move", person{text: fold("M. R. veut quitter son logement pour se rapprocher de son travail.")}, "Comment calculer le délai de préavis en cas de congé donné par un locataire ?", nil, true},
		{"a furnished let's furnishing, an unfurnished flat", person{text: fold("Famille dans un T2 humide, moisissures.")}, "Location immobilière : obligations du propriétaire (bailleur)", []string{"Logement décent", "Logement avec ameublement", "Avant septembre 2015"}, false},
		{"the specific solidarity allowance, a young woman who never drew unemployment benefit", person{age: 23, text: fold("Jeune femme de 23 ans, ne touche rien ; a été vendeuse quelques mois l'an dernier.")}, "allocation de solidarité spécifique (France Travail)", nil, false},
		{"the specific solidarity allowance, a man at the end of his rights", person{age: 58, text: fold("M. 58 ans, seul, en fin de droits ARE depuis 2 mois.")}, "allocation de solidarité spécifique (France Travail)", nil, true},
		{"the agricultural scheme's APL, a hospital cleaner", person{text: fold("Mme 45 ans, agent d'entretien à l'hôpital, cherche un logement.")}, "Allocations logement", []string{"Aide personnalisée au logement (APL)", "Location", "Démarche", "Régime agricole (MSA)"}, false},
		{"the agricultural scheme's RSA, a dairy farmer", person{age: 52, text: fold("Cellule de crise MSA. M. 52 ans, éleveur laitier, dettes fournisseurs.")}, "Revenu de solidarité active (RSA)", []string{"Demandeur de 25 ans ou plus", "Régime agricole (MSA)"}, true},
		{"the probationary licence's points, a driver of 20 years", person{age: 45, text: fold("M. 45 ans, chauffeur livreur, a perdu 6 points en un an.")}, "Infractions routières", []string{"Stage de récupération des points du permis de conduire", "Permis probatoire"}, false},
		{"the probationary licence's points, a new driver", person{age: 19, text: fold("Jeune de 19 ans, permis obtenu il y a 8 mois, a perdu 3 points.")}, "Infractions routières", []string{"Stage de récupération des points du permis de conduire", "Permis probatoire"}, true},
		{"a bank's duties to an over-indebted client, an old lady whose bills pile up", person{age: 79, text: fold("Mme 79 ans, les factures s'empilent, deux relances des impôts.")}, "Quelles sont les obligations d'une banque face à un client en surendettement ?", nil, false},
		{"a bank's duties to an over-indebted client, a filed case", person{text: fold("Couple, dossier de surendettement déposé en mars, déclaré recevable.")}, "Quelles sont les obligations d'une banque face à un client en surendettement ?", nil, true},
		{"a bank's duties to an over-indebted client, a couple about to file", person{text: fold("Couple, six crédits, découvert permanent, demandent comment déposer un dossier de surendettement.")}, "Quelles sont les obligations d'une banque face à un client en surendettement ?", nil, true},
		{"no condition", person{age: 50, territory: "38"}, "Guide de l'accompagnement social global", []string{"Logement et hébergement", "Prévention des expulsions locatives"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.pe.fitsHeadings(tt.title, tt.path); got != tt.want {
				t.Errorf("fitsHeadings(%q, %q) = %v, want %v", tt.title, tt.path, got, tt.want)
			}
		})
	}
}

func TestDepartementOf(t *testing.T) {
	for in, want := range map[string]string{"C74010": "74", "74": "74", "C97411": "974", "2A": "2A", "FR": "", "": ""} {
		if got := departementOf(in); got != want {
			t.Errorf("departementOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOffTopic checks that the deepest heading naming a need decides whether a section is about
// a need the case does not show.
func TestOffTopic(t *testing.T) {
	detected := map[string]bool{"emploi": true}
	p := func(path ...string) *Passage { return &Passage{Section: socle.Section{Path: path}} }
	tests := []struct {
		p    *Passage
		want bool
	}{
		{p("Peut-on percevoir l'allocation chômage en cas de démission ?", "Victime de violences conjugales"), true},
		{p("Peut-on percevoir l'allocation chômage en cas de démission ?", "Création ou reprise d'entreprise"), false},
		{p("Violences conjugales", "Recherche d'emploi"), false},
		{p("Guide", "Principes de l'accompagnement"), false},
	}
	for _, tt := range tests {
		if got := offTopic(Needs(), detected, tt.p, false); got != tt.want {
			t.Errorf("offTopic(%q) = %v, want %v", tt.p.Section.Path, got, tt.want)
		}
	}
	// In a guide, chapters named after their public name the need too.
	old := map[string]bool{"autonomie": true}
	guide := []struct {
		p    *Passage
		want bool
	}{
		{p("Personnes âgées et perte d'autonomie", "Proches aidants"), true},
		{p("Personnes âgées et perte d'autonomie", "Maintien à domicile"), false},
		{p("Personnes étrangères"), true},
		{p("Premier accueil et diagnostic", "Diagnostic partagé"), false},
	}
	for _, tt := range guide {
		if got := offTopic(Needs(), old, tt.p, true); got != tt.want {
			t.Errorf("in a guide, offTopic(%q) for an old person = %v, want %v", tt.p.Section.Path, got, tt.want)
		}
	}
}

func TestNearDuplicate(t *testing.T) {
	g := &Extractive{Terms: func(s string) []string { return distinct(fieldsOf(fold(s))) }}
	chosen := []*candidate{{text: "Si votre ordonnance date de plus de 3 ans, consultez un médecin (ophtalmologiste) qui vous prescrira de nouvelles lentilles."}}
	if !nearDuplicate(g.Terms, &candidate{text: "Si votre ordonnance date de plus de 3 ans, consultez un médecin (ophtalmologiste)."}, chosen) {
		t.Error("a step that says less than one already chosen is not a duplicate")
	}
	if nearDuplicate(g.Terms, &candidate{text: "Déposez votre demande de complémentaire santé solidaire en ligne sur Ameli."}, chosen) {
		t.Error("a different step is a duplicate")
	}
}

func fieldsOf(s string) []string {
	var out []string
	word := []rune{}
	for _, r := range s + " " {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			word = append(word, r)
			continue
		}
		if len(word) > 2 {
			out = append(out, string(word))
		}
		word = word[:0]
	}
	return out
}
