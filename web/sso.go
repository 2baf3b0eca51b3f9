package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// ssoCookie keeps a single sign-on in progress (state, nonce, PKCE verifier) in the browser that
// started it, for ten minutes; only the callback path reads it.
const ssoCookie = "socle_sso"

// ssoButton is a single sign-on provider offered on the sign-in page.
type ssoButton struct {
	ID    string
	Label string
}

// ssoButtons lists the single sign-on providers offered on the sign-in page.
func (s *Server) ssoButtons() []ssoButton {
	var out []ssoButton
	for _, p := range s.SSO {
		out = append(out, ssoButton{ID: p.ID, Label: p.Label})
	}
	return out
}

func (s *Server) ssoProvider(id string) (*access.OIDCProvider, error) {
	for _, p := range s.SSO {
		if p.ID == id {
			return p, nil
		}
	}
	return nil, socle.Errorf(socle.ENOTFOUND, "no sign-in provider %q on this server", id)
}

// ssoStart sends the browser to the provider, keeping what the answer must match.
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) {
	p, err := s.ssoProvider(r.PathValue("id"))
	if err != nil {
		s.renderError(w, r, nil, err)
		return
	}
	to, pend, err := p.Start(r.Context(), localPath(r.URL.Query().Get("next")))
	if err != nil {
		s.ssoFailed(w, r, err)
		return
	}
	data, _ := json.Marshal(pend)
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: base64.RawURLEncoding.EncodeToString(data), Path: "/sso/",
		MaxAge: 600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.SecureCookies})
	http.Redirect(w, r, to, http.StatusFound)
}

// ssoCallback is where the provider sends the browser back with a code.
func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) {
	p, err := s.ssoProvider(r.PathValue("id"))
	if err != nil {
		s.renderError(w, r, nil, err)
		return
	}
	// The pending sign-in is used once, whatever comes of it.
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: "", Path: "/sso/", MaxAge: -1, HttpOnly: true})
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		s.ssoFailed(w, r, socle.Errorf(socle.EUNAUTHORIZED, "the provider %s did not sign you in (%s): try again, or sign in with a password", p.Label, truncate(e, 100)))
		return
	}
	var pend access.OIDCPending
	if c, err := r.Cookie(ssoCookie); err == nil {
		if data, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			json.Unmarshal(data, &pend)
		}
	}
	token, _, err := s.Access.FinishOIDC(r.Context(), p, pend, q.Get("state"), q.Get("code"))
	if err != nil {
		s.ssoFailed(w, r, err)
		return
	}
	s.Log.Info("signed in", "provider", p.ID, "client", s.clientAddr(r))
	s.startSession(w, r, token, localPath(pend.Next))
}

// ssoFailed shows the sign-in page with why single sign-on failed, and logs it.
func (s *Server) ssoFailed(w http.ResponseWriter, r *http.Request, err error) {
	status := statusFor(err)
	if status == http.StatusInternalServerError {
		s.renderError(w, r, nil, err)
		return
	}
	s.Log.Warn("single sign-on failed", "provider", r.PathValue("id"), "client", s.clientAddr(r), "reason", socle.KindOf(err), "err", err)
	v := signInView{Next: "/", Error: socle.MessageOf(err), Demo: s.DemoAccounts, DemoPass: s.DemoPassword, SSO: s.ssoButtons()}
	if rerr := s.render(w, r, status, "signin", messages[lang(r)]["signin.title"], nil, v); rerr != nil {
		s.renderError(w, r, nil, rerr)
	}
}

var ssoMessages = catalog{
	"fr": {
		"signin.sso": "Se connecter avec %s",
		"signin.or":  "ou avec votre mot de passe Socle",
	},
	"en": {
		"signin.sso": "Sign in with %s",
		"signin.or":  "or with your Socle password",
	},
}
