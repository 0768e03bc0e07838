package reliability

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// server is `fieldwork serve` running on a free port of this machine.
type server struct {
	cmd  *exec.Cmd
	base string
}

var servingAt = regexp.MustCompile(`is at (http://\S+/)`)

func serve(t *testing.T, db string) *server {
	t.Helper()
	cmd := command(db, "serve", "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	m := servingAt.FindStringSubmatch(line)
	if err != nil || m == nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("fieldwork serve said %q, %v", line, err)
	}
	return &server{cmd: cmd, base: strings.TrimSuffix(m[1], "/")}
}

// stop asks the server to finish the saves under way and exit, as Ctrl-C does.
func (s *server) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("fieldwork serve: %v", err)
	}
}

// session is one inspector signed in to the entry form in a browser.
type session struct {
	base   string
	client *http.Client
}

var (
	csrfField    = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	versionField = regexp.MustCompile(`name="version" value="(\d+)"`)
)

func (s *server) signIn(name string) (*session, error) {
	jar, _ := cookiejar.New(nil)
	se := &session{base: s.base, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	_, page, err := se.get("/sign-in")
	if err != nil {
		return nil, err
	}
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("the sign-in page has no CSRF token")
	}
	status, _, err := se.post("/sign-in", url.Values{"csrf": {m[1]}, "name": {name}})
	if err != nil || status != http.StatusSeeOther {
		return nil, fmt.Errorf("signing in as %s: status %d, %v", name, status, err)
	}
	return se, nil
}

func (se *session) get(path string) (int, string, error) {
	res, err := se.client.Get(se.base + path)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

func (se *session) post(path string, form url.Values) (int, string, error) {
	res, err := se.client.PostForm(se.base+path, form)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// save opens a case's page and saves one answer on it, as an inspector does, and returns the
// response to the save.
func (se *session) save(caseID, question, answer string) (int, string, error) {
	status, page, err := se.get("/cases/" + caseID)
	if err != nil || status != http.StatusOK {
		return 0, "", fmt.Errorf("opening case %s: status %d, %v", caseID, status, err)
	}
	csrf, version := csrfField.FindStringSubmatch(page), versionField.FindStringSubmatch(page)
	if csrf == nil || version == nil {
		return 0, "", fmt.Errorf("case %s: the page has no CSRF token or version", caseID)
	}
	return se.post("/cases/"+caseID, url.Values{"csrf": {csrf[1]}, "version": {version[1]}, "save": {"all"}, "a:" + question: {answer}})
}

// answer saves one answer and says whether it was stored; a refusal must be the form's clear
// conflict page.
func (se *session) answer(caseID, question, answer string) (bool, error) {
	status, page, err := se.save(caseID, question, answer)
	switch {
	case err != nil:
		return false, err
	case status == http.StatusSeeOther:
		return true, nil
	case status == http.StatusConflict && strings.Contains(page, "saved this case while you were working on it") && !strings.Contains(strings.ToLower(page), "database is locked"):
		return false, nil
	}
	return false, fmt.Errorf("saving case %s: status %d, not a clear refusal:\n%.2000s", caseID, status, page)
}

// TestWebKeepsAModeratedAnswer: an inspector changing a moderated answer on the entry form is
// told why nothing was saved, and the moderated answer stays.
func TestWebKeepsAModeratedAnswer(t *testing.T) {
	db := newInspection(t, t.TempDir(), 1)
	must(t, db, "judge", caseID(0), "2.1.1=yes", "--inspector", "Inspector A")
	must(t, db, "judge", caseID(0), "2.1.1=no", "--reading", "2", "--inspector", "Quality Lead")
	must(t, db, "moderate", caseID(0), "2.1.1=no", "--reason", "no plan for the risk to the partner")
	srv := serve(t, db)
	defer srv.stop(t)
	se, err := srv.signIn("Inspector A")
	if err != nil {
		t.Fatal(err)
	}
	status, page, err := se.save(caseID(0), "2.1.1", "yes")
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusBadRequest || !strings.Contains(page, "this would change an answer settled by moderation: nothing was saved") {
		t.Errorf("changing a moderated answer on the form: status %d\n%.3000s", status, page)
	}
	if n := count(t, db, `SELECT count(*) FROM answers WHERE question_id = '2.1.1' AND answer = 'no'`); n != 1 {
		t.Error("the moderated answer did not stay")
	}
}
