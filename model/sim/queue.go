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

// eventHeap is a 4-ary min-heap on (t, order): shallower than a binary
// heap, and each level's children share a cache line or two. Hand-written
// rather than container/heap, which boxes every push in an interface.
type eventHeap []event

func (h eventHeap) less(i, j int) bool {
	if h[i].t != h[j].t {
		return h[i].t < h[j].t
	}
	return h[i].order < h[j].order
}

func (h *eventHeap) push(e event) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *eventHeap) pop() event {
	s := *h
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	*h = s[:n]
	h.down(0)
	return top
}

// down sifts element i down to its place.
func (h eventHeap) down(i int) {
	n := len(h)
	for {
		c := 4*i + 1
		if c >= n {
			return
		}
		m := c
		for j := c + 1; j < c+4 && j < n; j++ {
			if h.less(j, m) {
				m = j
			}
		}
		if !h.less(m, i) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// init restores the heap order of h in O(n).
func (h eventHeap) init() {
	for i := (len(h) - 2) / 4; i >= 0; i-- {
		h.down(i)
	}
}

// calendar holds future events: those of the current day in a heap, later
// ones unsorted in one bucket per day, heaped when their day begins (a
// calendar queue with day-wide buckets). The heap stays small (a day's
// events fit in cache) and scheduling is O(1).
type calendar struct {
	heap    eventHeap
	buckets [][]event // per day since the start
	day     int       // current day: the heap holds events before day+1
	free    [][]event // drained buckets, reused
}

func newCalendar(horizon float64) calendar {
	return calendar{heap: make(eventHeap, 0, 1<<12), buckets: make([][]event, int(math.Ceil(horizon))+1)}
}

func (c *calendar) push(e event) {
	d := int(e.t)
	if d <= c.day {
		c.heap.push(e)
		return
	}
	b := &c.buckets[d]
	if *b == nil && len(c.free) > 0 {
		*b, c.free = c.free[len(c.free)-1], c.free[:len(c.free)-1]
	}
	*b = append(*b, e)
}

// nextDay moves to the next day and heaps its events. The heap must be
// empty.
func (c *calendar) nextDay() {
	c.day++
	if c.day >= len(c.buckets) {
		return
	}
	b := c.buckets[c.day]
	c.heap = append(c.heap[:0], b...)
	c.heap.init()
	c.buckets[c.day] = nil
	if b != nil {
		c.free = append(c.free, b[:0])
	}
}

// entry is a person in an indexed heap, keyed by a time (waiting since).
type entry struct {
	key float64
	id  int32
}

// idHeap is an indexed min-heap of people on (key, id): the person's
// position is kept in pos[slot] so anyone can leave the queue in O(log n),
// for example a rough sleeper who gives up waiting for shelter.
type idHeap struct {
	e    []entry
	slot int // which of person.pos this heap maintains
}

func (h *idHeap) less(i, j int) bool {
	a, b := h.e[i], h.e[j]
	if a.key != b.key {
		return a.key < b.key
	}
	return a.id < b.id
}

func (h *idHeap) swap(ps []person, i, j int) {
	h.e[i], h.e[j] = h.e[j], h.e[i]
	ps[h.e[i].id].pos[h.slot] = int32(i)
	ps[h.e[j].id].pos[h.slot] = int32(j)
}

func (h *idHeap) up(ps []person, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.swap(ps, i, p)
		i = p
	}
}

func (h *idHeap) down(ps []person, i int) {
	n := len(h.e)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.swap(ps, i, m)
		i = m
	}
}

func (h *idHeap) push(ps []person, id int32, key float64) {
	h.e = append(h.e, entry{key, id})
	i := len(h.e) - 1
	ps[id].pos[h.slot] = int32(i)
	h.up(ps, i)
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
	if i != n {
		h.swap(ps, i, n)
	}
	h.e = h.e[:n]
	ps[id].pos[h.slot] = -1
	if i < n {
		h.down(ps, i)
		h.up(ps, i)
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
