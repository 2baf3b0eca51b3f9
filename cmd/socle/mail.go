package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// smtpMailer sends invitations and password resets through an SMTP server named by a URL:
// smtp://user:password@host:587?from=socle@example.org (STARTTLS when the server offers it,
// required for a password) or smtps://…:465 (TLS from the start).
type smtpMailer struct {
	u    *url.URL
	from string
}

// newMailer checks an --smtp-url; it reaches no server yet.
func newMailer(raw string) (*smtpMailer, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, usageError{"--smtp-url is not an SMTP address such as smtp://user:password@mail.example.org:587?from=socle@example.org"}
	}
	from := u.Query().Get("from")
	if from == "" || !strings.Contains(from, "@") {
		return nil, usageError{"--smtp-url needs the sender: add ?from=socle@your-domain"}
	}
	return &smtpMailer{u: u, from: from}, nil
}

// Send sends one plain-text message, within 30 seconds.
func (m *smtpMailer) Send(ctx context.Context, to, subject, body string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	host := m.u.Hostname()
	port := m.u.Port()
	if port == "" {
		port = map[string]string{"smtp": "587", "smtps": "465"}[m.u.Scheme]
	}
	addr := net.JoinHostPort(host, port)
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	if m.u.Scheme == "smtps" {
		conn = tls.Client(conn, &tls.Config{ServerName: host})
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && m.u.Scheme == "smtp" {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if user := m.u.User; user != nil {
		pw, _ := user.Password()
		// PlainAuth refuses to send the password over a connection without TLS, except to
		// localhost.
		if err := c.Auth(smtp.PlainAuth("", user.Username(), pw, host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(m.from); err != nil {
		return fmt.Errorf("smtp: from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("smtp: to %s: %w", to, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	msg := "From: " + m.from + "\r\nTo: " + to + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", subject) +
		"\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <" + socle.Now().Format("20060102150405.000000") + "." + strings.ReplaceAll(to, "@", ".") + "@socle>" +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return c.Quit()
}
