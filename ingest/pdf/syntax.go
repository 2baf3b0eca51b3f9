package pdf

import (
	"bytes"
	"strconv"
)

// A lexer for PDF syntax, objects and content streams, as much as the inline-image rewrite
// (inline.go) needs: tokens with their offsets, dictionaries in front of streams, and nothing
// that allocates per token.

type tokKind int

const (
	tokEOF tokKind = iota
	tokError
	tokRegular // a number, a keyword or an operator
	tokName    // without its slash
	tokString  // literal or hexadecimal; text not kept
	tokDictStart
	tokDictEnd
	tokArrayStart
	tokArrayEnd
)

type token struct {
	kind tokKind
	text []byte // of a regular token or a name, in the lexer's buffer
	pos  int    // offset of its first byte
}

func (t token) is(s string) bool { return string(t.text) == s }

type lexer struct {
	b   []byte
	pos int
}

// Byte classes of PDF syntax, in a table because the lexer asks for every byte.
const (
	classRegular = iota
	classWhite
	classDelimiter
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte(" \n\r\t\f\x00") {
		t[c] = classWhite
	}
	for _, c := range []byte("()<>[]{}/%") {
		t[c] = classDelimiter
	}
	return t
}()

func isWhite(c byte) bool   { return byteClass[c] == classWhite }
func isRegular(c byte) bool { return byteClass[c] == classRegular }

func (lx *lexer) next() token {
	b := lx.b
	for lx.pos < len(b) {
		c := b[lx.pos]
		if isWhite(c) {
			lx.pos++
			continue
		}
		if c == '%' {
			for lx.pos < len(b) && b[lx.pos] != '\n' && b[lx.pos] != '\r' {
				lx.pos++
			}
			continue
		}
		break
	}
	if lx.pos >= len(b) {
		return token{kind: tokEOF, pos: lx.pos}
	}
	start := lx.pos
	t := lx.lex()
	t.pos = start
	return t
}

// lex reads the token that starts at lx.pos.
func (lx *lexer) lex() token {
	b := lx.b
	c := b[lx.pos]
	switch c {
	case '(':
		depth := 0
		for lx.pos < len(b) {
			switch b[lx.pos] {
			case '\\':
				lx.pos++
			case '(':
				depth++
			case ')':
				depth--
			}
			lx.pos++
			if depth == 0 {
				return token{kind: tokString}
			}
		}
		return token{kind: tokError}
	case '<':
		if lx.pos+1 < len(b) && b[lx.pos+1] == '<' {
			lx.pos += 2
			return token{kind: tokDictStart}
		}
		e := bytes.IndexByte(b[lx.pos:], '>')
		if e < 0 {
			return token{kind: tokError}
		}
		lx.pos += e + 1
		return token{kind: tokString}
	case '>':
		if lx.pos+1 < len(b) && b[lx.pos+1] == '>' {
			lx.pos += 2
			return token{kind: tokDictEnd}
		}
		return token{kind: tokError}
	case '[':
		lx.pos++
		return token{kind: tokArrayStart}
	case ']':
		lx.pos++
		return token{kind: tokArrayEnd}
	case '{', '}':
		lx.pos++ // PostScript calculator braces: harmless here
		return token{kind: tokRegular, text: b[lx.pos-1 : lx.pos]}
	case ')':
		return token{kind: tokError}
	case '/':
		s := lx.pos + 1
		lx.pos = s
		for lx.pos < len(b) && isRegular(b[lx.pos]) {
			lx.pos++
		}
		return token{kind: tokName, text: b[s:lx.pos]}
	}
	s := lx.pos
	for lx.pos < len(b) && isRegular(b[lx.pos]) {
		lx.pos++
	}
	return token{kind: tokRegular, text: b[s:lx.pos]}
}

// rest reads to the end of the array or dictionary just opened and appends its tokens to v;
// with v nil it only moves past them, without allocating, as inline images need thousands of
// times per stream.
func (lx *lexer) rest(v []token) ([]token, bool) {
	for depth, n := 1, 0; depth > 0; n++ {
		t := lx.next()
		switch t.kind {
		case tokEOF, tokError:
			return nil, false
		case tokDictStart, tokArrayStart:
			depth++
		case tokDictEnd, tokArrayEnd:
			depth--
		}
		if v != nil {
			if n >= 100000 {
				return nil, false
			}
			v = append(v, t)
		}
	}
	return v, true
}

// pdfDict keeps, for each key of a dictionary, the tokens of its value (a nested dictionary or
// array as its tokens in order).
type pdfDict map[string][]token

// dict reads a dictionary after its "<<".
func (lx *lexer) dict() (pdfDict, bool) {
	d := pdfDict{}
	for len(d) < 1000 {
		t := lx.next()
		switch t.kind {
		case tokDictEnd:
			return d, true
		case tokName:
			v, ok := lx.value()
			if !ok {
				return nil, false
			}
			d[string(t.text)] = v
		default:
			return nil, false
		}
	}
	return nil, false
}

// value reads one value: a token, an indirect reference "n g R", or a whole array or dictionary.
func (lx *lexer) value() ([]token, bool) {
	t := lx.next()
	switch t.kind {
	case tokEOF, tokError, tokDictEnd, tokArrayEnd:
		return nil, false
	case tokDictStart, tokArrayStart:
		return lx.rest([]token{t})
	case tokRegular:
		// An indirect reference: two integers and R.
		save := lx.pos
		if _, err := strconv.Atoi(string(t.text)); err == nil {
			g, r := lx.next(), lx.next()
			if _, err := strconv.Atoi(string(g.text)); err == nil && g.kind == tokRegular && r.kind == tokRegular && r.is("R") {
				return []token{t, g, r}, true
			}
			lx.pos = save
		}
	}
	return []token{t}, true
}

// int returns the direct integer value of key.
func (d pdfDict) int(key string) (int, bool) {
	v := d[key]
	if len(v) != 1 || v[0].kind != tokRegular {
		return 0, false
	}
	n, err := strconv.Atoi(string(v[0].text))
	return n, err == nil
}
