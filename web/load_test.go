package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldwork/casework"
	bc "fieldwork/examples/bradford-calderdale"
	"fieldwork/sqlite"
)

// BenchmarkTeamSaves is the load of a team at one server: 10 members signed in over HTTPS, each
// saving their own case 200 times (each save changes 2.1.1), all at once. Afterwards SQLite must
// hold every save: each case's version is 200, its history of 2.1.1 has 200 rows, its answer the
// last one saved. It reports the 99th percentile of a save's time (the POST, to its redirect) as
// p99-save-ms; the issue asks for no more than 500 ms on a 2-core machine.
//
//	go test ./web -run '^$' -bench TeamSaves -benchtime 1x
func BenchmarkTeamSaves(b *testing.B) {
	const members, saves = 10, 200
	var all []time.Duration
	for range b.N {
		b.StopTimer()
		ctx := context.Background()
		var cases []string
		for i := range members {
			cases = append(cases, fmt.Sprintf("BC%03d", 70+i))
		}
		db, err := bc.BuildWith(ctx, filepath.Join(b.TempDir(), "bradford.db"), bc.Options{Unanswered: cases, WithoutRatings: true})
		if err != nil {
			b.Fatal(err)
		}
		hash, _ := hashPassword(teamPassword, 1)
		for i := range members {
			if err := db.AddAccount(ctx, casework.Account{Name: fmt.Sprintf("Member %d", i), Role: casework.RoleInspector, PasswordHash: hash}); err != nil {
				b.Fatal(err)
			}
			if err := db.Allocate(ctx, cases[i], fmt.Sprintf("Member %d", i), "Lead"); err != nil {
				b.Fatal(err)
			}
		}
		srv, err := New(Config{DB: db, Instance: db.Path(), Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewUnstartedServer(srv)
		ts.StartTLS()
		host := ts.Listener.Addr().String()
		b.StartTimer()

		times := make([][]time.Duration, members)
		var wg sync.WaitGroup
		errs := make(chan error, members)
		for i := range members {
			wg.Go(func() {
				d, err := member(ts, host, fmt.Sprintf("Member %d", i), cases[i], saves)
				times[i] = d
				if err != nil {
					errs <- fmt.Errorf("member %d: %w", i, err)
				}
			})
		}
		wg.Wait()
		b.StopTimer()
		ts.Close()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		for i, id := range cases {
			checkNothingLost(b, db, id, fmt.Sprintf("Member %d", i), saves)
			all = append(all, times[i]...)
		}
		db.Close()
	}
	slices.Sort(all)
	p99 := all[(len(all)*99+99)/100-1]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-save-ms")
	b.ReportMetric(float64(all[len(all)-1].Microseconds())/1000, "max-save-ms")
	b.ReportMetric(0, "ns/op") // the whole round is one op: its time says nothing a save's does not
}

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// member signs in over HTTPS and saves its case n times, each from the page the last save
// returned to, and returns each save's time.
func member(ts *httptest.Server, host, name, caseID string, n int) ([]time.Duration, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: ts.Client().Transport, Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "https://" + host
	get := func(path string) (string, error) {
		r, err := c.Get(base + path)
		if err != nil {
			return "", err
		}
		defer r.Body.Close()
		body, err := io.ReadAll(r.Body)
		if r.StatusCode != http.StatusOK {
			return "", fmt.Errorf("GET %s: %d", path, r.StatusCode)
		}
		return string(body), err
	}
	var said string
	post := func(path string, form url.Values) (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodPost, base+path, stringsReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		r, err := c.Do(req)
		if err == nil {
			body, _ := io.ReadAll(r.Body)
			said = string(body)
			r.Body.Close()
		}
		return r, err
	}
	page, err := get("/sign-in")
	if err != nil {
		return nil, err
	}
	r, err := post("/sign-in", url.Values{"csrf": {csrfRE.FindStringSubmatch(page)[1]}, "name": {name}, "password": {teamPassword}})
	if err != nil || r.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in: %v %v", r.StatusCode, err)
	}
	var times []time.Duration
	for i := range n {
		page, err := get("/cases/" + caseID)
		if err != nil {
			return times, err
		}
		version, _ := strconv.Atoi(versionRE.FindStringSubmatch(page)[1])
		if version != i {
			return times, fmt.Errorf("save %d: the case is at version %d", i, version)
		}
		form := url.Values{"csrf": {csrfRE.FindStringSubmatch(page)[1]}, "version": {strconv.Itoa(version)}, "save": {"2.1"},
			answerField + "2.1.1": {answerOf(i)}, wasField + "2.1.1": {previous(i)}}
		start := time.Now()
		r, err := post("/cases/"+caseID, form)
		times = append(times, time.Since(start))
		if err != nil || r.StatusCode != http.StatusSeeOther {
			m := regexp.MustCompile(`(?s)<p class="body">(.*?)</p>`).FindAllStringSubmatch(said, -1)
			return times, fmt.Errorf("save %d: %v %v %q", i, r.StatusCode, err, m)
		}
	}
	return times, nil
}

// answerOf is the answer save i gives 2.1.1: yes and no by turns, so every save changes it.
func answerOf(i int) string {
	if i%2 == 0 {
		return "yes"
	}
	return "no"
}

func previous(i int) string {
	if i == 0 {
		return ""
	}
	return answerOf(i - 1)
}

func checkNothingLost(b *testing.B, db *sqlite.DB, caseID, who string, n int) {
	b.Helper()
	stored, version, err := db.CaseAnswers(context.Background(), caseID)
	if err != nil {
		b.Fatal(err)
	}
	h, err := db.History(context.Background(), caseID)
	if err != nil {
		b.Fatal(err)
	}
	if j := stored["2.1.1"]; version != n || len(h) != n || j.Answer.String() != answerOf(n-1) || j.Inspector != who {
		b.Errorf("case %s after %d saves: version %d, %d history rows, 2.1.1 %s by %q", caseID, n, version, len(h), j.Answer, j.Inspector)
	}
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
