// Package e2e runs the browser scripts in this folder (playwright-core driving Debian's
// chromium, axe-core for accessibility) for the Go tests of web and cmd/fieldwork. A script
// reaches the server through a host name that is not loopback's own: Chromium is started with
// --host-resolver-rules mapping Host (and Attacker, a stand-in for a DNS-rebinding site) to
// 127.0.0.1, the only address a test may reach on this machine.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Host is the name the browser reaches the server by; Attacker is a site the browser resolves
// to the same server, as a DNS-rebinding attack does.
const (
	Host     = "fieldwork-office"
	Attacker = "attacker.example"
)

// Run runs node SCRIPT in this folder with env added to the environment, and returns the
// folder holding its screenshots and results.json. The script gets FIELDWORK_OUT (that folder)
// and CHROMIUM. Without node, chromium or `npm ci` it skips the test, except on CI (CI=true),
// where it fails.
func Run(t *testing.T, script string, env ...string) string {
	t.Helper()
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Dir(file)
	var missing []string
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node")
	}
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (apt-get install chromium)")
	}
	for _, m := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", m)); err != nil {
			missing = append(missing, "e2e/node_modules/"+m+" (cd e2e && npm ci)")
		}
	}
	if len(missing) > 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the browser test needs %s", strings.Join(missing, ", "))
		}
		t.Skipf("the browser test needs %s", strings.Join(missing, ", "))
	}
	out, err := outputDir(filepath.Join(dir, "output"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots and results.json: %s", out)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "FIELDWORK_OUT="+out, "CHROMIUM="+chromium, "FIELDWORK_HOST="+Host, "FIELDWORK_ATTACKER="+Attacker), env...)
	// With -v the script's progress shows as it goes, which a stuck step needs.
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if testing.Verbose() {
		cmd.Stdout, cmd.Stderr = io.MultiWriter(&output, os.Stdout), io.MultiWriter(&output, os.Stdout)
	}
	err = cmd.Run()
	t.Logf("node e2e/%s:\n%s", script, output.Bytes())
	if err != nil {
		t.Fatalf("the browser run failed: %v (screenshots and results.json in %s)", err, out)
	}
	return out
}

// outputDir makes a new folder for this run's screenshots under dir, named by the time, so two
// runs at once (two people testing in one work tree) never delete each other's files. Runs
// older than a day are removed.
func outputDir(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	old, _ := os.ReadDir(dir)
	for _, e := range old {
		if info, err := e.Info(); err == nil && e.IsDir() && time.Since(info.ModTime()) > 24*time.Hour {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
	return os.MkdirTemp(dir, time.Now().Format("20060102-150405")+"-")
}

// ReadResults reads the results.json a script wrote in out into v.
func ReadResults(t *testing.T, out string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", filepath.Join(out, "results.json"), err)
	}
}
