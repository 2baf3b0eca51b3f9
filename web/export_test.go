package web

// DuplicateMessageKeys returns the keys that two catalogs both define, for the messages test.
func DuplicateMessageKeys() []string {
	var dups []string
	seen := map[string]bool{}
	for _, c := range allCatalogs {
		for lang, texts := range c {
			for k := range texts {
				if seen[lang+"/"+k] {
					dups = append(dups, lang+"/"+k)
				}
				seen[lang+"/"+k] = true
			}
		}
	}
	return dups
}

// Excerpt is excerpt, for the test of comparisons.
var Excerpt = excerpt

// HoldExpensive takes every slot of expensive requests, for a test of what happens when none
// is free, and returns the function that gives them back.
func (s *Server) HoldExpensive() (release func()) {
	for range cap(s.expensive) {
		s.expensive <- struct{}{}
	}
	return func() {
		for range cap(s.expensive) {
			<-s.expensive
		}
	}
}
