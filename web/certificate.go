package web

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"slices"
	"strings"
	"time"
)

// certificateLife is how long a self-signed certificate is made for: an inspection's fieldwork
// and its write-up fit well inside it. Browsers cap public certificates at 398 days, so it
// stays under that.
const certificateLife = 397 * 24 * time.Hour

// renewBefore is how long before its end a kept certificate is replaced by a new one, so it
// never runs out in the middle of fieldwork.
const renewBefore = 30 * 24 * time.Hour

// SelfSigned returns the certificate kept in certFile and keyFile if it names every one of names
// and is good for another 30 days; otherwise it makes a new one for names, keeps it there (the
// key readable by its owner only), and says so with made. Each browser asks once whether to
// trust it: the team checks its Fingerprint.
func SelfSigned(certFile, keyFile string, names []string, now time.Time) (cert tls.Certificate, made bool, err error) {
	if cert, err := tls.LoadX509KeyPair(certFile, keyFile); err == nil && covers(cert.Leaf, names, now) {
		return cert, false, nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return cert, false, fmt.Errorf("the certificate kept in %s: %w", certFile, err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return cert, false, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return cert, false, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: names[0], Organization: []string{"fieldwork serve"}},
		NotBefore:    now.Add(-time.Hour), // a little leeway for clocks behind this one
		NotAfter:     now.Add(certificateLife),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return cert, false, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return cert, false, err
	}
	// The key first, so a certificate on disk always has its key beside it.
	if err := writeFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return cert, false, err
	}
	if err := writeFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return cert, false, err
	}
	cert, err = tls.LoadX509KeyPair(certFile, keyFile)
	return cert, err == nil, err
}

// covers says whether a certificate names every one of names and is good for a while yet.
func covers(c *x509.Certificate, names []string, now time.Time) bool {
	if c == nil || now.Before(c.NotBefore) || now.Add(renewBefore).After(c.NotAfter) {
		return false
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			if !slices.ContainsFunc(c.IPAddresses, ip.Equal) {
				return false
			}
		} else if !slices.Contains(c.DNSNames, n) {
			return false
		}
	}
	return true
}

// writeFile writes a file with perm whatever its mode was: an existing key file left readable
// by others is tightened.
func writeFile(path string, data []byte, perm os.FileMode) error {
	if err := os.WriteFile(path, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(path, perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// Fingerprint is the SHA-256 of a certificate (DER), as browsers show it in the certificate's
// details: 32 pairs of hex digits, in capitals, joined by colons.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(pairs, ":")
}
