package sim

// event is one scheduled occurrence. Person events carry the person's token
// at scheduling time; a person who has moved since has a new token, and the
// stale event is skipped (lazy deletion keeps the heap free of removals).
type event struct {
	t     float64
	seq   uint64
	id    int32 // person, source, supply stream, ...
	token uint32
	kind  uint8
}

// eventHeap is a binary min-heap on (t, seq). Hand-written rather than
// container/heap: that boxes every push in an interface, one allocation per
// event.
type eventHeap []event

func (h eventHeap) less(i, j int) bool {
	if h[i].t != h[j].t {
		return h[i].t < h[j].t
	}
	return h[i].seq < h[j].seq
}

func (h *eventHeap) push(e event) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
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
	s = s[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return top
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
