package main

import (
	"context"
	"crypto/rand"
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
		UsageText: "fieldwork serve [--addr 127.0.0.1:8080] [--password-file FILE]",
		Description: "Open the address it prints in a browser. Each inspector signs in with their name, which is\n" +
			"recorded with every answer they give. A save is refused if someone else saved the case since\n" +
			"the page was opened; the form comes back with both sets of answers, nothing overwritten.\n" +
			"It serves only this computer (127.0.0.1) unless --password-file names a file holding a\n" +
			"shared password, which every inspector must then give to sign in. The log (stderr) records\n" +
			"each request's route and status, never a case id, answer or note.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "the `HOST:PORT` to serve on"},
			&cli.StringFlag{Name: "password-file", Usage: "a `FILE` holding the shared password; needed to serve beyond this computer"},
			&cli.StringSliceFlag{Name: "host", Usage: "a host `NAME` the team reaches the server by (repeat for each); it answers to no other, besides this computer's own names and the --addr host"},
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
			addr := c.String("addr")
			if err := web.CheckAddr(addr, password != ""); err != nil {
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
			srv, err := web.New(web.Config{DB: db, Password: password, Key: key, Hosts: hosts, Instance: instance,
				Log: slog.New(slog.NewTextHandler(e.stderr, nil))})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return casework.Errorf(casework.ECONFLICT, "cannot serve on %s: %v", addr, err).
					WithHint("another program may be using the port: try --addr 127.0.0.1:8081")
			}
			hs := &http.Server{
				Handler:           srv,
				ReadHeaderTimeout: 10 * time.Second,
				ReadTimeout:       time.Minute,
				WriteTimeout:      time.Minute,
				IdleTimeout:       2 * time.Minute,
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
			fmt.Fprintf(e.stdout, "fieldwork: the entry form for %s is at http://%s/ (stop with Ctrl-C)\n", ins.Name, ln.Addr())
			err = hs.Serve(ln)
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
