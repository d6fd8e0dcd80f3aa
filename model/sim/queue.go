package sim

import "math"

// event is one scheduled occurrence. Person events carry the person's token
// at scheduling time; a person who has moved since has a new token, and the
// stale event is skipped (lazy deletion keeps the heap free of removals).
// 24 bytes: the kind rides in the low byte of the sequence number.
type event struct {
	t     float64
	order uint64 // seq<<8 | kind: equal times keep scheduling order
	id    int32  // person, source, supply stream, ...
	token uint32
}

func (e event) kind() uint8 { return uint8(e.order) }

func (a *event) less(b *event) bool {
	return a.t < b.t || a.t == b.t && a.order < b.order
}

// calendar holds future events: those of the current day in a sorted
// slice, later ones unsorted in one bucket per day, sorted when their day
// begins (a calendar queue with day-wide buckets). Scheduling is O(1) for
// a later day; the rare event for the current day is inserted in place.
//
// A day's bucket is a list of chunks of chunkEvents events, taken from
// and given back to one store, so a run allocates about as much as its
// most events pending at once: growing a slice per day allocated and
// copied two thirds of every event scheduled (issue 10: 375 MB a run at
// eight times the plan).
//
// Sorting a day at once costs less than a heap of it: a bucket sort on
// the time of day puts the day's events nearly in order, and an insertion
// sort on (t, order) finishes; popping is then an index increment. The
// order is the total order on (t, order), as a heap's, so which
// structure holds the events, and in which order a bucket gives them up,
// does not change a run.
type calendar struct {
	today  []event // the current day's events in order; today[next:] are to come
	next   int
	last   []int32 // per day since the start: its newest chunk, 0 if none
	chunks []chunk // chunks[0] is unused: 0 means none
	vacant []int32 // drained chunks, reused
	day    int     // current day: today holds the events before day+1
	spare  []event // a day's events gathered for sorting
	counts []int32
}

// chunkEvents is a chunk's size: a busy day fills tens of chunks, and a
// day far ahead, with an event or two, leaves most of one empty.
const chunkEvents = 16

// chunk holds some of a day's events, and the day's chunk before it.
type chunk struct {
	n, prev int32
	ev      [chunkEvents]event
}

func newCalendar(horizon float64) calendar {
	return calendar{today: make([]event, 0, 1<<12), spare: make([]event, 0, 1<<12), last: make([]int32, int(math.Ceil(horizon))+1)}
}

// empty reports whether the current day has no events left.
func (c *calendar) empty() bool { return c.next == len(c.today) }

// first is the current day's next event; the day must not be empty.
func (c *calendar) first() *event { return &c.today[c.next] }

// pop removes and returns the current day's next event.
func (c *calendar) pop() event {
	ev := c.today[c.next]
	c.next++
	return ev
}

func (c *calendar) push(e event) {
	d := int(e.t)
	if d <= c.day {
		c.insert(e)
		return
	}
	k := c.last[d]
	if k == 0 || c.chunks[k].n == chunkEvents {
		k = c.chunk(k)
		c.last[d] = k
	}
	ch := &c.chunks[k]
	ch.ev[ch.n] = e
	ch.n++
}

// chunk returns an empty chunk that follows prev.
func (c *calendar) chunk(prev int32) int32 {
	var k int32
	if n := len(c.vacant); n > 0 {
		k, c.vacant = c.vacant[n-1], c.vacant[:n-1]
	} else {
		if len(c.chunks) == 0 {
			c.chunks = append(c.chunks, chunk{}) // 0: none
		}
		c.chunks = append(c.chunks, chunk{})
		k = int32(len(c.chunks) - 1)
	}
	c.chunks[k].n, c.chunks[k].prev = 0, prev
	return k
}

// insert puts e in its place among the current day's events to come.
func (c *calendar) insert(e event) {
	lo, hi := c.next, len(c.today)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if e.less(&c.today[m]) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	c.today = append(c.today, event{})
	copy(c.today[lo+1:], c.today[lo:])
	c.today[lo] = e
}

// nextDay moves to the next day and sorts its events, leaving out those
// for which stale reports true. The current day must be empty.
func (c *calendar) nextDay(stale func(*event) bool) {
	c.day++
	c.today, c.next = c.today[:0], 0
	if c.day >= len(c.last) {
		return
	}
	k := c.last[c.day]
	c.last[c.day] = 0
	if k == 0 {
		return
	}
	kept := c.spare[:0]
	for ; k != 0; k = c.chunks[k].prev {
		ch := &c.chunks[k]
		for i := range ch.ev[:ch.n] {
			if !stale(&ch.ev[i]) {
				kept = append(kept, ch.ev[i])
			}
		}
		c.vacant = append(c.vacant, k)
	}
	c.spare = kept
	c.sortDay(kept, float64(c.day))
}

// sortDay sorts the events of day d into c.today: a counting sort on
// int((t-d)·n), then an insertion sort (which alone decides the order).
func (c *calendar) sortDay(b []event, d float64) {
	n := len(b)
	if cap(c.counts) < n+1 {
		c.counts = make([]int32, n+1)
	}
	counts := c.counts[:n+1]
	clear(counts)
	key := func(t float64) int { return min(int((t-d)*float64(n)), n-1) }
	for i := range b {
		counts[key(b[i].t)+1]++
	}
	for k := 1; k <= n; k++ {
		counts[k] += counts[k-1]
	}
	out := c.today[:0]
	if cap(out) < n {
		out = make([]event, n, 2*n)
	}
	out = out[:n]
	for i := range b {
		k := key(b[i].t)
		out[counts[k]] = b[i]
		counts[k]++
	}
	for i := 1; i < n; i++ {
		if !out[i].less(&out[i-1]) {
			continue
		}
		x := out[i]
		j := i
		for j > 0 && x.less(&out[j-1]) {
			out[j] = out[j-1]
			j--
		}
		out[j] = x
	}
	c.today = out
}

// entry is a person in an indexed heap, keyed by a time (waiting since).
type entry struct {
	key    float64
	id     int32 // the person's slot
	number int32 // the person's number, which breaks ties
}

// before orders entries: by key, ties by the person's number.
func (a *entry) before(b *entry) bool {
	return a.key < b.key || a.key == b.key && a.number < b.number
}

// idHeap is an indexed min-heap of people on (key, number): the person's
// position is kept in pos[slot] so anyone can leave the queue in O(log n),
// for example a rough sleeper who gives up waiting for shelter.
//
// It is 4-ary, and an entry that sifts moves once, to where it ends up:
// each level passed writes one position into a person's record, which is
// most of a queue's cost once the people outgrow the caches (issue 10),
// and a 4-ary heap has half a binary heap's levels. (key, number) is a
// total order, so which heap holds the queue changes no run.
type idHeap struct {
	e    []entry
	slot int // which of person.pos this heap maintains
}

const arity = 4

// place puts x at i and records its position.
func (h *idHeap) place(ps []person, i int, x entry) {
	h.e[i] = x
	ps[x.id].pos[h.slot] = int32(i)
}

// up moves x, which belongs at i or above, up to its place.
func (h *idHeap) up(ps []person, i int, x entry) {
	for i > 0 {
		p := (i - 1) / arity
		if !x.before(&h.e[p]) {
			break
		}
		h.place(ps, i, h.e[p])
		i = p
	}
	h.place(ps, i, x)
}

// down moves x, which belongs at i or below, down to its place.
func (h *idHeap) down(ps []person, i int, x entry) {
	n := len(h.e)
	for {
		c := arity*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < min(c+arity, n); j++ {
			if h.e[j].before(&h.e[m]) {
				m = j
			}
		}
		if !h.e[m].before(&x) {
			break
		}
		h.place(ps, i, h.e[m])
		i = m
	}
	h.place(ps, i, x)
}

func (h *idHeap) push(ps []person, id int32, key float64) {
	h.e = append(h.e, entry{})
	h.up(ps, len(h.e)-1, entry{key, id, ps[id].number})
}

// peek returns the first person, or -1.
func (h *idHeap) peek() (int32, float64) {
	if len(h.e) == 0 {
		return -1, 0
	}
	return h.e[0].id, h.e[0].key
}

func (h *idHeap) remove(ps []person, id int32) {
	i := int(ps[id].pos[h.slot])
	n := len(h.e) - 1
	last := h.e[n]
	h.e = h.e[:n]
	ps[id].pos[h.slot] = -1
	if i == n {
		return
	}
	if i > 0 && last.before(&h.e[(i-1)/arity]) {
		h.up(ps, i, last)
	} else {
		h.down(ps, i, last)
	}
}

func (h *idHeap) len() int { return len(h.e) }

// occupants is an intrusive doubly-linked list of the people in one kind
// of shelter place in one region, in order of admission: the head has
// stayed longest.
type occupants struct{ head, tail int32 }

func newOccupants() occupants { return occupants{-1, -1} }

func (l *occupants) add(ps []person, id int32) {
	p := &ps[id]
	p.prev, p.next = l.tail, -1
	if l.tail >= 0 {
		ps[l.tail].next = id
	} else {
		l.head = id
	}
	l.tail = id
}

func (l *occupants) remove(ps []person, id int32) {
	p := &ps[id]
	if p.prev >= 0 {
		ps[p.prev].next = p.next
	} else {
		l.head = p.next
	}
	if p.next >= 0 {
		ps[p.next].prev = p.prev
	} else {
		l.tail = p.prev
	}
	p.prev, p.next = -1, -1
}
