package plan

import "context"

// Hooks for the external tests (package plan_test), compiled with the package in tests only.

// SelectorCandidates are the candidate steps a Selector shows its model for a plan's context
// (the situations evaluation measures what a perfect reader of them could make).
func SelectorCandidates(ctx context.Context, g *Selector, c *Context) (Draft, error) {
	return g.candidates(ctx, c)
}
