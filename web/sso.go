package web

// ssoButton is a single sign-on provider offered on the sign-in page.
type ssoButton struct {
	ID    string
	Label string
}

// ssoButtons lists the single sign-on providers offered on the sign-in page.
func (s *Server) ssoButtons() []ssoButton { return nil }

var ssoMessages = catalog{"fr": {}, "en": {}}
