package intake

import "bytes"

// separator guesses what separates values from the header line: a comma, unless the header has
// none and has tabs (Excel's "Unicode text" and "Text (tab delimited)") or semicolons (Excel's
// CSV where the decimal mark is a comma).
func separator(data []byte) rune {
	header := bytes.TrimLeft(data, "\r\n \t")
	if i := bytes.IndexByte(header, '\n'); i >= 0 {
		header = header[:i]
	}
	switch {
	case bytes.IndexByte(header, ',') >= 0:
		return ','
	case bytes.IndexByte(header, '\t') >= 0:
		return '\t'
	case bytes.IndexByte(header, ';') >= 0:
		return ';'
	}
	return ','
}
