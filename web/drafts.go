package web

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// A draft is a plan made but not saved. It travels with the page, sealed (AES-256-GCM with the
// organization's draft key, which every server sharing the store reads), so that "Save" stores
// exactly what was shown, from whichever server the load balancer picks, and nothing about a
// case is stored before the user saves. It holds the pseudonymized plan only: the mapping that
// restores names never outlives the response that used it.

// A draft is saved once: its plan carries the draft's id (Plan.DraftID), which the store keeps
// unique in the organization, so that a double click, a browser's or an API client's retry, or
// two servers saving the same draft at once store one plan, and every later save answers with
// it. The id is a digest of the sealed bytes: it says nothing of the case, and two drafts, even
// of the same situation, have different ones (each seal has a random nonce).

// draftTTL is how long a draft can be saved after it was made.
const draftTTL = time.Hour

// maxSealedDraft bounds what is opened: a plan of the largest size is far below.
const maxSealedDraft = 192 << 10

// draftSeal is what a sealed draft holds: whose it is, until when, the plan, and the passages
// offered beside its steps (plan.Result.Offered), which the caseworker may add when saving it.
type draftSeal struct {
	Org     string       `json:"o"`
	User    string       `json:"u"`
	Expires int64        `json:"e"` // Unix seconds
	Plan    socle.Plan   `json:"p"`
	Offered []socle.Step `json:"x,omitempty"`
}

// draftAEAD is the organization's cipher for drafts.
func (s *Server) draftAEAD(ctx context.Context, orgID string) (cipher.AEAD, error) {
	key, err := s.Store.DraftKey(ctx, orgID)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// boundTo is the additional data a draft is sealed with: it opens only for the same member
// of the same organization, whatever the sealed content says.
func boundTo(p access.Principal) []byte {
	return []byte("socle-draft\x00" + p.Org.ID + "\x00" + p.User.ID)
}

// sealDraft seals a plan and the passages offered beside it for the principal, to be saved
// before now+draftTTL.
func (s *Server) sealDraft(ctx context.Context, p access.Principal, pl socle.Plan, offered []socle.Step, now time.Time) (string, error) {
	aead, err := s.draftAEAD(ctx, p.Org.ID)
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(draftSeal{Org: p.Org.ID, User: p.User.ID, Expires: now.Add(draftTTL).Unix(), Plan: pl, Offered: offered})
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(data)+aead.Overhead())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, data, boundTo(p))), nil
}

// errDraft is the one answer to a draft that cannot be opened, whatever the reason (altered,
// expired, someone else's), so that the answer tells an attacker nothing.
func errDraft() error {
	return socle.Errorf(socle.ENOTFOUND, "this plan can no longer be saved (a plan not saved lasts an hour, for the member who made it): make it again")
}

// draftID names a sealed draft (its decoded bytes, which the cipher authenticates) for the
// store's once-only saving.
func draftID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// openDraft opens a sealed draft made for the principal and not expired at now: its plan, which
// carries the draft's id, and the passages offered beside it.
func (s *Server) openDraft(ctx context.Context, p access.Principal, sealed string, now time.Time) (socle.Plan, []socle.Step, error) {
	if sealed == "" || len(sealed) > maxSealedDraft {
		return socle.Plan{}, nil, errDraft()
	}
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return socle.Plan{}, nil, errDraft()
	}
	aead, err := s.draftAEAD(ctx, p.Org.ID)
	if err != nil {
		return socle.Plan{}, nil, err
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return socle.Plan{}, nil, errDraft()
	}
	data, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], boundTo(p))
	if err != nil {
		return socle.Plan{}, nil, errDraft()
	}
	var d draftSeal
	if err := json.Unmarshal(data, &d); err != nil || d.Org != p.Org.ID || d.User != p.User.ID || now.Unix() >= d.Expires {
		return socle.Plan{}, nil, errDraft()
	}
	d.Plan.DraftID = draftID(raw)
	return d.Plan, d.Offered, nil
}
