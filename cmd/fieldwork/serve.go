package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"fieldwork/casework"
	"fieldwork/web"

	"github.com/urfave/cli/v2"
)

func serveCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "the entry form in a web browser: inspectors sign in, answer their cases and see the results",
		UsageText: "fieldwork serve [--addr 127.0.0.1:8080] [--password-file FILE] [--host NAME]... [--tls-self-signed | --tls-cert FILE --tls-key FILE | --insecure-http]",
		Description: "Open the address it prints in a browser. Each inspector signs in with their name, which is\n" +
			"recorded with every answer they give. A save is refused if someone else saved the case since\n" +
			"the page was opened; the form comes back with both sets of answers, nothing overwritten.\n" +
			"It serves only this computer (127.0.0.1) unless --password-file names a file holding a\n" +
			"shared password, which every inspector must then give to sign in. Beyond this computer it\n" +
			"serves HTTPS (--tls-self-signed, or --tls-cert and --tls-key), or plain HTTP only with\n" +
			"--insecure-http. It answers to this computer's own names, the --addr host and each --host.\n" +
			"Sign-ins live in the server: a restart ends them. The log (stderr) records each request's\n" +
			"route and status, never a case id, answer or note.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "the `HOST:PORT` to serve on"},
			&cli.StringFlag{Name: "password-file", Usage: "a `FILE` holding the shared password; needed to serve beyond this computer"},
			&cli.StringSliceFlag{Name: "host", Usage: "a host `NAME` the team reaches the server by (repeat for each); it answers to no other, besides this computer's own names and the --addr host"},
			&cli.BoolFlag{Name: "tls-self-signed", Usage: "serve HTTPS with a certificate made for the names served and kept beside the database; it prints the certificate's fingerprint for the team to check"},
			&cli.StringFlag{Name: "tls-cert", Usage: "serve HTTPS with the certificate (PEM) in `FILE`"},
			&cli.StringFlag{Name: "tls-key", Usage: "the certificate's private key (PEM) in `FILE`"},
			&cli.BoolFlag{Name: "insecure-http", Usage: "serve plain HTTP beyond this computer, where anyone on the network can read what passes"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			password := ""
			if path := c.String("password-file"); path != "" {
				b, err := os.ReadFile(path)
				if err != nil {
					return casework.Errorf(casework.ENOTFOUND, "cannot read the password file: %v", err)
				}
				if password = strings.TrimSpace(string(b)); password == "" {
					return casework.Errorf(casework.EINVALID, "the password file %s is empty", path).
						WithHint("put the shared password on the file's first line")
				}
			}
			certFile, keyFile, selfSigned := c.String("tls-cert"), c.String("tls-key"), c.Bool("tls-self-signed")
			switch {
			case (certFile == "") != (keyFile == ""):
				return usagef("give both, or --tls-self-signed", "--tls-cert and --tls-key go together")
			case selfSigned && certFile != "":
				return usagef("give one of them", "--tls-self-signed makes its own certificate: it does not take --tls-cert")
			}
			useTLS := selfSigned || certFile != ""
			addr := c.String("addr")
			if err := web.CheckAddr(addr, password != ""); err != nil {
				return err
			}
			if err := web.CheckHTTP(addr, useTLS, c.Bool("insecure-http")); err != nil {
				return err
			}
			db, ins, err := openDB(c)
			if err != nil {
				return err
			}
			defer db.Close()
			key, err := sessionKey(db.Path() + ".serve-key")
			if err != nil {
				return err
			}
			hosts := c.StringSlice("host")
			if host, _, _ := net.SplitHostPort(addr); host != "" && !net.ParseIP(host).IsUnspecified() {
				hosts = append(hosts, host)
			}
			instance, err := filepath.Abs(db.Path())
			if err != nil {
				return err
			}
			logs := slog.NewTextHandler(e.stderr, nil)
			srv, err := web.New(web.Config{DB: db, Password: password, Key: key, Hosts: hosts, Instance: instance, Log: slog.New(logs)})
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
				ErrorLog: slog.NewLogLogger(logs, slog.LevelWarn),
			}
			var made string // what is said of the certificate
			if useTLS {
				var cert tls.Certificate
				if selfSigned {
					certFile, keyFile = db.Path()+".tls-cert.pem", db.Path()+".tls-key.pem"
					var fresh bool
					cert, fresh, err = web.SelfSigned(certFile, keyFile, append([]string{"localhost", "127.0.0.1", "::1"}, hosts...), time.Now())
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
				made = fmt.Sprintf("(%s) has the SHA-256 fingerprint %s", made, web.Fingerprint(cert.Leaf.Raw))
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return casework.Errorf(casework.ECONFLICT, "cannot serve on %s: %v", addr, err).
					WithHint("another program may be using the port: try --addr 127.0.0.1:8081")
			}
			ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
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
				fmt.Fprintf(e.stdout, "fieldwork: its certificate %s: check that each browser shows it before trusting the site\n", made)
			}
			scheme := "https"
			if !useTLS {
				scheme = "http"
				if web.CheckHTTP(addr, false, false) != nil {
					fmt.Fprintf(e.stdout, "fieldwork: %s\n", web.InsecureHTTPWarning)
				}
			}
			_, port, _ := net.SplitHostPort(ln.Addr().String())
			for _, h := range c.StringSlice("host") {
				fmt.Fprintf(e.stdout, "fieldwork: for the team at %s://%s/\n", scheme, net.JoinHostPort(h, port))
			}
			fmt.Fprintf(e.stdout, "fieldwork: the entry form for %s is at %s://%s/ (stop with Ctrl-C)\n", ins.Name, scheme, ln.Addr())
			if useTLS {
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
		},
	}
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
