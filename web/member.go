package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// Mailer sends a message, for invitations and password resets; nil means links are shown to
// the administrator, who passes them on.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// memberRow is one member on the members page and in the API.
type memberRow struct {
	User   socle.User
	Member socle.Membership
	Self   bool
}

// linkRow is a pending invitation or reset.
type linkRow struct {
	Link  socle.OneTimeLink
	Email string
}

// shownLink is a one-time link just made: shown once to the administrator, or mailed.
type shownLink struct {
	Email   string
	URL     string
	Purpose socle.LinkPurpose
	Mailed  bool
	Joined  bool // an existing account joined: no link needed
}

type membersView struct {
	Members []memberRow
	Links   []linkRow
	Roles   []socle.Role
	Shown   *shownLink
	Error   string
	Mail    bool // invitations go by mail
}

var allRoles = []socle.Role{socle.RoleCaseworker, socle.RoleLead, socle.RoleTrainer, socle.RoleAdmin}

// members lists the organization's members with their accounts, by email.
func (s *Server) members(ctx context.Context, p access.Principal) ([]memberRow, error) {
	ms, err := s.Store.Members(ctx, p.Org.ID)
	if err != nil {
		return nil, err
	}
	rows := make([]memberRow, 0, len(ms))
	for _, m := range ms {
		u, err := s.Store.User(ctx, m.UserID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, memberRow{User: u, Member: m, Self: u.ID == p.User.ID})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].User.Email < rows[j].User.Email })
	return rows, nil
}

func (s *Server) membersPageView(r *http.Request, p access.Principal) (membersView, error) {
	rows, err := s.members(r.Context(), p)
	if err != nil {
		return membersView{}, err
	}
	v := membersView{Members: rows, Roles: allRoles, Mail: s.Mailer != nil}
	links, err := s.Store.Links(r.Context(), p.Org.ID)
	if err != nil {
		return v, err
	}
	email := map[string]string{}
	for _, m := range rows {
		email[m.User.ID] = m.User.Email
	}
	for _, l := range links {
		v.Links = append(v.Links, linkRow{Link: l, Email: email[l.UserID]})
	}
	return v, nil
}

func (s *Server) membersPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	v, err := s.membersPageView(r, p)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "members", messages[lang(r)]["members.title"], &p, v)
}

// renderMembers shows the members page after an action, with the link it made or the error it
// met (an invalid form is shown on the page, not on an error page).
func (s *Server) renderMembers(w http.ResponseWriter, r *http.Request, p access.Principal, shown *shownLink, actErr error) error {
	status := http.StatusOK
	if actErr != nil {
		status = statusFor(actErr)
		if status == http.StatusInternalServerError {
			return actErr
		}
	}
	v, err := s.membersPageView(r, p)
	if err != nil {
		return err
	}
	v.Shown = shown
	if actErr != nil {
		v.Error = socle.MessageOf(actErr)
	}
	return s.render(w, r, status, "members", messages[lang(r)]["members.title"], &p, v)
}

// invite adds a member and delivers their link: by mail when a mailer is configured, else
// back to the administrator.
func (s *Server) invite(r *http.Request, p access.Principal, email, name string, role socle.Role) (*shownLink, socle.User, error) {
	ctx := socle.WithActor(r.Context(), p.User.ID)
	inv, err := s.Access.Invite(ctx, p.Org.ID, email, name, role)
	if err != nil {
		return nil, socle.User{}, err
	}
	shown := &shownLink{Email: inv.User.Email, Purpose: socle.LinkInvite, Joined: inv.Token == ""}
	if inv.Token != "" {
		err = s.deliver(r, p, shown, inv.Token)
	}
	return shown, inv.User, err
}

// deliver mails a one-time link, or puts it in shown for the administrator.
func (s *Server) deliver(r *http.Request, p access.Principal, shown *shownLink, token string) error {
	shown.URL = s.absolute(r, "/password?t="+url.QueryEscape(token))
	if s.Mailer == nil {
		return nil
	}
	l := messages["fr"]
	subject, body := l["mail.invite.subject"], l["mail.invite.body"]
	if shown.Purpose == socle.LinkReset {
		subject, body = l["mail.reset.subject"], l["mail.reset.body"]
	}
	err := s.Mailer.Send(r.Context(), shown.Email, fmt.Sprintf(subject, p.Org.Name), fmt.Sprintf(body, p.Org.Name, shown.URL))
	if err != nil {
		s.Log.Error("mail", "to", shown.Email, "err", err)
		return socle.Errorf(socle.EUNAVAILABLE, "the mail to %s could not be sent (the link was made: send a new one once mail works, or show it): %w", shown.Email, err)
	}
	shown.Mailed, shown.URL = true, ""
	return nil
}

// absolute makes a path absolute with the configured public address, or, for a link shown to
// the administrator who asked for it, with the address they used.
func (s *Server) absolute(r *http.Request, path string) string {
	if s.PublicURL != "" {
		return s.PublicURL + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

func (s *Server) memberInvite(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	shown, _, err := s.invite(r, p, r.PostFormValue("email"), r.PostFormValue("name"), socle.Role(r.PostFormValue("role")))
	return s.renderMembers(w, r, p, shown, err)
}

func (s *Server) memberRole(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	err := s.Access.SetRole(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("user"), socle.Role(r.PostFormValue("role")))
	return s.afterMemberChange(w, r, p, err)
}

func (s *Server) memberDeactivate(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	err := s.Access.SetActive(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("user"), false)
	return s.afterMemberChange(w, r, p, err)
}

func (s *Server) memberReactivate(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	err := s.Access.SetActive(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("user"), true)
	return s.afterMemberChange(w, r, p, err)
}

func (s *Server) memberReset(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	shown, err := s.resetLink(r, p, r.PathValue("user"))
	return s.renderMembers(w, r, p, shown, err)
}

func (s *Server) resetLink(r *http.Request, p access.Principal, userID string) (*shownLink, error) {
	u, err := s.Store.User(r.Context(), userID)
	if err != nil {
		return nil, socle.Errorf(socle.ENOTFOUND, "member %q not found", userID)
	}
	token, err := s.Access.ResetLink(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, userID)
	if err != nil {
		return nil, err
	}
	shown := &shownLink{Email: u.Email, Purpose: socle.LinkReset}
	return shown, s.deliver(r, p, shown, token)
}

func (s *Server) memberLinkDelete(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	err := s.Store.DeleteLink(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id"))
	return s.afterMemberChange(w, r, p, err)
}

// afterMemberChange goes back to the members page, or shows the page with the error.
func (s *Server) afterMemberChange(w http.ResponseWriter, r *http.Request, p access.Principal, err error) error {
	if err != nil {
		if socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
		return s.renderMembers(w, r, p, nil, err)
	}
	http.Redirect(w, r, "/members", http.StatusSeeOther)
	return nil
}

// passwordPage is where a one-time link leads: the person chooses a password. The token
// travels in the query string, which the request log leaves out.
func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	v := passwordView{Token: r.URL.Query().Get("t")}
	if err := s.render(w, r, http.StatusOK, "password", messages[lang(r)]["password.title"], nil, v); err != nil {
		s.renderError(w, r, nil, err)
	}
}

type passwordView struct {
	Token string
	Error string
}

func (s *Server) passwordSet(w http.ResponseWriter, r *http.Request) {
	token, pw := r.PostFormValue("t"), r.PostFormValue("password")
	var err error
	if pw != r.PostFormValue("confirm") {
		err = socle.Errorf(socle.EINVALID, "%s", messages[lang(r)]["password.mismatch"])
	}
	var session string
	if err == nil {
		session, _, err = s.Access.UseLink(r.Context(), token, pw)
	}
	if err != nil {
		status := statusFor(err)
		if status == http.StatusInternalServerError {
			s.renderError(w, r, nil, err)
			return
		}
		if rerr := s.render(w, r, status, "password", messages[lang(r)]["password.title"], nil, passwordView{Token: token, Error: socle.MessageOf(err)}); rerr != nil {
			s.renderError(w, r, nil, rerr)
		}
		return
	}
	s.startSession(w, r, session, "/")
}

// The API of members.

type memberJSON struct {
	ID            string     `json:"id"`
	Email         string     `json:"email"`
	Name          string     `json:"name"`
	Role          socle.Role `json:"role"`
	Active        bool       `json:"active"`
	PasswordSet   bool       `json:"password_set"`
	JoinedAt      time.Time  `json:"joined_at"`
	LastSignInAt  *time.Time `json:"last_sign_in_at,omitempty"`
	DeactivatedAt *time.Time `json:"deactivated_at,omitempty"`
}

func toMemberJSON(m memberRow) memberJSON {
	j := memberJSON{ID: m.User.ID, Email: m.User.Email, Name: m.User.Name, Role: m.Member.Role, Active: m.Member.Active(),
		PasswordSet: m.User.PasswordHash != "", JoinedAt: m.Member.CreatedAt}
	if !m.Member.LastSignInAt.IsZero() {
		j.LastSignInAt = &m.Member.LastSignInAt
	}
	if !m.Member.DeactivatedAt.IsZero() {
		j.DeactivatedAt = &m.Member.DeactivatedAt
	}
	return j
}

// linkJSON is a one-time link made through the API: its address when it was not mailed.
type linkJSON struct {
	Purpose socle.LinkPurpose `json:"purpose"`
	URL     string            `json:"url,omitempty"`
	Mailed  bool              `json:"mailed"`
}

func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	rows, err := s.members(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]memberJSON, 0, len(rows))
	for _, m := range rows {
		out = append(out, toMemberJSON(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": out})
	return nil
}

func (s *Server) apiMember(r *http.Request, p access.Principal, userID string) (memberJSON, error) {
	m, err := s.Store.Member(r.Context(), p.Org.ID, userID)
	if err != nil {
		return memberJSON{}, err
	}
	u, err := s.Store.User(r.Context(), userID)
	return toMemberJSON(memberRow{User: u, Member: m}), err
}

func (s *Server) apiMemberInvite(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req struct {
		Email string     `json:"email"`
		Name  string     `json:"name"`
		Role  socle.Role `json:"role"`
	}
	if err := decodeStrict(r, &req, `{"email": "…", "name": "…", "role": "caseworker"}`); err != nil {
		return err
	}
	if strings.TrimSpace(req.Email) == "" {
		return socle.Errorf(socle.EINVALID, "email is missing: send the new member's email")
	}
	shown, u, err := s.invite(r, p, req.Email, req.Name, req.Role)
	if err != nil && u.ID == "" {
		return err
	}
	m, merr := s.apiMember(r, p, u.ID)
	if merr != nil {
		return merr
	}
	out := map[string]any{"member": m}
	if !shown.Joined {
		out["link"] = linkJSON{Purpose: shown.Purpose, URL: shown.URL, Mailed: shown.Mailed}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiMemberUpdate(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req struct {
		Role   *socle.Role `json:"role"`
		Active *bool       `json:"active"`
	}
	if err := decodeStrict(r, &req, `{"role": "lead", "active": false}`); err != nil {
		return err
	}
	ctx := socle.WithActor(r.Context(), p.User.ID)
	id := r.PathValue("user")
	if req.Role != nil {
		if err := s.Access.SetRole(ctx, p.Org.ID, id, *req.Role); err != nil {
			return err
		}
	}
	if req.Active != nil {
		if err := s.Access.SetActive(ctx, p.Org.ID, id, *req.Active); err != nil {
			return err
		}
	}
	m, err := s.apiMember(r, p, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiMemberReset(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if _, err := s.Store.Member(r.Context(), p.Org.ID, r.PathValue("user")); err != nil {
		return err
	}
	shown, err := s.resetLink(r, p, r.PathValue("user"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, linkJSON{Purpose: shown.Purpose, URL: shown.URL, Mailed: shown.Mailed})
	return nil
}

var memberMessages = catalog{
	"fr": {
		"nav.members":             "Membres",
		"members.title":           "Membres de l'organisation",
		"members.email":           "Adresse e-mail",
		"members.name":            "Nom",
		"members.role":            "Rôle",
		"members.lastsignin":      "Dernière connexion",
		"members.never":           "jamais",
		"members.state":           "État",
		"members.active":          "actif",
		"members.inactive":        "désactivé",
		"members.pending":         "invitation en attente",
		"members.you":             "vous",
		"members.change":          "Changer",
		"members.deactivate":      "Désactiver",
		"members.deactivate.hint": "Met fin à ses sessions et à ses jetons d'API immédiatement.",
		"members.reactivate":      "Réactiver",
		"members.reset":           "Nouveau mot de passe",
		"members.invite":          "Inviter une personne",
		"members.invite.hint":     "La personne reçoit un lien à usage unique, valable 7 jours, pour choisir son mot de passe.",
		"members.invite.submit":   "Inviter",
		"members.links":           "Liens en attente",
		"members.link.invite":     "invitation",
		"members.link.reset":      "nouveau mot de passe",
		"members.link.expires":    "expire le",
		"members.link.withdraw":   "Retirer",
		"members.shown":           "Lien à usage unique pour %s — transmettez-le à la personne ; il ne sera plus affiché :",
		"members.mailed":          "Un lien à usage unique a été envoyé par courriel à %s.",
		"members.joined":          "%s avait déjà un compte : la personne peut se connecter à l'organisation avec son mot de passe.",
		"members.none":            "Aucun membre.",
		"members.actions":         "Actions",
		"password.title":          "Choisir votre mot de passe",
		"password.intro":          "Choisissez le mot de passe de votre compte Socle : au moins 10 caractères.",
		"password.new":            "Nouveau mot de passe",
		"password.confirm":        "Confirmer le mot de passe",
		"password.submit":         "Enregistrer et se connecter",
		"password.mismatch":       "les deux mots de passe diffèrent : tapez le même deux fois",
		"password.notoken":        "Ce lien est incomplet : ouvrez le lien reçu en entier, ou demandez-en un nouveau à un administrateur.",
		"mail.invite.subject":     "Votre accès à Socle — %s",
		"mail.invite.body":        "Bonjour,\n\nVous êtes invité·e à utiliser Socle pour %s. Choisissez votre mot de passe avec ce lien, valable 7 jours et utilisable une fois :\n\n%s\n\nSi vous n'attendiez pas ce message, ignorez-le.\n",
		"mail.reset.subject":      "Nouveau mot de passe Socle — %s",
		"mail.reset.body":         "Bonjour,\n\nUn administrateur de %s vous a envoyé un lien pour choisir un nouveau mot de passe, valable 24 heures et utilisable une fois :\n\n%s\n\nSi vous n'avez rien demandé, prévenez votre administrateur.\n",
	},
	"en": {
		"nav.members":             "Members",
		"members.title":           "Members of the organization",
		"members.email":           "Email",
		"members.name":            "Name",
		"members.role":            "Role",
		"members.lastsignin":      "Last sign-in",
		"members.never":           "never",
		"members.state":           "State",
		"members.active":          "active",
		"members.inactive":        "deactivated",
		"members.pending":         "invitation pending",
		"members.you":             "you",
		"members.change":          "Change",
		"members.deactivate":      "Deactivate",
		"members.deactivate.hint": "Ends their sessions and API tokens at once.",
		"members.reactivate":      "Reactivate",
		"members.reset":           "Password link",
		"members.invite":          "Invite someone",
		"members.invite.hint":     "They get a one-time link, valid 7 days, to choose their password.",
		"members.invite.submit":   "Invite",
		"members.links":           "Pending links",
		"members.link.invite":     "invitation",
		"members.link.reset":      "new password",
		"members.link.expires":    "expires on",
		"members.link.withdraw":   "Withdraw",
		"members.shown":           "One-time link for %s — pass it on; it will not be shown again:",
		"members.mailed":          "A one-time link was mailed to %s.",
		"members.joined":          "%s had an account already: they sign in to the organization with their password.",
		"members.none":            "No member.",
		"members.actions":         "Actions",
		"password.title":          "Choose your password",
		"password.intro":          "Choose the password of your Socle account: at least 10 characters.",
		"password.new":            "New password",
		"password.confirm":        "Confirm the password",
		"password.submit":         "Save and sign in",
		"password.mismatch":       "the two passwords differ: type the same one twice",
		"password.notoken":        "This link is incomplete: open the whole link you received, or ask an administrator for a new one.",
		"mail.invite.subject":     "Your access to Socle — %s",
		"mail.invite.body":        "Hello,\n\nYou are invited to use Socle for %s. Choose your password with this link, valid 7 days and usable once:\n\n%s\n\nIf you did not expect this message, ignore it.\n",
		"mail.reset.subject":      "New Socle password — %s",
		"mail.reset.body":         "Hello,\n\nAn administrator of %s sent you a link to choose a new password, valid 24 hours and usable once:\n\n%s\n\nIf you asked for nothing, tell your administrator.\n",
	},
}
