package storetest

import (
	"reflect"
	"testing"

	"github.com/socle-project/socle"
)

func testGlossary(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "glossary")
	ase := socle.GlossaryEntry{OrgID: org.ID, Term: " ASE ", Expansions: []string{"aide sociale à l'enfance", " "}, Note: "département"}
	must(t, "PutGlossaryEntry", s.PutGlossaryEntry(bg, &ase))
	if ase.Term != "ASE" || len(ase.Expansions) != 1 || ase.UpdatedAt.IsZero() {
		t.Fatalf("PutGlossaryEntry did not normalize: %+v", ase)
	}
	must(t, "PutGlossaryEntry(CER)", s.PutGlossaryEntry(bg, &socle.GlossaryEntry{OrgID: org.ID, Term: "CER", Expansions: []string{"contrat d'engagements réciproques"}}))
	got, err := s.GlossaryEntry(bg, org.ID, "ase")
	must(t, "GlossaryEntry", err)
	if !reflect.DeepEqual(got, ase) {
		t.Fatalf("GlossaryEntry: got %+v, want %+v", got, ase)
	}

	replaced := socle.GlossaryEntry{OrgID: org.ID, Term: "Ase", Expansions: []string{"aide sociale à l'enfance", "protection de l'enfance"}}
	must(t, "PutGlossaryEntry(replace)", s.PutGlossaryEntry(bg, &replaced))
	all, err := s.Glossary(bg, org.ID)
	must(t, "Glossary", err)
	if len(all) != 2 || socle.GlossaryKey(all[0].Term) != "ASE" || len(all[0].Expansions) != 2 || all[1].Term != "CER" {
		t.Fatalf("Glossary: got %+v, want the replaced ASE then CER", all)
	}

	wantKind(t, "PutGlossaryEntry without expansion", s.PutGlossaryEntry(bg, &socle.GlossaryEntry{OrgID: org.ID, Term: "RSA"}), socle.EINVALID)
	wantKind(t, "PutGlossaryEntry without term", s.PutGlossaryEntry(bg, &socle.GlossaryEntry{OrgID: org.ID, Expansions: []string{"x"}}), socle.EINVALID)
	must(t, "DeleteGlossaryEntry", s.DeleteGlossaryEntry(bg, org.ID, "cer"))
	_, err = s.GlossaryEntry(bg, org.ID, "CER")
	wantKind(t, "GlossaryEntry(deleted)", err, socle.ENOTFOUND)
	wantKind(t, "DeleteGlossaryEntry(missing)", s.DeleteGlossaryEntry(bg, org.ID, "CER"), socle.ENOTFOUND)
}
