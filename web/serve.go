package web

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fieldwork/casework"
)

// Serving is how the entry form is served: where, to which host names, and over what.
type Serving struct {
	Addr       string   // HOST:PORT to listen on
	Hosts      []string // the names the team reaches it by, besides this computer's own and the Addr host
	CertFile   string   // a PEM certificate and its key, for HTTPS; or
	KeyFile    string
	SelfSigned bool   // HTTPS with a certificate made for the names served, kept beside the database
	Password   string // the shared password; "" serves this computer alone, unless there are accounts
	Colleagues bool   // an inspector may change a colleague's case, warned (Config.Colleagues)
}

// TLS says whether it serves HTTPS.
func (s Serving) TLS() bool { return s.SelfSigned || s.CertFile != "" }

// Serve serves the entry form for the inspection in db (the file at dbPath) until ctx is
// cancelled, then lets saves in progress finish. It says on out what the team needs: the
// certificate's fingerprint to check, then the addresses to open; log gets one line a request.
func Serve(ctx context.Context, db Store, dbPath, inspection string, s Serving, out io.Writer, log *slog.Logger) error {
	key, err := sessionKey(dbPath + ".serve-key")
	if err != nil {
		return err
	}
	hosts := s.Hosts
	if host, _, _ := net.SplitHostPort(s.Addr); host != "" && !net.ParseIP(host).IsUnspecified() {
		hosts = append(hosts, host)
	}
	instance, err := filepath.Abs(dbPath)
	if err != nil {
		return err
	}
	srv, err := New(Config{DB: db, Password: s.Password, Key: key, Hosts: hosts, Instance: instance, Log: log, Colleagues: s.Colleagues})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
		// Refused handshakes (a browser yet to accept the certificate) go to the same log.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	var made string // what is said of the certificate
	if s.TLS() {
		var cert tls.Certificate
		certFile, keyFile := s.CertFile, s.KeyFile
		if s.SelfSigned {
			certFile, keyFile = dbPath+".tls-cert.pem", dbPath+".tls-key.pem"
			var fresh bool
			cert, fresh, err = SelfSigned(certFile, keyFile, append([]string{"localhost", "127.0.0.1", "::1"}, hosts...), time.Now())
			made = "kept in " + certFile
			if fresh {
				made = "made now, kept in " + certFile
			}
		} else {
			cert, err = tls.LoadX509KeyPair(certFile, keyFile)
			made = "from " + certFile
		}
		if err != nil {
			return casework.Errorf(casework.EINVALID, "cannot use the certificate: %v", err).
				WithHint("--tls-cert and --tls-key name PEM files of one certificate and its key; or use --tls-self-signed")
		}
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		made = fmt.Sprintf("(%s) has the SHA-256 fingerprint %s", made, Fingerprint(cert.Leaf.Raw))
	}
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return casework.Errorf(casework.ECONFLICT, "cannot serve on %s: %v", s.Addr, err).
			WithHint("another program may be using the port: try --addr 127.0.0.1:8081")
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		// Let saves in progress finish; each is one transaction, so a cut-off one stores nothing.
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shut)
	}()
	// What to check first, then where to go: the address line is the last thing said.
	if made != "" {
		fmt.Fprintf(out, "fieldwork: its certificate %s: check that each browser shows it before trusting the site\n", made)
	}
	scheme := "https"
	if !s.TLS() {
		scheme = "http"
		if CheckHTTP(s.Addr, false, false) != nil {
			fmt.Fprintf(out, "fieldwork: %s\n", InsecureHTTPWarning)
		}
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	for _, h := range s.Hosts {
		fmt.Fprintf(out, "fieldwork: for the team at %s://%s/\n", scheme, net.JoinHostPort(h, port))
	}
	fmt.Fprintf(out, "fieldwork: the entry form for %s is at %s://%s/ (stop with Ctrl-C)\n", inspection, scheme, ln.Addr())
	if s.TLS() {
		err = hs.ServeTLS(ln, "", "")
	} else {
		err = hs.Serve(ln)
	}
	stop()
	<-done
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// sessionKey reads the key that signs the forms' CSRF cookie, creating it on first use. It
// lives beside the database rather than in memory so a form left open across a restart can
// still be saved once its inspector has signed in again.
func sessionKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if err == nil && len(key) >= 32 {
		return key, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	key = make([]byte, 32)
	rand.Read(key)
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return key, nil
}

// ReadPassword reads the team's shared password from the file at path; "" when path is "".
func ReadPassword(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", casework.Errorf(casework.ENOTFOUND, "cannot read the password file: %v", err)
	}
	password := strings.TrimSpace(string(b))
	if password == "" {
		return "", casework.Errorf(casework.EINVALID, "the password file %s is empty", path).
			WithHint("put the shared password on the file's first line")
	}
	return password, nil
}
