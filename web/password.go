package web

import (
	"bufio"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"fieldwork/casework"
)

// Passwords of team accounts are kept as PBKDF2-SHA256 keys (the standard library's; no other
// module), each with its own random salt. The stored text names the algorithm and the number of
// iterations before the salt and key, so the count can be raised for new passwords while old
// ones still check against the count they were made with.
const (
	passwordScheme = "pbkdf2-sha256"
	// passwordIterations is OWASP's 2023 figure for PBKDF2-HMAC-SHA256: a guess costs about a
	// third of a second on this project's 2-core machines, a sign-in the same once.
	passwordIterations  = 600_000
	saltBytes, keyBytes = 16, 32
	// minPassword is the shortest password taken for an account.
	minPassword = 10
)

// HashPassword is the stored form of a new password.
func HashPassword(password string) (string, error) {
	return hashPassword(password, passwordIterations)
}

func hashPassword(password string, iterations int) (string, error) {
	salt := make([]byte, saltBytes)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha256.New, password, salt, iterations, keyBytes)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("%s$%d$%s$%s", passwordScheme, iterations, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// checkPassword says whether password is the one stored as hash. A hash it cannot read matches
// nothing.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != passwordScheme {
		return false
	}
	iterations, err := strconv.Atoi(parts[1])
	if err != nil || iterations < 1 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[2])
	want, err2 := enc.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iterations, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// noSuchAccount is checked against when the name signed in with has no account, so that a
// wrong name costs what a wrong password does and timing tells no one which names exist.
// It is made on first use: a program that never signs anyone in should not pay for it.
var noSuchAccount = sync.OnceValue(func() string {
	h, _ := HashPassword("no account has this password")
	return h
})

// ReadNewPassword reads the password for a new account or a new password from in: from a
// terminal twice, without echoing it, with prompts on out; from anything else (a pipe, a
// file), its first line. It returns the password hashed.
func ReadNewPassword(in io.Reader, out io.Writer, name string) (string, error) {
	f, terminal := in.(*os.File)
	if terminal {
		st, err := f.Stat()
		terminal = err == nil && st.Mode()&os.ModeCharDevice != 0
	}
	r := bufio.NewReader(in)
	read := func(prompt string) (string, error) {
		if !terminal {
			line, err := r.ReadString('\n')
			if err != nil && (err != io.EOF || line == "") {
				return "", casework.Errorf(casework.EINVALID, "no password given on standard input for %s", name).
					WithHint("type it at the terminal, or pipe it in: a line holding the password")
			}
			return strings.TrimRight(line, "\r\n"), nil
		}
		fmt.Fprint(out, prompt)
		defer fmt.Fprintln(out)
		return readHidden(f, r)
	}
	password, err := read(fmt.Sprintf("Password for %s: ", name))
	if err != nil {
		return "", err
	}
	if err := checkNewPassword(password); err != nil {
		return "", err
	}
	if terminal {
		again, err := read("The same password again: ")
		if err != nil {
			return "", err
		}
		if again != password {
			return "", casework.Errorf(casework.EINVALID, "the two passwords typed differ").WithHint("run the command again and type the same password twice")
		}
	}
	return HashPassword(password)
}

// checkNewPassword is the rule for a new password: long enough to withstand guessing, since the
// form is reached over the office network.
func checkNewPassword(password string) error {
	if n := len([]rune(password)); n < minPassword {
		return casework.Errorf(casework.EINVALID, "the password has %d characters; an account's needs at least %d", n, minPassword).
			WithHint("a few words together make a long password that is easy to remember")
	}
	return nil
}

// readHidden reads a line from the terminal f with its echo off (stty, as the standard library
// has no terminal control and no other module is taken).
func readHidden(f *os.File, r *bufio.Reader) (string, error) {
	stty := func(arg string) error {
		c := exec.Command("stty", arg)
		c.Stdin = f
		return c.Run()
	}
	if err := stty("-echo"); err != nil {
		return "", casework.Errorf(casework.EENV, "cannot turn off the terminal's echo to read the password: %v", err).
			WithHint("pipe the password in instead: echo it from a file into the command")
	}
	defer stty("echo")
	line, err := r.ReadString('\n')
	if err != nil && line == "" {
		return "", casework.Errorf(casework.EINVALID, "no password typed")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
