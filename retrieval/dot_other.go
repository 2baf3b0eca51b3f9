//go:build !amd64 || purego

package retrieval

// dot is the inner loop of every vector search.
func dot(a, b []float32) float32 { return dotGo(a, b) }
