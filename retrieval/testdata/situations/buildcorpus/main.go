// Command buildcorpus assembles the corpus of the situations development set from the shared
// corpus (../shared/corpus, see its MANIFEST.md files), in the BEIR layout that `socle eval`
// reads: one line {"_id", "title", "text"} per document. The corpus text is not kept in the
// repository (licences): this program rebuilds it, the same bytes every time.
//
//	go run ./retrieval/testdata/situations/buildcorpus -corpus ../shared/corpus -out /tmp/situations/corpus.jsonl
//
// Documents (1,441):
//   - spf:F…  one per service-public.fr fiche (419): its situational branches (flat_txts/F…_*.txt,
//     in file-name order) joined by blank lines; the title from the theme tree
//     (arborescence_spf_particuliers.json), else fiche_titles_supplement.tsv.
//   - qr:F…   one per question-answer fiche (qr_fiches.jsonl) that is not also a fiche above
//     (470 of 535): title = the question, text = the answer.
//   - aj:…    one per aides-jeunes benefit (catalogs/aides-jeunes/benefits.jsonl, 552): title = the
//     label and institution, text = description, conditions and institution.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type entry struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

func main() {
	root := flag.String("corpus", "../shared/corpus", "the shared corpus")
	out := flag.String("out", "", "where to write corpus.jsonl (default: standard output)")
	flag.Parse()
	entries, err := build(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "buildcorpus:", err)
		os.Exit(1)
	}
	w := io.Writer(os.Stdout)
	if *out != "" {
		if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "buildcorpus:", err)
			os.Exit(1)
		}
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "buildcorpus:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			fmt.Fprintln(os.Stderr, "buildcorpus:", err)
			os.Exit(1)
		}
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "buildcorpus:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "buildcorpus: %d documents\n", len(entries))
}

func build(root string) ([]entry, error) {
	spf := filepath.Join(root, "guides", "service-public-fiches-2020")
	titles, err := ficheTitles(spf)
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(spf, "flat_txts", "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no fiche under %s/flat_txts: set -corpus to the shared corpus", spf)
	}
	sort.Strings(files)
	byFiche := map[string][]string{}
	var order []string
	for _, f := range files {
		id, _, _ := strings.Cut(filepath.Base(f), "_")
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if _, ok := byFiche[id]; !ok {
			order = append(order, id)
		}
		byFiche[id] = append(byFiche[id], strings.TrimSpace(string(b)))
	}
	var out []entry
	for _, id := range order {
		t := titles[id]
		if t == "" {
			t = firstLine(byFiche[id][0])
		}
		out = append(out, entry{ID: "spf:" + id, Title: t, Text: strings.Join(byFiche[id], "\n\n")})
	}

	qf, err := os.Open(filepath.Join(spf, "qr_fiches.jsonl"))
	if err != nil {
		return nil, err
	}
	defer qf.Close()
	sc := bufio.NewScanner(qf)
	sc.Buffer(nil, 8<<20)
	for sc.Scan() {
		var q struct{ ID, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("qr_fiches.jsonl: %w", err)
		}
		if _, dup := byFiche[q.ID]; dup {
			continue // the same fiche, already in its situational form
		}
		out = append(out, entry{ID: "qr:" + q.ID, Title: q.Title, Text: q.Text})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}

	bf, err := os.Open(filepath.Join(root, "catalogs", "aides-jeunes", "benefits.jsonl"))
	if err != nil {
		return nil, err
	}
	defer bf.Close()
	sc = bufio.NewScanner(bf)
	sc.Buffer(nil, 8<<20)
	for sc.Scan() {
		var b struct {
			ID          string   `json:"id"`
			Label       string   `json:"label"`
			Institution string   `json:"institution_name"`
			Description string   `json:"description_text"`
			Conditions  []string `json:"conditions_text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &b); err != nil {
			return nil, fmt.Errorf("benefits.jsonl: %w", err)
		}
		text := b.Description
		if len(b.Conditions) > 0 {
			text += "\n\nConditions :\n" + strings.Join(b.Conditions, "\n")
		}
		if b.Institution != "" {
			text += "\n\nProposée par : " + b.Institution
		}
		title := b.Label
		if b.Institution != "" {
			title += " (" + b.Institution + ")"
		}
		out = append(out, entry{ID: "aj:" + b.ID, Title: title, Text: text})
	}
	return out, sc.Err()
}

// ficheTitles reads each fiche's title from the theme tree, then the supplement for the others.
func ficheTitles(spf string) (map[string]string, error) {
	titles := map[string]string{}
	b, err := os.ReadFile(filepath.Join(spf, "arborescence_spf_particuliers.json"))
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, fmt.Errorf("arborescence: %w", err)
	}
	// A fiche's name in the tree is often a branch of a dossier ("Demandeur de 25 ans ou plus"
	// under "Revenu de solidarité active (RSA)"): the title names the dossier too.
	var walk func(n any, dossier string)
	walk = func(n any, dossier string) {
		switch n := n.(type) {
		case map[string]any:
			keys := make([]string, 0, len(n))
			for k := range n {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				d := dossier
				if id, name, ok := strings.Cut(k, "//"); ok && strings.HasPrefix(id, "N") && strings.TrimSpace(name) != "" {
					d = strings.TrimSpace(name)
				}
				walk(n[k], d)
			}
		case []any:
			for _, x := range n {
				s, ok := x.(string)
				if !ok {
					continue
				}
				id, t, ok := strings.Cut(s, "//")
				if t = strings.TrimSpace(t); !ok || t == "" || titles[id] != "" {
					continue
				}
				if dossier != "" && !strings.Contains(strings.ToLower(t), strings.ToLower(dossier)) {
					t = dossier + " › " + t
				}
				titles[id] = t
			}
		}
	}
	walk(tree, "")
	f, err := os.Open(filepath.Join(spf, "fiche_titles_supplement.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("fiche_titles_supplement.tsv: %w", err)
	}
	for _, row := range rows[1:] {
		if len(row) >= 2 && titles[row[0]] == "" {
			titles[row[0]] = strings.TrimSpace(row[1])
		}
	}
	return titles, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(l)
}
