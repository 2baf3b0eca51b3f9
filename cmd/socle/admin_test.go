package main

import (
	"bufio"
	"context"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/embedded"
)

// socleRun runs the command in-process and returns its status and output.
func adminRun(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errs strings.Builder
	code := run(context.Background(), args, &out, &errs)
	return code, out.String() + errs.String()
}

// TestUserAndTokenCommands: the members page's actions from the command line.
func TestUserAndTokenCommands(t *testing.T) {
	data := "--data=" + t.TempDir()
	steps := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"org", "create", data, "--slug", "mds", "--name", "MDS"}, 0, "created"},
		{[]string{"user", "add", data, "--org", "mds", "--email", "admin@mds.example", "--role", "admin"}, 0, "password for admin@mds.example"},
		{[]string{"user", "invite", data, "--org", "mds", "--email", "lea@mds.example", "--role", "caseworker", "--public-url", "https://socle.mds.example"}, 0, "https://socle.mds.example/password?t=socle_"},
		{[]string{"user", "list", data, "--org", "mds"}, 0, "lea@mds.example\tcaseworker\tinvited\tnever"},
		{[]string{"user", "role", data, "--org", "mds", "--email", "lea@mds.example", "--role", "lead"}, 0, "role done"},
		{[]string{"user", "role", data, "--org", "mds", "--email", "admin@mds.example", "--role", "lead"}, 1, "last active administrator"},
		{[]string{"token", "create", data, "--org", "mds", "--email", "lea@mds.example", "--name", "suivi"}, 0, "socle_"},
		{[]string{"user", "deactivate", data, "--org", "mds", "--email", "lea@mds.example"}, 0, "deactivate done"},
		{[]string{"token", "list", data, "--org", "mds"}, 0, ""},
		{[]string{"user", "reset", data, "--org", "mds", "--email", "lea@mds.example"}, 1, "deactivated"},
		{[]string{"user", "list", data, "--org", "mds"}, 0, "lea@mds.example\tlead\tdeactivated"},
		{[]string{"user", "reactivate", data, "--org", "mds", "--email", "lea@mds.example"}, 0, "reactivate done"},
		{[]string{"user", "reset", data, "--org", "mds", "--email", "lea@mds.example"}, 0, "http://localhost:8080/password?t=socle_"},
		{[]string{"token", "create", data, "--org", "mds", "--email", "admin@mds.example", "--name", "tableau de bord"}, 0, "socle_"},
		{[]string{"user", "frobnicate"}, 2, "unknown user command"},
		{[]string{"token", "revoke", data, "--org", "mds"}, 2, "give the id"},
		{[]string{"token", "revoke", data, "--org", "mds", "no-such-token"}, 1, "not found"},
	}
	for _, s := range steps {
		code, out := adminRun(t, s.args...)
		if code != s.code || !strings.Contains(out, s.says) {
			t.Fatalf("socle %s: status %d, output %q; want %d and %q", strings.Join(s.args, " "), code, out, s.code, s.says)
		}
		if strings.Join(s.args[:2], " ") == "token list" && strings.Contains(out, "suivi") {
			t.Fatalf("the deactivated member's token is still listed: %q", out)
		}
	}
	_, list := adminRun(t, "token", "list", data, "--org", "mds")
	id := regexp.MustCompile(`^\S+`).FindString(list)
	if !strings.Contains(list, "tableau de bord\tadmin@mds.example") || id == "" {
		t.Fatalf("token list: %q", list)
	}
	if code, out := adminRun(t, "token", "revoke", data, "--org", "mds", id); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("token revoke: %d %q", code, out)
	}
	if _, list := adminRun(t, "token", "list", data, "--org", "mds"); strings.TrimSpace(list) != "" {
		t.Fatalf("token list after revoke: %q", list)
	}
}

// TestMailer sends a message through the SMTP client to a minimal SMTP server listening in the
// test, and reads what arrived.
func TestMailer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { c.Write([]byte(s + "\r\n")) }
		say("220 test ESMTP")
		var data strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				got <- data.String()
				return
			}
			switch {
			case inData && line == ".\r\n":
				inData = false
				say("250 queued")
			case inData:
				data.WriteString(line)
			case strings.HasPrefix(line, "EHLO"):
				say("250-test\r\n250 8BITMIME")
			case strings.HasPrefix(line, "DATA"):
				inData = true
				say("354 go on")
			case strings.HasPrefix(line, "QUIT"):
				say("221 bye")
				got <- data.String()
				return
			default:
				data.WriteString("> " + line)
				say("250 ok")
			}
		}
	}()
	if _, err := newMailer("http://mail.example"); err == nil {
		t.Fatal("newMailer accepted an http URL")
	}
	if _, err := newMailer("smtp://mail.example:25"); err == nil || !strings.Contains(err.Error(), "from=") {
		t.Fatalf("newMailer without a sender: %v", err)
	}
	m, err := newMailer("smtp://" + ln.Addr().String() + "?from=socle@mds.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), "lea@mds.example", "Votre accès à Socle — MDS", "Bonjour,\n\nLien : https://socle.mds.example/password?t=x\n"); err != nil {
		t.Fatal(err)
	}
	msg := <-got
	for _, want := range []string{"> MAIL FROM:<socle@mds.example>", "> RCPT TO:<lea@mds.example>", "Subject: =?utf-8?q?Votre_acc=C3=A8s_=C3=A0_Socle_=E2=80=94_MDS?=", "Lien : https://socle.mds.example/password?t=x\r\n"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

// TestOIDCFlags reads --oidc flags into providers and refuses incomplete ones.
func TestOIDCFlags(t *testing.T) {
	ctx := context.Background()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	org := socle.Organization{Slug: "mds", Name: "MDS"}
	s.CreateOrg(ctx, &org)
	good := oidcFlags{"id=proconnect,label=ProConnect,issuer=https://auth.agentconnect.gouv.fr/api/v2,client-id=c,client-secret=s,org=mds,role=caseworker,domains=mds.fr;departement.fr,scopes=given_name usual_name,pkce=off"}
	ps, err := good.providers(ctx, s, "https://socle.mds.fr/")
	if err != nil || len(ps) != 1 {
		t.Fatalf("providers: %v", err)
	}
	p := ps[0]
	if p.RedirectURL != "https://socle.mds.fr/sso/proconnect/callback" || p.OrgID != org.ID || p.NewMemberRole != socle.RoleCaseworker ||
		len(p.Domains) != 2 || len(p.Scopes) != 2 || !p.NoPKCE || p.Label != "ProConnect" {
		t.Fatalf("provider: %+v", p)
	}
	for spec, says := range map[string]string{
		"id=x,issuer=http://idp.example,client-id=c,client-secret=s,org=mds":             "https://",
		"id=x,issuer=https://idp.example,client-id=c,org=mds":                            "client-secret",
		"id=x,issuer=https://idp.example,client-id=c,client-secret=s,org=nope":           "nope",
		"id=x,issuer=https://idp.example,client-id=c,client-secret=s,org=mds,role=boss":  "boss",
		"id=x,issuer=https://idp.example,client-id=c,client-secret=s,org=mds,colour=red": "unknown key",
		"id=Not A Slug,issuer=https://idp.example,client-id=c,client-secret=s,org=mds":   "short name",
	} {
		if _, err := (oidcFlags{spec}).providers(ctx, s, "https://socle.mds.fr"); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: got %v, want an error saying %q", spec, err, says)
		}
	}
	if _, err := good.providers(ctx, s, ""); err == nil || !strings.Contains(err.Error(), "--public-url") {
		t.Errorf("without --public-url: %v", err)
	}
}
