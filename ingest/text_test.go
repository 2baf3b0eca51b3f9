package ingest

import (
	"context"
	"strings"
	"testing"
)

// TestTextBreadcrumbs states how plain text whose cases each open on their own breadcrumb (the
// service-public fiches, one file per case, joined into one document) is read: each breadcrumb
// starts its case again under the document's title, and a heading the breadcrumb already holds
// goes back to its level.
func TestTextBreadcrumbs(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // each section's path, joined with " > "
	}{
		{"cases joined in one file",
			"Aide au logement\n\nAccédant\n\nDémarche\n\nCas général\nVotre demande doit être faite en ligne.\n\n" +
				"Accédant\n\nDémarche\n\nRégime agricole\nVotre demande doit être faite par courrier.\n\n" +
				"Location\n\nDémarche\n\nCas général\nVotre demande doit être faite en ligne aussi.\nEn ligne\nVous devez vous connecter à votre compte.",
			[]string{
				"Aide au logement > Accédant > Démarche > Cas général",
				"Aide au logement > Accédant > Démarche > Régime agricole",
				"Aide au logement > Location > Démarche > Cas général",
				"Aide au logement > Location > Démarche > Cas général > En ligne",
			}},
		{"a case without text, then its sibling",
			"Volontariats\n\nVolontaire majeur\n\nIndemnisation\n\nEn ligne\n\nVolontaire majeur\n\nIndemnisation\n\nPar téléphone\nAppelez le 3949 du lundi au vendredi.",
			[]string{"Volontariats > Volontaire majeur > Indemnisation > Par téléphone"}},
		{"a fiche named like its dossier keeps both",
			"Fonction publique\n\nRestructuration\n\nRestructuration\nUn service peut être restructuré.",
			[]string{"Fonction publique > Restructuration > Restructuration"}},
		{"a list set apart by blank lines is not a breadcrumb",
			"Aide au logement\n\nDémarche\nVous devez fournir les pièces suivantes :\n\nCopie de votre carte d'identité\n\nRelevé d'identité bancaire\nAttestation d'emprunt remise par votre banque",
			[]string{"Aide au logement > Démarche"}},
		{"short lines not followed by prose are not a breadcrumb",
			"Aide au logement\n\nDémarche\nVous pouvez écrire à :\n\nCaf de la Somme\n\n2 rue de la Gare\n80000 Amiens",
			[]string{"Aide au logement > Démarche"}},
		{"numbered steps are not a breadcrumb", // the last one, with prose under it, is an outline heading as before
			"Recours\n\nCas général\nVous devez suivre les étapes suivantes.\n\n1. Faire un recours amiable\n\n2. Saisir la commission\nLa commission répond en deux mois.",
			[]string{"Recours > Cas général", "Recours > Cas général > 2. Saisir la commission"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := File(context.Background(), "fiche.txt", []byte(tt.text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range doc.Sections {
				got = append(got, strings.Join(s.Path, " > "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
