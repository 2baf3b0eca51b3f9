package plan

import (
	"testing"

	"github.com/socle-project/socle/retrieval/situation"
)

// caseReading is how the planner weighs a situation's words, without an index (every word
// weighs the same): enough to test what the filters read in the words.
func caseReading(t *testing.T, text string) *relevance {
	t.Helper()
	return newRelevance((&Planner{}).terms(), nil, text, nil, Facts{}, situation.ReadFacts(text, 2026), nil)
}

func TestConditionsHold(t *testing.T) {
	r := caseReading(t, "M. J., 36 ans, livreur, vient de perdre son permis de conduire après plusieurs infractions. Il risque de perdre son emploi.")
	terms := (&Planner{}).terms()
	tests := []struct {
		sentence string
		holds    bool
	}{
		// The condition speaks of the case in its own words.
		{"En cas d'infraction grave, vous devez suivre un stage.", true},
		// No condition at all.
		{"Vous devez repasser les épreuves du code et de la conduite.", true},
		// Conditions on someone else, at the start or inside the sentence.
		{"Si vous êtes jugé en matière pénale, vous pouvez demander la non-inscription au casier.", false},
		{"Vous pouvez saisir la Civi lorsque l'auteur des faits est insolvable.", false},
		// A role the sentence gives its reader.
		{"Effectuer un premier trajet en covoiturage en tant que conducteur.", false},
		// An exception is not a condition.
		{"Vous avez droit à la rente sauf si vous avez été condamné pour un motif familial.", true},
		// The harm a remedy is for.
		{"Vous pouvez également demander l'indemnisation pour une atteinte grave à vos biens (exemple : incendie de votre véhicule).", false},
		{"Vous pouvez demander l'indemnisation pour une perte de votre permis de conduire.", true},
	}
	for _, tt := range tests {
		if got := conditionsHold(terms, r, fold(tt.sentence)); got != tt.holds {
			t.Errorf("conditionsHold(%q) = %v, want %v", tt.sentence, got, tt.holds)
		}
	}
	// The connective is not the condition: "en tant que" is no "tante".
	aunt := caseReading(t, "Jeune homme 19 ans, hébergé chez sa tante. Voudrait passer le permis B.")
	if driver := "Effectuer un premier trajet en covoiturage en tant que conducteur en 2023."; conditionsHold(terms, aunt, fold(driver)) {
		t.Errorf("conditionsHold(%q) for a young man who lives with his aunt = true", driver)
	}
	// What a condition says is already so must be said of the case, not only its subject.
	debt := caseReading(t, "Couple, 3 enf., crédits renouvelables. Ils parlent de déposer un dossier de surendettement.")
	known := "Si votre courrier concerne un dossier de surendettement déjà connu de la Banque de France, vous devez rappeler sa référence."
	if conditionsHold(terms, debt, fold(known)) {
		t.Errorf("conditionsHold(%q) for a couple who have not filed yet = true", known)
	}
	filed := caseReading(t, "M. D., dossier de surendettement déjà connu de la Banque de France depuis mars.")
	if !conditionsHold(terms, filed, fold(known)) {
		t.Errorf("conditionsHold(%q) for a man whose file the Banque de France has = false", known)
	}
}

// TestGuideConditionsHold checks a methodology guide's conditions (a case read without hits
// from many documents): most of a condition must be in the note's words, not one of them;
// "dès le premier impayé" holds for any arrears; a time of the support holds for every case.
func TestGuideConditionsHold(t *testing.T) {
	terms := (&Planner{}).terms()
	ccapex := "Lorsque le bailleur a fait délivrer un commandement de payer ou une assignation, prévenir sans délai la responsable de secteur."
	first := "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne."
	fall := "Après une chute ou une hospitalisation, vérifier que le retour à domicile est organisé."
	rsa := "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."
	unfit := "Lorsque le logement présente des signes d'insalubrité (humidité, moisissures, nuisibles), constater les désordres lors d'une visite à domicile."
	puma := "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."
	heating := "Lorsque le logement présente des signes d'insalubrité ou de non-décence (humidité, absence de chauffage, nuisibles), constater les désordres lors d'une visite à domicile."
	isolated := "Lorsqu'une personne âgée vit isolée, lui proposer, avec son accord, les visites de bénévoles de l'association Les Amis de Valmont."
	ame := "Pour une personne sans titre de séjour qui réside en France depuis plus de trois mois, l'aider à demander l'aide médicale de l'État (AME)."
	aed := "Lorsque les difficultés éducatives ne relèvent pas du danger, proposer aux parents une aide éducative à domicile (AED) de l'aide sociale à l'enfance (ASE), avec leur accord écrit."
	tonight := "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation."
	unfitAid := "Lorsque le logement est non décent et que le foyer perçoit une aide au logement, en informer la caisse d'allocations familiales (CAF) : elle peut conserver l'aide jusqu'à la réalisation des travaux."
	fsl := "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."
	pass := "En cas de besoin de soins urgents sans droits ouverts, orienter vers la permanence d'accès aux soins de santé (PASS) du centre hospitalier."
	tests := []struct {
		note, sentence string
		holds          bool
	}{
		{"M. D. craint de ne plus pouvoir payer son loyer le mois prochain.", ccapex, false},
		{"Elle a reçu un commandement de payer pour trois mois de loyer.", ccapex, true},
		{"Le bailleur l'a assignée au tribunal.", ccapex, true},
		{"Trois mois d'impayés de loyer, le bailleur relance.", first, true},
		{"Famille de 5 dans un T2 insalubre, moisissures.", first, false},
		{"Mme R., 78 ans, ne sort plus depuis sa chute en janvier.", fall, true},
		{"Son mari a un Parkinson, elle se lève 4 fois par nuit.", fall, false},
		{"Mme G., 45 ans, surendettée.", rsa, true},
		// Examples in brackets after a condition meet it; a longer form of a word says it.
		{"Famille de 5 dans un T2, moisissures sur les murs.", unfit, true},
		{"Famille de 5 dans un logement insalubre.", unfit, true},
		{"Famille de 5 dans un T2, loyer en retard.", unfit, false},
		// Who an instruction is for, by what they lack.
		{"Enfant asthmatique, passé deux fois aux urgences.", puma, false},
		{"Il n'a plus de couverture maladie depuis mars.", puma, true},
		// Naming the thing is not lacking it.
		{"Sa couverture maladie passe par son mari, elle demande une mutuelle.", puma, false},
		{"Sa carte de séjour d'un an expire le 30, elle a essayé sur internet.", ame, false},
		{"Il n'a aucun titre de séjour depuis le rejet de sa demande d'asile.", ame, true},
		// An example that is a lack holds when the lack is said.
		{"Chauffage et eau chaude au gaz, T3 HLM.", heating, false},
		{"Plus de chauffage depuis novembre, le propriétaire ne répond pas.", heating, true},
		// A word's forms the analyzer stems a letter apart ("expire", "expiration").
		{"Carte de séjour temporaire qui expire le 30/04, rien fait pour le renouvellement.", "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée.", true},
		// Nor has it been served.
		{"Deux loyers impayés, lettre de relance. Pour l'instant pas d'huissier, pas de commandement : seulement la relance simple du bailleur.", ccapex, false},
		{"Loyers de décembre et janvier non réglés ; pas d'acte de commissaire de justice, seulement une lettre de relance du bailleur.", ccapex, false},
		// What the note says the person lacks cannot lapse.
		{"M. D., 34 ans, arrivé de Guinée il y a huit mois, n'a aucun titre de séjour.", "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée.", false},
		// Living isolated: alone with no one around, not alone with a daughter every evening.
		{"Mme H., 84 ans, veuve, vit seule dans sa maison ; sa fille habite Grenoble.", isolated, true},
		{"M. P., 79 ans, veuf, sans enfant, vit dans sa maison au bout du chemin.", isolated, true},
		// Thirty-third round: alone or widowed is not cut off; abused, neither.
		{"Mme G., 74 ans, veuve depuis janvier, seule dans un T4 ; n'arrive plus à faire sa toilette, sa fille passe 2x/sem.", isolated, false},
		{"M. J., 88 ans, vit seul. Le voisin lui fait signer des papiers, retraits inhabituels de 4 000 €.", isolated, false},
		{"M. A., 71 ans, veuf, vit seul au 3e sans ascenseur ; il ne descend plus, la voisine lui monte le pain.", isolated, true},
		{"Odette, 87 ans, vit seule ; sa fille passe tous les soirs.", isolated, false},
		{"Mme D., 88 ans. Son petit-fils s'est installé chez elle en janvier.", isolated, false},
		{"M. G., 76 ans, s'occupe seul de son épouse : « je ne peux plus la laisser seule, même pour aller chercher le pain ».", isolated, false},
		{"Mme P., 81 ans, Alzheimer, APA en place ; sa fille vit à Annecy.", isolated, false},
		// A relative who calls or acts for the person: she has someone, unless she sees no one.
		{"Appel du fils de M. R. Henri, 80 ans, qui vit seul à Valmont : il a fait 3 virements à un faux conseiller.", isolated, false},
		{"Mme N. Claire appelle pour son oncle, M. N. Robert, 79 ans, veuf, qui vit seul à Valmont.", isolated, false},
		{"Appel de la fille de Mme H., 84 ans, veuve, qui vit seule. Elle ne voit plus personne de la semaine.", isolated, true},
		// Urgent care without rights: a need of care that will not wait, and no cover.
		{"Débouté de l'asile. Rage de dents depuis 4 jours, joue gonflée, tient au Doliprane.", pass, true},
		{"Arrivée d'Abidjan avec un visa touristique aujourd'hui expiré ; enceinte de 7 mois, aucune consultation.", pass, true},
		{"Plus de carte Vitale depuis sa sortie de détention ; une plaie au pied qui s'infecte.", pass, true},
		{"Débouté de l'asile, hébergé chez un compatriote, cherche du travail.", pass, false},
		{"Carte Vitale à jour. Rage de dents depuis 4 jours, joue gonflée.", pass, false},
		// No roof tonight, as the note tells the night.
		{"M. D., 31 ans, l'ami qui l'accueillait lui a rendu ses affaires ce matin ; il ne sait pas où il va dormir ce soir.", tonight, true},
		{"Dort dans sa Clio depuis 4 nuits, la voiture a été enlevée ce matin. Rien pour ce soir.", tonight, true},
		{"Hébergé chez sa sœur depuis un mois, ça tient jusqu'à l'été.", tonight, false},
		// Educational difficulties with no sign of danger: the AED.
		{"Mme R., seule avec son fils Théo, 14 ans : elle n'y arrive plus, il a des bleus sur les bras qu'il n'explique pas.", aed, false},
		{"Mme B., 24 ans, et Nolan, 4 mois, suivi PMI, tout va bien.", aed, false},
		// A home not decent and a housing benefit, as the note tells them.
		{"T3 loué à un particulier, APL 310 € versée au bailleur ; moisissures noires dans les chambres, fenêtres qui ne ferment plus.", unfitAid, true},
		{"Locataire d'un T3 (loyer 610 €, APL 180 €), deux loyers impayés.", unfitAid, false},
		{"Moisissures noires dans la chambre du bébé ; pas d'APL, le propriétaire refuse.", unfitAid, false},
		// A repayment plan that does not suffice: a procedure, a plan failed, months unpaid.
		{"Commandement de payer reçu le 28/02 pour 2 340 € de loyers non réglés depuis novembre.", fsl, true},
		{"6 mois de loyer non payés (4 200 €) depuis la perte de son emploi.", fsl, true},
		{"Loyers de décembre et janvier non réglés ; pas d'acte de commissaire de justice, seulement une lettre de relance du bailleur.", fsl, false},
	}
	for _, tt := range tests {
		if got := conditionsHold(terms, caseReading(t, tt.note), fold(tt.sentence)); got != tt.holds {
			t.Errorf("conditionsHold(%q) for %q = %v, want %v", tt.sentence, tt.note, got, tt.holds)
		}
	}
}

// TestGuideConditionsHoldByNotions checks that a notion the lexicon read in the note counts
// half toward a condition: "trois mois de loyer" not paid meets "dès le premier impayé"; a lack
// holds when the note reads a lack of that need ("sans domicile"), not any need of it (a cough).
func TestGuideConditionsHoldByNotions(t *testing.T) {
	terms := (&Planner{}).terms()
	read := func(text string) *relevance {
		return newRelevance(terms, nil, text, DetectNeeds(Needs(), text, nil), Facts{}, situation.ReadFacts(text, 2026), nil)
	}
	arrears := read("Elle a reçu un commandement de payer pour trois mois de loyer.")
	if s := "Dès le premier impayé, contacter le bailleur pour proposer un plan d'apurement."; !conditionsHold(terms, arrears, fold(s)) {
		t.Errorf("conditionsHold(%q) = false for three months of rent unpaid", s)
	}
	// Educational difficulties a note tells by what the child does, with no sign of danger:
	// the AED (thirty-second round); with a mark unexplained, not.
	aed := "Lorsque les difficultés éducatives ne relèvent pas du danger, proposer aux parents une aide éducative à domicile (AED) de l'aide sociale à l'enfance (ASE), avec leur accord écrit."
	for note, want := range map[string]bool{
		"Mme H., 26 ans, seule avec Noah, 3 ans : il fait des colères de plus d'une heure, elle crie de plus en plus et ne sait plus comment faire avec lui.": true,
		"Mme H., 26 ans, seule avec Noah, 3 ans : il fait des colères de plus d'une heure ; il a un bleu sur la joue qu'elle n'explique pas.":                 false,
	} {
		if got := conditionsHold(terms, read(note), fold(aed)); got != want {
			t.Errorf("conditionsHold(AED) = %v for %q, want %v", got, note, want)
		}
	}
	// A vital expense not met: hunger a note tells; not a supplier's cut alone.
	vital := "Une aide financière d'urgence peut être demandée à la commission des aides lorsque la personne ne peut pas faire face à une dépense vitale : alimentation, énergie, hygiène, frais de santé."
	for note, want := range map[string]bool{
		"Rien mangé depuis hier midi, frigo vide, 3 € sur le compte.":                                       true,
		"Courrier d'EDF : régularisation de 640 € non payée, coupure annoncée pour le 20/05, loyer à jour.": false,
	} {
		if got := conditionsHold(terms, read(note), fold(vital)); got != want {
			t.Errorf("conditionsHold(emergency aid) = %v for %q, want %v", got, note, want)
		}
	}
	car := read("Jeune homme sans domicile depuis une semaine, il dort dans sa voiture.")
	if s := "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115."; !conditionsHold(terms, car, fold(s)) {
		t.Errorf("conditionsHold(%q) = false for a man who sleeps in his car", s)
	}
	carer := read("Mme W., 72 ans, son mari a un Parkinson ; elle se lève 4 fois par nuit pour le retourner et dit qu'elle n'en peut plus.")
	if s := "Lorsqu'un proche aidant montre des signes d'épuisement, lui proposer un entretien qui lui est consacré."; !conditionsHold(terms, carer, fold(s)) {
		t.Errorf("conditionsHold(%q) = false for a wife worn out by her husband's care", s)
	}
	// Put out last night, a night in a station's hall, nobody to stay with: no roof tonight.
	for _, note := range []string{
		"Sa mère l'a mis dehors hier soir, il a passé la nuit dans le hall de la gare.",
		"Il n'a personne chez qui dormir ce soir, 12 € en poche.",
	} {
		if s := "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115."; !conditionsHold(terms, read(note), fold(s)) {
			t.Errorf("conditionsHold(%q) = false for %q", s, note)
		}
	}
	// A health card gone, and no idea whether the rights run: no cover, as far as anyone knows
	// (twenty-ninth round).
	vitale := read("Sa carte Vitale a disparu avec son sac en 2021 et il ne sait pas s'il est « encore quelque part à la Sécu ». Une plaie au mollet suinte.")
	if s := "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."; !conditionsHold(terms, vitale, fold(s)) {
		t.Errorf("conditionsHold(%q) = false for a man whose health card is gone", s)
	}
	// A suspicion of abuse is held by a sign of it, not by the age of whom it would be done to
	// (thirtieth round).
	suspicion := "En cas de suspicion de maltraitance ou d'abus de faiblesse envers une personne âgée ou vulnérable, en informer la responsable de secteur le jour même."
	if alone := read("Mme V., 84 ans, vit seule ; depuis sa chute elle ne sort plus et n'arrive plus à se laver toute seule."); conditionsHold(terms, alone, fold(suspicion)) {
		t.Errorf("conditionsHold(%q) = true for a woman of 84 who can no longer wash alone", suspicion)
	}
	if cash := read("Appel de la banque : M. P., 79 ans, est venu 4 fois retirer 300 € en liquide et ne se souvient d'aucun retrait ; un « ami » l'accompagne à la banque."); !conditionsHold(terms, cash, fold(suspicion)) {
		t.Errorf("conditionsHold(%q) = false for a man of 79 who forgets the cash he withdraws", suspicion)
	}
	// How the violence came to be known is no condition; where children live neither; "si
	// nécessaire" is the caseworker's judgment, where "en cas de besoin de soins urgents" is
	// the person's condition.
	neighbour := read("Une voisine entend des coups chaque nuit chez le couple d'à côté, hier l'homme a hurlé « je vais te tuer ». Ils ont deux enfants, 3 ans et un bébé.")
	for _, s := range []string{
		"Lorsqu'une personne révèle des violences conjugales, le professionnel évalue d'abord le danger immédiat.",
		"Lorsque des enfants vivent au domicile, évaluer leur situation et transmettre si nécessaire une information préoccupante à la CRIP.",
	} {
		if !conditionsHold(terms, neighbour, fold(s)) {
			t.Errorf("conditionsHold(%q) = false for a neighbour's call about blows in a family with two children", s)
		}
	}
	ms := read("Mme P., 52 ans, suivie pour une sclérose en plaques, marche avec une canne ; certificat médical MDPH rempli.")
	if s := "Lorsque la personne présente un handicap ou une maladie invalidante, l'aider à constituer un dossier auprès de la MDPH."; !conditionsHold(terms, ms, fold(s)) {
		t.Errorf("conditionsHold(%q) = false for a multiple sclerosis", s)
	}
	if s := "En cas de besoin de soins urgents sans droits ouverts, orienter vers la PASS."; conditionsHold(terms, neighbour, fold(s)) {
		t.Errorf("conditionsHold(%q) = true for a note that says nothing of care", s)
	}
	// A relative clause is a condition too; an old man is "une personne âgée" (twenty-second
	// round). A stage of the support is what the note says, not what its needs imply; an old
	// couple does not live isolated (twenty-third round).
	c2s := "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles."
	abuse := "En cas de suspicion de maltraitance ou d'abus de faiblesse envers une personne âgée ou vulnérable, en informer la responsable de secteur le jour même."
	cer := "Lorsque la personne est orientée vers un accompagnement social, le référent élabore avec elle le contrat d'engagements réciproques (CER)."
	isolatedOld := "Lorsqu'une personne âgée vit isolée, lui proposer les visites de bénévoles."
	// Twenty-eighth round: conditions a note must tell in its own words. Children at home do
	// not live with a woman "sans enfant" nor with one whose children are adults living
	// elsewhere; a commitment not kept is one the note tells, not one it names ("CER signé"); a
	// demand to pay or a summons served too, whatever notions of arrears a housing need brings.
	// The protection measure's condition, in the law's words, holds for a note that says it in
	// a caseworker's: the lexicon reads the law's notions for that need (before, the step was
	// never given).
	children := "Lorsque des enfants vivent au domicile, évaluer leur situation et transmettre si nécessaire une information préoccupante à la CRIP."
	failure := "En cas de non-respect des engagements, le référent reçoit d'abord la personne pour comprendre la situation avant toute saisine de l'équipe pluridisciplinaire."
	served := "Lorsque le bailleur a fait délivrer un commandement de payer ou une assignation, prévenir sans délai la responsable de secteur."
	protection := "Lorsqu'une personne ne peut plus pourvoir seule à ses intérêts en raison d'une altération de ses facultés médicalement constatée, informer sa famille de la possibilité de demander au juge des contentieux de la protection une mesure de protection."
	for _, tt := range []struct {
		note, sentence string
		holds          bool
	}{
		{"Fin de droits ARE en septembre, plus aucun revenu depuis.", c2s, true},
		{"Il touche une petite retraite d'environ 410 € par mois.", c2s, true},
		{"Mme T., 84 ans, revient deux fois chercher le même traitement chez le pharmacien.", c2s, false},
		{"M. P., 79 ans, trois bons de commande signés à des démarcheurs ; troubles de la mémoire.", abuse, true},
		{"Mme K., 41 ans, son voisin fait ses courses avec sa carte et garde la monnaie.", abuse, true},
		{"Mme K., 41 ans, loyer en retard depuis deux mois.", abuse, false},
		{"M. B., 52 ans, fin de droits ARE, plus aucune rentrée d'argent, il vit sur les 200 € qui restent sur son compte.", cer, false},
		{"Bénéficiaire du RSA, orienté vers un accompagnement social par le Département le mois dernier.", cer, true},
		{"Mme W., 72 ans ; son mari, 76 ans, a un Parkinson évolué. Elle se lève 4 fois par nuit.", isolatedOld, false},
		{"Mme H., 84 ans, veuve, vit seule dans sa maison, ne voit plus personne de la semaine.", isolatedOld, true},
		// A lasting debt is one the note tells lasting: credits piled up, an overdraft for
		// months; not a bill of this month, nor debts over (thirty-first round).
		{"Quatre crédits renouvelables depuis son divorce, 690 € de remboursements par mois ; « je fais un crédit pour payer l'autre ».", "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement auprès de la Banque de France.", true},
		{"Découvert permanent depuis deux ans, les factures s'accumulent.", "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement auprès de la Banque de France.", true},
		{"Facture EDF de 640 € non réglée, coupure annoncée le 30/10.", "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement auprès de la Banque de France.", false},
		{"Facture EDF de 640 € non réglée. A eu un dossier de surendettement en 2021, plan terminé en janvier, plus aucun crédit aujourd'hui.", "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement auprès de la Banque de France.", false},
		// A bailiff is a commissaire de justice, by its old name (thirty-first round).
		{"Un huissier a fait une saisie sur son compte la semaine dernière, il reste 0 €.", "Lorsqu'un commissaire de justice procède à une saisie sur le compte bancaire, rappeler à la personne que la banque doit lui laisser le solde bancaire insaisissable.", true},
		// An old woman who lives with her son's family is not isolated (batch AC).
		{"VAD chez Mme H. pour le bébé. La belle-mère, 78 ans, vit avec eux : ne peut plus se laver ni s'habiller seule.", isolatedOld, false},
		{"Mme V., 29 ans, sans enfant, venue pour un conseil. Son compagnon l'a plaquée contre le mur.", children, false},
		{"Mme K., 45 ans, a quitté le domicile conjugal. Ses deux enfants sont majeurs et vivent à Grenoble.", children, false},
		{"Mme K., 32 ans, 3 enfants (2, 6 et 9 ans). Son conjoint la frappe, la dernière fois devant eux.", children, true},
		{"M. V., 57 ans, vit dans son camping-car. RSA ouvert depuis 2022, CER signé avec le référent du Département.", failure, false},
		{"M. V., 57 ans, au RSA : CER non respecté, il ne vient plus aux rendez-vous et risque une sanction.", failure, true},
		{"Mme Y., 76 ans. Deux loyers oubliés en août, le fils a réglé le bailleur, plus de retard depuis.", served, false},
		{"Mme B., 38 ans, loyers non réglés depuis octobre, commandement de payer reçu le 18/04.", served, true},
		// Twenty-ninth round: a demand told by who served it and what it says; rent unpaid told
		// by what the tenant did; no bailiff's deed, no demand.
		{"Il a arrêté de payer son loyer en juin. Il m'apporte un acte remis par un commissaire de justice le 20/01 : il doit 3 400 € à son bailleur et a deux mois pour régler, faute de quoi le bail pourra être résilié.", served, true},
		{"Il a arrêté de payer en juin parce que la chaudière est en panne ; il doit 3 400 € à son propriétaire.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette.", true},
		{"Loyers de décembre et janvier non réglés ; pas d'acte de commissaire de justice, seulement une lettre de relance du bailleur.", served, false},
		{"M. J., 58 ans, suivi au CMP pour une schizophrénie ; son psychiatre a écrit que 'ses troubles ne lui permettent plus de gérer seul ses affaires'. Sa sœur est prête à faire des démarches.", protection, true},
	} {
		if got := conditionsHold(terms, read(tt.note), fold(tt.sentence)); got != tt.holds {
			t.Errorf("conditionsHold(%q) for %q = %v, want %v", tt.sentence, tt.note, got, tt.holds)
		}
	}
	cough := read("Son fils tousse la nuit, deux passages aux urgences cet hiver.")
	if s := "Pour une personne sans couverture maladie, vérifier ses droits à la PUMa."; conditionsHold(terms, cough, fold(s)) {
		t.Errorf("conditionsHold(%q) = true for a note that says nothing of cover", s)
	}
}

func TestOthersDuty(t *testing.T) {
	r := caseReading(t, "Mme G., 45 ans, son bail se termine et le propriétaire lui a envoyé un congé pour vendre.")
	tests := []struct {
		sentence string
		others   bool
	}{
		{"Votre conjoint ou conjointe doit avoir demandé toutes les retraites auxquelles il a droit.", true},
		{"Le locataire qui donne congé doit respecter un préavis.", true},
		{"Le propriétaire doit justifier le motif du congé.", false}, // the case names the owner
		{"Le juge aux affaires familiales (Jaf) doit vérifier que le mineur a bien été informé de son droit.", true},
		{"Vous devez saisir la commission de conciliation.", false},
		{"Le dossier doit être envoyé à la préfecture.", false}, // not a person
	}
	for _, tt := range tests {
		if got := r.othersDuty(fold(tt.sentence)); got != tt.others {
			t.Errorf("othersDuty(%q) = %v, want %v", tt.sentence, got, tt.others)
		}
	}
}

func TestAsksAgain(t *testing.T) {
	r := caseReading(t, "Jeune de 20 ans avec une RQTH, sorti d'un IME. Perçoit l'AAH depuis ses 20 ans. A déposé plainte hier.")
	tests := []struct {
		sentence string
		again    bool
	}{
		{"Vous devez faire votre demande de RQTH auprès de la MDPH.", true},
		{"Vous pouvez demander l'AAH en ligne.", true},
		{"Vous pouvez déposer plainte auprès du procureur.", true},
		{"Vous pouvez envoyer votre plainte en lettre recommandée avec accusé de réception.", true},
		{"Vous devez demander la PCH auprès de la MDPH.", false},
		{"Vous pouvez cumuler vos revenus professionnels et l'AAH.", false},
	}
	for _, tt := range tests {
		if got := r.asksAgain(tt.sentence); got != tt.again {
			t.Errorf("asksAgain(%q) = %v, want %v", tt.sentence, got, tt.again)
		}
	}
	// What a note says the person has, however it says it, is not asked for again: the right
	// named in full before its acronym, an allowance "en place", a benefit one is "bénéficiaire
	// du", a registration an indemnity implies.
	for _, tt := range []struct{ note, sentence string }{
		{"M. 76 ans, Parkinson, GIR 2, APA en place.", "Pour une personne de 60 ans ou plus, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"Elle a la C2S.", "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles."},
		{"Bénéficiaire du RSA depuis 2 ans.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		{"Indemnisée par France Travail depuis janvier.", "Vous devez vous inscrire à France Travail dans les 12 mois suivant la fin de votre contrat."},
		// Someone who works on a permanent contract or full time, or lives on a retirement
		// pension, is not who the RSA is for.
		{"Mme C., 31 ans, ASH à temps plein à l'EHPAD (1 550 € net), pension alimentaire impayée.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Titre de séjour qui expire le 28/05. CDI cariste chez un transporteur à Moirans.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme M., 67 ans, veuve depuis le 02/09. Sa retraite à elle : 780 €/mois.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Licencié en février ; il touche l'ARE (820 €) et cherche « n'importe quoi ».", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		// Benefits a sentence opens on, listed.
		{"Mme E., 40 ans, seule avec trois enfants. RSA et prestations familiales, CER signé en octobre.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		{"Chauffage au gaz, T3 HLM, coupure annoncée.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Arrivée de Lyon en janvier avec ses 2 filles, HLM à Saint-Marcellin.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Soudeur en CDI, deux enfants. Loyer de 690 € à l'Office, payé à ce jour.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Ancienne aide-ménagère, RQTH valable jusqu'en 2028 pour une polyarthrite.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Mail de Julie, conseillère à la Mission locale : Dylan, 19 ans, assidu.", "Pour un jeune de 16 à 25 ans sans emploi ni formation, orienter vers la mission locale, qui peut proposer le contrat d'engagement jeune (CEJ)."},
		{"Son mari, hémiplégique, dossier MDPH déposé en juin, PCH en cours d'instruction.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"VAD puéricultrice PMI ce jour chez Mme B. et Nolan, 4 mois.", "Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI), qui assure des consultations."},
		{"Elle touche l'AAH depuis 2019.", "Le dossier MDPH permet de demander notamment l'allocation aux adultes handicapés (AAH)."},
		// A benefit listed bare among the person's facts.
		{"Mme M., 58 ans, seule, AAH. Apporte un courrier Engie.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Accompagnée par la MDS depuis 2025 (RSA, CER) : elle a signé un CDI.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		// A second benefit held as the first; a sentence that opens on the benefit one is on.
		{"Touche la PAJE et le RSA majoré.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		{"Au RSA, CER signé avec moi en novembre, inscrite à France Travail.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		{"M. S., 31 ans, au RSA, CER signé avec moi en octobre.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		// A right the person's age rules out: the RSA before 25, without a child.
		{"Théo M., 18 ans et 2 mois, a dû quitter la MECS vendredi. Aucun revenu.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Vit seule, a déjà l'APA (2 h d'aide ménagère par semaine) et la téléalarme.", "Pour une personne de 60 ans ou plus, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		// A right held since a date.
		{"M. G., 76 ans, s'occupe seul de son épouse, 82 ans (APA depuis 2024, aide à domicile 2 h par semaine).", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		// A request filed, however the note says it.
		{"Ils touchent les allocations familiales et ont déposé une demande de RSA la semaine dernière.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Demande d'AAH déposée en mai.", "Vous pouvez demander l'AAH en ligne."},
		{"Reste sa demande de logement social pour un T3 (numéro unique connu), déposée en novembre dernier.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Demande de logement social déposée en mars 2022, NUR connu, renouvelée chaque année.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		// Home help in place is what the CLIC would organize.
		{"Son mari, 76 ans, GIR 2, APA en place (aide à domicile 10h/sem.).", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		{"Depuis un mois l'auxiliaire trouve des enveloppes fermées partout.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile."},
		{"M. (83 ans, Alzheimer, APA ouverte depuis 2023, aide à domicile 3 fois/sem.).", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile."},
		{"Il a déjà l'APA (GIR 4) et une aide à domicile trois fois par semaine organisée par le CLIC.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile."},
		{"Son épouse, 71 ans, GIR 2, APA à domicile depuis 2023 (deux passages d'auxiliaire de vie par jour).", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile."},
		{"Son épouse, 71 ans, GIR 2, APA à domicile depuis 2023.", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"Appel de Fatima Z., aide à domicile (SAAD Valmont Services), qui intervient chez Mme D., 88 ans. Elle a des marques bleues aux poignets qu'elle explique par une chute.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile."},
		// A registration that runs: a search in earnest, a counsellor seen (thirty-second round).
		{"Mme en fin de contrat depuis 3 mois, inscrite à FT, cherche activement.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Inscrit à France Travail depuis 2023, il voit déjà son conseiller.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		// Help at home in place and paid for is what the APA pays (thirty-second round).
		{"M. J., 88 ans, vit seul, troubles de mémoire. Aide à domicile 2h/jour en place et financée.", "Pour une personne de 60 ans ou plus qui a besoin d'aide pour les actes de la vie quotidienne, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		// The PUMa is not for a person with no right to stay; the AME is.
		{"Arrivée du Cameroun en août dernier ; aucune démarche en préfecture, pas de carte Vitale.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		{"Mme U., 48 ans, déboutée de l'asile, hébergée par une amie.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		// Nor the PASS for a person whose health insurance runs.
		{"RSA et prestations familiales, CER signé en octobre, C2S ouverte. Il lui reste 18 €.", "En cas de besoin de soins urgents sans droits ouverts, orienter vers la permanence d'accès aux soins de santé (PASS) du centre hospitalier."},
		{"AVC en septembre, hémiplégie. En arrêt maladie, IJ jusqu'en septembre.", "En cas de besoin de soins urgents sans droits ouverts, orienter vers la permanence d'accès aux soins de santé (PASS) du centre hospitalier."},
		// A right held since a date, renewed until a later one.
		{"AAH à taux plein depuis 2019, renouvellement notifié par la MDPH en janvier jusqu'en 2030.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		// A household the point conseil budget follows.
		{"Un huissier a bloqué son compte. Elle est suivie au point conseil budget depuis novembre.", "Orienter vers le point conseil budget de Valmont pour faire le point sur le budget et les crédits en cours."},
		// Twenty-seventh round: an age for the old-age minimum rather than the RSA; rights held,
		// however the note says it; a registration the note says goes well.
		{"M. B., 68 ans, vit seul dans un studio, 850 € par mois.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Son mari perçoit déjà l'AAH et la PCH depuis son AVC.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Son épouse, fauteuil, PCH aide humaine versée.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"M. S. a l'AAH depuis 2020, il travaille en ESAT.", "Le dossier MDPH permet de demander notamment l'allocation aux adultes handicapés (AAH)."},
		{"Alzheimer diagnostiqué en 2024. L'APA est ouverte depuis mars.", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"Sortie de détention le 02/04 ; le SPIP a déjà fait la domiciliation au CCAS.", "Une personne sans domicile stable doit disposer d'une adresse pour recevoir son courrier et faire valoir ses droits."},
		{"Orienté par le Département pour son suivi RSA (droits ouverts en janvier, 635 €).", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Vendeuse, SEP diagnostiquée en mars, en arrêt depuis, IJ CPAM jusqu'en mars prochain.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Mis à l'abri par le 115 depuis novembre. Titres de séjour de 10 ans ; demande de logement social renouvelée en décembre.", "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée sur le site de l'ANEF."},
		{"Loyers de janvier et février non réglés. Le bailleur n'a engagé aucune procédure pour l'instant.", "Lorsque le bailleur a fait délivrer un commandement de payer ou une assignation, prévenir sans délai la responsable de secteur."},
		{"Deux loyers en retard, pas de courrier d'huissier à ce jour.", "Conseiller à la personne de se présenter à l'audience et de solliciter l'aide juridictionnelle."},
		{"Arrivée en France en juin 2024 avec un visa expiré depuis septembre, enceinte de cinq mois.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		{"Arrivée en France en juin 2024 avec un visa expiré depuis septembre.", "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée sur le site de l'ANEF."},
		{"Hospitalisé 3 jours, vu ensuite en consultation PASS, médicaments délivrés pour 15 jours.", "En cas de besoin de soins urgents sans droits ouverts, orienter vers la permanence d'accès aux soins de santé (PASS) de l'hôpital."},
		{"M. G., 46 ans. AAH versée, dossier MDPH à jour jusqu'en 2027. Il a souscrit 4 crédits renouvelables.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Son mari, Alzheimer, APA GIR 2 en place depuis 2023 (aide à domicile 2 h/j).", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"Couverture maladie rouverte pendant le séjour (PUMa + C2S), c'est bon.", "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles."},
		{"Sans emploi ni formation, aucune ressource. Droits CPAM et C2S ouverts, à jour.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		{"Aucune ressource pour l'instant, dossier RSA déposé avec le SPIP la semaine dernière.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"M. et Mme O., 68 et 66 ans, retraites 1 150 € à eux deux.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme E., 84 ans, hospitalisée après un AVC, hémiplégie droite, sortie envisagée chez sa fille.", "Lorsque la personne présente un handicap ou une maladie invalidante, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"La CSS est restée ouverte pendant la détention.", "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles."},
		{"Fin de ses droits ARE le 15/03. Inscrit à France Travail, il voit sa conseillère tous les mois, ça se passe bien.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		// Twenty-eighth round: what the sentences naming a step's object say is done, and
		// nothing wrong with it (done.go).
		{"Inscrite à France Travail depuis le 3/02, premier RDV avec la conseillère le 10/03.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Sans ressources, ça se passe bien avec son frère / inscrit à France Travail depuis une semaine.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Mme N., 34 ans, au RSA. Elle est inscrite à FT, suivie par Mme R. depuis janvier.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"J'ai rempli avec lui le dossier de demande d'APA, envoyé au Département le jour même.", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"M. J. Thierry, 58 ans. Son AAH a été renouvelée par la MDPH en 2024 pour 5 ans.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Il a déposé son renouvellement sur l'ANEF le 10 mars et a téléchargé l'attestation.", "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée sur le site de l'ANEF."},
		{"Sa C2S a été renouvelée en mars, rien à faire côté santé.", "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles."},
		{"Fin de droits ARE pour Monsieur en mars, le foyer est passé au RSA.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme W., 72 ans, veuve. Elle reste autonome pour la toilette, les repas et les courses.", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"La saisie sur compte faite l'an dernier pour une dette d'impôts est réglée et levée depuis septembre.", "Lorsqu'un commissaire de justice procède à une saisie sur le compte bancaire, rappeler à la personne que la banque doit lui laisser le solde bancaire insaisissable."},
		{"M. R., 48 ans, mis à l'abri par le 115 depuis novembre à l'hôtel Ibis.", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		{"Recours DALO déposé en mars, reconnu prioritaire en juin.", "Lorsque la demande de logement social dépasse le délai anormalement long du département, informer la personne de la possibilité d'un recours DALO devant la commission de médiation."},
		{"L'IP a été transmise à la CRIP le 12/03 par l'école.", "Tout professionnel qui a connaissance d'une situation d'enfant en danger ou en risque de l'être transmet sans délai une information préoccupante à la cellule de recueil des informations préoccupantes (CRIP) du département."},
		{"Commandement de payer reçu le 28/02 pour 2 340 € de loyers non réglés depuis novembre.", "Conseiller à la personne de se présenter à l'audience et de solliciter l'aide juridictionnelle."},
		{"Mme C., 84 ans, ne descend plus au village depuis l'hiver. Frigo presque vide, elle reste en robe de chambre toute la journée.", "Pour l'aide alimentaire, orienter vers l'épicerie solidaire de Valmont ou les distributions des associations partenaires."},
		{"Mme et M. F., 52 et 55 ans. Revenus : salaire de Madame 1 320 € + AAH de Monsieur 1 016 €. Cinq crédits renouvelables, découvert permanent.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Dette locative de 3 950 € ; le plan d'apurement signé en 2024 n'a pas tenu et le FSL maintien a été refusé en décembre.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"M. G., 71 ans, veuf depuis février. Va bien physiquement, fait ses courses, conduit, jardine.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		{"M. O., 52 ans, hébergé depuis l'automne au CHRS où il prend ses repas, travaille à mi-temps.", "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO du département."},
		{"Son recours DALO a abouti et la famille est installée depuis septembre dans un T4 à la Croix-Blanche.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Elle a porté plainte le jour même et l'association spécialisée l'a mise à l'abri dans un appartement dont son mari ignore l'adresse.", "Organiser une mise à l'abri en lien avec le 115 et l'association spécialisée du territoire."},
		// A landlord who refuses any schedule has been asked for one.
		{"Le propriétaire refuse tout échéancier et veut récupérer son appartement.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		// Twenty-ninth round: the status an RSA referent notes beside a name, or a contract
		// only an RSA holder signs; a team's name is not a question about the right.
		{"M. T. Loïc, 34 ans, RSA seul, hameau des Granges. Démarches faites : permis récupéré en février.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme Y. Leïla (RSA, carte de résident obtenue en avril, droits à jour) est venue avec son frère.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"M. et Mme H., 47 et 45 ans, RSA couple + salaire de Madame (agent de cantine, 24 h/semaine).", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"CER de M. L., 39 ans, arrivé à échéance le 15/05 : rien n'a été fait, deux convocations manquées. L'équipe RSA demande si on passe le dossier en équipe pluridisciplinaire.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"M. N., 45 ans, a signé en janvier son contrat d'engagements avec son référent RSA et s'y tient.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		// Nothing to do is no trouble; a right granted is held.
		{"Leur fils, 23 ans, polyhandicapé ; AAH et PCH attribuées, dossier MDPH renouvelé en janvier pour cinq ans, rien à faire de ce côté.", "Lorsque la personne présente un handicap ou une maladie invalidante, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		// A file the FSL refused was made.
		{"Un plan d'apurement avait été signé l'an dernier mais n'a pas tenu, et le FSL a refusé le dossier en janvier.", "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."},
		{"Plan d'apurement signé en 2023 jamais tenu ; dossier FSL maintien déposé en avril, refusé (ressources au-dessus du plafond).", "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."},
		{"Un plan d'apurement a été proposé au propriétaire dès février et refusé, et le FSL a déjà versé 900 € en mars, ce qui n'a pas suffi.", "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."},
		{"Un plan d'apurement a été proposé au propriétaire dès février et refusé.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement."},
		// Help at home organized, or already there.
		{"Sa mère rentre vendredi après un AVC ; l'assistante sociale de l'hôpital a tout organisé (aide à domicile, kiné, dossier APA déposé).", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		// The child a parent calls about is the person, and she is 22.
		{"M. D. Alain appelle pour sa fille Léa, 22 ans, épileptique, qui vit chez lui ; aucun revenu.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		// A visa run out, however many words describe it; no paper at all.
		{"Il est arrivé d'Algérie avec un visa de tourisme, expiré depuis janvier, et n'a fait aucune démarche.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		{"Enceinte de six mois, elle n'a « aucun papier », pas de carte Vitale.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		// A pension for one who can no longer work shows no handicap by itself.
		{"Appel de M. J., 58 ans, coupure d'électricité annoncée ; il vit seul avec une pension d'invalidité.", "Le dossier MDPH permet de demander notamment l'allocation aux adultes handicapés (AAH), la prestation de compensation du handicap (PCH)."},
		// A renewal's receipt kept, a long-stay card valid for years: no question of law.
		{"Il a déposé son renouvellement sur l'ANEF le 12/03, attestation de prolongation d'instruction imprimée et conservée.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		{"Violences du mari hier soir. Carte de résident de 10 ans valable jusqu'en 2031, pas de question de ce côté.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		// The papers for a first diagnostic, for a person already met.
		{"Mme N., 44 ans, suivie depuis 2023, RSA ; son fils de 16 ans ne va plus au lycée.", "Pour préparer le diagnostic, demander à la personne d'apporter une pièce d'identité ou un titre de séjour, son dernier avis d'imposition."},
		// A visa run out, told in more words: no title to renew.
		{"Arrivée d'Algérie en mai dernier avec un visa de court séjour, expiré depuis.", "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée sur le site de l'ANEF."},
		// Help with daily life for an old man whose trouble is his money, not his days.
		{"M. N. Robert, 79 ans, veuf, vit seul. Un « nouvel ami » passe presque tous les jours ; 6 000 € de retraits. Le médecin a noté des troubles de la mémoire.", "Pour une personne de 60 ans ou plus qui a besoin d'aide pour les actes de la vie quotidienne, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"M. N. Robert, 79 ans, veuf, vit seul. Un « nouvel ami » passe presque tous les jours ; 6 000 € de retraits. Le médecin a noté des troubles de la mémoire.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		// Thirtieth round: food vouchers given, a domiciliation renewed that day, the 115
		// refused, a child whose ASE referent knows everything; the service presented to a
		// person already met; a lucid man for the prosecutor; legal advice on a stay for a
		// boy before the children's judge; the PUMa for parents whose asylum was refused.
		{"Venue chercher des bons : frigo vide. Bons alimentaires 3×25 € remis.", "Pour l'aide alimentaire, orienter vers l'épicerie solidaire de Valmont ou les distributions des associations partenaires."},
		{"Renouvellement domiciliation M. K. (attestation échue le 30/04). Cerfa signé ce jour, nouvelle attestation remise.", "Une personne sans domicile stable doit disposer d'une adresse pour recevoir son courrier et faire valoir ses droits."},
		{"Il dort chez des copains. Ne veut pas entendre parler du 115, « je suis pas à la rue ».", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		{"Mathis vit chez sa grand-mère (confié par le juge des enfants, référente ASE Mme L., informée de tout).", "Tout professionnel qui a connaissance d'une situation d'enfant en danger ou en risque de l'être transmet sans délai une information préoccupante à la cellule de recueil des informations préoccupantes (CRIP) du département."},
		{"M. S., 63 ans, ancien agent d'entretien, veut partir en retraite au 1er octobre.", "Lors du premier entretien, le professionnel présente le service, le secret professionnel et les modalités de l'accompagnement."},
		{"M. R., 72 ans, vit seul dans une ferme isolée, « parfaitement lucide, c'est lui qui gère tout ».", "Si la personne est isolée ou si sa famille n'agit pas, adresser un signalement au procureur de la République."},
		{"Rayan, 16 ans, convoqué devant le juge des enfants ; l'avocat commis d'office est déjà désigné.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique de l'association partenaire, ou vers un avocat avec l'aide juridictionnelle."},
		{"Demande d'asile des parents rejetée en janvier, ils n'ont plus de papiers, plus de carte vitale.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		// The same round, from the held-out batches of the round before (X, Y, Z, AA): a first
		// interview the note reports; a young person's contract under way; the RSA a person
		// draws, or a pension above it; a lawyer beside a complaint; an asylum refused.
		{"1er entretien le 12/03 : Kevin L., 19 ans, rien depuis juin.", "Lors du premier entretien, le professionnel présente le service, le secret professionnel et les modalités de l'accompagnement."},
		{"Bilan à 6 mois de CEJ, Mehdi A., 20 ans. CDD de 6 mois signé.", "Pour un jeune de 16 à 25 ans sans emploi ni formation, orienter vers la mission locale, qui peut proposer le contrat d'engagement jeune (CEJ)."},
		{"VAD chez M. B. Daniel, 58 ans, seul, allocataire RSA. Appartement glacial.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme F., 58 ans, hospitalisée. Pension d'invalidité 780 €/mois, C2S accordée.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Son mari la frappe. Plainte déjà déposée le 10/08, avocate désignée à l'AJ.", "L'orienter vers l'association d'aide aux victimes pour un accompagnement juridique, en particulier pour le dépôt de plainte."},
		{"Fatou S., 22 ans, guinéenne, asile rejeté (CNDA en janvier), aucun titre.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		// Thirty-first round, from AB and AC (a day centre, a PMI nurse): a permit held, even
		// running out; an appointment for the prefecture set; a card valid for years; a roof
		// for the coming nights; a request filed and a place awaited; a lease signed, a home
		// moved into; a child followed; an old woman who lives with her family.
		{"Grace, 31 ans, 2 enfants, carte de séjour d'un an qui expire le 14/07. Côté CPAM c'est bon.", "Pour une personne sans titre de séjour qui réside en France depuis plus de trois mois, l'aider à demander l'aide médicale de l'État (AME) auprès de la CPAM."},
		{"Ousmane, 30 ans, carte de séjour salarié valable jusqu'en 2027. Le patron lui doit 3 semaines.", "Pour une personne sans titre de séjour qui réside en France depuis plus de trois mois, l'aider à demander l'aide médicale de l'État (AME) auprès de la CPAM."},
		{"Ousmane, 30 ans, carte de séjour salarié valable jusqu'en 2027. Le patron lui doit 3 semaines.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		{"Aliou, 19 ans, aucun papier. Plaie au talon. RDV déjà calé par Accueil et Droits le 12 pour ses démarches préfecture.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		{"Inès, 18 ans, mise dehors il y a 10 jours. Tourne entre 3 copines, « ça va tenir encore un peu ».", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		{"Famille K. à l'hôtel par le 115 ; demande SIAO faite le mois dernier, ils attendent une place CHRS famille.", "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO du département."},
		{"Stéphane s'est fait voler son sac. Il signe son bail aux Glycines (résidence sociale) le 28.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Ils ont emménagé en janvier dans leur T3 Valmont Habitat, obtenu après le recours DALO.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Consult 26/03, Mme Z. avec Nathan 3 ans : elle crie tout le temps, demande de l'aide.", "Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI), qui assure des consultations."},
		{"Suivie depuis janvier pour un impayé de loyer : plan d'apurement respecté, dette soldée en septembre.", "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."},
		{"M. M., 63 ans, tombé dans l'escalier du squat, col du fémur ; 2 nuits dans le hall d'entrée, n'arrive pas à se laver seul.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		{"Vit dans le studio de sa grand-mère (pas de loyer), RSA majoré ouvert depuis décembre, tout est à jour.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Trois enfants, en bonne santé et à jour de leurs vaccins ; le père est épuisé.", "Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI), qui assure des consultations."},
		// Thirty-fourth round, from AJ and AK: nothing left to do about what a sentence names,
		// whatever else it says of it; a plan the landlord accepted or refused; rights the CAF
		// reviewed; children followed, with no sign of harm.
		{"RQTH et AAH notifiées par la MDPH en mars pour cinq ans, rien à refaire de ce côté.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"PCH ouverte jusqu'en 2028, orientation en foyer notifiée (liste d'attente) : rien à redemander à la MDPH.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"IP transmise par l'école le 02/03, évaluation en cours à la CRIP, je ne refais rien là-dessus.", "Tout professionnel qui a connaissance d'une situation d'enfant en danger ou en risque de l'être transmet sans délai une information préoccupante à la cellule de recueil des informations préoccupantes (CRIP) du département."},
		{"Il a appelé lui-même le bailleur : plan d'apurement à 80 €/mois accepté, mais le reste de la dette demeure.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"Assignation reçue ; le bailleur a refusé en février le plan d'apurement proposé par la conseillère.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"Frigo vide depuis lundi. Droits CAF revus avec elle en mars (AF et prime d'activité, rien d'autre possible).", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Enfants propres et bien suivis (les deux petits à la PMI), l'école ne relève aucun signe de mauvais traitement.", "Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI), qui assure des consultations."},
		// A contract signed, or a joint support under way, is the social support's contract made.
		{"Mme D., RSA majoré ouvert, CER signé avec votre service en février.", "Lorsque la personne est orientée vers un accompagnement social, le référent élabore avec elle le contrat d'engagements réciproques (CER)."},
		{"Fiche de liaison – M. K., 44 ans, en accompagnement global depuis janvier.", "Lorsque la personne est orientée vers un accompagnement social, le référent élabore avec elle le contrat d'engagements réciproques (CER)."},
		// A counsellor's own registration, an immersion only a registered person is prescribed.
		{"Monsieur est en CDDI sur le chantier d'insertion, Madame est inscrite chez nous sans indemnisation.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"M. N., 29 ans, en PMSMP maçonnerie chez un artisan qui veut l'embaucher en juillet.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		// A clause ends at a semicolon too, and a health cover lacking is another right's trouble.
		{"Inscrit à France Travail depuis le 03/04 ; attestation PUMa OK mais pas de mutuelle.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		// Thirty-fifth round, from AL: an allowance France Travail pays only its registered
		// jobseekers, noted as a status, is the registration.
		{"M. D. Franck, 52 ans, seul, DELD, ASS (environ 560 €/mois). Deux mois de loyer de retard.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Mme R., 56 ans, licenciée pour inaptitude en décembre. ARE jusqu'en septembre.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Curatelle renforcée, travaille en ESAT et vit au foyer attenant. Sa carte de séjour pluriannuelle expire le 15/06 ; la CAF maintient l'AAH.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		// A plan's terms before its signature, a plan put to the landlord, a FSL file filed, a
		// commission already seized, a relative who files the request to the judge.
		{"Avec l'ADIL, un échéancier de 150 €/mois en plus du loyer a été signé avec le propriétaire le 2 mai.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"Impayés depuis janvier ; plan d'apurement proposé au bailleur en février et refusé, FSL maintien déposé en mars et accordé en partie.", "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."},
		{"Assignation reçue. CCAPEX déjà saisie par notre service contentieux en juin.", "Lorsque le bailleur a fait délivrer un commandement de payer ou une assignation, prévenir sans délai la responsable de secteur et signaler la situation à la commission de coordination des actions de prévention des expulsions (CCAPEX)."},
		{"Le neveu a déjà pris RDV avec un médecin inscrit sur la liste du procureur et s'occupe de la requête au juge.", "Lorsqu'une personne ne peut plus pourvoir seule à ses intérêts, sa famille peut demander au juge des contentieux de la protection une mesure de protection."},
		// From AT: a status granted has its card and rights; legal advice on the stay is for a
		// trouble with it.
		{"Mme Hawa A., 50 ans, somalienne, réfugiée depuis 2021 ; son mari est décédé le 18/05, elle n'a plus aucun revenu.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		{"M. Idris M., 26 ans, protection subsidiaire, sorti de CADA en mars, RSA depuis avril, n'a pas de complémentaire.", "Pour une personne sans titre de séjour qui réside en France depuis plus de trois mois, l'aider à demander l'aide médicale de l'État (AME) auprès de la CPAM."},
		// From AS and AT: health insurance rights open, a refusal after its object, rights
		// another service reopened.
		{"PUMa ouverte mais pas de complémentaire, il a renoncé à des soins dentaires.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		{"Le SPIP a déjà fait rouvrir ses droits CPAM, inutile de reprendre ces démarches.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		{"Le psychiatre a évoqué un dossier MDPH mais Théo refuse catégoriquement pour l'instant.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Frigo vide à la VAD. Le portage de repas lui a été proposé par l'IDE, il le refuse.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		{"Il dort dans son camion depuis deux ans et ne veut entendre parler ni de CHRS ni du 115.", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		// A lack in a clause that names another object is that object's.
		{"Monsieur inscrit à France Travail, ARE en cours ; jamais fait de demande de logement social.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Sans aucun revenu, il vit chez son père ; il reste couvert par la mutuelle de son père.", "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles."},
		// A roof for now: friends' sofas in turn, a bed until Friday.
		{"Mis à la porte par son beau-père il y a trois semaines, il dort chez des copains, un soir chez l'un, un soir chez l'autre.", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		{"Orienté hier soir par l'équipe de nuit, un lit pour lui jusqu'à vendredi.", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		// From AQ and AR: a plan signed, the verb first; what the person refuses; the police
		// come; no help wanted; a sick leave beside a registration.
		{"J'ai déjà signé avec le bailleur en mars un plan d'apurement de 80 €/mois, qui ne couvre pas le passif.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"Elle refuse catégoriquement la RQTH et tout dossier MDPH (« je ne veux pas être cataloguée »).", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Trois crédits renouvelables ; il refuse tout dossier Banque de France et tout suivi budgétaire régulier.", "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement."},
		{"Elle a appelé le 17 dans la nuit, les gendarmes sont intervenus, il a été placé en garde à vue.", "En cas de danger immédiat, appeler le 17 ou inviter la personne à le faire, ou envoyer un SMS au 114."},
		{"Dossier de surendettement déposé par mes soins, recevable le 14/03, je n'ai pas besoin d'appui là-dessus.", "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement."},
		{"Maçon, en arrêt AT depuis 2022, licencié pour inaptitude ; inscrit à France Travail depuis le 20/01, ARE notifiée.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
	} {
		if !caseReading(t, tt.note).asksAgain(tt.sentence) {
			t.Errorf("asksAgain(%q) = false for %q", tt.sentence, tt.note)
		}
	}
	for _, tt := range []struct{ note, sentence string }{
		// A permit refused or run out, a lapsed follow-up, a roof that ends tonight, a request
		// never made: the step stands.
		{"Sa carte de séjour a expiré en mars, refus de renouvellement, OQTF.", "Pour une personne sans titre de séjour qui réside en France depuis plus de trois mois, l'aider à demander l'aide médicale de l'État (AME) auprès de la CPAM."},
		{"Elle pouvait rester chez sa sœur jusqu'ici, mais doit partir ce soir : nulle part où aller.", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		{"Consult 12/03 : Maël, 4 mois, pas de vaccins depuis la sortie de maternité.", "Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI), qui assure des consultations."},
		// An allowance ended or refused says nothing of a registration.
		// Friends' sofas or the station's hall, a night on a bench: no roof tonight.
		{"Il a passé la nuit sur le banc devant la grille ; depuis octobre il dort chez des potes ou dans le hall de la gare.", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		// Rights closed are no rights open; a body that refuses is no person's choice.
		{"RSA radié en 2023, droits CPAM fermés, aucun revenu.", "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM."},
		{"Le dossier MDPH a été envoyé en mars mais la MDPH refuse.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		// A refugee whose receipt ran out, or who fears to lose the status, needs the advice.
		{"Mme T., reconnue réfugiée en octobre : sa carte de résident n'est toujours pas fabriquée et son récépissé a expiré.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		{"M. A., réfugié depuis 2024, convoqué au tribunal, croit qu'il va perdre son statut s'il est condamné.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		// A plan not signed, a file not filed yet, are still to make.
		{"Trois mois de retard ; l'échéancier n'a pas été signé par le propriétaire.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"Dette de 2 400 €, plan d'apurement tenu mais insuffisant, FSL pas encore déposé.", "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."},
		// A body's refusal is a trouble of the object; what the person accepts is no refusal.
		{"La MDPH a refusé l'AAH en mars, il veut faire un recours.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Le locataire ne paie plus. Il ne veut pas « aller au tribunal tout de suite » et accepterait un échéancier.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"Mme G., 57 ans, seule. Fin d'ARE en avril, ASS refusée, plus aucune ressource.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Dort dehors depuis janvier. Aucune demande SIAO d'insertion n'a jamais été faite pour lui.", "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO du département."},
		{"Dette soldée en 2023 grâce au FSL, mais de nouveau 3 mois de loyer impayés depuis mars.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"M. M., 78 ans, rentré chez lui après une chute, n'arrive pas à se laver seul.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		// A plan the landlord would accept is still to propose; a file still to make, whatever
		// else there is nothing to do about.
		{"Le bailleur serait d'accord pour un échéancier, mais la famille n'a répondu à aucun courrier.", "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette."},
		{"Rien à faire côté CAF. Son fils, 19 ans, autiste, n'a jamais eu de dossier MDPH.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		// A contract not yet signed is the step to take.
		{"Orienté vers un accompagnement social le 12/03, pas encore de CER signé.", "Lorsque la personne est orientée vers un accompagnement social, le référent élabore avec elle le contrat d'engagements réciproques (CER)."},
		// A seizure made is the step's case; only one lifted is behind.
		{"Un huissier a fait une saisie sur son compte la semaine dernière, il reste 0 €.", "Lorsqu'un commissaire de justice procède à une saisie sur le compte bancaire, rappeler à la personne que la banque doit lui laisser le solde bancaire insaisissable."},
		// Under 25 with a child, or 25 and over: the RSA stands.
		{"Mme K., 22 ans, seule avec son bébé de 4 mois, aucun revenu.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"M. L., 27 ans, aucun revenu depuis la fin de son CDD.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		// A number lost or a renewal unknown: checking the application is the step.
		{"Demande HLM faite en 2019, « jamais eu de nouvelles » ; Mme ne retrouve pas le numéro et ne sait pas si la demande a été renouvelée.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		{"Maison louée à un particulier, moisissures. Demande HLM faite en 2023, jamais renouvelée.", "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."},
		// Home help that no longer suffices.
		{"APA depuis 2024, aide à domicile 2 h par semaine, qui ne suffit plus depuis sa chute.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile."},
		// Asking about a right is not holding it, nor is having lost it since a date.
		{"Elle demande si elle a droit au RSA.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		{"Plus de RSA depuis mars, après un contrôle.", "Vérifier l'ouverture des droits au RSA dès le premier entretien."},
		// A file not made is the step to take.
		{"Inapte à son poste, licencié en février. Aucun dossier MDPH fait à ce jour.", "Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		// Rights closed or unknown: the PASS is the step.
		{"Pas de carte Vitale, ne sait pas si ses droits sont ouverts. Rage de dents, mutuelle jamais prise.", "En cas de besoin de soins urgents sans droits ouverts, orienter vers la permanence d'accès aux soins de santé (PASS) du centre hospitalier."},
		// A job lost, a pension fund to write to, a registration to check and coordinate.
		{"Licenciée de son CDI en mars, plus aucun revenu.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Son mari est décédé ; elle ne sait pas par où commencer : banque, caisse de retraite.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Inscrite à France Travail, ça se passe mal avec sa conseillère.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		// A trouble in a sentence naming the object, or its counsellor: the step stays.
		{"Inscrit à France Travail, ARE 1 080 € ; son conseiller lui a parlé d'une « reconnaissance » sans plus d'explication.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Inscrit à FT depuis le 3 janvier, il a une conseillère mais ne la voit qu'en visio.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Inscrite à France Travail depuis 2 ans. Sa conseillère ne répond plus à ses mails.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"Inscrit à France Travail depuis 2 ans. Radié de France Travail en mars pour un rendez-vous manqué.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		{"C2S renouvelée l'an dernier mais qui expire en juin.", "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles."},
		{"J'ai envoyé avec elle le dossier de demande d'APA en janvier, refusé en mars.", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"M. P., 80 ans, n'est plus autonome pour la toilette depuis sa chute.", "Pour une personne de 60 ans ou plus qui a besoin d'aide, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		{"Saisie sur son compte la semaine dernière, il ne lui reste rien.", "Lorsqu'un commissaire de justice procède à une saisie sur le compte bancaire, rappeler à la personne que la banque doit lui laisser le solde bancaire insaisissable."},
		{"Mis à l'abri par le 115 depuis trois nuits, il doit quitter l'hôtel demain sans solution.", "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO)."},
		{"L'AS scolaire demande si c'est la MDS ou elle qui fait l'IP.", "Tout professionnel qui a connaissance d'une situation d'enfant en danger ou en risque de l'être transmet sans délai une information préoccupante à la cellule de recueil des informations préoccupantes (CRIP) du département."},
		{"Assignation devant le tribunal reçue le 28/01, audience fixée au 12/03.", "Conseiller à la personne de se présenter à l'audience et de solliciter l'aide juridictionnelle."},
		{"M. B., 61 ans, plus rien dans le frigo depuis mardi ; sa pension d'invalidité tombe le 9.", "Pour l'aide alimentaire, orienter vers l'épicerie solidaire de Valmont ou les distributions des associations partenaires."},
		{"M. D., 41 ans, seul. Son employeur l'a passé à mi-temps en janvier (salaire 1 480 € → 760 €).", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme M., 62 ans, veuve depuis février ; la retraite de son mari (1 600 €) faisait l'essentiel des revenus du couple.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme L., 34 ans, séparée, 2 enfants. Travaille à mi-temps comme ASH (1 050 €/mois) + ASF.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Elle dort dans sa voiture depuis trois nuits, le 115 ne répond pas.", "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO du département."},
		// A demand served: the hearing is the step.
		{"Commandement de payer reçu le 18/04, pas de procédure de surendettement en cours.", "Lorsque le bailleur a fait délivrer un commandement de payer ou une assignation, prévenir sans délai la responsable de secteur."},
		// At 63, a handicap the note names: the MDPH file stands.
		{"Mme T., 63 ans, sclérose en plaques depuis 20 ans, handicap qui s'aggrave, aucun dossier déposé.", "Lorsque la personne présente un handicap ou une maladie invalidante, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		// A resident's card that expires: its renewal is to check.
		{"Carte de résident qui expire le 12/06, rien de déposé.", "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée sur le site de l'ANEF."},
		// Sick leave that ended in a dismissal: the registration is to check.
		{"En arrêt maladie six mois, il a été licencié pour inaptitude en février.", "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller."},
		// Twenty-ninth round: an RSA suspended; help at home that no longer covers what she
		// cannot do; a father whose daughter is 22 and who is 48.
		{"Courriers CAF chez l'ex-compagne ; il a raté la déclaration trimestrielle et son RSA est suspendu depuis mai.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"84 ans, hospitalisée après une chute, a déjà l'APA (2 h d'aide ménagère par semaine) et la téléalarme. Sortie lundi ; elle ne pourra pas cuisiner avec le plâtre.", "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."},
		{"M. D., 22 ans, seul avec sa fille de 3 ans, aucun revenu.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
		{"Mme R., 81 ans, casserole brûlée sur le gaz, porte ouverte le soir, Alzheimer diagnostiqué à l'automne.", "Pour une personne de 60 ans ou plus qui a besoin d'aide pour les actes de la vie quotidienne, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département."},
		// An invalidity pension and an illness the note names: the MDPH file stands.
		{"M. J., 58 ans, pension d'invalidité depuis son cancer, ne peut plus porter de charges.", "Le dossier MDPH permet de demander notamment l'allocation aux adultes handicapés (AAH), la prestation de compensation du handicap (PCH)."},
		// Thirtieth round: a child's MDPH rights that end with his coming of age; a first
		// appointment asked for; a man whose memory fails, for the prosecutor.
		{"Notification MDPH actuelle (AEEH + orientation ULIS) valable jusqu'au 31/08. La mère ne savait pas qu'il fallait refaire un dossier « adulte ».", "Lorsque la personne présente un handicap ou une maladie invalidante, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH)."},
		{"Demande de premier RDV déposée à l'accueil le lundi 6 : souhaite faire le point sur ce à quoi elle a droit.", "Lors du premier entretien, le professionnel présente le service, le secret professionnel et les modalités de l'accompagnement."},
		{"M. J. Roger, 74 ans, veuf, seul ; a signé deux contrats de démarchage et ne s'en souvient pas. Troubles cognitifs importants.", "Si la personne est isolée ou si sa famille n'agit pas, adresser un signalement au procureur de la République."},
		{"Nigériane, sa carte d'un an « vie privée et familiale » s'arrête le 12/06 et elle n'a encore rien fait.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique de l'association partenaire, ou vers un avocat avec l'aide juridictionnelle."},
		// A title expiring, nothing filed; a spouse's card is not the person's.
		{"Son titre de séjour d'un an expire le 15 juin. Sa femme a une carte de résident de dix ans valable jusqu'en 2030.", "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique."},
		// A first meeting asked for: its papers are the step.
		{"Demande de premier RDV déposée à l'accueil. Mme Y., 39 ans, souhaite faire le point sur ce à quoi elle a droit.", "Pour préparer le diagnostic, demander à la personne d'apporter une pièce d'identité ou un titre de séjour, son dernier avis d'imposition."},
		// 64 years old: the RSA still stands before the pension age.
		{"Mme F., 64 ans, plus aucun revenu depuis la fin de son ARE.", "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources."},
	} {
		if caseReading(t, tt.note).asksAgain(tt.sentence) {
			t.Errorf("asksAgain(%q) = true for %q", tt.sentence, tt.note)
		}
	}
	if caseReading(t, "Locataire HLM, T2 trop petit depuis la naissance des jumeaux.").asksAgain("Vérifier que la personne a déposé une demande de logement social.") {
		t.Error("a social housing tenant whose flat no longer fits read as holding what a new application asks")
	}
	if caseReading(t, "Son AAH arrive à expiration en mars, dossier MDPH déposé en 2020.").asksAgain("Lorsque la personne présente un handicap, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH).") {
		t.Error("a right to renew read as held")
	}
	if caseReading(t, "Sans ressources, elle voudrait le RSA.").asksAgain("Vérifier l'ouverture des droits au RSA dès le premier entretien.") {
		t.Error("a right the note asks for read as held")
	}
	// Granted or asked for: "obtenue", "en cours", "AAH + complément"; a held benefit is not
	// explained again either.
	held := caseReading(t, "Jeune 24 ans, RQTH obtenue l'an dernier, APL en cours. Sa mère touche l'AAH + complément.")
	for _, s := range []string{
		"Vous devez faire votre demande de RQTH auprès de la MDPH.",
		"Vous devez faire votre demande d'APL en ligne.",
		"L’allocation aux adultes handicapés (AAH) est une aide financière qui permet d’assurer un revenu minimum.",
		"L'AAH est une aide financière.",
	} {
		if !held.asksAgain(s) {
			t.Errorf("asksAgain(%q) = false for a note that holds it", s)
		}
	}
	if caseReading(t, "Demande s'il peut prétendre à l'AAH.").asksAgain("L’allocation aux adultes handicapés (AAH) est une aide financière qui permet d’assurer un revenu minimum.") {
		t.Error("a benefit asked about was read as held")
	}
	// The plan is read by a caseworker: sending the person to one is no step.
	// A benefit a note's budget line shows paid, one a plural subject receives, and a long
	// acronym the doctrine writes as a word ("demande d'Apa").
	for note, sentence := range map[string]string{
		"Locataire 39 ans. Loyer 780 €, APL 210 €.":           "Votre demande d'APL doit être faite directement en ligne.",
		"La mère a l'APA à domicile depuis janvier.":          "Vous devez d'abord vous procurer un dossier de demande d'Apa auprès des services du département.",
		"Famille afghane, demande d'asile. Perçoivent l'ADA.": "Vous pouvez demander l'ADA auprès de l'Ofii.",
	} {
		if !caseReading(t, note).asksAgain(sentence) {
			t.Errorf("asksAgain(%q) = false for %q", sentence, note)
		}
	}
	if caseReading(t, "Locataire 39 ans. Loyer 780 €, aucune aide.").asksAgain("Votre demande d'APL doit être faite directement en ligne.") {
		t.Error("an APL demand read as asked again for a tenant without it")
	}
	// A social housing application filed is not to be made again.
	filed := "Consulter la liste des guichets dans lesquels vous pourrez être aidé pour effectuer votre demande de logement social."
	if !caseReading(t, "Famille, T2 humide. Demande de logement social déposée depuis 3 ans sans réponse.").asksAgain(filed) {
		t.Errorf("asksAgain(%q) = false for a note whose application is filed", filed)
	}
	if caseReading(t, "Mme G., 45 ans, congé pour vendre, ne trouve rien dans le quartier.").asksAgain(filed) {
		t.Errorf("asksAgain(%q) = true for a note with no application", filed)
	}
	if !caseReading(t, "Mme 41 ans, 4 mois de loyer impayés.").asksAgain("Il faut contacter un travailleur social (assistante sociale, conseillère en économie sociale et familiale, ...).") {
		t.Error("a step sends the person to a social worker")
	}
	// Someone domiciled, or met at the mission locale, has what registering there gives.
	if !caseReading(t, "M. 52 ans, sans domicile, perçoit l'ASS, domicilié au CCAS.").asksAgain("La domiciliation permet à toute personne sans domicile stable de disposer d'une adresse administrative.") {
		t.Error("a man domiciled at the CCAS was told about domiciliation")
	}
	if caseReading(t, "Demande SIAO à envoyer, domiciliation au CCAS à préparer.").asksAgain("La domiciliation permet à toute personne sans domicile stable de disposer d'une adresse administrative.") {
		t.Error("a domiciliation to prepare was read as held")
	}
	if caseReading(t, "M. 45 ans, à la rue, pas domicilié.").asksAgain("La domiciliation permet à toute personne sans domicile stable de disposer d'une adresse administrative.") {
		t.Error("'pas domicilié' was read as domiciled")
	}
	if !caseReading(t, "Mission locale, 1er accueil. Jeune homme 19 ans, sans diplôme.").asksAgain("Vous pouvez vous inscrire à une mission locale pour qu'elle vous aide à trouver un emploi.") {
		t.Error("a young man met at the mission locale was told to register there")
	}
	if caseReading(t, "Elle voudrait porter plainte.").asksAgain("Vous pouvez déposer plainte auprès du procureur.") {
		t.Error("a complaint the person wants to file was read as filed")
	}
	// A state the note says the person is in is not asked of them again.
	retiree := caseReading(t, "Mme 67 ans, ancienne vendeuse, ne touche plus que sa propre pension de retraite, 780 €/mois.")
	if !retiree.asksAgain("Si vous souhaitez partir à la retraite, vous devez adresser votre demande auprès de votre caisse régionale.") {
		t.Error("a retiree was told to claim her retirement")
	}
	if caseReading(t, "M. S., 64 ans, voudrait partir à la retraite au plus vite.").asksAgain("Si vous souhaitez partir à la retraite, vous devez adresser votre demande auprès de votre caisse régionale.") {
		t.Error("a man who wants to retire was read as retired")
	}
	if !caseReading(t, "M. 24 ans, inscrit à France Travail depuis 1 an, en CEJ depuis 2 mois.").asksAgain("Vous pouvez vous inscrire à une mission locale pour qu'elle vous aide à trouver un emploi.") {
		t.Error("a young man in a CEJ was told to register with the mission locale")
	}
	if caseReading(t, "Jeune de 19 ans, sans diplôme, n'est pas inscrit à la Mission locale.").asksAgain("Vous pouvez vous inscrire à une mission locale pour qu'elle vous aide à trouver un emploi.") {
		t.Error("'n'est pas inscrit à la Mission locale' was read as registered")
	}
	// What is the person's is held, unless the note says it was lost.
	if !caseReading(t, "Sa banque a clôturé son compte, il ne peut plus recevoir son salaire ni ses APL.").asksAgain("Votre demande d'APL doit être faite directement en ligne.") {
		t.Error("'ses APL' was not read as held")
	}
	if caseReading(t, "Sort de détention, son RSA a été coupé pendant l'incarcération.").asksAgain("Vous pouvez demander le RSA en ligne.") {
		t.Error("'son RSA a été coupé' was read as held")
	}
	// Thirty-second round. An income held and nothing that says it is lacking: the RSA check
	// is for someone else; an income that fell or a death in the household, not.
	rsa := "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources ou aux ressources faibles."
	for note, want := range map[string]bool{
		"Mme F., 52 ans. Il est en CDD d'agent d'entretien jusqu'en décembre, son employeur est satisfait.":                true,
		"Régul EDF de 480 € non couverte. M. en ARE depuis mars, Mme au foyer, dossier CAF à jour.":                        true,
		"M. J., 45 ans, cariste, en arrêt maladie depuis neuf mois (IJ de la CPAM).":                                       true,
		"Elle travaille 20 h par semaine à la cantine ; son mari, décédé le 2 février, apportait l'essentiel des revenus.": false,
		"Intérimaire en logistique, très peu de missions depuis novembre.":                                                 false,
		"Aide à domicile à temps partiel (~900 €/mois). APL suspendue depuis janvier faute de déclaration trimestrielle.":  true,
		"Travaille quelques heures au noir ; son RSA est suspendu depuis août.":                                            false,
		"Elle travaille à mi-temps à la cantine, séparée depuis janvier, le père ne verse rien.":                           false,
	} {
		if got := caseReading(t, note).asksAgain(rsa); got != want {
			t.Errorf("asksAgain(RSA) = %v for %q, want %v", got, note, want)
		}
	}
	// A social landlord's tenant has a social home; one who must move, or a request to move
	// filed, is the request's case or its answer.
	social := "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement."
	for note, want := range map[string]bool{
		"Locataire d'un T2 de Valmont Habitat, dette d'électricité de 680 €, loyer à jour.":            true,
		"Signalement d'impayé reçu du bailleur social : 3 mois non réglés.":                            true,
		"Demande de mutation vers T4 en cours, dossier complet. Loyer à jour.":                         true,
		"T2 de Valmont Habitat, trop petit depuis la naissance des jumeaux.":                           false,
		"Hébergée depuis 2021 chez sa sœur, dans un T3 où vivent sept personnes.":                      false,
		"T1 bis, enceinte de 5 mois. N'a jamais fait de demande de mutation, voudrait un T2 (Office).": false,
	} {
		if got := caseReading(t, note).asksAgain(social); got != want {
			t.Errorf("asksAgain(social housing request) = %v for %q, want %v", got, note, want)
		}
	}
	// A pregnancy followed, no child born: the PMI's consultations are for later.
	pmi := "Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI), qui assure des consultations."
	for note, want := range map[string]bool{
		"Mme A., 26 ans, enceinte de 5 mois, suivi à la maternité de Valmont en place, ne sait pas où dormir ce soir.": true,
		"Mme A., 26 ans, enceinte de 5 mois, suivi à la maternité ; son fils de 2 ans dort mal.":                       false,
	} {
		if got := caseReading(t, note).asksAgain(pmi); got != want {
			t.Errorf("asksAgain(PMI) = %v for %q, want %v", got, note, want)
		}
	}
	// An APA under review is paid, its help at home organised; an APA asked is asked, but its
	// help is still to organise; an APA never asked is neither.
	apa := "Pour une personne de 60 ans ou plus qui a besoin d'aide pour les actes de la vie quotidienne, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département ; une équipe médico-sociale évalue ses besoins à domicile."
	clic := "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance."
	for note, want := range map[string][2]bool{
		"Réévaluation APA de Mme G., 88 a., GIR 4, SAAD 2 passages/sem. depuis 2023 sans difficulté.":                {true, true},
		"Révision APA de Mme H., 74 a., GIR 3 maintenu le 13/02. Ne peut plus se pencher.":                           {true, true},
		"VAD chez M. G., 80 a., veuf, pour 1re demande APA (GIR 4 probable). N'arrive plus à se laver.":              {true, false},
		"Aura besoin d'aide pour la toilette, l'habillage, les repas ; aucune aide en place, jamais de demande APA.": {false, false},
	} {
		r := caseReading(t, note)
		if got := [2]bool{r.asksAgain(apa), r.asksAgain(clic)}; got != want {
			t.Errorf("asksAgain(APA, CLIC) = %v for %q, want %v", got, note, want)
		}
	}
	// An energy debt is a bill the note says is unpaid or cut, not an energy bill paid nor a
	// prepaid meter run out.
	energy := "Pour les dettes d'énergie, saisir le volet énergie du FSL et vérifier que le foyer utilise son chèque énergie."
	for note, want := range map[string]bool{
		"Ce mois-ci, une fois le loyer et l'EDF passés, il leur reste 90 € jusqu'au 5.":                   true,
		"Le compteur de gaz à carte est vide depuis hier, je fais chauffer l'eau à la bouilloire.":        true,
		"Courrier EDF du 28/03 : suspension de la fourniture au 15/04 si les 1 236 € ne sont pas réglés.": false,
		"Facture de régularisation de 1 180 € et annonce de coupure au 25/10.":                            false,
	} {
		if got := caseReading(t, note).asksAgain(energy); got != want {
			t.Errorf("asksAgain(energy FSL) = %v for %q, want %v", got, note, want)
		}
	}
	// Benefits stopped for a residence permit are the permit's matter; an RSA stopped for a
	// letter returned is the RSA's.
	for note, want := range map[string]bool{
		"La CAF a tout suspendu car sa carte de séjour a expiré en mai ; loyers non réglés depuis juin.":           true,
		"La CAF m'écrit qu'elle va arrêter l'APL et la prime d'activité si je n'envoie pas mon nouveau titre.":     true,
		"Son RSA est suspendu depuis mai : les courriers de la CAF revenaient « NPAI » à l'ancienne adresse.":      false,
		"Carte de séjour valable jusqu'en 2030. Plus aucun revenu depuis la fin de son CDD, la CAF ne verse rien.": false,
	} {
		if got := caseReading(t, note).asksAgain(rsa); got != want {
			t.Errorf("asksAgain(RSA) = %v for %q, want %v", got, note, want)
		}
	}
	// The SCHS is for a home the note says is unfit, not for a rent unpaid.
	schs := "Signaler le logement au service communal d'hygiène et de santé (SCHS) de Valmont, qui peut visiter le logement."
	for note, want := range map[string]bool{
		"Deux loyers de retard, le propriétaire privé a envoyé une lettre de relance.":                           true,
		"Loyer de mai non payé, premier impayé ; le gestionnaire précise que la chaudière a été changée.":        true,
		"Il a arrêté de payer en juin parce que la chaudière est en panne depuis l'hiver dernier.":               false,
		"Les murs de la chambre du fils sont noirs jusqu'à mi-hauteur, il y a de l'eau sur les vitres le matin.": false,
	} {
		if got := caseReading(t, note).asksAgain(schs); got != want {
			t.Errorf("asksAgain(SCHS) = %v for %q, want %v", got, note, want)
		}
	}
	// So is the health the SCHS's report tells of.
	health := "Si la santé d'un enfant ou d'une personne fragile en souffre, le préciser dans le signalement et appuyer une demande de relogement prioritaire."
	for note, want := range map[string]bool{
		"Commandement de quitter les lieux, expulsion prévue le 15 ; 3 enfants, dette de 4 800 €.":                    true,
		"Moisissures noires dans la chambre des enfants ; le petit de 4 ans fait des crises d'asthme depuis l'hiver.": false,
	} {
		if got := caseReading(t, note).asksAgain(health); got != want {
			t.Errorf("asksAgain(health) = %v for %q, want %v", got, note, want)
		}
	}
	// A cut on a hand is no energy cut.
	cut := "Lorsqu'une coupure est annoncée, contacter le fournisseur avec l'accord de la personne pour demander un délai de paiement."
	if !caseReading(t, "Coupure profonde à la main gauche il y a huit jours, la plaie a l'air infectée.").asksAgain(cut) {
		t.Error("a cut on a hand was read as a cut of power")
	}
	if caseReading(t, "Coupure à la main en ouvrant le courrier d'EDF qui annonce l'arrêt du compteur.").asksAgain(cut) {
		t.Error("a note that tells a supplier's cut lost the step")
	}
	// A child the judge or the ASE already knows, with no sign of a new danger, is no report to
	// make; a blow is.
	report := "Tout professionnel qui a connaissance d'une situation d'enfant en danger ou en risque de l'être transmet sans délai une information préoccupante à la cellule de recueil des informations préoccupantes (CRIP) du département."
	for note, want := range map[string]bool{
		"Kylian, 15 ans, placé en MECS depuis 2021 (mesure renouvelée par le juge des enfants), ça se passe bien.": true,
		"Lucas, 8 ans, rentré chez sa mère après deux ans de placement (mainlevée du juge des enfants en juin).":   true,
		"Premier enfant confié à l'ASE depuis 2022. Le père est venu alcoolisé, a hurlé dans le couloir.":          false,
		"Placé en MECS, il revient du week-end avec des bleus sur les bras.":                                       false,
	} {
		if got := caseReading(t, note).asksAgain(report); got != want {
			t.Errorf("asksAgain(information préoccupante) = %v for %q, want %v", got, note, want)
		}
	}
}

func TestVariantFits(t *testing.T) {
	founder := caseReading(t, "Mme I., 42 ans, a un projet de création d'une petite entreprise après une rupture conventionnelle. Elle veut garder ses allocations chômage.")
	// A label in the negative is for a case that does not say it; the note's children count
	// in the doctrine's word.
	widow := caseReading(t, "Mme V., 38 ans, son conjoint pacsé est mort dans un accident du travail. 2 enf. de 5 et 8 ans.")
	tests := []struct {
		r    *relevance
		path []string
		fits bool
	}{
		{founder, []string{"Chômage : démarches", "Actualisation", "Vous percevez une pension d'invalidité de 2è ou 3è catégories"}, false},
		{founder, []string{"Chômage : aides à la création d'entreprise", "Vous créez une entreprise"}, true},
		{founder, []string{"Chômage : démarches", "Inscription", "Cas général"}, true},
		{founder, []string{"Titre de séjour", "Vous habitez en France"}, true}, // a place: fitsPlace reads it
		// A case's label higher in the path decides too, now that a fiche's cases each keep
		// their own breadcrumb.
		{founder, []string{"Allocation supplémentaire d'invalidité (Asi)", "Vous vivez seul", "Démarche", "Pension versée par la MSA"}, false},
		{founder, []string{"Chômage : aides à la création d'entreprise", "Vous créez une entreprise", "Démarche"}, true},
		{widow, []string{"Rentes et capitaux versés en cas de décès", "Conjoint", "Conditions", "Vous n'avez pas d'enfant avec le défunt"}, false},
		{widow, []string{"Rentes et capitaux versés en cas de décès", "Conjoint", "Conditions", "Vous avez eu des enfants avec le défunt"}, true},
		{founder, []string{"Rentes et capitaux versés en cas de décès", "Conjoint", "Vous n'avez pas d'enfant avec le défunt"}, true},
	}
	for _, tt := range tests {
		if got := tt.r.variantFits(tt.path); got != tt.fits {
			t.Errorf("variantFits(%q) = %v, want %v", tt.path, got, tt.fits)
		}
	}
}

func TestNamesOtherNeed(t *testing.T) {
	detected := map[string]bool{"retraite": true}
	if !namesOtherNeed(Needs(), detected, fold("Si vous avez des difficultés à payer une mutuelle, demandez la complémentaire santé solidaire.")) {
		t.Error("a health step in a retirement case was kept")
	}
	if namesOtherNeed(Needs(), detected, fold("L'Aspa est une prestation accordée aux retraités ayant de faibles ressources.")) {
		t.Error("a step naming the case's need (and income) was dropped")
	}
}

func TestExceptionNamesNoNeed(t *testing.T) {
	detected := map[string]bool{"deces": true}
	if namesOtherNeed(Needs(), detected, fold("Vous avez droit à la rente sauf si vous avez été condamné pour un motif familial.")) {
		t.Error("what a sentence leaves out was read as the need it is about")
	}
}

func TestAgeConditionOnTheAuthor(t *testing.T) {
	pe := person{age: 13}
	if !pe.fitsHeadings("Mineur victime", []string{"Harcèlement à l'école", "Peines encourues", "Auteur majeur"}) {
		t.Error("an age condition on the author of the facts was applied to the person")
	}
}

// TestTimeWordsAreNoTopic checks that when something happened is not read as what the case is
// about: "un dimanche" does not make a sentence on Sunday work speak of the case.
func TestTimeWordsAreNoTopic(t *testing.T) {
	terms := (&Planner{}).terms()
	r := caseReading(t, "Son mari est mort dans un accident de voiture un dimanche de mars.")
	for _, w := range []string{"dimanche", "mars"} {
		for _, tm := range terms(w) {
			if r.says(tm) {
				t.Errorf("the case says %q (%q): a time is no topic", tm, w)
			}
		}
	}
	if ts := terms("accident"); len(ts) == 0 || !r.says(ts[0]) {
		t.Errorf("the case does not say %q", "accident")
	}
	// Nor are the words a story is told with, in a guide: "depuis quatre jours" is not
	// "l'accueil de jour", "il peut" no topic.
	r = caseReading(t, "Il ne peut plus marcher depuis quatre jours, une partie de ses courses reste dans l'entrée.")
	for _, w := range []string{"jours", "peut", "partie"} {
		for _, tm := range terms(w) {
			if r.says(tm) {
				t.Errorf("the case says %q (%q): a word of the telling is no topic", tm, w)
			}
		}
	}
	if ts := terms("courses"); len(ts) == 0 || !r.says(ts[0]) {
		t.Errorf("the case does not say %q", "courses")
	}
}

// TestHoldsTopic checks that a guide's sentence opening on a topic ("Pour les dettes
// d'énergie, …") is for a case that speaks of that topic's distinctive word, not of a word it
// shares with others ("dette").
func TestHoldsTopic(t *testing.T) {
	terms := (&Planner{}).terms()
	read := func(text string) *relevance {
		return newRelevance(terms, nil, text, DetectNeeds(Needs(), text, nil), Facts{}, situation.ReadFacts(text, 2026), nil)
	}
	energy := "pour les dettes d'energie, saisir le volet energie du fsl."
	for _, tt := range []struct {
		note, sentence string
		holds          bool
	}{
		{"La banque parle d'une saisie pour une vieille dette de loyer.", energy, false},
		{"Courrier Engie : coupure du gaz annoncée, 780 € d'impayé. Jamais reçu de chèque énergie.", energy, true},
		// Whom a sentence is for is read elsewhere.
		{"La banque parle d'une saisie pour une vieille dette de loyer.", "pour la personne aidee, solliciter l'accueil de jour.", true},
		{"La banque parle d'une saisie pour une vieille dette de loyer.", "saisir le fsl pour une aide au paiement de la dette locative.", true},
	} {
		if got := read(tt.note).holdsTopic(tt.sentence); got != tt.holds {
			t.Errorf("holdsTopic(%q) for %q = %v, want %v", tt.sentence, tt.note, got, tt.holds)
		}
	}
}

// TestSaysRentPaid checks the notes that say the rent is paid, which "dès le premier impayé de
// loyer" is not for, against those that say it is not.
func TestSaysRentPaid(t *testing.T) {
	for _, tt := range []struct {
		note string
		paid bool
	}{
		{"Le couple touche l'APL, le loyer est à jour.", true},
		{"Son loyer est prélevé, aucun retard.", true},
		{"Il paie son studio sans retard, le propriétaire n'a jamais eu à se plaindre.", true},
		{"T3 avenue Pasteur (loyer 540 € CC), n'a payé ni septembre ni octobre.", false},
		{"Le loyer de mars n'a pas été payé, celui d'avril est en retard.", false},
		{"Loyer impayé depuis deux mois.", false},
		{"Studio du parc privé, aucun impayé depuis que je verse l'APL au propriétaire.", true},
		{"Pas d'impayé de loyer, mais une dette EDF de 900 €.", true},
		{"Aucun impayé EDF, mais trois mois de loyer de retard.", false},
	} {
		if got := saysRentPaid(fold(tt.note)); got != tt.paid {
			t.Errorf("saysRentPaid(%q) = %v, want %v", tt.note, got, tt.paid)
		}
	}
	terms := (&Planner{}).terms()
	r := newRelevance(terms, nil, "Logement humide, moisissures ; le loyer est à jour.", nil, Facts{}, situation.ReadFacts("", 2026), nil)
	if s := "Dès le premier impayé de loyer, contacter le bailleur."; conditionsHold(terms, r, fold(s)) {
		t.Errorf("conditionsHold(%q) = true for a rent paid", s)
	}
}

// TestConditionOfAbsence: a condition that something is not there ("lorsque les difficultés
// éducatives ne relèvent pas du danger") holds of a note that says, in its own words, that there
// is none, and only then.
func TestConditionOfAbsence(t *testing.T) {
	sentence := fold("Lorsque les difficultés éducatives ne relèvent pas du danger, proposer aux parents une aide éducative à domicile (AED).")
	terms := (&Planner{}).terms()
	for _, tt := range []struct {
		note  string
		holds bool
	}{
		{"L'école avait fait une IP ; après évaluation la CRIP a conclu à l'absence de danger et classé.", true},
		{"L'AS scolaire n'y voit pas de danger, les enfants sont bien soignés.", true},
		{"Lenny arrive en retard, sans goûter, et s'endort en classe.", false},
	} {
		if got := conditionsHold(terms, caseReading(t, tt.note), sentence); got != tt.holds {
			t.Errorf("%q: conditionsHold = %v, want %v", tt.note, got, tt.holds)
		}
	}
}

// The carer's leave, written for employees in the third person, is a step for a carer the note
// shows at work, not for a retired one (twenty-eighth round; before, read as no action, it was
// never given).
func TestCarersLeave(t *testing.T) {
	sentence := "Un salarié qui s'occupe d'un proche en perte d'autonomie ou handicapé peut demander à son employeur un congé de proche aidant et percevoir l'allocation journalière du proche aidant (AJPA), versée par la CAF."
	if actionability(sentence) < 0.5 {
		t.Errorf("actionability(%q) = %.2f, want a step", sentence, actionability(sentence))
	}
	for note, want := range map[string]bool{
		"Mme G., 56 ans, secrétaire médicale à temps plein, s'occupe seule de son mari hémiplégique.": true,
		"M. L., 71 ans, retraité SNCF, s'occupe seul de son épouse, Alzheimer, GIR 2.":                false,
	} {
		r := caseReading(t, note)
		if got := r.person.fitsWorker(fold(sentence)); got != want {
			t.Errorf("fitsWorker(carer's leave) = %v for %q, want %v", got, note, want)
		}
	}
}

// guideStep are the demo guide's sentences the round tests below ask about, written once.
var guideStep = struct {
	AME            string
	APA            string
	BudgetPoint    string
	CLIC           string
	DurableDebt    string
	FranceTravail  string
	MDPH           string
	Night          string
	PUMa           string
	FamilyInformed string
	FSL            string
	Renewal        string
	RepaymentPlan  string
	RSA            string
	C2S            string
	SocialHousing  string
	StayLaw        string
	Victims        string
	Volunteers     string
	SIAO           string
	MissionLocale  string
	TISF           string
	Prosecutor     string
}{
	AME:            "Pour une personne sans titre de séjour qui réside en France depuis plus de trois mois, l'aider à demander l'aide médicale de l'État (AME) auprès de la CPAM.",
	APA:            "Pour une personne de 60 ans ou plus qui a besoin d'aide pour les actes de la vie quotidienne, l'aider à demander l'allocation personnalisée d'autonomie (APA) auprès du Département ; une équipe médico-sociale évalue ses besoins à domicile.",
	BudgetPoint:    "Orienter vers le point conseil budget de Valmont pour faire le point sur le budget et les crédits en cours.",
	CLIC:           "Orienter vers le centre local d'information et de coordination (CLIC) de Valmont pour organiser l'aide à domicile, le portage de repas et la téléassistance.",
	DurableDebt:    "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement auprès de la Banque de France.",
	FranceTravail:  "Pour une personne de plus de 25 ans en recherche d'emploi, vérifier son inscription à France Travail et coordonner l'accompagnement avec son conseiller.",
	MDPH:           "Lorsque la personne présente un handicap ou une maladie invalidante, l'aider à constituer un dossier auprès de la maison départementale des personnes handicapées (MDPH).",
	FamilyInformed: "Lorsqu'une personne ne peut plus pourvoir seule à ses intérêts en raison d'une altération de ses facultés médicalement constatée, informer sa famille de la possibilité de demander au juge des contentieux de la protection une mesure de protection (sauvegarde de justice, curatelle, tutelle).",
	FSL:            "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas.",
	PUMa:           "Pour une personne sans couverture maladie, vérifier ses droits à la protection universelle maladie (PUMa) auprès de la CPAM.",
	Night:          "Pour une personne sans solution d'hébergement pour la nuit, appeler le 115, numéro du service intégré d'accueil et d'orientation (SIAO).",
	Renewal:        "Lorsque le titre de séjour arrive à expiration, vérifier que la demande de renouvellement a été déposée sur le site de l'administration numérique pour les étrangers en France (ANEF).",
	RSA:            "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources ou aux ressources faibles.",
	C2S:            "Proposer la complémentaire santé solidaire (C2S) à toute personne dont les ressources sont faibles.",
	RepaymentPlan:  "Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne pour proposer un plan d'apurement de la dette.",
	SocialHousing:  "Vérifier que la personne a déposé une demande de logement social et qu'elle connaît son numéro unique d'enregistrement.",
	StayLaw:        "Le travailleur social ne donne pas de conseil juridique sur le droit au séjour : orienter la personne vers la permanence juridique de l'association partenaire, ou vers un avocat avec l'aide juridictionnelle.",
	Victims:        "L'orienter vers l'association d'aide aux victimes pour un accompagnement juridique, en particulier pour le dépôt de plainte et la demande d'ordonnance de protection.",
	Volunteers:     "Lorsqu'une personne âgée vit isolée, lui proposer, avec son accord, les visites de bénévoles de l'association partenaire de lutte contre l'isolement.",
	SIAO:           "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO du département.",
	MissionLocale:  "Pour un jeune de 16 à 25 ans sans emploi ni formation, orienter vers la mission locale, qui peut proposer le contrat d'engagement jeune (CEJ).",
	Prosecutor:     "En cas de danger grave et immédiat pour l'enfant, saisir directement le procureur de la République et en adresser une copie à la CRIP.",
	TISF:           "L'intervention d'une technicienne de l'intervention sociale et familiale (TISF) peut être demandée pour soutenir les parents dans les tâches quotidiennes.",
}

// What the thirty-sixth round read as done, refused or not the person's: each rule with a note
// it holds for and one it does not.
func TestAsksAgainThirtySixthRound(t *testing.T) {
	debt := "Lorsque l'endettement est durable, proposer un accompagnement budgétaire et, si nécessaire, aider la personne à déposer un dossier de surendettement."
	listen := "Informer la personne de l'existence du 3919, numéro national anonyme et gratuit d'écoute et d'orientation pour les femmes victimes de violences."
	shelter := "Organiser une mise à l'abri en lien avec le 115 et l'association spécialisée du territoire."
	tisf := "L'intervention d'une technicienne de l'intervention sociale et familiale (TISF) peut être demandée pour soutenir la vie quotidienne de la famille."
	respite := "Pour la personne aidée, solliciter l'accueil de jour ou l'hébergement temporaire afin d'offrir du répit à l'aidant ; l'APA peut en financer une partie."
	leave := "Un salarié qui s'occupe d'un proche en perte d'autonomie ou handicapé peut demander à son employeur un congé de proche aidant et percevoir l'allocation journalière du proche aidant (AJPA)."
	seen := "Lorsque le logement présente des signes d'insalubrité ou de non-décence (humidité, moisissures, absence de chauffage), constater les désordres lors d'une visite à domicile et informer la personne de ses droits de locataire."
	cer := "Lorsque la personne est orientée vers un accompagnement social, le référent de la Maison des solidarités élabore avec elle un contrat d'engagements réciproques (CER)."
	caf := "Lorsque le logement est non décent et que le foyer perçoit une aide au logement, en informer la caisse d'allocations familiales (CAF) : elle peut conserver l'aide jusqu'à la réalisation des travaux."
	checkAsksAgain(t, []asksAgainCase{
		{"Mme F., 88 ans, ne peut plus se lever seule du fauteuil depuis sa chute. Le portage de repas et la téléassistance sont déjà en place par le CLIC, ne pas les redemander.", guideStep.CLIC, true},
		{"Mme F., 88 ans, ne peut plus se lever seule du fauteuil depuis sa chute. Le portage de repas passe le midi.", guideStep.CLIC, false},
		{"M. V., 81 ans, épuisé : Madame perçoit déjà l'APA (GIR 2, 14 h d'aide à domicile par mois).", guideStep.CLIC, true},
		{"Mme R., 72 ans, ne sort plus depuis son veuvage. Elle fait encore seule sa toilette, ses repas et ses courses.", guideStep.APA, true},
		{"Mme R., 72 ans, ne sort plus depuis son veuvage et n'arrive plus à faire sa toilette.", guideStep.APA, false},
		{"M. A., 46 ans, plan de surendettement, 35 € par semaine. Inutile de l'orienter vers le point conseil budget : la gestion est assurée par notre service.", guideStep.BudgetPoint, true},
		{"M. H., 58 ans, curatelle renforcée depuis 09/2024 ; sept crédits renouvelables relevés à l'inventaire.", guideStep.BudgetPoint, true},
		{"M. H., 58 ans, curatelle renforcée depuis 09/2024 ; sept crédits renouvelables relevés à l'inventaire.", debt, true},
		{"Son frère a déposé une requête en curatelle renforcée ; sept crédits renouvelables, il ne s'en sort plus.", guideStep.BudgetPoint, false},
		{"Saisie sur salaire, trois crédits. Nous avons déposé ensemble un dossier de surendettement à la Banque de France le 03/04 (pas encore de décision de recevabilité).", debt, true},
		{"Saisie sur compte ; aucun dossier de surendettement n'a été déposé, elle est d'accord pour être accompagnée.", debt, false},
		{"M. D., 33 ans, asile rejeté par la CNDA en novembre, rien déposé en préfecture depuis, diabète sans soins.", guideStep.Renewal, true},
		{"Mme T., algérienne, carte d'un an « vie privée et familiale » qui expire le 30/06, n'a encore rien entrepris.", guideStep.Renewal, false},
		{"Plainte déposée et ordonnance de protection obtenue le 15/03 ; M. a gardé un jeu de clés.", listen, true},
		{"Plainte déposée et ordonnance de protection obtenue le 15/03 ; M. a gardé un jeu de clés.", shelter, true},
		{"Il l'a frappée hier soir devant les enfants ; elle connaît le 3919, qu'elle a appelé la semaine dernière.", listen, true},
		{"Il l'a frappée hier soir devant les enfants ; elle connaît le 3919, qu'elle a appelé la semaine dernière.", shelter, false},
		{"Il l'a frappée hier soir devant les enfants ; elle dort chez sa sœur cette nuit.", listen, false},
		{"Mme refuse de porter plainte et ne veut pas entendre parler d'OP ('il a compris'), on respecte.", guideStep.Victims, true},
		{"Mme hésite à porter plainte, elle voudrait savoir ce qu'est une ordonnance de protection.", guideStep.Victims, false},
		{"Mme souhaite un soutien éducatif pour Théo mais refuse catégoriquement toute intervention d'une TISF à la maison.", tisf, true},
		{"Ils refusent catégoriquement tout accueil temporaire ou accueil de jour pour Léna.", respite, true},
		{"Leur fils vit avec eux, mais l'accueil de jour l'a sorti en mars faute de personnel ; on n'en peut plus.", respite, false},
		{"Mme P. ne souhaite pas de congé de proche aidant : elle a posé ses congés annuels pour la sortie.", leave, true},
		{"Le dossier MDPH (RQTH + AAH) a été déposé en février, accusé de réception reçu, elle attend la décision.", guideStep.MDPH, true},
		{"Lombalgies chroniques, inapte à son poste ; aucun dossier MDPH jamais déposé.", guideStep.MDPH, false},
		{"Le dossier MDPH a été déposé en janvier, toujours pas de réponse.", guideStep.MDPH, false},
		// The first arrears' step is for money owed.
		{"Locataire du parc privé, APL versée au bailleur : moisissures noires, fenêtre qui ne ferme plus ; le propriétaire ne répond plus depuis février.", guideStep.RepaymentPlan, true},
		{"Sa locataire n'a payé ni septembre ni octobre, premier incident en six ans de bail.", guideStep.RepaymentPlan, false},
		{"Dette locative 3 400 €, assignation reçue ; le bailleur a refusé le dernier plan d'apurement.", guideStep.RepaymentPlan, true},
		{"Veuve depuis janvier ; le loyer de février n'a pas pu être payé, le bailleur n'a encore rien envoyé.", guideStep.RepaymentPlan, false},
		// The CER is the RSA's.
		{"M. D., 52 ans, sans emploi depuis deux ans, voudrait un accompagnement pour reprendre pied.", cer, true},
		{"M. D., 52 ans, au RSA depuis deux ans, orienté vers un accompagnement social par l'équipe RSA.", cer, false},
		// Refusals told after their object, in the past, in the passive, or opening a clause.
		{"Dort dans sa voiture. Plusieurs propositions via le 115 l'hiver dernier, il les a toutes refusées et ne veut plus en entendre parler.", guideStep.Night, true},
		{"Dort dans sa voiture depuis l'hiver ; le 115 ne répond pas le soir.", guideStep.Night, false},
		{"Dette de 2 340 €. Le plan d'apurement à 150 €/mois proposé en avril a été refusé par le couple : ils ne peuvent pas le tenir.", guideStep.RepaymentPlan, true},
		{"Dette de 2 340 €. Le plan d'apurement proposé par la locataire a été refusé par le bailleur.", guideStep.RepaymentPlan, true},
		{"Il s'épuise auprès de sa femme. Accueil de jour refusé par le couple en 2023, M. semble plus ouvert aujourd'hui.", respite, false},
		{"M. R., 71 ans, veuf, conduit, jardine ; refuse net qu'on parle d'aide à domicile.", guideStep.CLIC, true},
		{"Naissance de jumeaux. La PMI leur a proposé une TISF, ils ont refusé à cause du coût.", tisf, true},
		// A clause that names nothing is the previous one's; what "suit son cours" is done.
		{"Dossier de surendettement déposé en janvier, déclaré recevable ; ASF demandée à la CAF en mars, versement attendu.", debt, true},
		{"Dossier de surendettement déposé en janvier avec le Point conseil budget, recevable depuis le 14/03, plus de prélèvements, ça suit son cours.", guideStep.BudgetPoint, true},
		{"Dossier de surendettement déposé en janvier, refusé en mars, pas de recours.", debt, false},
		{"Passation : FSL accès accordé, bail signé avec Logis 63 au 01/04 ; MASP niveau 1 en cours avec la CESF.", guideStep.SocialHousing, true},
		{"Passation : FSL accès accordé, bail signé avec Logis 63 au 01/04 ; MASP niveau 1 en cours avec la CESF.", guideStep.BudgetPoint, true},
		{"Demande d'aide facultative pour une facture d'eau de 230 € ; plus de revenu depuis septembre.", debt, true},
		{"Logement très humide : le SCHS est venu en avril, le propriétaire a été mis en demeure, la CAF est informée et garde l'APL en attendant les travaux.", seen, true},
		{"Logement très humide : le SCHS est venu en avril, le propriétaire a été mis en demeure, la CAF est informée et garde l'APL en attendant les travaux.", caf, true},
		{"Logement très humide, moisissures dans la chambre des enfants, le propriétaire ne répond pas.", caf, false},
	})
}

// TestAsksAgainThirtySeventhRound: the rules of the thirty-seventh round, in notes written for
// this test.
func TestAsksAgainThirtySeventhRound(t *testing.T) {
	food := "Pour l'aide alimentaire, orienter vers l'épicerie solidaire de Valmont ou les distributions des associations partenaires, avec une fiche d'orientation remplie par le travailleur social."
	siao := "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO."
	hearing := "Conseiller à la personne de se présenter à l'audience et de solliciter l'aide juridictionnelle."
	pmi := "Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI), qui assure des consultations gratuites et des visites à domicile."
	rsa := "Vérifier l'ouverture des droits au RSA dès le premier entretien pour toute personne sans ressources ou aux ressources faibles."
	fsl := "Saisir le fonds de solidarité pour le logement (FSL) pour une aide au paiement de la dette locative lorsque le plan d'apurement ne suffit pas."
	closing := "Le référent rédige une note de fin d'accompagnement qui fait le point sur les objectifs et indique les partenaires qui restent mobilisés."
	ml := "Pour un jeune de 16 à 25 ans sans emploi ni formation, orienter vers la mission locale, qui peut proposer le contrat d'engagement jeune (CEJ)."
	danger := "Lorsqu'une personne révèle des violences conjugales, le professionnel évalue d'abord le danger immédiat : présence de l'auteur au domicile, menaces de mort, armes, violences en augmentation, enfants exposés."
	checkAsksAgain(t, []asksAgainCase{
		// Food aid asked for by name is its own case.
		{"M. J., 58 ans, sort de l'hôpital demain ; demande où il peut avoir des colis alimentaires.", food, false},
		{"Mme R., 81 ans, ne descend plus au village, le frigo est vide.", food, true},
		// A move made, or a partner's, is no move to come.
		{"Mme G., locataire chez Valmont Habitat depuis son relogement en 2021 ; deux mois de loyer impayés depuis que Monsieur a quitté le domicile.", guideStep.SocialHousing, true},
		{"Mme G., locataire chez Valmont Habitat ; elle a quitté le domicile avec les enfants et dort chez sa sœur.", guideStep.SocialHousing, false},
		// Shelter refused by that name.
		{"M. J., sans domicile, refuse toute proposition d'hébergement (« trop de vols »).", guideStep.Night, true},
		{"M. J., sans domicile, refuse toute proposition d'hébergement (« trop de vols »).", siao, true},
		{"Mme L. dort dans sa voiture et refuse les foyers où on ne prend pas les chiens.", siao, false},
		// The legal aid as lawyers write it.
		{"Procédure JAF engagée par son avocate (AJ totale accordée), audience fixée en juin.", hearing, true},
		// The PMI is for a young child's own matters, not for one named in the household.
		{"Mme G., 29 ans, 1 enfant (4 ans, en crèche municipale), sans permis, formation à 27 km.", pmi, true},
		{"Mme G., 29 ans, seule avec sa fille de 4 ans qui fait de grosses colères et dort mal.", pmi, false},
		{"Mme G., 29 ans, seule avec ses jumeaux de 8 mois.", pmi, false},
		// Someone in training is not looking for a job now.
		{"M. S., 36 ans, en formation CACES (AREF) jusqu'en juillet ; moisissures dans la chambre des petits.", guideStep.FranceTravail, true},
		{"M. S., 36 ans, sa formation CACES est terminée depuis mai, il cherche un poste de cariste.", guideStep.FranceTravail, false},
		// Someone who lives on the ASS, the AAH or unemployment benefit has what the RSA is for.
		{"M. G., 45 ans, vit avec 620 € d'ASS ; carte Vitale refusée à la pharmacie.", rsa, true},
		{"M. V., 55 ans, il touche l'AAH (taux 50-79 %) ; l'APL s'est arrêtée.", rsa, true},
		{"M. H., 42 ans, ARE jusqu'en octobre, la mère garde les enfants.", rsa, true},
		{"M. H., 42 ans, plus aucun revenu depuis la fin de ses droits.", rsa, false},
		// A budget's accompaniment refused is the point conseil budget's.
		{"Six crédits renouvelables ; ils refusent l'accompagnement budgétaire (« on sait gérer ») mais veulent de l'aide pour le dossier.", guideStep.BudgetPoint, true},
		{"Six crédits renouvelables, ils ne savent plus comment faire.", guideStep.BudgetPoint, false},
		// A stay's file a lawyer or the Cimade has in hand.
		{"Titre de séjour expiré ; régularisation : son avocat (AJ) est déjà sur le dossier.", guideStep.StayLaw, true},
		{"Récépissé expiré ; elle est suivie par la Cimade pour son dossier.", guideStep.StayLaw, true},
		{"Récépissé expiré, elle ne sait pas à qui s'adresser.", guideStep.StayLaw, false},
		// A repayment guideStep.RepaymentPlan that "n'a pas été tenu", an FSL "saisi", places refused by the name
		// of urgency, a pupil in an ULIS class with an AESH's hours (BA and BB, tuned on).
		{"Jugement d'expulsion de mars ; le plan d'apurement n'a pas été tenu.", guideStep.RepaymentPlan, true},
		{"Dette de 4 000 € ; le FSL avait été saisi l'an dernier, refusé.", fsl, true},
		{"À la rue depuis 2 ans avec ses chiens ; il refuse les places d'urgence (chiens), son choix.", guideStep.Night, true},
		{"R., 12 ans, ULIS collège, TSA, AESH mutualisée 12 h ; sa mère est à bout.", guideStep.MDPH, true},
		{"Kian, 8 ans, autiste ; l'école demande une AESH, aucun dossier n'a été fait.", guideStep.MDPH, false},
		// The closing note for a note about the support's end; the budget kept by its adviser.
		{"RDV PCB : Monsieur a toutes les cartes et les codes, lui laisse 50 € par semaine.", closing, true},
		{"Plus de demande de leur part ; fin d'accompagnement proposée, ils sont d'accord.", closing, false},
		{"Trois crédits renouvelables ; échéanciers obtenus, je garde le suivi budget avec elle.", guideStep.BudgetPoint, true},
		// A baby lost or born under secrecy leaves no child for the PMI.
		{"G2P0, MFIU à 31 SA, accouchement le 05/06 ; le couple souhaite des obsèques pour leur fille.", pmi, true},
		{"A accouché sous le secret le 07/06 ; le bébé a été remis au service de l'ASE.", pmi, true},
		{"G2P2, accouchée le 09/06 ; le père est parti, elle est seule avec le bébé et l'aîné.", pmi, false},
		// AY and AZ, tuned on at the thirty-eighth round: the mission locale's own follow-up,
		// a protection order told as an OP, a grave danger telephone, a complaint and an order
		// obtained, an eviction's stage.
		{"La recherche d'emploi on la garde chez nous (PACEA en cours, immersion le 10/06).", ml, true},
		{"Côté emploi elle est suivie par FT depuis la fin du CEJ.", ml, true},
		{"M., 21 ans, sans emploi ni formation depuis l'été.", ml, false},
		{"Plainte du 02/04 pour violences conjugales. OP délivrée par le JAF le 28/04, TGD remis.", guideStep.Victims, true},
		{"Plainte du 02/04 pour violences conjugales. OP délivrée par le JAF le 28/04, TGD remis.", danger, true},
		{"Il la frappe depuis des mois ; elle hésite à porter plainte.", danger, false},
		{"Réquisition de la force publique reçue pour le 15/06 ; dette locative de 4 200 €.", guideStep.RepaymentPlan, true},
		{"Elle reste au foyer jusqu'au 30/06 et la demande FJT est déposée depuis le 12/05.", siao, true},
		// Sick leave names no illness.
		{"Trois mois de loyer impayés ; M. en arrêt maladie depuis octobre, IJ versées avec du retard.", guideStep.MDPH, true},
		{"Trois mois de loyer impayés ; M. a une maladie chronique qui l'empêche de travailler.", guideStep.MDPH, false},
	})
}

// TestAsksAgainThirtyNinthRound: an APA told by its hours or its GIR is paid, its help
// organised; an RQTH told valid is a file the MDPH has (BF, tuned on at the thirty-ninth round);
// and the rows of BE below.
func TestAsksAgainThirtyNinthRound(t *testing.T) {
	checkAsksAgain(t, []asksAgainCase{
		{"Mme F., 87 ans, veuve, GIR 3, 25 h APA/mois. Son neveu garde sa carte bleue.", guideStep.APA, true},
		{"Mme F., 87 ans, veuve, GIR 3, 25 h APA/mois. Son neveu garde sa carte bleue.", guideStep.CLIC, true},
		{"Mme V., 85 ans, APA 15 h/mois ; elle a signé trois bons de commande à des démarcheurs.", guideStep.APA, true},
		{"Mme F., 87 ans, veuve, vit seule, ne fait plus sa toilette ni ses courses.", guideStep.APA, false},
		// A help that no longer suffices leaves the CLIC's step.
		{"M. P., 91 ans, 12 h APA/mois. Il ne peut plus enjamber la baignoire, deux chutes ce mois-ci.", guideStep.CLIC, false},
		{"Mme J., 35 ans, paraplégique, PCH aide humaine en place, RQTH valide jusqu'en 2027. Son employeur parle de rupture.", guideStep.MDPH, true},
		{"M. D., 40 ans, hernie discale opérée deux fois, licencié pour inaptitude.", guideStep.MDPH, false},
		// BE, tuned on at the thirty-ninth round: an asylum claim the SPADA follows, a
		// request gone to the MDPH, a DALO priority, a job search the person no longer wants.
		{"Mme Y., enceinte de 6 mois, demande d'asile enregistrée, la SPADA suit son dossier ; aucune couverture maladie.", guideStep.AME, true},
		{"Mme Y., enceinte de 6 mois, demande d'asile enregistrée, la SPADA suit son dossier ; aucune couverture maladie.", guideStep.StayLaw, true},
		{"Mme Y., enceinte de 6 mois, sans titre de séjour depuis 2 ans ; aucune couverture maladie.", guideStep.AME, false},
		{"M. B., 45 ans, hernie discale, en arrêt ; la demande de RQTH est déjà partie à la MDPH en avril.", guideStep.MDPH, true},
		{"Mme S., 3 enfants, expulsion prévue le 15 ; reconnue prioritaire DALO en janvier mais aucune proposition.", guideStep.SocialHousing, true},
		{"Mme S., 3 enfants, expulsion prévue le 15 ; hébergée chez sa sœur depuis.", guideStep.SocialHousing, false},
		{"M. F., 58 ans, fin d'ARE le mois prochain. Ne veut plus chercher de travail « à mon âge ».", guideStep.FranceTravail, true},
		{"M. F., 58 ans, fin d'ARE le mois prochain, il cherche du travail dans la logistique.", guideStep.FranceTravail, false},
		// A guideStep.SocialHousing housing request whose number is held, nothing else to do (BC).
		{"Mme C., 44 ans, venue pour sa demande HLM en ligne : n° unique obtenu, rien d'autre à faire là-dessus.", guideStep.SocialHousing, true},
		{"Mme C., 44 ans, vit avec ses 2 ados dans un T2 trop petit, voudrait un HLM.", guideStep.SocialHousing, false},
	})
}

// TestAsksAgainFortiethRound: a residence status told by what its loss would bring is held, a
// file the note says there is nothing to chase is made, and neither a job contract's end nor a
// household without children troubles what a sentence names (BG, BH and BF, tuned on).
func TestAsksAgainFortiethRound(t *testing.T) {
	checkAsksAgain(t, []asksAgainCase{
		{"M. S., 29 ans, sa carte de séjour expire le 15/06 et il n'a rien fait ; sans titre valide il risque de perdre sa place.", guideStep.AME, true},
		{"M. D., 34 ans, son titre de séjour se termine le mois prochain ; son patron dit que sans papiers à jour il devra arrêter.", guideStep.AME, true},
		{"M. S., 29 ans, sans titre de séjour depuis 2 ans, n'a vu aucun médecin.", guideStep.AME, false},
		{"Mme L., 44 ans, SEP : 1re demande RQTH + AAH, dossier complet transmis à l'EPE, rien à relancer.", guideStep.MDPH, true},
		{"Mme L., 44 ans, SEP diagnostiquée en 2021, n'a jamais fait de demande à la MDPH.", guideStep.MDPH, false},
		// The end of a job contract is no trouble of the registration.
		{"M. T., 41 ans. Fin de CDD en décembre, ARE 980 €/mois, inscrit à France Travail et suivi par Cap emploi.", guideStep.FranceTravail, true},
		{"M. T., 41 ans. Fin de CDD en décembre, il n'est plus inscrit à France Travail.", guideStep.FranceTravail, false},
		// A household told by what it lacks is no trouble of the help the sentence names.
		{"Mme V., 85 ans, sans enfant, 15 h APA/mois. Elle a signé trois bons de commande à des démarcheurs.", guideStep.APA, true},
	})
}

// What the forty-first round read as not the person's or done: each rule with a note it holds
// for and one it does not.
func TestAsksAgainFortyFirstRound(t *testing.T) {
	checkAsksAgain(t, []asksAgainCase{
		// The rights that ask a regular stay are not for a person with none.
		{"Mme D., 27 ans, ivoirienne, en France depuis 8 mois, sans titre de séjour, hébergée chez une compatriote.", guideStep.SocialHousing, true},
		{"Mme D., 27 ans, ivoirienne, sans titre de séjour, aucun revenu.", guideStep.RSA, true},
		{"M. A., 41 ans, débouté de sa demande d'asile en 2022, aucun revenu.", guideStep.C2S, true},
		{"Mme D., 27 ans, ivoirienne, carte de résident, hébergée chez une compatriote.", guideStep.SocialHousing, false},
		{"M. S. Rachid, 47 ans, arrivé en 2022 avec un visa touristique, il est resté depuis sans aucune démarche de ce côté-là ; diabétique, plus d'insuline.", guideStep.PUMa, true},
		{"M. S. Rachid, 47 ans, arrivé en 2022 avec un visa étudiant, carte de séjour pluriannuelle depuis ; diabétique, jamais vu de médecin ici.", guideStep.PUMa, false},
		// Papers that are not a stay's.
		{"M. X., 42 ans, sorti de détention, sans papier d'identité (perdue), aucun revenu.", guideStep.RSA, false},
		{"M. F., 61 ans : il n'a plus aucun papier de cette époque et ses droits ARE s'arrêtent fin juillet.", guideStep.RSA, false},
		// A title that expires is the renewal step's premise, no trouble of the renewal filed.
		{"M. B., 38 ans, titre de séjour 1 an qui expirait le 30/05 : renouvellement déposé sur l'ANEF le 12/04, attestation de prolongation d'instruction téléchargée.", guideStep.Renewal, true},
		{"Titre de séjour étudiant qui expire le 20/04, rien déposé sur l'ANEF pour l'instant.", guideStep.Renewal, false},
		{"Sa carte de séjour expire le 15/05 et il n'a rien fait encore.", guideStep.Renewal, false},
		{"M. et Mme K., 61 et 59 ans, assignation pour 6 000 € de loyers impayés. Le FSL leur a été refusé en mars.", guideStep.FSL, true},
		{"M. et Mme K., 61 et 59 ans, assignation pour 6 000 € de loyers impayés, aucune aide demandée.", guideStep.FSL, false},
		// A person with no family has no one to inform of a protection measure.
		{"M. F., 79 ans, désorienté, MMS 16/30. Vit seul, veuf, pas d'enfant ni de famille connue ; un « ami » garde sa CB.", guideStep.FamilyInformed, true},
		{"Mme T., 78 ans, Alzheimer ; un « neveu » garde sa carte bleue. Elle n'a pas d'autre famille.", guideStep.FamilyInformed, true},
		{"M. J., 81 ans, sans enfant, troubles de mémoire. Seul parent : un neveu à Marseille, très inquiet.", guideStep.FamilyInformed, false},
		{"M. T., 78 ans, troubles cognitifs. Seul parent, un neveu à Brest joint le 09/05 : informé de la possibilité de demander une mesure de protection au juge, il refuse de s'en occuper.", guideStep.FamilyInformed, true},
		// A repayment plan the landlord refused was tried; an appeal the lawyer filed is in hand.
		{"M. B., 24 ans, 5 mois d'impayés. Le propriétaire a refusé en février l'échéancier que je lui avais proposé ; assignation reçue le 10/04.", guideStep.RepaymentPlan, true},
		{"M. B., 24 ans, 5 mois d'impayés, aucun contact avec le propriétaire ; assignation reçue le 10/04.", guideStep.RepaymentPlan, false},
		{"M. H., 27 ans, titre étudiant non renouvelé avec OQTF ; son avocat (AJ obtenue) a déposé un recours au TA, on attend.", guideStep.StayLaw, true},
		{"M. H., 27 ans, titre étudiant non renouvelé avec OQTF en juin, il ne sait pas quoi faire.", guideStep.StayLaw, false},
	})
}

// What the forty-second round read as refused, held or not the person's: each rule with a note it
// holds for and one it does not.
func TestAsksAgainFortySecondRound(t *testing.T) {
	respite := "Pour la personne aidée, solliciter l'accueil de jour ou l'hébergement temporaire afin d'offrir du répit à l'aidant ; l'APA peut en financer une partie."
	food := "Pour l'aide alimentaire, orienter vers l'épicerie solidaire de Valmont ou les distributions des associations partenaires, avec une fiche d'orientation remplie par le travailleur social."
	checkAsksAgain(t, []asksAgainCase{
		// "Pas question de" refuses what follows; "ne veut pas en entendre parler" what came before.
		{"Mme C., 58 ans, s'occupe seule de son fils polyhandicapé. Pas question pour elle d'un accueil pour lui, ni de jour ni temporaire.", respite, true},
		{"Mme C., 58 ans, s'occupe seule de son fils polyhandicapé, dort trois heures par nuit.", respite, false},
		{"M. K., 45 ans, dort dehors ; pas question de foyer pour lui, en revanche il prendrait un petit logement.", guideStep.Night, true},
		{"M. K., 45 ans, dort dehors depuis une semaine, il a froid.", guideStep.Night, false},
		{"Mme T., 47 ans, en invalidité. L'AAH a été évoquée par son MT, elle ne veut pas en entendre parler pour l'instant.", guideStep.MDPH, true},
		{"Mme T., 47 ans, en invalidité. L'AAH a été évoquée par son MT, elle voudrait savoir comment faire.", guideStep.MDPH, false},
		// Eating at a charity's table is the food aid held.
		{"T. Marek, 29 ans, a perdu sa place de cariste en mai. Il mange aux Restos du cœur le mardi et le vendredi, ça lui suffit.", food, true},
		{"T. Marek, 29 ans, a perdu sa place de cariste en mai, n'a plus un centime, son frigo est vide.", food, false},
		{"M. R., 52 ans, sans revenu depuis mars ; il a mangé aux Restos du cœur la semaine dernière 'mais ils ferment l'été'.", food, false},
		// Sick pay told as all that is left is an income held: above the RSA of a person alone.
		{"Mme G., 56 ans, en arrêt depuis 10 mois, elle ne touche plus que les IJ : 1 140 € au lieu de 1 720 €. Loyers de mars et avril non réglés.", guideStep.RSA, true},
		{"Mme G., 56 ans, en arrêt depuis 10 mois, ne touche plus rien depuis mars. Loyers de mars et avril non réglés.", guideStep.RSA, false},
	})
}

// What the forty-third round read as not yet the person's or done: each rule with a note it
// holds for and one it does not.
func TestAsksAgainFortyThirdRound(t *testing.T) {
	protection := "Lorsqu'une personne ne peut plus pourvoir seule à ses intérêts en raison d'une altération de ses facultés médicalement constatée, informer sa famille de la possibilité de demander au juge des contentieux de la protection une mesure de protection (sauvegarde de justice, curatelle, tutelle)."
	checkAsksAgain(t, []asksAgainCase{
		// The AME's three months of presence.
		{"B. Aymen, 20 ans, tunisien, arrivé par l'Italie il y a 5 semaines, sans papiers ; abcès dentaire.", guideStep.AME, true},
		{"M. Y., 23 ans, guinéen, arrivé en France il y a 2 mois, aucun papier, < 3 mois de présence donc pas encore d'AME.", guideStep.AME, true},
		{"B. Aymen, 20 ans, tunisien, arrivé par l'Italie il y a 8 mois, sans papiers ; abcès dentaire.", guideStep.AME, false},
		// A hearing not set yet is the request's wait, no trouble of it.
		{"Mme P., 69 ans, Alzheimer. M. P. a déposé en mars une demande d'habilitation familiale au tribunal pour gérer les comptes de sa femme, audience pas encore fixée.", protection, true},
		{"Mme P., 69 ans, Alzheimer. M. P. voudrait gérer les comptes de sa femme mais ne sait pas à qui s'adresser.", protection, false},
	})
}

// asksAgainCase is a note, a step of the demo guide, and whether the note already has what the
// step asks (asksAgain).
type asksAgainCase struct {
	note, step string
	again      bool
}

func checkAsksAgain(t *testing.T, tests []asksAgainCase) {
	t.Helper()
	for _, tt := range tests {
		if got := caseReading(t, tt.note).asksAgain(tt.step); got != tt.again {
			t.Errorf("asksAgain = %v, want %v\nnote: %s\nstep: %s", got, tt.again, tt.note, tt.step)
		}
	}
}

// What the forty-fourth round read as not the person's: each rule with a note it holds for and
// one it does not.
func TestAsksAgainFortyFourthRound(t *testing.T) {
	siaoInsertion := "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO du département."
	checkAsksAgain(t, []asksAgainCase{
		// A social housing request is for a home sought, lacking or to leave.
		{"M. et Mme T., T4 privé, dette de loyer de 3 870 € (8 mois), plan d'apurement signé en 2023 jamais tenu, plusieurs crédits renouvelables.", guideStep.SocialHousing, true},
		{"Mme L., 29 ans, hébergée chez sa sœur avec ses 2 enfants dans un T2, loyer de sa sœur impayé depuis mars.", guideStep.SocialHousing, false},
		{"Mme E., 63 ans, veuve, seule dans un T4, n'a pas pu payer le loyer de mai et voudrait un logement plus petit.", guideStep.SocialHousing, false},
		{"Mme A., 31 ans, locataire d'un T3 privé, deux loyers de retard : les murs de la chambre des petits sont noirs, l'eau ruisselle sur les fenêtres.", guideStep.SocialHousing, false},
		{"M. R., 45 ans, et sa famille vivent à six dans 24 m², deux mois de loyer en retard.", guideStep.SocialHousing, false},
		// An old person whose faculties fail is protected first, before volunteers visit her.
		{"Mme B., 84 ans, veuve, vit seule, troubles cognitifs selon son médecin ; un « ami » l'accompagne au distributeur chaque semaine.", guideStep.Volunteers, true},
		{"M. T., 79 ans, veuf, vit seul, s'est perdu deux fois en rentrant du marché, ne voit plus personne.", guideStep.Volunteers, true},
		{"M. T., 79 ans, veuf, vit seul depuis l'an dernier, ne sort plus, ne voit plus personne depuis que sa voisine a déménagé.", guideStep.Volunteers, false},
		// Nothing left to review is nothing left to do; refusing all collective shelter refuses
		// the SIAO's insertion request.
		{"M. Z., 23 ans, autiste. AAH et RQTH notifiées jusqu'en 2028, rien à revoir de ce côté.", guideStep.MDPH, true},
		{"M. Z., 23 ans, autiste. AAH et RQTH notifiées jusqu'en 2028, mais la RQTH est à revoir.", guideStep.MDPH, false},
		{"M. H., 56 ans, à la rue depuis 2021. Refuse catégoriquement le 115 et tout collectif (« trop de vols »), dort sous tente.", siaoInsertion, true},
		{"M. H., 56 ans, à la rue depuis 2021. Refuse catégoriquement le 115 (« trop de vols »), dort sous tente.", siaoInsertion, false},
	})
}

// What the forty-fifth round read as done, refused or not the person's, from the readers of
// batches BO and BP: each rule with a note it holds for and one it does not.
func TestAsksAgainFortyFifthRound(t *testing.T) {
	siaoInsertion := "Lorsque la demande d'hébergement dépasse l'urgence, remplir la demande SIAO d'insertion avec la personne et la transmettre au SIAO du département."
	missionLocale := "Pour un jeune de 16 à 25 ans sans emploi ni formation, orienter vers la mission locale, qui peut proposer le contrat d'engagement jeune (CEJ)."
	checkAsksAgain(t, []asksAgainCase{
		// A shelter the night's line found is the call made.
		{"Appel 22h, M. B., 45 ans, mis à la porte lundi par sa compagne. PEC ce soir au CHU de la rue Carnot, 5 nuits renouvelables.", guideStep.Night, true},
		{"Famille S., 2 enfants, arrivée ce soir en gare. Nuitée hôtel obtenue pour 2 nuits.", guideStep.Night, true},
		{"Appel 22h, M. B., 45 ans, mis à la porte lundi par sa compagne, aucune place ce soir, rappellera demain.", guideStep.Night, false},
		// An apprentice is in training; one whose contract was broken off is not.
		{"Lucas, 19 ans, apprenti maçon en CAP, mis à la porte par son père.", missionLocale, true},
		{"Lucas, 19 ans, plus rien depuis la rupture de son contrat d'apprentissage en mars.", missionLocale, false},
		// An asylum seeker's shelter is the national reception scheme's.
		{"M. et Mme K., géorgiens, arrivés il y a 4 jours, veulent demander l'asile, RDV SPADA demain.", siaoInsertion, true},
		{"M. K., 30 ans, débouté de sa demande d'asile en 2023, dort chez un compatriote.", siaoInsertion, false},
		// A minor put out is the children's aid's to shelter.
		{"Appel de Léa, 15 ans, sa mère l'a mise dehors ce soir, ne sait pas où dormir.", guideStep.Night, true},
		{"Appel de Léa, 15 ans : sa mère et elle dorment dans la voiture depuis l'expulsion.", guideStep.Night, false},
		// A refusal told again, a right written down as "ok", a month's end, an FSL refused.
		{"M. J., 50 ans, sous tente. Refuse encore toute proposition d'hébergement (ses chiens).", siaoInsertion, true},
		{"M. L., 44 ans, RSA, sevrage en cours. C2S ok.", guideStep.C2S, true},
		{"M. L., 44 ans, RSA, sevrage en cours. C2S pas ok, à refaire.", guideStep.C2S, false},
		{"Mme E., 88 ans, GIR 2, rentrée de l'hôpital, SSIAD en place, révision de l'APA demandée fin février.", guideStep.APA, true},
		{"Mme F., 58 ans, dette de 4 800 €, l'AS a déjà saisi la CCAPEX et le FSL (refusé, dette trop élevée).", guideStep.FSL, true},
	})
}

// What the forty-sixth round read as done, refused or not the person's: each rule with a note
// it holds for and one it does not.
func TestAsksAgainFortySixthRound(t *testing.T) {
	checkAsksAgain(t, []asksAgainCase{
		// A landlord's "PA" signed or accepted is the repayment plan made; the family judge's
		// "PA" fixed is a maintenance allowance.
		{"Point dossier M. et Mme A. Dette 2 150 €. PA signé le 02/05 à 60 €/mois, 1re échéance honorée.", guideStep.RepaymentPlan, true},
		{"Mme H., dette locative 1 020 € depuis novembre, PA à 40 €/mois accepté au tél.", guideStep.RepaymentPlan, true},
		{"Mme H., 2 enfants, PA de 200 €/mois fixée par le JAF en 2021, M. ne paie plus ; 2 loyers de retard.", guideStep.RepaymentPlan, false},
		// A measure of protection in place was asked for; a relative asking whether to is not.
		{"Mme H.B., 44 ans, sous curatelle renforcée (UDAF, mandataire Mme P.). Dette de 860 € liée au retard de versement pendant le changement de mandataire.", guideStep.FamilyInformed, true},
		{"M. C., 48 ans, curatelle simple depuis février, suite à un AVC en 2024.", guideStep.FamilyInformed, true},
		{"Sa fille demande s'il faudrait « le mettre sous tutelle » : il oublie de manger, ne reconnaît plus ses voisins.", guideStep.FamilyInformed, false},
		// Help at home refused is what the APA would pay for.
		{"M. G., 78 ans, vit seul, ne veut « personne chez lui, ni aide ménagère ». Il a refusé aussi le portage de repas.", guideStep.APA, true},
		{"M. G., 78 ans, vit seul, ne se lave plus, accepterait une aide ménagère.", guideStep.APA, false},
		// A file for over-indebtedness admitted is filed, whatever is awaited; "pas été signé"
		// is no "PA" signed.
		{"Mme U.S., 50 ans. Dossier de surendettement recevable (BDF, 04/04), dette locative incluse, mesures en attente.", guideStep.DurableDebt, true},
		{"Crédits en retard. Aucun dossier Banque de France déposé, ils ne savaient pas que c'était possible.", guideStep.DurableDebt, false},
		{"Trois mois de retard ; l'échéancier n'a pas été signé par le propriétaire.", guideStep.RepaymentPlan, false},
		// The State medical aid is for a stay without a right to.
		{"M. J., 63 ans, maçon, demande comment partir à la retraite. Pas d'internet, pas d'adresse mail, pas de smartphone.", guideStep.AME, true},
		{"Mme A., 33 ans, nigériane, demande rejetée par la CNDA en juin, plus de titre depuis.", guideStep.AME, false},
		{"Aliou, 19 ans, guinéen, en France depuis 6 mois environ, aucun papier. Plaie au talon.", guideStep.AME, false},
	})
	// Teenagers counted are the person's children, not a young person; an age then "retraité"
	// is a retirement.
	for note, young := range map[string]bool{
		"Mme T. sans emploi, 2 ados au collège.":           false,
		"Mme L., 44 ans, seule avec ses deux adolescents.": false,
		"Kevin, ado de 17 ans, sorti du lycée en mars.":    true,
	} {
		if got := speaksOfYouth(fold(note)); got != young {
			t.Errorf("young = %v for %q, want %v", got, note, young)
		}
	}
	leave := "Un salarié qui s'occupe d'un proche en perte d'autonomie ou handicapé peut demander à son employeur un congé de proche aidant et percevoir l'allocation journalière du proche aidant (AJPA), versée par la CAF."
	for note, want := range map[string]bool{
		"M. R.C., 61 ans, retraité, s'occupe seul de son épouse (Alzheimer). L'infirmière passe le matin.": false,
		"M. R.C., 61 ans, salarié à temps plein, s'occupe seul de son épouse (Alzheimer).":                 true,
	} {
		if got := caseReading(t, note).person.fitsWorker(fold(leave)); got != want {
			t.Errorf("fitsWorker(carer's leave) = %v for %q, want %v", got, note, want)
		}
	}
}

// What the forty-seventh round read as done, refused or not the person's: each rule with a note
// it holds for and one it does not.
func TestAsksAgainFortySeventhRound(t *testing.T) {
	checkAsksAgain(t, []asksAgainCase{
		// A promise of hire is a job found.
		{"M. Ba, 24 ans, promesse d'embauche en intérim à la ZI, horaires 5h-13h. Pas de permis, pas de voiture.", guideStep.MissionLocale, true},
		{"M. Ba, 24 ans, sans emploi depuis la fin de son CAP, pas de permis.", guideStep.MissionLocale, false},
		// A TISF at work in the family is the step's help, given.
		{"Famille T. : Mme, 31 ans, seule avec Enzo (9 ans) et Lina (3 ans), interv. TISF dans le cadre de l'AED.", guideStep.TISF, true},
		{"Mme T., 31 ans, seule avec Enzo (9 ans) et Lina (3 ans), dit qu'elle « ne sait plus faire » le soir.", guideStep.TISF, false},
		// A victim who would leave has not left; one who will not go home tonight has.
		{"Son compagnon garde sa carte bancaire. Elle voudrait partir avec la petite mais n'a nulle part où aller.", guideStep.Night, true},
		{"Son compagnon garde sa carte bancaire. Elle voudrait partir avec la petite mais n'a nulle part où aller.", guideStep.SIAO, true},
		{"Il l'a frappée hier soir. Elle voudrait partir, refuse de rentrer ce soir, nulle part où dormir.", guideStep.Night, false},
		// A file for over-indebtedness admitted, however the sentence tells it.
		{"Dossier de surendettement déjà déposé à la BDF en janvier, déclaré recevable le 14/02, elle attend la suite.", guideStep.DurableDebt, true},
		{"Dossier déposé à la Banque de France en janvier, déclaré recevable le 14/02 : relances suspendues.", guideStep.DurableDebt, true},
		{"Le dossier de surendettement a été déposé en avril avec l'AS de la CARSAT et il est recevable.", guideStep.DurableDebt, true},
		{"5 crédits conso, dossier de surendettement à déposer, il serait sans doute recevable.", guideStep.DurableDebt, false},
		// An energy bill unpaid is no rent owed.
		{"M. A., 29 ans, impayé élec 512 €. Intérimaire dans le BTP, plus de missions depuis décembre.", guideStep.RepaymentPlan, true},
		{"M. A., 29 ans, impayé de loyer 512 €. Intérimaire dans le BTP, plus de missions depuis décembre.", guideStep.RepaymentPlan, false},
		// The prefecture's appointment taken is the renewal asked for.
		{"M. K., 34 ans, carte de séjour 1 an qui expire le 30/05. RDV préfecture déjà pris en ligne pour le 12/05.", guideStep.Renewal, true},
		{"M. K., 34 ans, carte de séjour 1 an qui expire le 30/05. N'arrive pas à avoir de RDV en préfecture.", guideStep.Renewal, false},
		// A shelter's place refused, in a note's subjectless past.
		{"Sorti de détention le 02/04, chez un ami pour deux semaines. A refusé la place en CHRS qu'on lui a proposée (à 40 km).", guideStep.SIAO, true},
		{"Sorti de détention le 02/04, chez un ami pour deux semaines. A visité le CHRS à 40 km, il hésite.", guideStep.SIAO, false},
		// Help at home told in shorthand is help at home in place.
		{"L'APA de Monique est déjà en place depuis mars (aide à dom 2h/sem), ça c'est réglé.", guideStep.CLIC, true},
		{"Monique, 77 ans, ne peut plus se laver seule ; son mari la lave, aucune aide à dom.", guideStep.CLIC, false},
	})
}

// What the forty-eighth round read as done or not the person's (BW–CH's readers and authors):
// each rule with a note it holds for and one it does not.
func TestAsksAgainFortyEighthRound(t *testing.T) {
	checkAsksAgain(t, []asksAgainCase{
		// A work-integration workshop's employee has a job, until the contract ends.
		{"M. L.G., 42 ans, CDDI bâtiment. L'ETI le retire du chantier pour alcoolisation, suivi au CSAPA.", guideStep.FranceTravail, true},
		{"M. E.C., 46 ans, CDDI espaces verts, fin de parcours le 31/07, cherche un emploi dans le paysage.", guideStep.FranceTravail, false},
		// A person past the pension's age whose pension was never asked for.
		{"M. J., 62 ans, seul, fin de droits chômage en mars, plus aucun revenu. N'a pas demandé sa retraite.", guideStep.FranceTravail, true},
		{"M. J., 52 ans, seul, fin de droits chômage en mars, plus aucun revenu, cherche du travail.", guideStep.FranceTravail, false},
		// A renewal filed whose proof came, even mislaid, is no question of law.
		{"Son titre de séjour finit le 20/12. Renouvellement fait sur internet en octobre, j'ai reçu un PDF de prolongation mais je ne retrouve plus le mail. La CAF va arrêter l'APL.", guideStep.StayLaw, true},
		{"Il a fait la demande de renouvellement sur internet en décembre, il avait reçu un papier à imprimer mais ne le retrouve plus. La CAF a arrêté l'APL.", guideStep.StayLaw, true},
		{"Son titre de séjour finit le 20/12. Il a eu un refus de renouvellement et une OQTF, il a reçu un papier de la préfecture.", guideStep.StayLaw, false},
		// A housing officer's "DLS" is the social housing request.
		{"Mme O., 45 ans, et son fils de 15 ans, hébergés chez sa mère dans un T2. DLS déposée le 04/11/2020, renouvelée chaque année.", guideStep.SocialHousing, true},
		{"Mme O., 45 ans, et son fils de 15 ans, hébergés chez sa mère dans un T2 depuis sa séparation, aucune demande faite.", guideStep.SocialHousing, false},
		// A repayment plan the household had, told in the past.
		{"M. K., 47 ans. L'AS avait fait un plan d'apurement avec Valmont Habitat en janvier mais il n'a pas pu tenir les mensualités.", guideStep.RepaymentPlan, true},
		{"Mme F., 46 ans, elle avait un échéancier avec l'agence depuis janvier mais n'a pas pu payer avril et mai.", guideStep.RepaymentPlan, true},
		{"M. K., 47 ans, loyer de mars impayé, premier retard ; il n'a encore rien dit au bailleur.", guideStep.RepaymentPlan, false},
		// A renewal's file filed at the MDPH is the file made; one not filed is not.
		{"Mme L. D., 20 ans, surdité, RQTH valable jusqu'au 31/05. Dossier de renouvellement déposé à la MDPH le 12/02.", guideStep.MDPH, true},
		{"M. G., 45 ans, AAH jusqu'au 31/08. Formulaire MDPH de renouvellement rempli ensemble le 14/05.", guideStep.MDPH, true},
		{"M. G., 45 ans, PCH jusqu'au 30/06 ; le renouvellement n'a pas été déposé à la MDPH, il pensait que c'était automatique.", guideStep.MDPH, false},
		// Help at home refused without an article, or by a stressed pronoun after another's wish.
		{"M. N., 88 ans, vit seul, ne peut plus fendre son bois. Refuse catégoriquement aide à domicile et portage de repas.", guideStep.CLIC, true},
		{"M. R., 79 ans. Sa fille voudrait qu'il ait quelqu'un pour le ménage ; lui refuse toute aide à domicile.", guideStep.CLIC, true},
		{"M. R., 79 ans, ne peut plus faire son ménage ni ses repas ; sa fille voudrait qu'il ait quelqu'un, il est d'accord.", guideStep.CLIC, false},
		// A mother hit before her children: the prosecutor's referral is a child's in danger itself.
		{"Mme N., 36 ans. Son conjoint la frappe depuis 2 ans ; hier soir il l'a menacée avec un couteau devant les enfants (4 et 9 ans).", guideStep.Prosecutor, true},
		{"Enzo, 12 ans : marques rouges dans le dos, son beau-père l'a frappé hier soir avec une ceinture, il a peur de rentrer.", guideStep.Prosecutor, false},
		{"Son conjoint la frappe devant les enfants et a aussi frappé son fils hier soir, qui a un bleu à la joue.", guideStep.Prosecutor, false},
	})
}
