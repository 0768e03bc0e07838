// Package web is `fieldwork serve`: the form inspectors enter their judgements in during
// fieldwork. It is a small application on the standard library (net/http, html/template) whose
// pages work without JavaScript and follow the GOV.UK Design System's patterns, written here:
// radios, an error summary linking to each field in error, visible focus, keyboard use.
//
// Every answer records the signed-in inspector. A save carries the case's version and is
// refused if someone else saved the case meanwhile; the form then comes back with both their
// saved answers and the unsaved ones, so no answer is lost or silently overwritten.
package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fieldwork/casework"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Store is what the form needs of the inspection's database: the methods of *sqlite.DB it
// calls, declared here so the form depends on what it uses and nothing else.
type Store interface {
	Inspection(ctx context.Context) (casework.Inspection, error)
	Cases(ctx context.Context) ([]casework.Case, error)
	Case(ctx context.Context, id string) (casework.Case, error)
	// Answers is every stored answer by case id then question id; AnsweredBy counts each case's
	// answers by the inspector recorded on them.
	Answers(ctx context.Context) (map[string]map[string]casework.Answer, error)
	AnsweredBy(ctx context.Context) (map[string]map[string]int, error)
	// CaseAnswers is one case's answers and its version; SaveCaseAnswers stores answers for the
	// case only if it is still at version, and otherwise returns an error that is
	// casework.ErrStale.
	CaseAnswers(ctx context.Context, caseID string) (map[string]casework.Judgement, int, error)
	SaveCaseAnswers(ctx context.Context, caseID string, version int, js []casework.Judgement, source string) (int, casework.AnswerImport, error)
	History(ctx context.Context, caseID string) ([]casework.Change, error)
	Result(ctx context.Context, fw *casework.Framework) (casework.Result, error)

	// The team: accounts (none means no team, and the shared password or no password signs
	// in), who each case is allocated to, sign-off, and a quality lead's second reading and
	// moderation, stored as `fieldwork judge --reading 2` and `fieldwork moderate` store them.
	Accounts(ctx context.Context) ([]casework.Account, error)
	Account(ctx context.Context, name string) (casework.Account, error)
	Standings(ctx context.Context) (map[string]casework.Standing, error)
	Allocate(ctx context.Context, caseID, inspector, by string) error
	SignOff(ctx context.Context, caseID, by string) error
	Reopen(ctx context.Context, caseID, by, reason string) error
	SignOffHistory(ctx context.Context, caseID string) ([]casework.SignOff, error)
	SaveSecondReading(ctx context.Context, js []casework.Judgement, source string) (casework.AnswerImport, error)
	Moderate(ctx context.Context, js []casework.Judgement, reason, moderator string) (casework.AnswerImport, error)
	ReadTwice(ctx context.Context) ([]casework.ReadTwice, error)
	// LastChanges is when each case's answers last changed, for the lead's QA view.
	LastChanges(ctx context.Context) (map[string]time.Time, error)
	// The lead's evidence for the standards, as `fieldwork evidence` records it.
	AddEvidence(ctx context.Context, es []casework.Evidence, by string) ([]int64, error)
	Evidence(ctx context.Context, standard string) ([]casework.Evidence, error)
	RemoveEvidence(ctx context.Context, id int64) error
}

// Config is what a Server needs.
type Config struct {
	DB Store // a *sqlite.DB
	// Password is the shared secret inspectors sign in with; "" for none, which CheckAddr
	// allows only on a loopback address.
	Password string
	// Key signs the CSRF cookie's nonce. Keep it across restarts so no open form goes stale; nil
	// makes a random one.
	Key []byte
	// Hosts are the host names the server answers to besides loopback's (localhost, 127.0.0.1,
	// ::1): the --addr host and each --host. A request naming any other host gets 421, so a web
	// page an inspector visits cannot reach the form by pointing a name of its own at this
	// server (DNS rebinding).
	Hosts []string
	// Log gets one line per request: method, route pattern, status and time. Never a case id,
	// an answer or a note.
	Log *slog.Logger
	Now func() time.Time
	// Instance tells this inspection's server from others on the same computer (the database's
	// path): it goes into the cookie names.
	Instance string
	// SessionIdle ends a sign-in unused this long; 0 for 12 hours.
	SessionIdle time.Duration
	// Colleagues lets an inspector change a case allocated to a colleague (or to no one), with
	// a warning; without it they are refused. Only with team accounts.
	Colleagues bool
}

// Server serves the entry form. It is an http.Handler.
type Server struct {
	db       Store
	password string
	key      []byte
	log      *slog.Logger
	now      func() time.Time
	pages    map[string]*template.Template
	handler  http.Handler
	hosts    map[string]bool

	sessions                  *sessions
	sessionCookie, csrfCookie string
	mark                      string // instanceMark
	wrongPasswords            wrongPasswords
	kept                      kept
	colleagues                bool
}

// maxForm caps a posted form: a whole case with notes is a few tens of kilobytes.
const maxForm = 1 << 20

// New makes a Server.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("web: no database")
	}
	s := &Server{db: cfg.DB, password: cfg.Password, key: cfg.Key, log: cfg.Log, now: cfg.Now, hosts: map[string]bool{},
		sessions: newSessions(cfg.SessionIdle), colleagues: cfg.Colleagues}
	s.sessionCookie, s.csrfCookie = cookieNames(cfg.Instance)
	s.mark = instanceMark(cfg.Instance)
	for _, h := range cfg.Hosts {
		s.hosts[hostName(h)] = true
	}
	if len(s.key) == 0 {
		s.key = make([]byte, 32)
		rand.Read(s.key)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.parsePages(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes() http.Handler {
	static, _ := fs.Sub(staticFS, "static")
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /sign-in", s.signInPage)
	mux.HandleFunc("POST /sign-in", s.checkCSRF(s.signIn))
	mux.HandleFunc("POST /sign-out", s.checkCSRF(s.signOut))
	mux.HandleFunc("GET /{$}", s.signedIn(s.caseList))
	mux.HandleFunc("GET /cases/{id}", s.signedIn(s.casePage))
	mux.HandleFunc("POST /cases/{id}", s.checkCSRF(s.signedIn(s.saveCase)))
	mux.HandleFunc("GET /cases/{id}/history", s.signedIn(s.history))
	// The same pages for a case whose id cannot be a path segment (caseURL).
	mux.HandleFunc("GET /case", s.signedIn(s.casePage))
	mux.HandleFunc("POST /case", s.checkCSRF(s.signedIn(s.saveCase)))
	mux.HandleFunc("GET /case/history", s.signedIn(s.history))
	// The team's pages of a case, at both kinds of case address.
	for _, at := range []string{"/cases/{id}/", "/case/"} {
		mux.HandleFunc("POST "+at+"allocate", s.checkCSRF(s.signedIn(s.leadOnly(s.allocate))))
		mux.HandleFunc("GET "+at+"check", s.signedIn(s.leadOnly(s.checkAnswers)))
		mux.HandleFunc("POST "+at+"sign-off", s.checkCSRF(s.signedIn(s.leadOnly(s.signOff))))
		mux.HandleFunc("POST "+at+"reopen", s.checkCSRF(s.signedIn(s.leadOnly(s.reopen))))
		mux.HandleFunc("GET "+at+"second", s.signedIn(s.secondReaderOnly(s.secondReading)))
		mux.HandleFunc("POST "+at+"second", s.checkCSRF(s.signedIn(s.secondReaderOnly(s.saveSecondReading))))
		mux.HandleFunc("POST "+at+"moderate", s.checkCSRF(s.signedIn(s.secondReaderOnly(s.moderate))))
		mux.HandleFunc("GET "+at+"print", s.signedIn(s.printCase))
	}
	mux.HandleFunc("GET /qa", s.signedIn(s.leadOnly(s.qaView)))
	mux.HandleFunc("GET /evidence", s.signedIn(s.leadOnly(s.evidencePage)))
	mux.HandleFunc("POST /evidence", s.checkCSRF(s.signedIn(s.leadOnly(s.addEvidence))))
	mux.HandleFunc("POST /evidence/{id}/remove", s.checkCSRF(s.signedIn(s.leadOnly(s.removeEvidence))))
	mux.HandleFunc("GET /results", s.signedIn(s.results))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, casework.Errorf(casework.ENOTFOUND, "There is no page at this address."))
	})
	return s.secure(s.logRequests(s.checkHost(mux)))
}

// secure sets the headers every response carries: no scripts but this server's own files
// (static/form.js, nothing inline), nothing framed, nothing cached
// (pages show case ids), no referrer to other sites (addresses hold case ids). The referrer
// policy is same-origin, not no-referrer: under no-referrer the browser sends "Origin: null"
// with every form, and over plain HTTP on the network (where browsers send no Sec-Fetch-Site)
// Origin is all that tells a form of this server's from another site's.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if r.TLS != nil || isLoopback(hostName(r.Host)) {
			// Browsers ignore it, with a console error, from an origin that is not secure.
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
		}
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cache-Control", "no-store")
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		next.ServeHTTP(w, r)
	})
}

// logRequests logs the route pattern ("GET /cases/{id}"), never the path: the path holds the
// case id, and the logs are not the place for it.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = r.Method + " (no route)"
		}
		s.log.Info("request", "route", route, "status", rec.status, "duration", s.now().Sub(start).Round(time.Microsecond))
	})
}

// checkHost answers only requests for a host name the server was started for.
func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if name := hostName(r.Host); !s.answersTo(name) {
			s.log.Warn("request refused", "reason", "a host name this server was not started for", "host", name)
			http.Error(w, fmt.Sprintf("This server does not answer to the name %q. If the inspection team reaches it by that name, the lead inspector can add --host %s to fieldwork serve.", name, name), http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) answersTo(name string) bool { return isLoopback(name) || s.hosts[name] }

// hostName is the host of a Host header or an address: no port, no brackets, lower case, no
// final dot.
func hostName(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

func isLoopback(name string) bool {
	if name == "localhost" {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

// fromThisSite says whether a posted form came from a page of this server, by the headers a
// browser sets. Browsers send Sec-Fetch-Site only to secure origins (https, localhost,
// 127.0.0.1), so over plain HTTP on the network Origin is what there is. A request with
// neither is not from a current browser, and is left to the form's token.
func (s *Server) fromThisSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
	default: // cross-site, or same-site: another port of this computer is another inspection
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" { // "null", from a sandboxed frame or a no-referrer page
		return false
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	_, port, _ := net.SplitHostPort(r.Host)
	return u.Scheme == scheme && (u.Host == r.Host || (s.answersTo(hostName(u.Host)) && u.Port() == port))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// page is what every page shows around its content.
type page struct {
	Title      string
	Inspection string
	Who        string // the signed-in inspector; "" on the sign-in page
	Role       string // their role, with a team account
	CSRF       string
	Nav        string // the current section: "cases" or "results"
	Errors     []problem
	// DraftPrefix starts the keys of this inspection's drafts in the browser, which
	// static/form.js removes at sign-out.
	DraftPrefix string
}

// problem is one line of the error summary: what is wrong and the field it links to.
type problem struct {
	Href, Message string
}

func (s *Server) parsePages() error {
	funcs := template.FuncMap{
		"percent": func(t casework.Tally) string {
			if t.Relevant() == 0 {
				return "–"
			}
			return casework.PercentText(t.Percent())
		},
		"rating": func(r casework.Rating) string {
			if r == 0 {
				return "Not rated yet"
			}
			return r.String()
		},
		"ratingClass": func(r casework.Rating) string {
			return map[casework.Rating]string{casework.Inadequate: "red", casework.RequiresImprovement: "orange", casework.Good: "green", casework.Outstanding: "turquoise"}[r]
		},
		"share": func(n, of int) int {
			if of == 0 {
				return 0
			}
			return casework.RoundPercent(100 * float64(n) / float64(of))
		},
		"sentence":    sentence,
		"statusClass": statusClass,
		"when":        when,
		"label":       label,
		"radios":      func(name string, options []option) radioGroup { return radioGroup{name, options} },
		"prepend": func(f field, fs []field) []field {
			return append([]field{f}, fs...)
		},
	}
	s.pages = map[string]*template.Template{}
	for _, name := range []string{"sign-in", "cases", "case", "history", "results", "error", "check", "second", "print", "qa", "evidence"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/record.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("web: page %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return nil
}

// when is a time as the pages show it.
func when(t time.Time) string { return t.Local().Format("2 Jan 2006 15:04:05") }

// itoa is strconv.Itoa, for words put together in Go.
func itoa(n int) string { return strconv.Itoa(n) }

// radioGroup is one question's radios, as the template "radios" shows them.
type radioGroup struct {
	Name    string
	Options []option
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// render writes a page, all or nothing: a template fault gives a clean error page rather than
// half a form.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, data); err != nil {
		s.log.Error("page failed", "page", name, "error", err.Error())
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorPage struct {
	page
	Heading, Message, Hint string
	Back                   string
}

// fail shows an error page with the status its code calls for. Messages from the store may
// name the case, which is fine on the inspector's screen; only the code reaches the log.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := casework.ErrorCode(err)
	p := errorPage{page: s.base(w, r, "There is a problem"), Heading: "There is a problem", Back: "/"}
	status := http.StatusInternalServerError
	switch code {
	case casework.ENOTFOUND:
		status, p.Heading, p.Title = http.StatusNotFound, "Page not found", "Page not found"
	case casework.EINVALID:
		status = http.StatusBadRequest
	case casework.ECONFLICT:
		status = http.StatusConflict
		if !errors.Is(err, casework.ErrStale) && !errors.Is(err, casework.ErrSignedOff) {
			// The database is held by another program: try again later, nobody's answers clash.
			status = http.StatusServiceUnavailable
		}
	}
	// The store's own errors are written for people (a full disk, a read-only file) and say what
	// to do; anything else stays off the page.
	var known *casework.Error
	if status == http.StatusInternalServerError && !errors.As(err, &known) {
		s.log.Error("request failed", "route", r.Pattern, "code", code)
		p.Heading, p.Title = "Sorry, something went wrong", "Something went wrong"
		p.Message = "Nothing was saved by this request. Try again; if it keeps happening, tell the lead inspector the time it happened."
	} else {
		p.Message = err.Error()
		p.Hint = formHint(err)
	}
	s.render(w, r, status, "error", p)
}

// formHint words what to do next for an inspector at the form. The domain's hints name no
// command (casework says what it needs, not which flag gives it) and are shown as they are;
// the store's hint for a case that is not there names a fieldwork command, so the form points
// to its own case list instead.
func formHint(err error) string {
	if casework.ErrorCode(err) == casework.ENOTFOUND {
		return "The case list shows every case in this inspection."
	}
	return casework.ErrorHint(err)
}

// base fills in what every page shows. It sets the CSRF cookie when the browser has none.
func (s *Server) base(w http.ResponseWriter, r *http.Request, title string) page {
	p := page{Title: title, CSRF: s.csrfToken(w, r), DraftPrefix: s.draftKey("")}
	if u, ok := s.who(r); ok {
		p.Who, p.Role = u.Name, u.Role.String()
	}
	if ins, err := s.db.Inspection(r.Context()); err == nil {
		p.Inspection = ins.Name
	}
	return p
}

// CheckAddr refuses to serve on anything but a loopback address without a password: the form
// shows case ids and records answers, so anyone who can reach it must be one of the
// inspectors.
func CheckAddr(addr string, hasPassword bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return casework.Errorf(casework.EINVALID, "--addr %q is not HOST:PORT (e.g. 127.0.0.1:8080)", addr)
	}
	if hasPassword || isLoopback(hostName(host)) {
		return nil
	}
	return casework.Errorf(casework.EINVALID, "--addr %s would serve the form on %s, where others on the network can reach it, and no --password-file is given", addr, interfaceOf(host)).
		WithHint("serve on 127.0.0.1:8080 (the default), or put a shared password in a file and add --password-file FILE")
}

// CheckHTTP refuses plain HTTP beyond loopback unless insecure says the lead inspector accepts
// the risk: anyone on the network could read the password, case ids, answers and notes as they
// pass, and take over a sign-in by copying its cookie.
func CheckHTTP(addr string, tls, insecure bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || tls || insecure || isLoopback(hostName(host)) {
		return nil // what is wrong with addr is CheckAddr's to say
	}
	return casework.Errorf(casework.EINVALID, "--addr %s would serve the form over plain HTTP on %s, where anyone on the network can read the password, case ids and answers as they pass", addr, interfaceOf(host)).
		WithHint("add --tls-self-signed (or --tls-cert FILE --tls-key FILE) to serve over HTTPS, or --insecure-http to take the risk on a network you trust")
}

func interfaceOf(host string) string {
	if host == "" {
		return "every network interface"
	}
	return host
}

// InsecureHTTPWarning is what serve prints when it serves plain HTTP beyond loopback.
const InsecureHTTPWarning = "warning: this is plain HTTP beyond this computer (--insecure-http): anyone on the network can read the password, case ids, answers and notes as they pass, and take over a sign-in. Use --tls-self-signed unless the network is the team's own."
