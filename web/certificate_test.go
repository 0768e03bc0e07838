package web

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// TestSelfSigned: the certificate is made once for the names served and kept; a new name, or
// an end in under 30 days, makes a new one. Each is trusted, by a client that trusts it, for
// every name it was made for; its key is readable by its owner only.
func TestSelfSigned(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "bc.db.tls-cert.pem"), filepath.Join(dir, "bc.db.tls-key.pem")
	start := time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC)
	names := []string{"localhost", "127.0.0.1", "::1", "fieldwork-office"}
	tests := []struct {
		name  string
		names []string
		now   time.Time
		made  bool
	}{
		{"first start", names, start, true},
		{"started again", names, start.Add(time.Hour), false},
		{"fewer names", names[:2], start.Add(2 * time.Hour), false},
		{"a name added", append(names, "192.168.1.20"), start.Add(3 * time.Hour), true},
		{"months later", append(names, "192.168.1.20"), start.Add(300 * 24 * time.Hour), false},
		{"under 30 days left", append(names, "192.168.1.20"), start.Add(370 * 24 * time.Hour), true},
	}
	var got, want []string
	prints := map[string]bool{}
	for _, tt := range tests {
		cert, made, err := SelfSigned(certFile, keyFile, tt.names, tt.now)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, want = append(got, tt.name+": made "+map[bool]string{true: "yes", false: "no"}[made]), append(want, tt.name+": made "+map[bool]string{true: "yes", false: "no"}[tt.made])
		prints[Fingerprint(cert.Leaf.Raw)] = true
		roots := x509.NewCertPool()
		roots.AddCert(cert.Leaf)
		for _, n := range tt.names {
			if _, err := cert.Leaf.Verify(x509.VerifyOptions{DNSName: n, Roots: roots, CurrentTime: tt.now}); err != nil {
				t.Errorf("%s: not good for %s: %v", tt.name, n, err)
			}
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("certificates made (-want +got):\n%s", d)
	}
	if len(prints) != 3 {
		t.Errorf("%d fingerprints over the starts, want 3 (one per certificate made)", len(prints))
	}
	info, err := os.Stat(keyFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the key file: %v, mode %v, want 0600", err, info.Mode().Perm())
	}
}

func TestFingerprint(t *testing.T) {
	der := []byte("not really a certificate")
	sum := sha256.Sum256(der)
	want := strings.ToUpper(hex.EncodeToString(sum[:]))
	got := Fingerprint(der)
	if strings.ReplaceAll(got, ":", "") != want || strings.Count(got, ":") != 31 {
		t.Errorf("Fingerprint = %s, want %s in pairs joined by colons", got, want)
	}
}

func TestCheckHTTP(t *testing.T) {
	tests := []struct {
		addr          string
		tls, insecure bool
		ok            bool
	}{
		{"127.0.0.1:8080", false, false, true},
		{"localhost:8080", false, false, true},
		{"[::1]:8080", false, false, true},
		{"0.0.0.0:8080", false, false, false},
		{":8080", false, false, false},
		{"192.168.1.20:8080", false, false, false},
		{"0.0.0.0:8443", true, false, true},
		{"0.0.0.0:8080", false, true, true},
	}
	for _, tt := range tests {
		err := CheckHTTP(tt.addr, tt.tls, tt.insecure)
		if (err == nil) != tt.ok {
			t.Errorf("CheckHTTP(%q, tls %v, insecure %v) = %v, want ok %v", tt.addr, tt.tls, tt.insecure, err, tt.ok)
		}
		if err != nil && (casework.ErrorCode(err) != casework.EINVALID || !strings.Contains(casework.ErrorHint(err), "--tls-self-signed")) {
			t.Errorf("CheckHTTP(%q): %v, hint %q", tt.addr, err, casework.ErrorHint(err))
		}
	}
}
