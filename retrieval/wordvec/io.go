package wordvec

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

var magic = [8]byte{'S', 'O', 'C', 'L', 'E', 'W', 'V', '1'}

// Limits on a model read back: far above what training produces, well below what would exhaust
// memory.
const (
	maxWords = 1 << 20
	maxDim   = 4096
)

// WriteTo writes the model in a compact binary form.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	put := func(v any) { _ = binary.Write(bw, binary.LittleEndian, v) }
	bw.Write(magic[:])
	putString(bw, m.Kind)
	put(uint32(m.Dim))
	put(uint32(len(m.Words)))
	for _, word := range m.Words {
		putString(bw, word)
	}
	put(m.Prob)
	put(m.Vec)
	put(uint8(boolInt(m.Common != nil)))
	if m.Common != nil {
		put(m.Common)
	}
	return 0, bw.Flush()
}

// Read reads a model written by WriteTo.
func Read(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	var got [8]byte
	if _, err := io.ReadFull(br, got[:]); err != nil || got != magic {
		return nil, errors.New("wordvec: not a model file")
	}
	kind, err := getString(br)
	if err != nil {
		return nil, err
	}
	var dim, n uint32
	if err := binary.Read(br, binary.LittleEndian, &dim); err != nil {
		return nil, fmt.Errorf("wordvec: %w", err)
	}
	if err := binary.Read(br, binary.LittleEndian, &n); err != nil {
		return nil, fmt.Errorf("wordvec: %w", err)
	}
	if dim == 0 || dim > maxDim || n > maxWords {
		return nil, fmt.Errorf("wordvec: model of %d words × %d dimensions is out of bounds", n, dim)
	}
	m := &Model{Kind: kind, Dim: int(dim), Words: make([]string, n), Prob: make([]float32, n), Vec: make([]float32, int(n)*int(dim))}
	for i := range m.Words {
		if m.Words[i], err = getString(br); err != nil {
			return nil, err
		}
	}
	if err := binary.Read(br, binary.LittleEndian, m.Prob); err != nil {
		return nil, fmt.Errorf("wordvec: %w", err)
	}
	if err := binary.Read(br, binary.LittleEndian, m.Vec); err != nil {
		return nil, fmt.Errorf("wordvec: %w", err)
	}
	var hasCommon uint8
	if err := binary.Read(br, binary.LittleEndian, &hasCommon); err != nil {
		return nil, fmt.Errorf("wordvec: %w", err)
	}
	if hasCommon == 1 {
		m.Common = make([]float32, dim)
		if err := binary.Read(br, binary.LittleEndian, m.Common); err != nil {
			return nil, fmt.Errorf("wordvec: %w", err)
		}
	}
	for _, x := range m.Vec {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil, errors.New("wordvec: model holds a value that is not a number")
		}
	}
	m.buildIndex()
	return m, nil
}

func putString(w *bufio.Writer, s string) {
	_ = binary.Write(w, binary.LittleEndian, uint16(len(s)))
	w.WriteString(s)
}

func getString(r *bufio.Reader) (string, error) {
	var n uint16
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return "", fmt.Errorf("wordvec: %w", err)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("wordvec: %w", err)
	}
	return string(b), nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
