//go:build amd64 && !purego

package retrieval

import "golang.org/x/sys/cpu"

// useFMA is read once at start: the processor does not change under a running program.
var useFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotFMA is the dot product with AVX2 fused multiply-adds, 32 numbers per iteration.
//
//go:noescape
func dotFMA(a, b []float32) float32

// dot is the inner loop of every vector search.
func dot(a, b []float32) float32 {
	if useFMA {
		return dotFMA(a, b[:len(a)])
	}
	return dotGo(a, b)
}
