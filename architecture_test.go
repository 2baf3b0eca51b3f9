package socle_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// pkg is what `go list -json` says of a package.
type pkg struct {
	ImportPath string
	Doc        string
	Imports    []string
	Standard   bool
}

const module = "github.com/socle-project/socle"

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func rel(path string) string {
	if path == module {
		return "."
	}
	return strings.TrimPrefix(path, module+"/")
}

func under(path, dir string) bool { return path == dir || strings.HasPrefix(path, dir+"/") }

// TestArchitecture holds the dependency rules of ARCHITECTURE.md: the root imports only the
// standard library; bleve only under retrieval; pgx only under store/postgres; net/http only in
// web, cmd and the model-server clients; the stores only in cmd; every package documented.
func TestArchitecture(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	for _, p := range pkgs {
		name := rel(p.ImportPath)
		if strings.Contains(name, "internal/mklex") {
			continue // a generator run by hand
		}
		if strings.TrimSpace(p.Doc) == "" {
			t.Errorf("%s has no package doc comment", name)
		}
		for _, imp := range p.Imports {
			own := strings.HasPrefix(imp, module)
			switch {
			case name == "." && strings.Contains(imp, "."):
				t.Errorf("the root package imports %s: it may import the standard library only", imp)
			case strings.HasPrefix(imp, "github.com/blevesearch/") && !under(name, "retrieval"):
				t.Errorf("%s imports bleve (%s): only retrieval may", name, imp)
			case strings.HasPrefix(imp, "github.com/jackc/pgx") && !under(name, "store/postgres"):
				t.Errorf("%s imports pgx (%s): only store/postgres may", name, imp)
			case imp == "net/http" && !(under(name, "web") || under(name, "cmd") || name == "modelserver" || name == "retrieval/openai"):
				t.Errorf("%s imports net/http: only web, cmd and the model-server clients may", name)
			case own && under(rel(imp), "store") && !under(name, "cmd") && !under(name, "store"):
				t.Errorf("%s imports %s: only cmd wires the stores", name, rel(imp))
			case own && under(rel(imp), "web") && !under(name, "cmd"):
				t.Errorf("%s imports web: nothing below the HTTP layer may", name)
			case own && under(rel(imp), "cmd"):
				t.Errorf("%s imports a command", name)
			}
		}
	}
}
