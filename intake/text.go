package intake

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// plainText turns the bytes of a text file, as spreadsheet programs save them, into UTF-8 with
// LF or CRLF line ends: it drops a UTF-8 byte-order mark, decodes UTF-16 that starts with its
// byte-order mark (Excel's "Unicode text"), reads anything else that is not UTF-8 as
// Windows-1252 (Excel's "CSV" on many machines), and turns the lone CR line ends of old Mac
// files into LF, which encoding/csv would otherwise read as one long line.
func plainText(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		data = fromUTF16(data[2:], func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 })
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		data = fromUTF16(data[2:], func(b []byte) uint16 { return uint16(b[1]) | uint16(b[0])<<8 })
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = windows1252ToUTF8(data)
	}
	if bytes.IndexByte(data, '\r') >= 0 && bytes.IndexByte(data, '\n') < 0 {
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data
}

func fromUTF16(b []byte, unit func([]byte) uint16) []byte {
	units := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		units = append(units, unit(b[i:i+2]))
	}
	var out bytes.Buffer
	for _, r := range utf16.Decode(units) {
		out.WriteRune(r)
	}
	return out.Bytes()
}

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
