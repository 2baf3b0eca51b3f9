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
