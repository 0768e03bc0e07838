// Package reliability holds the tests that run the fieldwork binary as inspectors' machines
// do: killed in the middle of an import or a merge, many writers saving at once. It has no code
// of its own; the promises it checks are in sqlite and cmd/fieldwork.
package reliability
