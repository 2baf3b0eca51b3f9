package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

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
	SSO      []ssoButton
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) {
	v := signInView{Next: localPath(r.FormValue("next")), Demo: s.DemoAccounts, DemoPass: s.DemoPassword, SSO: s.ssoButtons()}
	if err := s.render(w, r, http.StatusOK, "signin", messages[lang(r)]["signin.title"], nil, v); err != nil {
		s.renderError(w, r, nil, err)
	}
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	client := s.clientAddr(r)
	token, _, err := s.Access.SignIn(r.Context(), client, email, password, r.PostFormValue("org"))
	if err != nil {
		status := statusFor(err)
		if status == http.StatusInternalServerError {
			s.renderError(w, r, nil, err)
			return
		}
		// Who failed from where, never with what password.
		s.Log.Warn("sign-in failed", "email", email, "client", client, "reason", socle.KindOf(err))
		msg := socle.MessageOf(err)
		var th *access.Throttled
		if errors.As(err, &th) {
			setRetryAfter(w, err)
			msg = fmt.Sprintf(messages[lang(r)]["signin.throttled"], waitText(lang(r), th.RetryAfter()))
		}
		v := signInView{Next: next, Email: email, Error: msg, Demo: s.DemoAccounts, DemoPass: s.DemoPassword, SSO: s.ssoButtons()}
		if rerr := s.render(w, r, status, "signin", messages[lang(r)]["signin.title"], nil, v); rerr != nil {
			s.renderError(w, r, nil, rerr)
		}
		return
	}
	s.startSession(w, r, token, next)
}

// startSession gives the browser its session cookie and sends it on.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, token, next string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || s.SecureCookies,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// waitText says a wait in words: "45 s", "3 min".
func waitText(l string, d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf("%d min", int((d+time.Minute-1)/time.Minute))
}

// clientAddr is the address a request comes from: the connection's peer, or, when the peer
// is one of the TrustedProxies, the last address it added to X-Forwarded-For.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(peer.Unmap()) {
			fwd := r.Header.Values("X-Forwarded-For")
			if len(fwd) == 0 {
				return host
			}
			parts := strings.Split(fwd[len(fwd)-1], ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				return a.String()
			}
			return host
		}
	}
	return host
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

// authMessages are the texts of sign-in beyond the common ones: throttling, one-time links.
var authMessages = catalog{
	"fr": {
		"signin.throttled": "Trop de tentatives de connexion échouées pour ce compte ou depuis cette adresse : réessayez dans %s.",
	},
	"en": {
		"signin.throttled": "Too many failed sign-ins for this account or from this address: try again in %s.",
	},
}
