package retrieval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
)

// Limits on the BEIR files read by LoadBEIR: a line of a corpus or query file, and the number
// of entries. Generous for the French sets (the longest spf-qr fiche is under 100 kB) while
// keeping a stray binary file from eating the memory.
const (
	maxBEIRLine    = 8 << 20
	maxBEIREntries = 2_000_000
)

// CorpusEntry is a document of a BEIR corpus.
type CorpusEntry struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// EvalQuery is a query of a BEIR set.
type EvalQuery struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// BEIR is a retrieval test set in the BEIR layout.
type BEIR struct {
	Corpus  []CorpusEntry
	Queries []EvalQuery // only those with at least one relevant entry in Qrels
	Qrels   Qrels
}

// LoadBEIR reads a BEIR set: corpus lines {"_id","title","text"}, query lines {"_id","text"},
// and qrels as tab-separated query-id, corpus-id, score with a header line.
func LoadBEIR(corpusPath, queriesPath, qrelsPath string) (*BEIR, error) {
	var b BEIR
	if err := readJSONL(corpusPath, func(line int, data []byte) error {
		var e CorpusEntry
		if err := json.Unmarshal(data, &e); err != nil {
			return err
		}
		if e.ID == "" {
			return fmt.Errorf(`no "_id"`)
		}
		b.Corpus = append(b.Corpus, e)
		return nil
	}); err != nil {
		return nil, err
	}
	qrels, err := readQrels(qrelsPath)
	if err != nil {
		return nil, err
	}
	b.Qrels = qrels
	if err := readJSONL(queriesPath, func(line int, data []byte) error {
		var q EvalQuery
		if err := json.Unmarshal(data, &q); err != nil {
			return err
		}
		if q.ID == "" {
			return fmt.Errorf(`no "_id"`)
		}
		for _, g := range qrels[q.ID] {
			if g > 0 {
				b.Queries = append(b.Queries, q)
				break
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if len(b.Corpus) == 0 {
		return nil, socle.Errorf(socle.EINVALID, "corpus %s is empty", corpusPath)
	}
	if len(b.Queries) == 0 {
		return nil, socle.Errorf(socle.EINVALID, "no query of %s has a relevant entry in %s: check that the query ids match the qrels' first column", queriesPath, qrelsPath)
	}
	return &b, nil
}

func readJSONL(path string, each func(line int, data []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return socle.Errorf(socle.EINVALID, "open %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxBEIRLine)
	n, count := 0, 0
	for sc.Scan() {
		n++
		data := sc.Bytes()
		if len(strings.TrimSpace(string(data))) == 0 {
			continue
		}
		if count++; count > maxBEIREntries {
			return socle.Errorf(socle.ETOOLARGE, "%s has over %d entries", path, maxBEIREntries)
		}
		if err := each(n, data); err != nil {
			return socle.Errorf(socle.EINVALID, "%s line %d: %v", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return socle.Errorf(socle.ETOOLARGE, "%s line %d is over %d bytes", path, n+1, maxBEIRLine)
		}
		return socle.Errorf(socle.EINVALID, "read %s: %w", path, err)
	}
	return nil
}

func readQrels(path string) (Qrels, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, socle.Errorf(socle.EINVALID, "open %s: %w", path, err)
	}
	defer f.Close()
	return parseQrels(f, path)
}

func parseQrels(r io.Reader, name string) (Qrels, error) {
	qrels := Qrels{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			return nil, socle.Errorf(socle.EINVALID, "%s line %d: want 3 tab-separated columns (query-id, corpus-id, score), got %d", name, n, len(cols))
		}
		score, err := strconv.Atoi(strings.TrimSpace(cols[2]))
		if err != nil {
			if n == 1 {
				continue // the header line
			}
			return nil, socle.Errorf(socle.EINVALID, "%s line %d: score %q is not an integer", name, n, cols[2])
		}
		if len(qrels) >= maxBEIREntries {
			return nil, socle.Errorf(socle.ETOOLARGE, "%s has over %d entries", name, maxBEIREntries)
		}
		q := qrels[cols[0]]
		if q == nil {
			q = map[string]int{}
			qrels[cols[0]] = q
		}
		q[cols[1]] = score
	}
	if err := sc.Err(); err != nil {
		return nil, socle.Errorf(socle.EINVALID, "read %s: %w", name, err)
	}
	return qrels, nil
}
