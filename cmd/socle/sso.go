package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// oidcFlags collects repeated --oidc flags, one provider each.
type oidcFlags []string

func (f *oidcFlags) String() string     { return strings.Join(*f, " ") }
func (f *oidcFlags) Set(v string) error { *f = append(*f, v); return nil }

const oidcUsage = `an OpenID Connect provider for single sign-on, repeatable: comma-separated key=value with
id (in addresses), label (on the button), issuer, client-id, client-secret or client-secret-file,
org (the organization's slug), role (given to new members of an allowed domain, or "invite" for
invited members only; default invite), domains (allowed email domains, separated by ;), scopes
(extra scopes, separated by ;), pkce (on, or off for a provider that refuses it). Needs --public-url: the callback is <public-url>/sso/<id>/callback`

// providers reads the --oidc flags into providers, resolving organizations in the store.
func (f oidcFlags) providers(ctx context.Context, s socle.OrgStore, publicURL string) ([]*access.OIDCProvider, error) {
	var out []*access.OIDCProvider
	seen := map[string]bool{}
	for _, spec := range f {
		p := &access.OIDCProvider{}
		var orgSlug, role string
		for _, kv := range strings.Split(spec, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok {
				return nil, usageError{fmt.Sprintf("--oidc: %q is not key=value", kv)}
			}
			v = strings.TrimSpace(v)
			switch k {
			case "id":
				p.ID = v
			case "label":
				p.Label = v
			case "issuer":
				p.Issuer = v
			case "client-id":
				p.ClientID = v
			case "client-secret":
				p.ClientSecret = v
			case "client-secret-file":
				data, err := os.ReadFile(v)
				if err != nil {
					return nil, configError{fmt.Errorf("--oidc client-secret-file: %w", err)}
				}
				p.ClientSecret = strings.TrimSpace(string(data))
			case "org":
				orgSlug = v
			case "role":
				role = v
			case "domains":
				p.Domains = splitList(v)
			case "scopes":
				p.Scopes = splitList(v)
			case "pkce":
				switch v {
				case "on", "true":
				case "off", "false":
					p.NoPKCE = true
				default:
					return nil, usageError{fmt.Sprintf("--oidc: pkce=%q: use on or off", v)}
				}
			default:
				return nil, usageError{fmt.Sprintf("--oidc: unknown key %q (see socle serve --help)", k)}
			}
		}
		switch {
		case socle.ValidateSlug("--oidc id", p.ID) != nil:
			return nil, usageError{fmt.Sprintf("--oidc: id %q must be a short name such as proconnect", p.ID)}
		case seen[p.ID]:
			return nil, usageError{fmt.Sprintf("--oidc: two providers have id %q", p.ID)}
		case !strings.HasPrefix(p.Issuer, "https://") && !strings.HasPrefix(p.Issuer, "http://localhost") && !strings.HasPrefix(p.Issuer, "http://127.0.0.1"):
			return nil, usageError{fmt.Sprintf("--oidc %s: issuer %q must be an https:// address", p.ID, p.Issuer)}
		case p.ClientID == "" || p.ClientSecret == "":
			return nil, usageError{fmt.Sprintf("--oidc %s: give client-id and client-secret (or client-secret-file)", p.ID)}
		case publicURL == "":
			return nil, usageError{"--oidc needs --public-url: the provider sends people back to <public-url>/sso/<id>/callback"}
		}
		seen[p.ID] = true
		if p.Label == "" {
			p.Label = p.ID
		}
		switch role {
		case "", "invite":
		default:
			if !socle.Role(role).Valid() {
				return nil, usageError{fmt.Sprintf("--oidc %s: role %q is not admin, lead, caseworker, trainer or invite", p.ID, role)}
			}
			p.NewMemberRole = socle.Role(role)
		}
		org, err := s.OrgBySlug(ctx, orgSlug)
		if err != nil {
			return nil, configError{fmt.Errorf("--oidc %s: organization %q: %w", p.ID, orgSlug, err)}
		}
		p.OrgID = org.ID
		p.RedirectURL = strings.TrimRight(publicURL, "/") + "/sso/" + p.ID + "/callback"
		out = append(out, p)
	}
	return out, nil
}

func splitList(v string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ' ' }) {
		out = append(out, x)
	}
	return out
}
