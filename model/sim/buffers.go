// This file keeps the large working buffers of a run for the next run in
// the process, so a sweep's worker allocates and zeroes them once.

package sim

import (
	"math"
	"sync"
)

// buffers are a run's large working slices that do not outlive it: the
// person records, the calendar and the queues' backing arrays. A national
// run fills about 60 MB of them; allocated afresh each run, their
// allocation and zeroing took a tenth of the run (issue 10).
type buffers struct {
	people []person
	events calendar
	queues [][]entry // backing arrays of idHeaps, empty
}

// pool holds the buffers of finished runs: at most one set per run in
// flight, so a sweep holds no more than one run's buffers per worker.
var pool sync.Pool

func getBuffers() *buffers {
	if b, ok := pool.Get().(*buffers); ok {
		return b
	}
	return &buffers{}
}

// peopleBuffer returns an empty person slice with room for n.
func (b *buffers) peopleBuffer(n int) []person {
	if cap(b.people) >= n {
		return b.people[:0]
	}
	return make([]person, 0, n)
}

// queue returns an empty backing array for an idHeap.
func (b *buffers) queue() []entry {
	if n := len(b.queues); n > 0 {
		q := b.queues[n-1]
		b.queues = b.queues[:n-1]
		return q
	}
	return nil
}

// calendar returns an empty calendar for a run of the given horizon,
// keeping the chunks the last run used.
func (b *buffers) calendar(horizon float64) calendar {
	c := &b.events
	if c.last == nil {
		return newCalendar(horizon)
	}
	days := int(math.Ceil(horizon)) + 1
	if cap(c.last) >= days {
		c.last = c.last[:days]
		clear(c.last)
	} else {
		c.last = make([]int32, days)
	}
	c.vacant = c.vacant[:0]
	for k := len(c.chunks) - 1; k >= 1; k-- {
		c.vacant = append(c.vacant, int32(k))
	}
	c.today, c.spare, c.next, c.day = c.today[:0], c.spare[:0], 0, 0
	return *c
}

// release gives the engine's buffers back for the next run. The engine
// must not be used afterwards.
func (e *engine) release() {
	b := e.buf
	if b == nil {
		return
	}
	e.buf = nil
	b.people = e.people[:0]
	b.events = e.events
	heaps := [][]idHeap{e.roughQueue, e.emergQueue, e.waitList}
	for _, hs := range heaps {
		for i := range hs {
			if hs[i].e != nil {
				b.queues = append(b.queues, hs[i].e[:0])
			}
		}
	}
	pool.Put(b)
}
