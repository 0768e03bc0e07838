package report

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Version names a build for `fieldwork --version`: the module's version ("devel" for a build
// from a working copy), the commit Go recorded it was built from, if any, and the schema version
// of the databases it writes, which says which files it can open.
func Version(info *debug.BuildInfo, ok bool, schema int) string {
	version, parts := "unknown", []string(nil)
	if ok && info != nil {
		version = strings.Trim(info.Main.Version, "()")
		if version == "" {
			version = "unknown"
		}
		var commit, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value[:min(len(s.Value), 12)]
			case "vcs.modified":
				if s.Value == "true" {
					modified = ", with changes not committed"
				}
			}
		}
		if commit != "" {
			parts = append(parts, "commit "+commit+modified)
		}
	}
	parts = append(parts, fmt.Sprintf("database schema version %d", schema))
	return version + " (" + strings.Join(parts, "; ") + ")"
}
