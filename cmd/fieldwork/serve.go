package main

import (
	"log/slog"

	"fieldwork/web"

	"github.com/urfave/cli/v2"
)

func serveCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "the entry form in a web browser: inspectors sign in, answer their cases and see the results",
		UsageText: "fieldwork serve [--addr 127.0.0.1:8080] [--password-file FILE] [--host NAME]... [--tls-self-signed | --tls-cert FILE --tls-key FILE | --insecure-http] [--colleagues-cases]",
		Description: "Open the address it prints in a browser. Each inspector signs in with their name, which is\n" +
			"recorded with every answer they give. A save is refused if someone else saved the case since\n" +
			"the page was opened; the form comes back with both sets of answers, nothing overwritten.\n" +
			"With accounts (`fieldwork users add`) each member signs in with their own password and role.\n" +
			"Without, it serves only this computer (127.0.0.1) unless --password-file names a file holding a\n" +
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
			&cli.BoolFlag{Name: "colleagues-cases", Usage: "let an inspector change a case allocated to a colleague, with a warning (without it, refused)"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			password, err := web.ReadPassword(c.String("password-file"))
			if err != nil {
				return err
			}
			certFile, keyFile, selfSigned := c.String("tls-cert"), c.String("tls-key"), c.Bool("tls-self-signed")
			switch {
			case (certFile == "") != (keyFile == ""):
				return usagef("give both, or --tls-self-signed", "--tls-cert and --tls-key go together")
			case selfSigned && certFile != "":
				return usagef("give one of them", "--tls-self-signed makes its own certificate: it does not take --tls-cert")
			}
			serving := web.Serving{Addr: c.String("addr"), Hosts: c.StringSlice("host"), CertFile: certFile, KeyFile: keyFile,
				SelfSigned: selfSigned, Password: password, Colleagues: c.Bool("colleagues-cases")}
			db, ins, err := openDB(c)
			if err != nil {
				return err
			}
			defer db.Close()
			team, err := db.Accounts(c.Context)
			if err == nil {
				err = web.CheckAddr(serving.Addr, password != "" || len(team) > 0)
			}
			if err == nil {
				err = web.CheckHTTP(serving.Addr, serving.TLS(), c.Bool("insecure-http"))
			}
			if err != nil {
				return err
			}
			// Ctrl-C or SIGTERM cancels c.Context (package interrupt): the server then stops.
			err = web.Serve(c.Context, db, db.Path(), ins.Name, serving, e.stdout, slog.New(slog.NewTextHandler(e.stderr, nil)))
			if err == nil || c.Context.Err() == nil {
				return err
			}
			return nil // stopped as asked
		},
	}
}
