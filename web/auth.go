package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"fieldwork/casework"
)

// The session cookie holds a random token naming a sign-in kept by the server (sessions); the
// CSRF cookie holds a random nonce whose signature every form carries (a signed double submit),
// so a page on another site can neither read nor forge a form's token.
const csrfField = "csrf"

// cookieNames are this server's cookie names. Browsers keep cookies per host, not per port, so
// two inspections served on one computer would share cookies of one name and sign each other
// out: each name carries a mark of the inspection's database.
func cookieNames(instance string) (session, csrf string) {
	mark := instanceMark(instance)
	return "fieldwork-" + mark + "-session", "fieldwork-" + mark + "-csrf"
}

// instanceMark tells one inspection's server from another's on the same computer, in its
// cookie names and the keys of its drafts in the browser.
func instanceMark(instance string) string {
	sum := sha256.Sum256([]byte(instance))
	return hex.EncodeToString(sum[:5])
}

// draftKey is where static/form.js keeps the unsaved answers to a case in the browser.
func (s *Server) draftKey(caseID string) string {
	return "fieldwork-" + s.mark + "-draft:" + caseID
}

func (s *Server) mac(parts ...string) string {
	m := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", Expires: expires,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
}

// who returns the signed-in member of the team, and renews the sign-in. A sign-in with an
// account lasts only while the account does with the password it was made with: `fieldwork
// users passwd` or `users remove`, run while the server runs, ends it at its next request.
func (s *Server) who(r *http.Request) (user, bool) {
	if u, ok := r.Context().Value(userKey{}).(user); ok {
		return u, true
	}
	c, err := r.Cookie(s.sessionCookie)
	if err != nil {
		return user{}, false
	}
	se, ok := s.sessions.find(c.Value, s.now())
	if !ok {
		return user{}, false
	}
	if !se.Team {
		// Signed in with the shared password (or none): over once the team has accounts.
		if team, err := s.team(r.Context()); err != nil || team {
			if err == nil {
				s.sessions.end(c.Value)
			}
			return user{}, false
		}
		return se.user, true
	}
	a, err := s.db.Account(r.Context(), se.Name)
	if err != nil || !a.PasswordAt.Equal(se.passwordAt) {
		if err == nil || casework.ErrorCode(err) == casework.ENOTFOUND {
			s.sessions.end(c.Value)
		}
		return user{}, false
	}
	se.Role = a.Role
	return se.user, true
}

// userKey holds the signed-in member in a request's context, once signedIn has found them.
type userKey struct{}

// startSession signs the browser in, ending the sign-in it had, so a token seen before
// signing in (on a shared computer) is worth nothing after.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u user, passwordAt time.Time) {
	if c, err := r.Cookie(s.sessionCookie); err == nil {
		s.sessions.end(c.Value)
	}
	s.setCookie(w, r, s.sessionCookie, s.sessions.start(u, passwordAt, s.now()), s.now().Add(s.sessions.idle))
}

// renewCookie moves the session cookie's expiry on with the sign-in's.
func (s *Server) renewCookie(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.sessionCookie); err == nil {
		s.setCookie(w, r, s.sessionCookie, c.Value, s.now().Add(s.sessions.idle))
	}
}

// csrfToken returns the token forms on this page carry, setting the CSRF cookie first if the
// browser has none. The cookie is kept across signing in and out, so a form left open while
// its inspector signs in again in another tab can still be saved.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(s.csrfCookie); err == nil && c.Value != "" {
		return s.mac("csrf", c.Value)
	}
	b := make([]byte, 18)
	rand.Read(b)
	nonce := base64.RawURLEncoding.EncodeToString(b)
	// Add it to the request too, so a page built later in this request uses the same nonce.
	r.AddCookie(&http.Cookie{Name: s.csrfCookie, Value: nonce})
	s.setCookie(w, r, s.csrfCookie, nonce, s.now().AddDate(1, 0, 0))
	return s.mac("csrf", nonce)
}

// checkCSRF refuses a state-changing request sent from another site, or whose form does not
// carry the token of the browser's CSRF cookie. Either alone would do; both cost nothing.
func (s *Server) checkCSRF(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.fromThisSite(r) {
			s.log.Warn("form refused", "reason", "sent from another site", "route", r.Pattern)
			s.refuse(w, r, "The form was sent from another site, not from a page of this one. Nothing was saved.",
				"Open this site's address yourself, then fill in the form there.")
			return
		}
		if err := r.ParseForm(); err != nil {
			s.render(w, r, http.StatusBadRequest, "error", errorPage{page: s.base(w, r, "There is a problem"),
				Heading: "There is a problem", Message: "The form could not be read. Nothing was saved.", Back: "/"})
			return
		}
		nonce := ""
		if c, err := r.Cookie(s.csrfCookie); err == nil {
			nonce = c.Value
		}
		token := r.PostForm.Get(csrfField)
		if nonce == "" || token == "" || !hmac.Equal([]byte(token), []byte(s.mac("csrf", nonce))) {
			s.refuse(w, r, "The form did not come from this page, or your browser did not send its cookie. Nothing was saved.",
				"Use your browser's Back button to return to the form (it keeps what you entered), then save again. Cookies must be allowed for this address.")
			return
		}
		next(w, r)
	}
}

// refuse answers a form that is not taken with 403 and a page saying why.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, message, hint string) {
	s.render(w, r, http.StatusForbidden, "error", errorPage{page: s.base(w, r, "There is a problem"),
		Heading: "This form could not be accepted", Message: message, Hint: hint, Back: "/"})
}

// handler is a page that needs a signed-in inspector.
type handler func(w http.ResponseWriter, r *http.Request, u user)

// signedIn sends a visitor who is not signed in to the sign-in page. A form posted without a
// valid sign-in is refused with a page saying nothing was saved and how to get back to it.
func (s *Server) signedIn(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.who(r)
		if !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.render(w, r, http.StatusUnauthorized, "error", errorPage{page: s.base(w, r, "Signed out"),
				Heading: "You are signed out",
				Message: "Your sign-in has ended, so nothing was saved.",
				Hint:    "Sign in again in a new tab, then come back to this tab, use your browser's Back button to return to the form (it keeps what you entered), and save again.",
				Back:    "/sign-in"})
			return
		}
		// Each page seen renews the sign-in (who did), so an inspector at work is never signed out.
		s.renewCookie(w, r)
		r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
		h(w, r, u)
	}
}

type signInPage struct {
	page
	Name     string
	Password bool // a password is asked for
	Team     bool // the team's own accounts: each member's own password
	Next     string
}

// team says whether the inspection has team accounts, which then are the only way in: the
// shared password is for a lone inspector.
func (s *Server) team(ctx context.Context) (bool, error) {
	as, err := s.db.Accounts(ctx)
	return len(as) > 0, err
}

func (s *Server) newSignInPage(w http.ResponseWriter, r *http.Request, next string) (signInPage, error) {
	team, err := s.team(r.Context())
	return signInPage{page: s.base(w, r, "Sign in"), Password: s.password != "" || team, Team: team, Next: localPath(next)}, err
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.newSignInPage(w, r, r.URL.Query().Get("next"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, ok := s.who(r); ok {
		http.Redirect(w, r, p.Next, http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "sign-in", p)
}

// maxName is the longest inspector name accepted: it is stored with every answer.
const maxName = 80

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	name := strings.Join(strings.Fields(r.PostForm.Get("name")), " ")
	p, err := s.newSignInPage(w, r, r.PostForm.Get("next"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Name = name
	switch {
	case name == "":
		p.Errors = append(p.Errors, problem{"#name", "Enter your name"})
	case len([]rune(name)) > maxName:
		p.Errors = append(p.Errors, problem{"#name", "Your name must be 80 characters or fewer"})
	case strings.IndexFunc(name, func(c rune) bool { return !unicode.IsPrint(c) }) >= 0:
		p.Errors = append(p.Errors, problem{"#name", "Your name must be letters, spaces and punctuation only"})
	}
	u := user{Name: name}
	var passwordAt time.Time
	if p.Password {
		client := hostName(r.RemoteAddr)
		limits := limitKeys(client, name)
		if s.wrongPasswords.blocked(s.now(), limits) {
			// Not even checked: past the limit a right guess must look like a wrong one.
			s.log.Warn("sign-in refused", "reason", "too many wrong passwords", "client", client)
			p.Errors = append(p.Errors, problem{"#password", "Too many wrong passwords have been tried: wait a minute, then sign in again"})
			p.Title = "Error: " + p.Title
			s.render(w, r, http.StatusTooManyRequests, "sign-in", p)
			return
		}
		given := r.PostForm.Get("password")
		right := false
		if p.Team {
			a, err := s.db.Account(r.Context(), name)
			hash := a.PasswordHash
			if err != nil {
				hash = noSuchAccount() // as slow as a real check: no one learns which names exist
			}
			right = checkPassword(hash, given) && err == nil
			u, passwordAt = user{Name: a.Name, Role: a.Role, Team: true}, a.PasswordAt
		} else {
			g, want := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(s.password))
			right = subtle.ConstantTimeCompare(g[:], want[:]) == 1
		}
		if !right {
			s.wrongPasswords.add(s.now(), limits)
			s.log.Warn("sign-in refused", "reason", "wrong password", "client", client)
			msg := "Enter the inspection's password, as the lead inspector gave it to you"
			if p.Team {
				msg = "Enter the name and password of your account, as the lead inspector set it up"
			}
			p.Errors = append(p.Errors, problem{"#password", msg})
		}
	}
	if len(p.Errors) > 0 {
		p.Title = "Error: " + p.Title
		s.render(w, r, http.StatusUnprocessableEntity, "sign-in", p)
		return
	}
	s.startSession(w, r, u, passwordAt)
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.sessionCookie); err == nil {
		s.sessions.end(c.Value)
	}
	s.setCookie(w, r, s.sessionCookie, "", time.Unix(1, 0))
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}

// localPath keeps a redirect on this site: anything but a path on it becomes "/". Browsers
// drop tabs and newlines from an address and read a backslash as a slash, so "/\t/evil.example"
// and "/\\evil.example" would both lead off the site; a path here has no space or control
// character, so none is taken.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") ||
		strings.IndexFunc(p, func(c rune) bool { return c <= ' ' || c == 0x7f || unicode.IsControl(c) || unicode.IsSpace(c) }) >= 0 {
		return "/"
	}
	if u, err := url.Parse(p); err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "/"
	}
	return p
}
