package access

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/embedded"
)

func TestThrottleDelays(t *testing.T) {
	th := Throttle{}.withDefaults()
	want := map[int]time.Duration{0: 0, 4: 0, 5: time.Second, 6: 2 * time.Second, 8: 8 * time.Second, 30: 15 * time.Minute}
	for count, d := range want {
		if got := th.delay(count, th.AccountFree); got != d {
			t.Errorf("delay after %d failures: got %v, want %v", count, got, d)
		}
	}
}

func TestSignInThrottled(t *testing.T) {
	ctx := context.Background()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	org := socle.Organization{Slug: "acme", Name: "Acme"}
	s.CreateOrg(ctx, &org)
	hash, _ := HashPassword("correct horse battery")
	u := socle.User{Email: "lea@example.org", PasswordHash: hash}
	s.CreateUser(ctx, &u)
	s.SetMembership(ctx, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: socle.RoleCaseworker})
	svc := &Service{Store: s, Throttle: Throttle{AccountFree: 2, BaseDelay: time.Hour, MaxDelay: 2 * time.Hour}}

	for range 2 { // each costs a bcrypt check, slow under the race detector
		if _, _, err := svc.SignIn(ctx, "192.0.2.1", u.Email, "wrong password!", ""); socle.KindOf(err) != socle.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
	}
	_, _, err = svc.SignIn(ctx, "192.0.2.1", u.Email, "correct horse battery", "")
	var th *Throttled
	if socle.KindOf(err) != socle.ETOOMANY || !errors.As(err, &th) || th.RetryAfter() < 59*time.Minute {
		t.Fatalf("third attempt: got %v, want ETOOMANY for an hour", err)
	}
	// From another address too: the account's count holds wherever the guesses come from.
	if _, _, err := svc.SignIn(ctx, "198.51.100.7", u.Email, "correct horse battery", ""); socle.KindOf(err) != socle.ETOOMANY {
		t.Fatalf("from another address: got %v, want ETOOMANY", err)
	}
	// Once the delay has passed, the right password opens a session and resets the count.
	svc.Throttle.BaseDelay = time.Millisecond
	time.Sleep(5 * time.Millisecond)
	if _, _, err := svc.SignIn(ctx, "192.0.2.1", u.Email, "correct horse battery", ""); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
	if f, _ := s.Failures(ctx, throttleKeys(u.Email, "")[0]); f.Count != 0 {
		t.Fatalf("the account's count after a success: %d, want 0", f.Count)
	}
	// IPv6 clients are counted by /64.
	if clientKey("2001:db8::1") != clientKey("2001:db8::ffff:1") || clientKey("2001:db8::1") == clientKey("2001:db8:0:1::1") {
		t.Fatal("IPv6 addresses are not counted by /64")
	}
}
