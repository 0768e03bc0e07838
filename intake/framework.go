package intake

import (
	"os"
	"strings"

	"fieldwork/casework"
)

// Framework takes a built-in framework's id or the path of a framework JSON file.
func Framework(arg string) (*casework.Framework, error) {
	if strings.HasSuffix(arg, ".json") || strings.ContainsRune(arg, os.PathSeparator) {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, casework.Errorf(casework.ENOTFOUND, "cannot read framework file %s: %v", arg, err)
		}
		return casework.ParseFramework(arg, data)
	}
	return casework.Builtin(arg)
}
