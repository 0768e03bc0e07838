package intake

import "sync"

// ReadAhead reads rows in a goroutine of its own, a batch at a time, while the caller works
// on the batch before: on a machine with two cores the file's reading and splitting (and its
// SHA-256, when it is an opened File) run beside the checks made on each row. The caller must
// call stop when it has done reading, at the end or early; stop waits for the goroutine to end,
// so rows is not read from again once stop returns.
func ReadAhead(rows Rows) (ahead Rows, stop func()) {
	a := &aheadRows{Rows: rows, full: make(chan *batch, 2), free: make(chan *batch, 3), done: make(chan struct{})}
	for range 3 {
		a.free <- &batch{}
	}
	var wg sync.WaitGroup
	wg.Go(a.read)
	var once sync.Once
	return a, func() {
		once.Do(func() { close(a.done) })
		wg.Wait()
	}
}

// batchRows is how many rows go from the reader to the caller at a time.
const batchRows = 512

// batch is rows read ahead: their cells one after another, and where each row's cells end.
type batch struct {
	lines []int
	ends  []int
	cells []string
	err   error // after the rows: the error (io.EOF at the end) the reader stopped at
}

type aheadRows struct {
	Rows
	full, free chan *batch
	done       chan struct{}
	cur        *batch
	next       int // the row of cur Next returns next
}

func (a *aheadRows) read() {
	for {
		var b *batch
		select {
		case b = <-a.free:
		case <-a.done:
			return
		}
		b.lines, b.ends, b.cells, b.err = b.lines[:0], b.ends[:0], b.cells[:0], nil
		for len(b.lines) < batchRows {
			r, err := a.Rows.Next()
			if err != nil {
				b.err = err
				break
			}
			b.lines = append(b.lines, r.Line)
			b.cells = append(b.cells, r.Cells...)
			b.ends = append(b.ends, len(b.cells))
		}
		select {
		case a.full <- b:
		case <-a.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// Next returns the next row; its Cells are good until the batch after it is fetched.
func (a *aheadRows) Next() (Row, error) {
	for a.cur == nil || a.next == len(a.cur.lines) {
		if a.cur != nil {
			if a.cur.err != nil {
				return Row{}, a.cur.err
			}
			a.free <- a.cur
		}
		a.cur, a.next = <-a.full, 0
	}
	i := a.next
	a.next++
	start := 0
	if i > 0 {
		start = a.cur.ends[i-1]
	}
	return Row{Line: a.cur.lines[i], Cells: a.cur.cells[start:a.cur.ends[i]:a.cur.ends[i]]}, nil
}
