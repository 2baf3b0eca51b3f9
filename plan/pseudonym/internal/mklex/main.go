// Command mklex extracts the four word lists that package pseudonym embeds from the Dicollecte
// French Hunspell dictionary (MPL-2.0): common words, verbs, first names with their gender, and
// proper nouns (places, countries, brands). Only the lemmas are kept; the detector strips inflections
// itself, which keeps the embedded data around 250 KB compressed.
//
// Reproduce the files in data/ (see data/NOTICE):
//
//	apt-get download hunspell-fr-classical && dpkg-deb -x hunspell-fr-classical_*.deb /tmp/hfr
//	go run ./plan/pseudonym/internal/mklex -dic /tmp/hfr/usr/share/hunspell/fr.dic -out plan/pseudonym/data
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	dic := flag.String("dic", "/usr/share/hunspell/fr.dic", "Dicollecte fr.dic to read")
	out := flag.String("out", "plan/pseudonym/data", "directory to write the lists to")
	flag.Parse()
	if err := run(*dic, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mklex:", err)
		os.Exit(1)
	}
}

func run(dic, out string) error {
	f, err := os.Open(dic)
	if err != nil {
		return err
	}
	defer f.Close()
	words := map[string]bool{}
	names := map[string]string{} // first name → m, f or e (either)
	proper := map[string]bool{}
	verbs := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		if first { // the entry count
			first = false
			continue
		}
		line := sc.Text()
		word, tags, _ := strings.Cut(line, " ")
		word, _, _ = strings.Cut(word, "/")
		word, _, _ = strings.Cut(word, "\t")
		if !plain(word) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(word)
		switch {
		case strings.Contains(tags, "po:prn"):
			g := "e"
			if strings.Contains(tags, "is:mas") {
				g = "m"
			} else if strings.Contains(tags, "is:fem") {
				g = "f"
			}
			if old, ok := names[word]; ok && old != g {
				g = "e"
			}
			names[word] = g
		case strings.Contains(tags, "po:patr"):
			// Surnames of famous people: not useful to find beneficiaries' names.
		case unicode.IsUpper(r):
			if strings.Contains(tags, "po:npr") || strings.Contains(tags, "po:nom") {
				proper[word] = true
			}
		case strings.Contains(tags, "po:v"):
			// Infinitives: the detector recognizes the common forms of first-group verbs
			// (explique, habitent, souhaitait) from them.
			verbs[word] = true
		default:
			words[word] = true
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := write(filepath.Join(out, "mots.txt.gz"), keys(words)); err != nil {
		return err
	}
	var nl []string
	for n, g := range names {
		nl = append(nl, n+"\t"+g)
	}
	sort.Strings(nl)
	if err := write(filepath.Join(out, "prenoms.txt.gz"), nl); err != nil {
		return err
	}
	if err := write(filepath.Join(out, "verbes.txt.gz"), keys(verbs)); err != nil {
		return err
	}
	return write(filepath.Join(out, "noms-propres.txt.gz"), keys(proper))
}

// plain keeps letters, hyphens and apostrophes, from 2 to 30 bytes: digits, abbreviations with
// dots and symbols are no use to tell a name from a word.
func plain(w string) bool {
	if len(w) < 2 || len(w) > 30 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

func write(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	w := bufio.NewWriter(zw)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
