// Package casework is the domain of a probation inspection: frameworks of standards, key
// questions and prompts; cases and the inspectors' answers about them; and the rules that turn
// answers into percentages, bands, ratings, a score and an overall rating.
//
// It knows nothing of SQL, Excel, HTTP or the command line. Storage and presentation adapt to
// its types, so each rule of the published method is written here once.
package casework
