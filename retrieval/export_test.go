package retrieval

// Dot exposes the vector inner loop to the external tests.
var Dot = dot
