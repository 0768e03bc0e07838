package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"fieldwork/casework"
)

// faultyStore is a real store whose case list, case answers or history fail with a fault the
// form does not know, worded with a case id.
type faultyStore struct {
	Store
	failing string // "Cases", "CaseAnswers" or "History"
}

var errStoreFault = errors.New("disk I/O error reading case " + fresh)

func (f faultyStore) Cases(ctx context.Context) ([]casework.Case, error) {
	if f.failing == "Cases" {
		return nil, errStoreFault
	}
	return f.Store.Cases(ctx)
}

func (f faultyStore) CaseAnswers(ctx context.Context, id string) (map[string]casework.Judgement, int, error) {
	if f.failing == "CaseAnswers" {
		return nil, 0, errStoreFault
	}
	return f.Store.CaseAnswers(ctx, id)
}

func (f faultyStore) History(ctx context.Context, id string) ([]casework.Change, error) {
	if f.failing == "History" {
		return nil, errStoreFault
	}
	return f.Store.History(ctx, id)
}

// The form runs on any Store. A fault it does not know leaves the page saying only that
// something went wrong, and the log only the route: the fault's words may hold a case id.
func TestStoreFaultsStayOffThePage(t *testing.T) {
	db := bradford(t, fresh)
	for _, tt := range []struct {
		failing, path, route string
	}{
		{"Cases", "/", "GET /{$}"},
		{"Cases", "/results", "GET /results"},
		{"CaseAnswers", "/cases/" + fresh, "GET /cases/{id}"},
		{"History", "/cases/" + fresh + "/history", "GET /cases/{id}/history"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			log := &syncBuffer{}
			srv, err := New(Config{DB: faultyStore{db, tt.failing}, Key: []byte("a fixed key for tests, 32 bytes!"), Hosts: []string{"example.com"}, // httptest.NewRequest's
				Log: slog.New(slog.NewTextHandler(log, nil)), Now: func() time.Time { return time.Date(2024, 9, 2, 9, 0, 0, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			b := (&testServer{Server: srv}).browser(t)
			b.signIn("Inspector A")
			r := b.get(tt.path)
			if r.status != http.StatusInternalServerError || !strings.Contains(r.body, "Sorry, something went wrong") {
				t.Errorf("status %d, want 500 saying something went wrong:\n%s", r.status, r.body)
			}
			for what, text := range map[string]string{"page": r.body, "log": log.String()} {
				if strings.Contains(text, fresh) || strings.Contains(text, "disk I/O") {
					t.Errorf("the %s shows the fault's words:\n%s", what, text)
				}
			}
			if !strings.Contains(log.String(), `msg="request failed" route="`+tt.route+`"`) {
				t.Errorf("the log does not name the route %s:\n%s", tt.route, log.String())
			}
		})
	}
}
