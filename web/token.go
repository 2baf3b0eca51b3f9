package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// tokenRow is one API token with the member it acts as.
type tokenRow struct {
	Token   socle.APIToken
	Email   string
	Expired bool
}

type tokensView struct {
	Tokens  []tokenRow
	Members []memberRow // active members a token may act as
	Created *createdToken
	Error   string
	Self    string
}

// createdToken is a token just made, shown once.
type createdToken struct {
	Name  string
	Value string
}

func (s *Server) tokenRows(r *http.Request, p access.Principal) ([]tokenRow, []memberRow, error) {
	members, err := s.members(r.Context(), p)
	if err != nil {
		return nil, nil, err
	}
	email := map[string]string{}
	var active []memberRow
	for _, m := range members {
		email[m.User.ID] = m.User.Email
		if m.Member.Active() {
			active = append(active, m)
		}
	}
	tokens, err := s.Store.APITokens(r.Context(), p.Org.ID)
	if err != nil {
		return nil, nil, err
	}
	now := socle.Now()
	rows := make([]tokenRow, 0, len(tokens))
	for _, t := range tokens {
		rows = append(rows, tokenRow{Token: t, Email: email[t.UserID], Expired: !t.ExpiresAt.IsZero() && !t.ExpiresAt.After(now)})
	}
	return rows, active, nil
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, p access.Principal, created *createdToken, actErr error) error {
	status := http.StatusOK
	if actErr != nil {
		if status = statusFor(actErr); status == http.StatusInternalServerError {
			return actErr
		}
	}
	rows, members, err := s.tokenRows(r, p)
	if err != nil {
		return err
	}
	v := tokensView{Tokens: rows, Members: members, Created: created, Self: p.User.ID}
	if actErr != nil {
		v.Error = socle.MessageOf(actErr)
	}
	if created != nil {
		status = http.StatusCreated
	}
	return s.render(w, r, status, "tokens", messages[lang(r)]["tokens.title"], &p, v)
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	return s.renderTokens(w, r, p, nil, nil)
}

// createToken makes a token acting as a member of the organization, active and of this
// organization, for days days (0: no expiry).
func (s *Server) createToken(r *http.Request, p access.Principal, name, userID string, days int) (string, socle.APIToken, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || len(name) > 200:
		return "", socle.APIToken{}, socle.Errorf(socle.EINVALID, "give the token a name of 1 to 200 characters saying what it is for, e.g. \"logiciel de suivi\"")
	case days < 0 || days > 3650:
		return "", socle.APIToken{}, socle.Errorf(socle.EINVALID, "a token lasts 1 to 3650 days, or 0 for no expiry")
	}
	if userID == "" {
		userID = p.User.ID
	}
	m, err := s.Store.Member(r.Context(), p.Org.ID, userID)
	if err != nil {
		return "", socle.APIToken{}, err
	}
	if !m.Active() {
		return "", socle.APIToken{}, socle.Errorf(socle.ECONFLICT, "this member is deactivated: a token cannot act as them")
	}
	return access.CreateAPIToken(socle.WithActor(r.Context(), p.User.ID), s.Store, p.Org.ID, userID, name, time.Duration(days)*24*time.Hour)
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	days, err := strconv.Atoi(r.PostFormValue("days"))
	if err != nil {
		return s.renderTokens(w, r, p, nil, socle.Errorf(socle.EINVALID, "lifetime %q is not a number of days", r.PostFormValue("days")))
	}
	value, t, err := s.createToken(r, p, r.PostFormValue("name"), r.PostFormValue("user"), days)
	if err != nil {
		if socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
		return s.renderTokens(w, r, p, nil, err)
	}
	return s.renderTokens(w, r, p, &createdToken{Name: t.Name, Value: value}, nil)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if err := s.Store.DeleteAPIToken(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
	return nil
}

// The API of tokens.

type tokenJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	MemberID   string     `json:"member_id"`
	Member     string     `json:"member,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	Token      string     `json:"token,omitempty"` // only in the answer that creates it
}

func toTokenJSON(t socle.APIToken, email string) tokenJSON {
	j := tokenJSON{ID: t.ID, Name: t.Name, MemberID: t.UserID, Member: email, CreatedAt: t.CreatedAt}
	if !t.LastUsedAt.IsZero() {
		j.LastUsedAt = &t.LastUsedAt
	}
	if !t.ExpiresAt.IsZero() {
		j.ExpiresAt = &t.ExpiresAt
	}
	return j
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	rows, _, err := s.tokenRows(r, p)
	if err != nil {
		return err
	}
	out := make([]tokenJSON, 0, len(rows))
	for _, t := range rows {
		out = append(out, toTokenJSON(t.Token, t.Email))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
	return nil
}

func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	req := struct {
		Name     string `json:"name"`
		MemberID string `json:"member_id"`
		Days     *int   `json:"expires_in_days"`
	}{}
	if err := decodeStrict(r, &req, `{"name": "logiciel de suivi", "member_id": "(default: you)", "expires_in_days": 365}`); err != nil {
		return err
	}
	days := 365
	if req.Days != nil {
		days = *req.Days
	}
	value, t, err := s.createToken(r, p, req.Name, req.MemberID, days)
	if err != nil {
		return err
	}
	j := toTokenJSON(t, "")
	j.Token = value
	writeJSON(w, http.StatusCreated, j)
	return nil
}

func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if err := s.Store.DeleteAPIToken(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

var tokenMessages = catalog{
	"fr": {
		"nav.tokens":         "Jetons d'API",
		"tokens.title":       "Jetons d'API",
		"tokens.intro":       "Un jeton permet à un logiciel (logiciel de suivi, tableau de bord) d'appeler l'API de Socle au nom d'un membre, avec son rôle : « Authorization: Bearer <jeton> ». Seule son empreinte est conservée.",
		"tokens.name":        "Nom",
		"tokens.member":      "Agit comme",
		"tokens.created":     "Créé le",
		"tokens.lastused":    "Dernier usage",
		"tokens.expires":     "Expire le",
		"tokens.never":       "jamais",
		"tokens.noexpiry":    "sans expiration",
		"tokens.expired":     "expiré",
		"tokens.revoke":      "Révoquer",
		"tokens.revoke.hint": "Le jeton cesse de fonctionner immédiatement.",
		"tokens.none":        "Aucun jeton.",
		"tokens.new":         "Créer un jeton",
		"tokens.lifetime":    "Durée",
		"tokens.days":        "%d jours",
		"tokens.submit":      "Créer le jeton",
		"tokens.shown":       "Jeton « %s » — copiez-le maintenant, il ne sera plus affiché :",
		"tokens.name.hint":   "ex. logiciel de suivi",
	},
	"en": {
		"nav.tokens":         "API tokens",
		"tokens.title":       "API tokens",
		"tokens.intro":       "A token lets a program (case management software, a dashboard) call Socle's API as a member, with their role: \"Authorization: Bearer <token>\". Only its hash is kept.",
		"tokens.name":        "Name",
		"tokens.member":      "Acts as",
		"tokens.created":     "Created",
		"tokens.lastused":    "Last used",
		"tokens.expires":     "Expires",
		"tokens.never":       "never",
		"tokens.noexpiry":    "no expiry",
		"tokens.expired":     "expired",
		"tokens.revoke":      "Revoke",
		"tokens.revoke.hint": "The token stops working at once.",
		"tokens.none":        "No token.",
		"tokens.new":         "Create a token",
		"tokens.lifetime":    "Lifetime",
		"tokens.days":        "%d days",
		"tokens.submit":      "Create the token",
		"tokens.shown":       "Token \"%s\" — copy it now, it will not be shown again:",
		"tokens.name.hint":   "e.g. case management software",
	},
}
