package pseudonym

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// secrets are the originals of the mapping made by leakyMapping; none may show in any rendering.
var secrets = []string{"Sophie", "Martin", "06 12 34 56 78", "sophie@example.org", "1 85 05 78 006 084 36", "Lilas"}

func leakyMapping(t *testing.T) *Mapping {
	t.Helper()
	p := newTestPseudonymizer(t)
	m := &Mapping{}
	_, err := p.Pseudonymize("Mme Sophie Martin, 06 12 34 56 78, sophie@example.org, NIR 1 85 05 78 006 084 36, au 12 rue des Lilas.", m)
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != 5 {
		t.Fatalf("got %d entities, want 5", m.Len())
	}
	return m
}

func TestMappingRevealsNothing(t *testing.T) {
	m := leakyMapping(t)
	type holder struct {
		Name    string
		Mapping *Mapping
		Value   Mapping
		private *Mapping
	}
	h := holder{Name: "case", Mapping: m, private: m}
	if _, err := newTestPseudonymizer(t).Pseudonymize("Mme Sophie Martin", &h.Value); err != nil {
		t.Fatal(err)
	}
	renderings := map[string]func() (string, error){}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %v"} {
		renderings["fmt "+verb] = func() (string, error) { return fmt.Sprintf(verb, m, m), nil }
		// A struct holding a Mapping by value is printed field by field through reflection.
		renderings["fmt struct "+verb] = func() (string, error) { return fmt.Sprintf(verb, &h, &h), nil }
	}
	renderings["String"] = func() (string, error) { return m.String(), nil }
	renderings["json pointer"] = func() (string, error) { b, err := json.Marshal(m); return string(b), err }
	renderings["json struct"] = func() (string, error) { b, err := json.Marshal(&h); return string(b), err }
	renderings["json in a map"] = func() (string, error) { b, err := json.Marshal(map[string]any{"m": m}); return string(b), err }
	renderings["text"] = func() (string, error) { b, err := m.MarshalText(); return string(b), err }
	for _, handler := range []string{"json", "text"} {
		renderings["slog "+handler] = func() (string, error) {
			var buf bytes.Buffer
			var l *slog.Logger
			if handler == "json" {
				l = slog.New(slog.NewJSONHandler(&buf, nil))
			} else {
				l = slog.New(slog.NewTextHandler(&buf, nil))
			}
			l.Info("plan", "mapping", m, "holder", &h, "any", any(m))
			return buf.String(), nil
		}
	}
	for name, render := range renderings {
		t.Run(name, func(t *testing.T) {
			out, err := render()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if strings.Contains(out, s) || strings.Contains(out, fmt.Sprintf("%x", s)) {
					t.Errorf("%q leaks in %s", s, out)
				}
			}
		})
	}
	// The check above is able to see a leak: Restore is meant to reveal.
	if got := m.Restore("[PERSONNE_1] [TÉLÉPHONE_1]"); !strings.Contains(got, secrets[0]) || !strings.Contains(got, secrets[2]) {
		t.Errorf("Restore: got %q", got)
	}
	if got := m.String(); got != "pseudonym.Mapping{5 entities}" {
		t.Errorf("String: got %q", got)
	}
}

func TestNilMappingPrints(t *testing.T) {
	var m *Mapping
	if got := fmt.Sprint(m); got != "pseudonym.Mapping(nil)" {
		t.Errorf("got %q", got)
	}
	if b, err := json.Marshal(m); err != nil || string(b) != "null" {
		t.Errorf("got %s, %v", b, err)
	}
}

func TestZeroMappingRestoresNothing(t *testing.T) {
	var m Mapping
	if got := m.Restore("[PERSONNE_1]"); got != "[PERSONNE_1]" {
		t.Errorf("got %q", got)
	}
}

func TestRemovePlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Logement pour [PERSONNE_1] et sa fille [PERSONNE_2], au [ADRESSE_1].", "Logement pour et sa fille , au ."},
		{"personne âgée isolée", "personne âgée isolée"},
		{"TELEPHONE_3 ou [email 1]", "ou"},
	} {
		if got := RemovePlaceholders(c.in); got != c.want {
			t.Errorf("RemovePlaceholders(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
