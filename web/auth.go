package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// sessionCookie holds a browser session's token.
const sessionCookie = "socle_session"

// DemoAccount is shown on the sign-in page of the demo, so that visitors can try each role.
type DemoAccount struct {
	Email string
	Role  socle.Role
}

// handler is a page or API handler that knows its caller.
type handler func(w http.ResponseWriter, r *http.Request, p access.Principal) error

// page wraps a page handler: it resolves the session (or sends the browser to the sign-in
// page), checks the action is allowed, and renders errors as pages.
func (s *Server) page(need access.Action, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.sessionPrincipal(r)
		if socle.IsKind(err, socle.EUNAUTHORIZED) {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if err == nil {
			err = p.Require(need)
		}
		if err == nil {
			err = h(w, r, p)
		}
		if err != nil {
			s.renderError(w, r, &p, err)
		}
	}
}

// api wraps an API handler: the caller is an API token ("Authorization: Bearer socle_…") or a
// browser session; errors are JSON.
func (s *Server) api(need access.Action, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var p access.Principal
		var err error
		if auth := r.Header.Get("Authorization"); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				err = socle.Errorf(socle.EUNAUTHORIZED, "the Authorization header must be \"Bearer <token>\"")
			} else {
				p, err = s.Access.APIToken(r.Context(), s.Store, strings.TrimSpace(token))
			}
		} else {
			p, err = s.sessionPrincipal(r)
		}
		if err == nil {
			err = p.Require(need)
		}
		if err == nil {
			err = h(w, r, p)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	}
}

func (s *Server) sessionPrincipal(r *http.Request) (access.Principal, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return access.Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "sign in first")
	}
	return s.Access.Session(r.Context(), c.Value)
}

// signInView is what the sign-in page shows.
type signInView struct {
	Next     string
	Email    string
	Error    string
	Demo     []DemoAccount
	DemoPass string
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) {
	v := signInView{Next: localPath(r.FormValue("next")), Demo: s.DemoAccounts, DemoPass: s.DemoPassword}
	if err := s.render(w, r, http.StatusOK, "signin", messages[lang(r)]["signin.title"], nil, v); err != nil {
		s.renderError(w, r, nil, err)
	}
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	token, _, err := s.Access.SignIn(r.Context(), email, password, r.PostFormValue("org"))
	if err != nil {
		status := statusFor(err)
		if status == http.StatusInternalServerError {
			s.renderError(w, r, nil, err)
			return
		}
		v := signInView{Next: next, Email: email, Error: socle.MessageOf(err), Demo: s.DemoAccounts, DemoPass: s.DemoPassword}
		if rerr := s.render(w, r, status, "signin", messages[lang(r)]["signin.title"], nil, v); rerr != nil {
			s.renderError(w, r, nil, rerr)
		}
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || s.SecureCookies,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Access.SignOut(r.Context(), c.Value); err != nil {
			s.Log.Warn("sign out", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
