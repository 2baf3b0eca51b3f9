package plan

import (
	"strings"
	"testing"
)

func TestStandsAlone(t *testing.T) {
	tests := []struct {
		name, text, sentence string
		want                 bool
	}{
		{"prose", "Le bailleur peut saisir le juge. Contactez l'ADIL de votre département pour un conseil gratuit.",
			"Contactez l'ADIL de votre département pour un conseil gratuit.", true},
		{"item of conditions", "Le versement du RSA peut être suspendu dans les cas suivants :\nVous ne respectez pas votre contrat\nVous refusez de vous soumettre aux contrôles prévus.",
			"Vous refusez de vous soumettre aux contrôles prévus.", false},
		{"item of a description", "La mission locale offre les services suivants :\nRepérer et accueillir le jeune\nSoutenir le jeune dans sa recherche d'emploi et d'une formation",
			"Soutenir le jeune dans sa recherche d'emploi et d'une formation", false},
		{"item of an instruction", "Vous devez fournir les pièces suivantes :\nVotre avis d'imposition\nFournir une attestation de la CAF.",
			"Fournir une attestation de la CAF.", true},
		{"item of a bare label", "Étapes :\n- Vérifier l'ouverture des droits au RSA.\n- Orienter vers le CCAS.",
			"Orienter vers le CCAS.", true},
		{"how to apply among the conditions", "Conditions :\nAvoir entre 16 et 25 ans\nFaire votre demande d'accompagnement auprès de votre Mission Locale",
			"Faire votre demande d'accompagnement auprès de votre Mission Locale", true},
		{"condition among the conditions", "Conditions :\nToucher une pension alimentaire d'un montant inférieur à celui de l'ASF.",
			"Toucher une pension alimentaire d'un montant inférieur à celui de l'ASF.", false},
		{"a list ends at a heading of the text", "Pièces :\nUn justificatif\nRécépissés de demande\nCette prolongation est automatique. Elle prolonge les droits.\nVous recevez un récépissé valable 3 mois.",
			"Vous recevez un récépissé valable 3 mois.", true},
		{"prose after a list", "Elle mesure les capacités de la personne à accomplir :\n10 activités corporelles,\net 7 activités domestiques.\nLa grille est intégrée à un référentiel qui permet d'élaborer le plan d'aide.",
			"La grille est intégrée à un référentiel qui permet d'élaborer le plan d'aide.", true},
		{"items under a heading without its colon", "Activités évaluées\nActivités corporelles et mentales (dites discriminantes)\nCommuniquer verbalement avec les autres\nSe lever, se coucher, s'asseoir",
			"Se lever, se coucher, s'asseoir", false},
		{"the first item under a heading without its colon", "Activités évaluées\nActivités corporelles et mentales (dites discriminantes)\nCommuniquer verbalement avec les autres\nSe lever, se coucher, s'asseoir",
			"Communiquer verbalement avec les autres", false},
		{"items under a label of things to do", "Les démarches à effectuer\nAppeler le 115\nDemander une domiciliation au CCAS",
			"Demander une domiciliation au CCAS", true},
		{"prose under a long heading", "Les droits du locataire en cas de vente du logement\nVous pouvez acheter le logement en priorité.",
			"Vous pouvez acheter le logement en priorité.", true},
		{"heading line", "Il reçoit les convocations.\nAccompagner le mineur aux auditions\nL'adulte approprié peut accompagner le mineur lors de ses auditions ou interrogatoires si l'autorité estime",
			"Accompagner le mineur aux auditions", false},
		{"an item is not a heading", "Démarches :\nAppeler le 115\nDemander une domiciliation au CCAS de la commune où vous résidez.",
			"Appeler le 115", true},
		{"cut sentence", "Un diplôme de niveau master\nobtenu dans l'année (vous pouvez le présenter plus tard).",
			"obtenu dans l'année (vous pouvez le présenter plus tard).", false},
		{"cut in the middle of a line", "Vous devez présenter le diplôme, obtenu dans l'année. puis le titre.",
			"puis le titre.", false},
		{"consequence", "Vous pouvez rester inscrit à Pôle emploi. Vous serez alors classé dans la catégorie 4.",
			"Vous serez alors classé dans la catégorie 4.", false},
		{"demonstrative", "Vous recevez un récépissé. Ce document vous permet de séjourner en France.",
			"Ce document vous permet de séjourner en France.", false},
		{"continuation", "La banque vous écrit. De plus, un rendez-vous doit vous être proposé dans les 6 semaines.",
			"De plus, un rendez-vous doit vous être proposé dans les 6 semaines.", false},
		{"what it is, in the sentence before", "Votre pension peut être majorée. Pour le savoir, il convient de se renseigner auprès de sa caisse de retraite.",
			"Pour le savoir, il convient de se renseigner auprès de sa caisse de retraite.", false},
		{"a contrast that says what it is about", "L'ARE n'est pas versée. Toutefois, après 121 jours de chômage, vous pouvez demander le réexamen de votre situation.",
			"Toutefois, après 121 jours de chômage, vous pouvez demander le réexamen de votre situation.", true},
		{"label and value", "Pièces à fournir\nTimbre fiscal\u00a0: 30\u00a0€ ( achat en ligne )\nTout document justifiant l'urgence.",
			"Timbre fiscal\u00a0: 30\u00a0€ ( achat en ligne )", false},
		{"a colon in an instruction", "Appeler le 3919 : la ligne est gratuite et anonyme.",
			"Appeler le 3919 : la ligne est gratuite et anonyme.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.text, tt.sentence)
			if start < 0 {
				t.Fatalf("sentence not in text")
			}
			if got := standsAlone(tt.text, start, start+len(tt.sentence)); got != tt.want {
				t.Errorf("standsAlone(%q) = %v, want %v", tt.sentence, got, tt.want)
			}
		})
	}
}

func TestIsHeading(t *testing.T) {
	path := []string{"Les allocations logement sont-elles maintenues ?", "Elle est versée au locataire", "Procédure"}
	headings := foldHeadings(path)
	if !isHeading(fold("Elle est versée au locataire"), headings) || !isHeading(fold("Elle est versée au locataire."), headings) {
		t.Error("a heading repeated in the text was taken for a step")
	}
	if isHeading(fold("Elle est versée au locataire tant que le plan est respecté."), headings) {
		t.Error("a sentence that develops its heading was taken for the heading")
	}
}
