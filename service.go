package socle

// Service is an offer a caseworker can direct someone to: a benefit, a programme, a local
// service. Services come from catalog versions and are as immutable as the version.
type Service struct {
	ID          string // stable within the catalog: the source's own id, or derived from the name
	OrgID       string
	GuideID     string
	VersionID   string
	Name        string
	Description string
	Provider    string   // the institution that runs it (CAF, département, association…)
	Audience    []string // publics concerned, in the data·inclusion vocabulary where known
	Eligibility string   // conditions in words
	AgeMin      int      // 0 when unbounded
	AgeMax      int      // 0 when unbounded
	// Territories lists where it applies: "FR" for the whole country, a region ("R84"), a
	// département ("74"), or a commune INSEE code ("C75056"). Empty means unknown.
	Territories []string
	Contact     string
	Link        string
	Themes      []string // data·inclusion thematic codes where known
	Extra       map[string]string
}

// ServesAge reports whether a person of the given age is within the service's bounds.
func (s *Service) ServesAge(age int) bool {
	return (s.AgeMin == 0 || age >= s.AgeMin) && (s.AgeMax == 0 || age <= s.AgeMax)
}
