package web

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"fieldwork/casework"

	"github.com/google/go-cmp/cmp"
)

// TestEnterWithoutScriptSavesNothing: the form's first button, the one a browser presses for
// Enter, is hidden and saves nothing (with JavaScript, static/form.js presses the button of
// the standard the focus is in); the answers come back kept, marked not saved.
func TestEnterWithoutScriptSavesNothing(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	page := b.get("/cases/" + fresh)
	first := regexp.MustCompile(`(?s)<form method="post" action="/cases/` + fresh + `".*?<button ([^>]*)>`).FindStringSubmatch(page.body)
	if first == nil || !strings.Contains(first[1], `value="nothing" hidden`) {
		t.Fatalf("the form's first button is %q, want the hidden one that saves nothing", first)
	}
	form := caseForm(t, page.body)
	form.Set("a:2.2.1", "yes")
	form.Set("save", "nothing")
	r := b.post("/cases/"+fresh, form)
	if r.status != http.StatusOK || !strings.Contains(r.body, "Nothing saved yet") {
		t.Fatalf("Enter: %d\n%s", r.status, r.body)
	}
	assertUnanswered(t, s, fresh)
	again := caseForm(t, r.body)
	if again.Get("a:2.2.1") != "yes" || !strings.Contains(r.body, `data-unsaved="a:2.2.1"`) {
		t.Errorf("the answer is not kept, marked not saved: 2.2.1 = %q", again.Get("a:2.2.1"))
	}
}

// TestSaveReturnsToTheStandard: a save answers with a redirect (reloading the page after it
// saves nothing twice) back to the standard saved, which says so.
func TestSaveReturnsToTheStandard(t *testing.T) {
	s := newServer(t, bradford(t, fresh), "")
	b := s.browser(t)
	b.signIn("Inspector A")
	tests := []struct{ scope, question, location string }{
		{"2.1", "2.1.1", "/cases/" + fresh + "?saved=2.1#standard-1"},
		{"2.3", "2.3.1", "/cases/" + fresh + "?saved=2.3#standard-3"},
		{"other", "oversight", "/cases/" + fresh + "?saved=other#other-judgements"},
		{"all", "2.4.1", "/cases/" + fresh + "?saved=all"},
	}
	got, want := map[string]string{}, map[string]string{}
	for _, tt := range tests {
		form := caseForm(t, b.get("/cases/"+fresh).body)
		form.Set(answerField+tt.question, "yes")
		form.Set("save", tt.scope)
		r := b.post("/cases/"+fresh, form)
		got[tt.scope], want[tt.scope] = r.header.Get("Location"), tt.location
		if r.status != http.StatusSeeOther {
			t.Errorf("save %s: %d, want 303", tt.scope, r.status)
		}
		after := b.get(tt.location)
		_, anchor, _ := strings.Cut(tt.location, "#")
		saysSaved := regexp.MustCompile(`(?s)id="` + anchor + `">[^<]*</h2>\s*<p class="saved-here">`).MatchString(after.body)
		if anchor != "" && !saysSaved {
			t.Errorf("save %s: the standard returned to does not say it was saved", tt.scope)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("where each save leads (-want +got):\n%s", d)
	}
}

// TestCaseIDsOfAnyShape: a case whose id is "..", ".", or holds a slash or a space opens, saves
// and shows its history, by the links the pages give.
func TestCaseIDsOfAnyShape(t *testing.T) {
	ctx := context.Background()
	ids := []string{"..", ".", "/", "a/b", "a%2Fb", "x/..", "C 1?x=y#z"}
	var cases []casework.Case
	for _, id := range ids {
		cases = append(cases, casework.Case{ID: id, Type: casework.Community})
	}
	db := inspectionOf(t, "Test PDU", cases...)
	s := newServer(t, db, "")
	b := s.browser(t)
	b.signIn("Inspector A")
	links := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="([^"]+)" class="link">([^<]+)</a></th>`).FindAllStringSubmatch(b.get("/").body, -1) {
		links[htmlUnescape(m[2])] = htmlUnescape(m[1])
	}
	got := map[string]string{}
	for _, id := range ids {
		page := b.get(links[id])
		if page.status != http.StatusOK || !strings.Contains(page.body, `<h1 class="heading-l">`+htmlEscape(id)+`</h1>`) {
			got[id] = "case page " + itoa(page.status)
			continue
		}
		form := caseForm(t, page.body)
		form.Set("a:2.1.1", "yes")
		form.Set("save", "2.1")
		action := htmlUnescape(regexp.MustCompile(`<form method="post" action="(/case[^"]*)"`).FindStringSubmatch(page.body)[1])
		r := b.post(action, form)
		if r.status != http.StatusSeeOther {
			got[id] = "save " + itoa(r.status)
			continue
		}
		after := b.get(r.header.Get("Location"))
		m := regexp.MustCompile(`<a href="([^"]+)" class="link">History of changes`).FindStringSubmatch(after.body)
		if m == nil {
			got[id] = "after the save " + itoa(after.status)
			continue
		}
		history := htmlUnescape(m[1])
		h := b.get(history)
		stored, _, _ := db.CaseAnswers(ctx, id)
		got[id] = stored["2.1.1"].Answer.String() + ", history " + itoa(h.status) + " " + itoa(strings.Count(h.body, "<td>Inspector A</td>"))
	}
	want := map[string]string{}
	for _, id := range ids {
		want[id] = "yes, history 200 1"
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("per case id (-want +got):\n%s", d)
	}
}
