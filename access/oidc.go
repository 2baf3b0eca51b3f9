package access

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/socle-project/socle"
	"golang.org/x/oauth2"
)

// OIDCProvider is an OpenID Connect provider members sign in with (ProConnect, Keycloak,
// Microsoft Entra ID): the authorization code flow with PKCE, a state and a nonce, the ID
// token verified by go-oidc (signature, issuer, audience, expiry).
type OIDCProvider struct {
	ID           string // in addresses: /sso/{id}
	Label        string // on the sign-in button
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is the callback address registered at the provider:
	// <public URL>/sso/{id}/callback.
	RedirectURL string
	// Domains are the email domains allowed to sign in (any when empty).
	Domains []string
	// OrgID is the organization members sign in to.
	OrgID string
	// NewMemberRole is the role given to a person of an allowed domain who is not a member
	// yet; empty means members must be invited first.
	NewMemberRole socle.Role
	// Scopes beyond openid and email (ProConnect wants "given_name usual_name").
	Scopes []string
	// NoPKCE leaves PKCE out of the flow, for a provider that refuses the parameters it adds
	// to the authorization request (state and nonce are still checked).
	NoPKCE bool

	once     sync.Mutex
	provider *oidc.Provider
}

// discover reads the provider's configuration, once it answers.
func (p *OIDCProvider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.once.Lock()
	defer p.once.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	pr, err := oidc.NewProvider(ctx, p.Issuer)
	if err != nil {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "the sign-in provider %s cannot be reached: sign in with a password, or try again later (%w)", p.Label, err)
	}
	p.provider = pr
	return pr, nil
}

func (p *OIDCProvider) config(pr *oidc.Provider) oauth2.Config {
	return oauth2.Config{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: p.RedirectURL,
		Endpoint: pr.Endpoint(), Scopes: append([]string{oidc.ScopeOpenID, "email"}, p.Scopes...),
	}
}

// OIDCPending is what a sign-in keeps between its start and the provider's answer (in a
// cookie of the browser that started it): the state and nonce it sent, its PKCE verifier,
// and where to go after.
type OIDCPending struct {
	Provider string `json:"p"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
}

// Start begins a sign-in: it returns the provider's authorization address and what to keep
// until the answer.
func (p *OIDCProvider) Start(ctx context.Context, next string) (string, OIDCPending, error) {
	pr, err := p.discover(ctx)
	if err != nil {
		return "", OIDCPending{}, err
	}
	pend := OIDCPending{Provider: p.ID, State: NewToken()[6:], Nonce: NewToken()[6:], Verifier: oauth2.GenerateVerifier(), Next: next}
	cfg := p.config(pr)
	opts := []oauth2.AuthCodeOption{oidc.Nonce(pend.Nonce)}
	if p.NoPKCE {
		pend.Verifier = ""
	} else {
		opts = append(opts, oauth2.S256ChallengeOption(pend.Verifier))
	}
	return cfg.AuthCodeURL(pend.State, opts...), pend, nil
}

// oidcClaims are the claims Socle reads, from the ID token or the userinfo endpoint.
type oidcClaims struct {
	Subject       string `json:"sub"`
	Email         string `json:"email"`
	EmailVerified *bool  `json:"email_verified"`
	Name          string `json:"name"`
	GivenName     string `json:"given_name"`
	FamilyName    string `json:"family_name"`
	UsualName     string `json:"usual_name"` // ProConnect
}

func (c oidcClaims) name() string {
	if c.Name != "" {
		return c.Name
	}
	return strings.TrimSpace(c.GivenName + " " + firstNonEmpty(c.FamilyName, c.UsualName))
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

var errSSOState = socle.Errorf(socle.EUNAUTHORIZED, "this sign-in answer does not match the sign-in started in this browser (state): start again from the sign-in page")

// FinishOIDC completes a sign-in with the provider's answer (its state and code): it checks
// the state, exchanges the code with the PKCE verifier, verifies the ID token and its nonce,
// reads the email (from the ID token or userinfo), checks its domain, finds the member (by the
// provider's subject, else by email, else makes one when the provider allows it), and opens a
// session. Every refusal is EUNAUTHORIZED or EFORBIDDEN with a message saying what to do.
func (s *Service) FinishOIDC(ctx context.Context, p *OIDCProvider, pend OIDCPending, state, code string) (string, Principal, error) {
	if pend.State == "" || pend.Provider != p.ID || subtle.ConstantTimeCompare([]byte(pend.State), []byte(state)) != 1 {
		return "", Principal{}, errSSOState
	}
	pr, err := p.discover(ctx)
	if err != nil {
		return "", Principal{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	cfg := p.config(pr)
	var opts []oauth2.AuthCodeOption
	if !p.NoPKCE {
		opts = append(opts, oauth2.VerifierOption(pend.Verifier))
	}
	tok, err := cfg.Exchange(ctx, code, opts...)
	if err != nil {
		return "", Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "the provider %s refused the sign-in code: start again (%w)", p.Label, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return "", Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "the provider %s sent no ID token: check that the client is an OpenID Connect client", p.Label)
	}
	idt, err := pr.Verifier(&oidc.Config{ClientID: p.ClientID}).Verify(ctx, raw)
	if err != nil {
		return "", Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "the ID token from %s is not valid (expired, or not for this server): start again (%w)", p.Label, err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pend.Nonce)) != 1 {
		return "", Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "the ID token from %s was not issued for this sign-in (nonce): start again", p.Label)
	}
	var c oidcClaims
	if err := idt.Claims(&c); err != nil {
		return "", Principal{}, fmt.Errorf("access: ID token claims: %w", err)
	}
	if c.Email == "" {
		ui, err := pr.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return "", Principal{}, socle.Errorf(socle.EUNAVAILABLE, "the provider %s did not give the email: %w", p.Label, err)
		}
		var uc oidcClaims
		if err := ui.Claims(&uc); err != nil {
			return "", Principal{}, fmt.Errorf("access: userinfo claims: %w", err)
		}
		if uc.Subject != idt.Subject {
			return "", Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "the provider %s answered for another account: start again", p.Label)
		}
		c.Email, c.EmailVerified = uc.Email, uc.EmailVerified
		c.Name, c.GivenName, c.FamilyName, c.UsualName = uc.Name, uc.GivenName, uc.FamilyName, uc.UsualName
	}
	c.Subject = idt.Subject
	return s.ssoMember(ctx, p, c)
}

// ssoMember finds or makes the member a verified sign-in names, and opens their session.
func (s *Service) ssoMember(ctx context.Context, p *OIDCProvider, c oidcClaims) (string, Principal, error) {
	probe := socle.User{Email: c.Email}
	if err := probe.Validate(); err != nil {
		return "", Principal{}, socle.Errorf(socle.EFORBIDDEN, "the provider %s gave no usable email for this account", p.Label)
	}
	if c.EmailVerified != nil && !*c.EmailVerified {
		return "", Principal{}, socle.Errorf(socle.EFORBIDDEN, "the provider %s has not verified the email %s: verify it there first", p.Label, probe.Email)
	}
	if !domainAllowed(probe.Email, p.Domains) {
		return "", Principal{}, socle.Errorf(socle.EFORBIDDEN, "the email %s is not in a domain allowed to sign in with %s (%s): use an address of your organization", probe.Email, p.Label, strings.Join(p.Domains, ", "))
	}
	var u socle.User
	id, err := s.Store.IdentityUser(ctx, p.Issuer, c.Subject)
	switch {
	case err == nil:
		u, err = s.Store.User(ctx, id.UserID)
	case socle.IsKind(err, socle.ENOTFOUND):
		u, err = s.Store.UserByEmail(ctx, probe.Email)
		if socle.IsKind(err, socle.ENOTFOUND) && p.NewMemberRole != "" {
			u = socle.User{Email: probe.Email, Name: c.name()}
			err = s.Store.CreateUser(ctx, &u)
		}
	}
	if socle.IsKind(err, socle.ENOTFOUND) {
		return "", Principal{}, socle.Errorf(socle.EFORBIDDEN, "%s is not a member of this organization: ask an administrator to invite you", probe.Email)
	}
	if err != nil {
		return "", Principal{}, err
	}
	m, err := s.Store.Member(ctx, p.OrgID, u.ID)
	if socle.IsKind(err, socle.ENOTFOUND) && p.NewMemberRole != "" {
		m = socle.Membership{OrgID: p.OrgID, UserID: u.ID, Role: p.NewMemberRole}
		err = s.Store.SetMembership(socle.WithActor(ctx, "system"), &m)
	}
	if socle.IsKind(err, socle.ENOTFOUND) {
		return "", Principal{}, socle.Errorf(socle.EFORBIDDEN, "%s is not a member of this organization: ask an administrator to invite you", probe.Email)
	}
	if err != nil {
		return "", Principal{}, err
	}
	if !m.Active() {
		return "", Principal{}, socle.Errorf(socle.EFORBIDDEN, "your access was deactivated by an administrator of your organization: ask them to restore it")
	}
	link := socle.Identity{Issuer: p.Issuer, Subject: c.Subject, UserID: u.ID, Email: probe.Email}
	if err := s.Store.LinkIdentity(socle.WithActor(ctx, u.ID), &link); err != nil {
		return "", Principal{}, err
	}
	return s.open(ctx, u, m)
}

// domainAllowed reports whether email's domain is one of domains (or a subdomain of one);
// any domain when there are none.
func domainAllowed(email string, domains []string) bool {
	if len(domains) == 0 {
		return true
	}
	at := strings.LastIndexByte(email, '@')
	d := strings.ToLower(email[at+1:])
	for _, allowed := range domains {
		allowed = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(allowed), "@"))
		if d == allowed || strings.HasSuffix(d, "."+allowed) {
			return true
		}
	}
	return false
}
