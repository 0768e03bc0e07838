package sampling

// GeneratedExtract lets the command's benchmark (package sampling_test, which may use report)
// write the same synthetic extract the package's own tests read.
var GeneratedExtract = generatedExtract
