package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"go.yaml.in/yaml/v3"
)

// readCSV reads a catalog with a header row and one service per row. The separator is the one
// the header uses most among comma, semicolon (French spreadsheets) and tab. Quotes are read
// strictly, so that a quote left open is reported rather than swallowing the rows after it; a
// file whose only fault is a quote inside an unquoted field ("Maison "Les Lilas"") is read again
// leniently, with a problem saying so.
func readCSV(ctx context.Context, src []byte, tab bool, l Limits) (*Document, error) {
	doc, err := readCSVQuotes(ctx, src, tab, false, l)
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote) {
		if doc, err = readCSVQuotes(ctx, src, tab, true, l); err == nil {
			doc.Problems = append(doc.Problems, Problem{Line: pe.Line, Message: "a double quote inside a field that does not start with one was read as an ordinary character (first on this line): check the rows around it"})
		}
	}
	if errors.As(err, &pe) {
		return nil, csvError(err)
	}
	return doc, err
}

func readCSVQuotes(ctx context.Context, src []byte, tab, lazy bool, l Limits) (*Document, error) {
	r := csv.NewReader(bytes.NewReader(src))
	r.Comma = csvSeparator(src, tab)
	r.LazyQuotes = lazy
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, err
	}
	c := newCatalog(l)
	names := make([]string, len(header))
	hasName := false
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			h = fmt.Sprintf("colonne %d", i+1)
		}
		names[i] = h
		if c.keys[keyFold(h)].field == cfName {
			hasName = true
		}
	}
	if !hasName {
		return nil, socle.Errorf(socle.EINVALID, "no column gives the services' names: the header row (%s) must have a column named nom, name, titre, intitulé, libellé or label", strings.Join(names, ", "))
	}
	for n := 0; ; n++ {
		if n%512 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		rec := make([]kv, 0, len(row))
		empty := true
		for i, v := range row {
			if i >= len(names) {
				break
			}
			if v = strings.TrimSpace(v); v != "" {
				empty = false
				rec = append(rec, kv{key: names[i], val: v})
			}
		}
		if empty {
			continue
		}
		if err := c.add(line, rec); err != nil {
			return nil, err
		}
	}
	return c.document(""), nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return socle.Errorf(socle.EINVALID, "line %d is not valid CSV (%v): check its quotes; a field holding the separator or a line break must be in double quotes, and a double quote inside one is written twice", pe.Line, pe.Err)
	}
	return socle.Errorf(socle.EINVALID, "the file is not valid CSV (%v)", err)
}

// csvSeparator picks the separator the header line uses most.
func csvSeparator(src []byte, tab bool) rune {
	if tab {
		return '\t'
	}
	line := src
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		line = src[:i]
	}
	best, count := ',', -1
	for _, sep := range []rune{',', ';', '\t'} {
		n, quoted := 0, false
		for _, r := range string(line) {
			switch {
			case r == '"':
				quoted = !quoted
			case r == sep && !quoted:
				n++
			}
		}
		if n > count {
			best, count = sep, n
		}
	}
	return best
}

// readJSON reads a catalog in JSON: an array of service objects, an object holding such an
// array (under "services", "items", "data"…, as APIs wrap them), a single service object, or
// JSON Lines (one object per line; jsonl forces that reading).
func readJSON(ctx context.Context, src []byte, jsonl bool, l Limits) (*Document, error) {
	c := newCatalog(l)
	var values []located
	if jsonl {
		for i, line := range bytes.Split(src, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			if i%512 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			v, err := decodeJSON(line)
			if err != nil {
				return nil, socle.Errorf(socle.EINVALID, "line %d is not valid JSON (%v): each line of a JSON Lines file must be one whole object", i+1, err)
			}
			values = append(values, located{i + 1, v})
		}
	} else {
		var err error
		if values, err = jsonValues(src); err != nil {
			return nil, err
		}
	}
	title, recs := catalogRecords(values)
	if err := addRecords(ctx, c, recs); err != nil {
		return nil, err
	}
	return c.document(title), nil
}

// located is a decoded value and the line it starts on (0 when not known).
type located struct {
	line int
	val  any
}

func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one value")
	}
	return v, nil
}

// jsonValues decodes the values of a JSON file. A top-level array is streamed so that each
// element keeps its line; several top-level values are read one after the other.
func jsonValues(src []byte) ([]located, error) {
	lines := lineStarts(src)
	at := func(off int64) int { return lineOf(lines, int(off)) }
	fail := func(dec *json.Decoder, err error) error {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		return socle.Errorf(socle.EINVALID, "the JSON is not valid near line %d (%v): check the commas, brackets and quotes there", at(off), err)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var out []located
	trimmed := bytes.TrimLeft(src, " \t\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if _, err := dec.Token(); err != nil {
			return nil, fail(dec, err)
		}
		for dec.More() {
			off := dec.InputOffset()
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, fail(dec, err)
			}
			// InputOffset is before the separating comma and spaces: find the element itself.
			start := int(off)
			for start < len(src) && strings.ContainsRune(", \t\n", rune(src[start])) {
				start++
			}
			out = append(out, located{lineOf(lines, start), v})
		}
		if _, err := dec.Token(); err != nil {
			return nil, fail(dec, err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return nil, socle.Errorf(socle.EINVALID, "the JSON has more after its closing bracket near line %d: a JSON file holds one array; for one object per line, name the file .jsonl", at(dec.InputOffset()))
		}
		return []located{{1, locatedList(out)}}, nil
	}
	for {
		off := dec.InputOffset()
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fail(dec, err)
		}
		out = append(out, located{at(off) + leadingNewlines(src[off:]), v})
	}
	return out, nil
}

// locatedList marks a top-level array whose elements keep their lines.
type locatedList []located

func leadingNewlines(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case '\n':
			n++
		case ' ', '\t', ',':
		default:
			return n
		}
	}
	return n
}

// readYAML reads a catalog in YAML: a list of services, a map holding one under "services"…,
// or a stream of documents with one service each.
func readYAML(ctx context.Context, src []byte, l Limits) (*Document, error) {
	c := newCatalog(l)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var values []located
	for {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, socle.Errorf(socle.EINVALID, "the YAML is not valid (%v): check the indentation and the quotes there", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		var v any
		if err := node.Decode(&v); err != nil {
			return nil, socle.Errorf(socle.EINVALID, "the YAML could not be read (%v)", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		v = plainYAML(v)
		if seq := yamlSequence(&node); seq != nil {
			list, _ := v.([]any)
			ls := make(locatedList, 0, len(list))
			for i, e := range list {
				line := 0
				if i < len(seq.Content) {
					line = seq.Content[i].Line
				}
				ls = append(ls, located{line, e})
			}
			values = append(values, located{node.Line, ls})
			continue
		}
		values = append(values, located{node.Line, v})
	}
	title, recs := catalogRecords(values)
	if err := addRecords(ctx, c, recs); err != nil {
		return nil, err
	}
	return c.document(title), nil
}

// yamlSequence returns the top-level sequence node of a document, if it is one.
func yamlSequence(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == yaml.SequenceNode {
		return n
	}
	return nil
}

// plainYAML turns what the YAML decoder gives into the shapes JSON decoding gives: maps with
// string keys, dates as text.
func plainYAML(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = plainYAML(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = plainYAML(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = plainYAML(e)
		}
		return x
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	}
	return v
}

// catalogRecords finds the service objects in decoded values, and a title when a wrapper
// object gives one.
func catalogRecords(values []located) (string, []located) {
	// The keys under which APIs and exports put their list of services, tried first.
	wrapperKeys := []string{"services", "items", "data", "results", "resultats", "catalogue", "catalog", "benefits", "aides", "records", "offres"}
	var recs []located
	title := ""
	var visit func(v located, top bool)
	visit = func(v located, top bool) {
		switch x := v.val.(type) {
		case locatedList:
			for _, e := range x {
				visit(e, false)
			}
		case []any:
			for _, e := range x {
				visit(located{v.line, e}, false)
			}
		case map[string]any:
			if s, ok := x["service"].(map[string]any); ok && len(x) <= 3 {
				// data·inclusion search results: {"service": {…}, "distance": …}
				recs = append(recs, located{v.line, s})
				return
			}
			if top {
				// A wrapper: its list of objects under a known key, or under its only key
				// holding one when the object is not itself a service.
				keys := wrapperKeys
				if !looksLikeService(x) {
					keys = append(keys, sortedKeys(x)...)
				}
				for _, k := range keys {
					if list, ok := x[k].([]any); ok && len(list) > 0 {
						if _, isObj := list[0].(map[string]any); isObj {
							title = oneLine(scalarString(firstOf(x, "title", "titre", "nom", "name")))
							visit(located{v.line, list}, false)
							return
						}
					}
				}
			}
			recs = append(recs, v)
		default:
			recs = append(recs, v) // not an object: addRecords reports it
		}
	}
	for _, v := range values {
		visit(v, true)
	}
	return title, recs
}

// looksLikeService tells an object that is itself a service (it has a name key) from a wrapper.
func looksLikeService(m map[string]any) bool {
	for k, v := range m {
		switch keyFold(k) {
		case "nom", "name", "label", "titre", "title", "intitule", "libelle":
			if _, isList := v.([]any); !isList {
				return true
			}
		}
	}
	return false
}

// addRecords adds the service objects found in a JSON or YAML catalog. It fails when none of
// them has a name: the file is then not a catalog.
func addRecords(ctx context.Context, c *catalog, recs []located) error {
	named := false
	for i, r := range recs {
		if i%512 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		m, ok := r.val.(map[string]any)
		if !ok {
			c.problem(r.line, "item %d is not an object with fields (it is %s) and was skipped", i+1, kindOf(r.val))
			continue
		}
		rec := make([]kv, 0, len(m))
		for _, k := range sortedKeys(m) {
			rec = append(rec, kv{key: k, val: m[k]})
			if c.keys[keyFold(k)].field == cfName {
				named = true
			}
		}
		if err := c.add(r.line, rec); err != nil {
			return err
		}
	}
	if !named {
		return socle.Errorf(socle.EINVALID, "this is not a service catalog: no object has a name field; expected a list of objects each with \"nom\" or \"name\" (or titre, intitulé, libellé, label), one object per line (JSON Lines), or an object with a \"services\" list")
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case []any, locatedList:
		return "a list"
	case bool:
		return "a boolean"
	}
	return "a number"
}
