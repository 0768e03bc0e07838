package report

import (
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVersion(t *testing.T) {
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"a release", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, true, "v1.4.0 (database schema version 5)"},
		{"a working copy with its commit", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "3133b75a1b2c3d4e5f60718293a4b5c6d7e8f901"}, {Key: "vcs.modified", Value: "false"}}}, true,
			"devel (commit 3133b75a1b2c; database schema version 5)"},
		{"changes not committed", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "3133b75"}, {Key: "vcs.modified", Value: "true"}}}, true,
			"devel (commit 3133b75, with changes not committed; database schema version 5)"},
		{"no build information", nil, false, "unknown (database schema version 5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Version(tt.info, tt.ok, 5)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
