package retrieval

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
)

// The vector file of one organization, little-endian:
//
//	magic "SOCLEVEC", format u32, dim u32, rows u32
//	model, org id                       (u32 length + bytes each)
//	4 string tables: guides, kinds, versions, states   (u32 count, then strings)
//	rows × (key string, 4 × u32 table ids)
//	rows × dim × f32                    the vectors, contiguous
//	crc32 (Castagnoli) of everything above
//
// The model and dimension in the header apply to every vector of the file.
const (
	vecMagic   = "SOCLEVEC"
	vecFormat  = 1
	maxVecDim  = 1 << 16
	maxVecRows = 1 << 26
	maxVecStr  = 1 << 16
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type vecFile struct {
	model   string
	dim     int
	orgID   string
	vectors *orgVectors
}

type vecWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	err error
	buf [4]byte
}

func (w *vecWriter) write(p []byte) {
	if w.err != nil {
		return
	}
	if _, err := w.w.Write(p); err != nil {
		w.err = err
		return
	}
	_, _ = w.crc.Write(p)
}

func (w *vecWriter) u32(v uint32) {
	binary.LittleEndian.PutUint32(w.buf[:], v)
	w.write(w.buf[:])
}

func (w *vecWriter) str(s string) {
	w.u32(uint32(len(s)))
	w.write([]byte(s))
}

func writeVecFile(path, model string, dim int, orgID string, o *orgVectors) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("retrieval: vector index: %w", err)
	}
	defer func() {
		if f != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	w := &vecWriter{w: bufio.NewWriterSize(f, 1<<20), crc: crc32.New(castagnoli)}
	w.write([]byte(vecMagic))
	w.u32(vecFormat)
	w.u32(uint32(dim))
	w.u32(uint32(len(o.keys)))
	w.str(model)
	w.str(orgID)
	for _, t := range o.tables {
		w.u32(uint32(len(t.names)))
		for _, n := range t.names {
			w.str(n)
		}
	}
	for r, k := range o.keys {
		w.str(k)
		for _, id := range o.rows[r] {
			w.u32(id)
		}
	}
	chunk := make([]byte, 0, 64<<10)
	for i, v := range o.vecs {
		chunk = binary.LittleEndian.AppendUint32(chunk, math.Float32bits(v))
		if len(chunk) == cap(chunk) || i == len(o.vecs)-1 {
			w.write(chunk)
			chunk = chunk[:0]
		}
	}
	sum := w.crc.Sum32()
	binary.LittleEndian.PutUint32(w.buf[:], sum)
	if w.err == nil {
		_, w.err = w.w.Write(w.buf[:])
	}
	if w.err == nil {
		w.err = w.w.Flush()
	}
	if w.err == nil {
		w.err = f.Sync()
	}
	if w.err == nil {
		w.err = f.Close()
	}
	f = nil
	if w.err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("retrieval: vector index: write %s: %w", filepath.Base(path), w.err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("retrieval: vector index: %w", err)
	}
	return nil
}

// syncDir makes renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("retrieval: vector index: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("retrieval: vector index: sync %s: %w", dir, err)
	}
	return nil
}

var errVecShort = errors.New("file is truncated")

type vecReader struct {
	b   []byte
	off int
	err error
}

func (r *vecReader) u32() uint32 {
	if r.err != nil {
		return 0
	}
	if r.off+4 > len(r.b) {
		r.err = errVecShort
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v
}

func (r *vecReader) str() string {
	n := int(r.u32())
	if r.err != nil {
		return ""
	}
	if n > maxVecStr || r.off+n > len(r.b) {
		r.err = fmt.Errorf("string of %d bytes at offset %d overruns the file", n, r.off)
		return ""
	}
	s := string(r.b[r.off : r.off+n])
	r.off += n
	return s
}

func readVecFile(path string) (*vecFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < len(vecMagic)+16 || string(b[:len(vecMagic)]) != vecMagic {
		return nil, errors.New("not a vector file")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errors.New("checksum mismatch")
	}
	r := &vecReader{b: body, off: len(vecMagic)}
	if v := r.u32(); v != vecFormat {
		return nil, fmt.Errorf("format %d, want %d", v, vecFormat)
	}
	dim, rows := int(r.u32()), int(r.u32())
	if dim <= 0 || dim > maxVecDim || rows > maxVecRows {
		return nil, fmt.Errorf("dimension %d or rows %d out of bounds", dim, rows)
	}
	f := &vecFile{model: r.str(), dim: dim, orgID: r.str()}
	o := &orgVectors{byKey: make(map[string]int, rows)}
	for c := range o.tables {
		n := int(r.u32())
		if n > rows+1 {
			return nil, fmt.Errorf("table %d has %d names for %d rows", c, n, rows)
		}
		for i := 0; i < n && r.err == nil; i++ {
			o.tables[c].id(r.str())
		}
	}
	o.keys = make([]string, rows)
	o.rows = make([]rowMeta, rows)
	for i := 0; i < rows && r.err == nil; i++ {
		o.keys[i] = r.str()
		for c := range o.rows[i] {
			id := r.u32()
			if int(id) >= len(o.tables[c].names) {
				return nil, fmt.Errorf("row %d names entry %d of table %d, which has %d", i, id, c, len(o.tables[c].names))
			}
			o.rows[i][c] = id
		}
		o.byKey[o.keys[i]] = i
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(body)-r.off != rows*dim*4 {
		return nil, fmt.Errorf("vectors take %d bytes, want %d", len(body)-r.off, rows*dim*4)
	}
	o.vecs = make([]float32, rows*dim)
	for i := range o.vecs {
		o.vecs[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[r.off+4*i:]))
	}
	if f.model == "" || f.orgID == "" {
		return nil, errors.New("no model or organization in the header")
	}
	f.vectors = o
	return f, nil
}
