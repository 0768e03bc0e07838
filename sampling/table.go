package sampling

import (
	"hash/maphash"
	"strings"
)

// caseTable keeps the cases read from an extract column by column, a few dozen bytes a case,
// so that a million eligible cases are held in tens of megabytes: the draw needs every eligible
// case's id and stratum, but only the few hundred cases drawn need to become Records.
//
// The closed sets (type, grade, RoSH) are small codes; every other column keeps each row's
// value as an index into that column's values, most of which repeat a handful of spellings.
type caseTable struct {
	ids       strings.Builder   // every row's case id, one after another
	idEnds    chunked[uint32]   // where each row's id ends in ids
	lines     chunked[int32]    // the extract's line (CSV) or row (spreadsheet)
	commenced chunked[Date]     //
	codes     chunked[[3]uint8] // kind, grade, rosh: indices into caseTypeCodes, gradeCodes, roshCodes
	cells     []column          // by extract column; unused for the columns the fields above hold
	n         int32             // rows
}

// column is one extract column's values and each row's index into them.
type column struct {
	values []string
	rows   chunked[uint32]
	index  map[string]uint32 // value -> index; nil once full
}

// chunked is a column of a million values kept in blocks of a fixed size, so that it grows
// without copying what it holds, nor holding the old copy and the new at once.
type chunked[T any] struct{ blocks [][]T }

const blockBits = 16

func (c *chunked[T]) add(v T) {
	if n := len(c.blocks); n == 0 || len(c.blocks[n-1]) == cap(c.blocks[n-1]) {
		c.blocks = append(c.blocks, make([]T, 0, 1<<blockBits))
	}
	last := &c.blocks[len(c.blocks)-1]
	*last = append(*last, v)
}

func (c *chunked[T]) at(i int32) T { return c.blocks[i>>blockBits][i&(1<<blockBits-1)] }

// maxInterned bounds each column's index: a column of free text keeps its cells one by one.
const maxInterned = 4096

func newCaseTable(cols *columns) *caseTable {
	t := &caseTable{cells: make([]column, len(cols.names))}
	for j := range t.cells {
		t.cells[j].index = map[string]uint32{}
	}
	return t
}

// add keeps a row and returns its index. Every cell is copied (as read, a cell shares the
// memory of its whole line), each repeated value once.
func (t *caseTable) add(id string, line int, day Date, codes [3]uint8, cells []string, keep []bool) int32 {
	t.ids.WriteString(id)
	t.idEnds.add(uint32(t.ids.Len()))
	t.lines.add(int32(line))
	t.commenced.add(day)
	t.codes.add(codes)
	for j, c := range cells {
		if keep[j] {
			t.cells[j].add(c)
		}
	}
	t.n++
	return t.n - 1
}

func (c *column) add(v string) {
	if i, ok := c.index[v]; ok {
		c.rows.add(i)
		return
	}
	i := uint32(len(c.values))
	c.values = append(c.values, strings.Clone(v))
	c.rows.add(i)
	if c.index != nil {
		c.index[c.values[i]] = i
		if len(c.index) >= maxInterned {
			c.index = nil
		}
	}
}

// id is row's case id; it shares the table's memory.
func (t *caseTable) id(row int32) string {
	start := uint32(0)
	if row > 0 {
		start = t.idEnds.at(row - 1)
	}
	return t.ids.String()[start:t.idEnds.at(row)]
}

// cell is row's value in extract column j, as read.
func (t *caseTable) cell(row int32, j int) string { return t.cells[j].values[t.cells[j].rows.at(row)] }

// fill makes r the record of row, sharing the table's memory.
func (t *caseTable) fill(r *Record, row int32, cols *columns) {
	codes := t.codes.at(row)
	*r = Record{ID: t.id(row), Line: int(t.lines.at(row)), Commenced: t.commenced.at(row),
		kind: codes[0], grade: codes[1], rosh: codes[2], row: row, table: t, cols: cols}
}

// keyOf reads a field of a row as a small number, the same for rows of the same value as read:
// the code of a closed set, or the index of a column's value. false for a field it cannot.
func (t *caseTable) keyOf(field string, cols *columns) (func(row int32) uint32, bool) {
	switch field {
	case FieldCaseType:
		return func(row int32) uint32 { return uint32(t.codes.at(row)[0]) }, true
	case "grade":
		return func(row int32) uint32 { return uint32(t.codes.at(row)[1]) }, true
	case "rosh":
		return func(row int32) uint32 { return uint32(t.codes.at(row)[2]) }, true
	}
	j, ok := cols.index[field]
	if !ok || t.cells[j].rows.blocks == nil {
		return nil, false
	}
	return func(row int32) uint32 { return t.cells[j].rows.at(row) }, true
}

// seenIDs finds a case id read before, without regard to case. It keeps 8 bytes a case, at
// most half the slots of an open-addressed table filled, rather than a copy of every id: each
// slot holds 32 bits of the id's hash and its row, and an id whose hash matches is checked
// against the id of that row.
type seenIDs struct {
	seed    maphash.Seed
	slots   []uint64 // hash<<32 | row+1; 0 is an empty slot
	n       int
	upperID func(row int32) string
}

func newSeenIDs(t *caseTable) *seenIDs {
	return &seenIDs{seed: maphash.MakeSeed(), upperID: func(row int32) string { return strings.ToUpper(t.id(row)) }}
}

func (s *seenIDs) hash(key string) uint32 { return uint32(maphash.String(s.seed, key) >> 32) }

// find is the row where key (an upper-case id) was first seen.
func (s *seenIDs) find(key string) (int32, bool) {
	if len(s.slots) == 0 {
		return 0, false
	}
	h, mask := s.hash(key), len(s.slots)-1
	for i := int(h) & mask; s.slots[i] != 0; i = (i + 1) & mask {
		e := s.slots[i]
		if row := int32(uint32(e)) - 1; uint32(e>>32) == h && s.upperID(row) == key {
			return row, true
		}
	}
	return 0, false
}

// add records that key (not seen before) was first seen on row.
func (s *seenIDs) add(key string, row int32) {
	if 2*(s.n+1) > len(s.slots) {
		old := s.slots
		s.slots = make([]uint64, max(1024, 2*len(old)))
		for _, e := range old {
			if e != 0 {
				s.put(e)
			}
		}
	}
	s.put(uint64(s.hash(key))<<32 | uint64(row+1))
	s.n++
}

func (s *seenIDs) put(e uint64) {
	mask := len(s.slots) - 1
	i := int(e>>32) & mask
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = e
}
