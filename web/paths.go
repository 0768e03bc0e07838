package web

import (
	"net/http"
	"net/url"
	"strings"
)

// caseURL is the address of a case's page. A case id is one path segment, escaped, but an id
// of dots and slashes alone ("..", ".", "/") would not survive there: browsers read "." and
// ".." as "this folder" and "the folder above" however they are escaped, so such an id goes
// in the query instead.
func caseURL(id string) string {
	if oddID(id) {
		return "/case?id=" + url.QueryEscape(id)
	}
	return "/cases/" + url.PathEscape(id)
}

// oddID says whether a case id cannot be a path segment (caseURL).
func oddID(id string) bool { return strings.Trim(id, "./") == "" }

// historyURL is the address of a case's history.
func historyURL(id string) string { return caseAction(id, "history") }

// caseAction is the address of one of a case's own pages ("history", "check", "second"...).
func caseAction(id, action string) string {
	if oddID(id) {
		return "/case/" + action + "?id=" + url.QueryEscape(id)
	}
	return caseURL(id) + "/" + action
}

// withQuery adds name=value to an address that may have a query already.
func withQuery(addr, name, value string) string {
	sep := "?"
	if strings.Contains(addr, "?") {
		sep = "&"
	}
	return addr + sep + url.QueryEscape(name) + "=" + url.QueryEscape(value)
}

// caseID is the case a request is for, from whichever address caseURL gave.
func caseID(r *http.Request) string {
	if id := r.PathValue("id"); id != "" {
		return id
	}
	return r.URL.Query().Get("id")
}
