package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"strconv"
)

// Inline images.
//
// Some producers draw shadows, gradients, rules and check boxes as thousands of tiny inline
// images (BI … ID … EI) inside the page's content stream: Ghostscript does it when it turns an
// office document into PDF, and the CD93 RSA notices of the corpus carry up to 7,000 of them on
// 8 pages. PDFium parses and decodes every one when it loads the page, and in WebAssembly that
// took half the reading time of the French corpus, for pages whose text is a few hundred words
// (docs/pdf-speed.md). Text extraction never needs them, so before a file reaches
// the engine, each content stream holding many inline images and some text is rewritten
// without its inline images.
//
// The rewrite is in place: the shorter stream is compressed again and padded with zeros to its
// old length, which Flate decoders ignore after the end of the compressed data, so /Length and
// every offset in the cross-reference table stay true and nothing else in the file changes. A
// stream that is not plain Flate, that does not decompress cleanly, that the content lexer
// cannot follow to the end, or that would not fit, is left as it was: the engine then reads it
// the slow way, with the same result.

// Thresholds of the rewrite. Below minInlineImages a stream costs PDFium little and is left
// alone; the size caps bound the work on a hostile file.
const (
	minInlineImages     = 50
	minInlineCompressed = 256       // fifty inline images do not compress below this
	maxInlineStream     = 64 << 20  // decompressed size of one content stream
	maxInlineDecompress = 256 << 20 // decompressed bytes over the whole file
)

// stripInlineImages returns the file with the inline images of its busiest content streams
// removed, and how many were removed. When it removes none it returns data itself; otherwise
// a copy, data is never modified.
func stripInlineImages(ctx context.Context, data []byte) ([]byte, int) {
	return stripInline(ctx, data, minInlineImages)
}

// stripInline removes the inline images of content streams holding at least least of them.
// Tests set least to 1 to run the rewrite over every file of the corpus.
func stripInline(ctx context.Context, data []byte, least int) ([]byte, int) {
	// Encrypted streams do not inflate; do not even try.
	if bytes.Contains(data, []byte("/Encrypt")) {
		return data, 0
	}
	out := data
	removed, budget := 0, int64(maxInlineDecompress)
	var inf inflater
	for pos := 0; pos < len(data) && budget > 0 && ctx.Err() == nil; {
		k := bytes.Index(data[pos:], []byte("stream"))
		if k < 0 {
			break
		}
		kw := pos + k
		pos = kw + len("stream")
		start, end, exact, ok := streamSpan(data, kw)
		if !ok {
			if end < 0 { // no "endstream" anywhere after: no other stream to look at
				break
			}
			continue
		}
		pos = end
		if end-start < minInlineCompressed*least/minInlineImages {
			continue
		}
		content, ok := inf.inflate(data[start:end], min(budget, maxInlineStream))
		if !ok {
			continue
		}
		budget -= int64(len(content))
		if countInlineData(content) < least {
			continue
		}
		stripped, n, ok := withoutInlineImages(content)
		if !ok || n < least {
			continue
		}
		// Without a direct /Length the span may end with the line break before "endstream",
		// which the engine does not count as data: keep two bytes clear of it.
		room := end - start
		if !exact {
			room -= 2
		}
		packed, ok := deflateWithin(stripped, room)
		if !ok {
			continue
		}
		if removed == 0 {
			out = bytes.Clone(data)
		}
		copy(out[start:end], packed)
		clear(out[start+len(packed) : end])
		removed += n
	}
	return out, removed
}

// countInlineData counts the "ID" keywords that may open inline image data, quickly, to leave
// alone the streams that have too few of them without lexing them.
func countInlineData(content []byte) int {
	n := 0
	for p := 0; ; p += 2 {
		k := bytes.Index(content[p:], []byte("ID"))
		if k < 0 {
			return n
		}
		p += k
		if p > 0 && isWhite(content[p-1]) && p+2 < len(content) && isWhite(content[p+2]) {
			n++
		}
	}
}

// streamSpan finds the data of the stream whose "stream" keyword is at kw, if it is a stream
// the rewrite may touch: a Flate stream without predictor whose dictionary says nothing of it
// being an image, a font, an object or cross-reference stream, or anything but page content.
// exact says that the span is the stream's direct /Length; end is -1 when no "endstream"
// follows.
func streamSpan(data []byte, kw int) (start, end int, exact, ok bool) {
	if kw > 0 && isRegular(data[kw-1]) { // "endstream", or a name
		return 0, 0, false, false
	}
	// A stream keyword follows its dictionary's ">>": check that cheaply before parsing.
	d := kw - 1
	for d >= 0 && isWhite(data[d]) {
		d--
	}
	if d < 1 || data[d] != '>' || data[d-1] != '>' {
		return 0, 0, false, false
	}
	start = kw + len("stream")
	switch {
	case bytes.HasPrefix(data[start:], []byte("\r\n")):
		start += 2
	case start < len(data) && (data[start] == '\n' || data[start] == '\r'):
		start++
	default:
		return 0, 0, false, false
	}
	dict, ok := streamDict(data, kw)
	if !ok || !contentDict(dict) {
		return 0, 0, false, false
	}
	// The data ends before "endstream"; /Length may be indirect, so look for the keyword, and
	// check it against a direct /Length when there is one.
	e := bytes.Index(data[start:], []byte("endstream"))
	if e < 0 {
		return 0, -1, false, false
	}
	end = start + e
	if n, ok := dict.int("Length"); ok && n >= 0 && start+n <= end {
		end, exact = start+n, true
	}
	return start, end, exact, end > start
}

// streamDict parses the dictionary in front of a "stream" keyword. It starts from the "obj"
// keyword of the object, which is found by looking back a short way.
func streamDict(data []byte, kw int) (pdfDict, bool) {
	from := max(0, kw-4096)
	o := bytes.LastIndex(data[from:kw], []byte("obj"))
	if o < 0 {
		return nil, false
	}
	lx := &lexer{b: data[:kw], pos: from + o + len("obj")}
	t := lx.next()
	if t.kind != tokDictStart {
		return nil, false
	}
	d, ok := lx.dict()
	if !ok {
		return nil, false
	}
	if t := lx.next(); t.kind != tokEOF { // only white space between ">>" and "stream"
		return nil, false
	}
	return d, true
}

// contentDict reports whether a stream dictionary can belong to a page's content stream or a
// form: Flate, no parameters, no type that says otherwise.
func contentDict(d pdfDict) bool {
	f := d["Filter"]
	if len(f) == 3 && f[0].kind == tokArrayStart && f[2].kind == tokArrayEnd {
		f = f[1:2]
	}
	if len(f) != 1 || f[0].kind != tokName || !f[0].is("FlateDecode") {
		return false
	}
	for _, k := range []string{"DecodeParms", "DP", "Length1", "Length2", "Length3", "N", "Width", "F", "FFilter"} {
		if _, has := d[k]; has {
			return false
		}
	}
	if t, has := d["Type"]; has && !(len(t) == 1 && t[0].is("XObject")) {
		return false
	}
	if s, has := d["Subtype"]; has && !(len(s) == 1 && s[0].is("Form")) {
		return false
	}
	return true
}

// inflater decompresses the streams of one file, reusing its decoder and buffer.
type inflater struct {
	zr  io.ReadCloser
	src bytes.Reader
	buf bytes.Buffer
}

// inflateWindow is how much of a stream is decompressed before deciding whether to go on: the
// streams worth rewriting have inline images from their first kilobytes on, while a long
// stream without any (a page of dense text, a Type 3 font's glyphs) is most of the cost.
const inflateWindow = 64 << 10

// inflate decompresses a zlib stream of at most limit bytes, or of any length when its first
// inflateWindow bytes hold no inline image data; a stream that is damaged or longer is
// refused. The result is valid until the next call.
func (f *inflater) inflate(b []byte, limit int64) ([]byte, bool) {
	f.src.Reset(b)
	if f.zr == nil {
		zr, err := zlib.NewReader(&f.src)
		if err != nil {
			return nil, false
		}
		f.zr = zr
	} else if err := f.zr.(zlib.Resetter).Reset(&f.src, nil); err != nil {
		return nil, false
	}
	f.buf.Reset()
	window := min(limit+1, inflateWindow)
	n, err := f.buf.ReadFrom(io.LimitReader(f.zr, window))
	if err != nil {
		return nil, false
	}
	if n == window {
		if countInlineData(f.buf.Bytes()) == 0 {
			return nil, false
		}
		if _, err := f.buf.ReadFrom(io.LimitReader(f.zr, limit+1-window)); err != nil {
			return nil, false
		}
	}
	if int64(f.buf.Len()) > limit {
		return nil, false
	}
	return f.buf.Bytes(), true
}

// deflateWithin compresses b in at most size bytes.
func deflateWithin(b []byte, size int) ([]byte, bool) {
	for _, level := range []int{zlib.DefaultCompression, zlib.BestCompression} {
		var buf bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&buf, level)
		_, _ = zw.Write(b)
		_ = zw.Close()
		if buf.Len() <= size {
			return buf.Bytes(), true
		}
	}
	return nil, false
}

// withoutInlineImages returns a content stream without its inline images and how many it
// removed. It refuses (ok false) a stream it cannot follow to its end, or one that shows no
// text: a page drawn only with images may be a scan, which the layout must still see.
func withoutInlineImages(content []byte) (out []byte, n int, ok bool) {
	lx := &lexer{b: content}
	out = make([]byte, 0, len(content)/2)
	last, text := 0, false
	for {
		t := lx.next()
		switch t.kind {
		case tokEOF:
			if !text {
				return nil, 0, false
			}
			return append(out, content[last:]...), n, true
		case tokError:
			return nil, 0, false
		case tokRegular:
			switch {
			case !plainToken(t.text), t.is("ID"), t.is("EI"):
				// Not content syntax, or the end of an inline image taken too early: the
				// stream is not what the lexer thinks it is.
				return nil, 0, false
			case t.is("BT"):
				text = true
			case t.is("BI"):
				end, ok := inlineImageEnd(lx)
				if !ok {
					return nil, 0, false
				}
				out = append(append(out, content[last:t.pos]...), ' ')
				last = end
				lx.pos = end
				n++
			}
		}
	}
}

// inlineImage is what an inline image's dictionary says of the length of its data.
type inlineImage struct {
	width, height, bpc int
	components         int // 0 when the colour space is not a device one
	mask, filtered     bool
}

// inlineImageEnd reads an inline image from after its BI and returns the offset just past
// its EI. The dictionary runs to ID, then one white-space byte, then the data. The data's
// length is known for unfiltered images; for filtered ones it is found as PDF readers do, at
// the first "EI" standing between white space and followed by content that reads as content.
func inlineImageEnd(lx *lexer) (int, bool) {
	img := inlineImage{components: 1}
	for {
		t := lx.next()
		switch {
		case t.kind == tokRegular && t.is("ID"):
			if lx.pos >= len(lx.b) || !isWhite(lx.b[lx.pos]) {
				return 0, false
			}
			return dataEnd(lx.b, lx.pos+1, img)
		case t.kind == tokName:
			v := lx.next()
			switch v.kind {
			case tokDictStart, tokArrayStart:
				if _, ok := lx.rest(nil); !ok {
					return 0, false
				}
			case tokRegular, tokName, tokString:
			default:
				return 0, false
			}
			img.set(string(t.text), v)
		default:
			return 0, false
		}
	}
}

func (img *inlineImage) set(key string, v token) {
	num := func() int {
		n, err := strconv.Atoi(string(v.text))
		if err != nil || v.kind != tokRegular {
			return -1
		}
		return n
	}
	switch key {
	case "W", "Width":
		img.width = num()
	case "H", "Height":
		img.height = num()
	case "BPC", "BitsPerComponent":
		img.bpc = num()
	case "IM", "ImageMask":
		img.mask = v.is("true")
	case "F", "Filter":
		img.filtered = true
	case "CS", "ColorSpace":
		switch {
		case v.kind != tokName:
			img.components = 0
		case v.is("G"), v.is("DeviceGray"), v.is("I"), v.is("Indexed"):
			img.components = 1
		case v.is("RGB"), v.is("DeviceRGB"):
			img.components = 3
		case v.is("CMYK"), v.is("DeviceCMYK"):
			img.components = 4
		default:
			img.components = 0
		}
	}
}

// size is the length of an unfiltered image's data, when its dictionary tells.
func (img inlineImage) size() (int, bool) {
	bpc, comps := img.bpc, img.components
	if img.mask {
		bpc, comps = 1, 1
	}
	if img.filtered || img.width <= 0 || img.height <= 0 || img.width > 1<<16 || img.height > 1<<16 ||
		bpc <= 0 || bpc > 16 || comps == 0 {
		return 0, false
	}
	return img.height * ((img.width*bpc*comps + 7) / 8), true
}

func dataEnd(b []byte, data int, img inlineImage) (int, bool) {
	if size, ok := img.size(); ok && data+size <= len(b) {
		lx := &lexer{b: b, pos: data + size}
		if t := lx.next(); t.kind == tokRegular && t.is("EI") {
			return lx.pos, true
		}
	}
	for p := data; ; p++ {
		k := bytes.Index(b[p:], []byte("EI"))
		if k < 0 {
			return 0, false
		}
		p += k
		if p > data && isWhite(b[p-1]) && (p+2 == len(b) || !isRegular(b[p+2])) && readsAsContent(b, p+2) {
			return p + 2, true
		}
	}
}

// readsAsContent reports whether the next few tokens from p look like content-stream syntax,
// which binary image data that happens to hold " EI " almost never does. It looks at a short
// window only, so that data with many false EIs costs no more than its length.
func readsAsContent(b []byte, p int) bool {
	window := b[p:min(len(b), p+128)]
	lx := &lexer{b: window}
	for range 3 {
		t := lx.next()
		switch t.kind {
		case tokEOF:
			return true
		case tokError:
			// A string that runs past the window is content too.
			return window[t.pos] == '(' || window[t.pos] == '<'
		case tokRegular:
			if !plainToken(t.text) {
				return false
			}
		}
	}
	return true
}

// plainToken reports whether a regular token is made of the characters numbers and operators
// are written with.
func plainToken(s []byte) bool {
	if len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == '*' || c == '\'' || c == '"') {
			return false
		}
	}
	return true
}
