package authoring

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/socle-project/socle"
	"go.yaml.in/yaml/v3"
)

// maxGlossaryBytes bounds a glossary file; a glossary of ten thousand terms fits in far less.
const maxGlossaryBytes = 4 << 20

// ParseGlossary reads glossary entries from YAML (a mapping from term to one expansion or a
// list of them) or CSV (term, expansion[, expansion…], with an optional header row).
func ParseGlossary(name string, data []byte) ([]socle.GlossaryEntry, error) {
	if len(data) > maxGlossaryBytes {
		return nil, socle.Errorf(socle.ETOOLARGE, "%s: a glossary file may not exceed %d MiB", name, maxGlossaryBytes>>20)
	}
	var entries []socle.GlossaryEntry
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		var m map[string]yaml.Node
		if err := yaml.Unmarshal(data, &m); err != nil {
			return nil, socle.Errorf(socle.EINVALID, "%s: not valid YAML (%v): write one line per term, e.g. `ASE: [aide sociale à l'enfance]`", name, err)
		}
		for term, node := range m {
			var list []string
			if err := node.Decode(&list); err != nil {
				var one string
				if err := node.Decode(&one); err != nil {
					return nil, socle.Errorf(socle.EINVALID, "%s: line %d: the expansion of %q must be a text or a list of texts", name, node.Line, term)
				}
				list = []string{one}
			}
			entries = append(entries, socle.GlossaryEntry{Term: term, Expansions: list})
		}
	case ".csv":
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		for line := 1; ; line++ {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, socle.Errorf(socle.EINVALID, "%s: %v", name, err)
			}
			if first := strings.ToLower(strings.TrimSpace(rec[0])); line == 1 && (first == "terme" || first == "term" || first == "sigle") {
				continue // header row
			}
			if len(rec) < 2 {
				return nil, socle.Errorf(socle.EINVALID, "%s: line %d: expected a term then at least one expansion", name, line)
			}
			entries = append(entries, socle.GlossaryEntry{Term: rec[0], Expansions: rec[1:]})
		}
	default:
		return nil, socle.Errorf(socle.EINVALID, "%s: a glossary is a .yaml or .csv file", name)
	}
	for i := range entries {
		if err := entries[i].Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return socle.GlossaryKey(entries[i].Term) < socle.GlossaryKey(entries[j].Term) })
	return entries, nil
}

// ImportGlossary adds or replaces the organization's entries for the terms of the file, and
// returns how many it wrote. The file is read whole before anything is written.
func (s *Service) ImportGlossary(ctx context.Context, orgID, name string, data []byte) (int, error) {
	entries, err := ParseGlossary(name, data)
	if err != nil {
		return 0, err
	}
	for i := range entries {
		entries[i].OrgID = orgID
		if err := s.Store.PutGlossaryEntry(ctx, &entries[i]); err != nil {
			return i, err
		}
	}
	return len(entries), nil
}

// PutTerm adds or replaces one glossary entry. Searches read the glossary at query time, so
// the next search uses it without any reindexing.
func (s *Service) PutTerm(ctx context.Context, e socle.GlossaryEntry) (socle.GlossaryEntry, error) {
	if err := e.Validate(); err != nil {
		return e, err
	}
	err := s.Store.PutGlossaryEntry(ctx, &e)
	return e, err
}

// DeleteTerm removes a glossary entry.
func (s *Service) DeleteTerm(ctx context.Context, orgID, term string) error {
	return s.Store.DeleteGlossaryEntry(ctx, orgID, term)
}

// GlossaryCSV writes the organization's glossary as CSV (a term, then its expansions), which
// ImportGlossary reads back.
func (s *Service) GlossaryCSV(ctx context.Context, orgID string) ([]byte, error) {
	entries, err := s.Store.Glossary(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"terme", "expansion"})
	for _, e := range entries {
		w.Write(append([]string{e.Term}, e.Expansions...))
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
