package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestIDHeap runs random pushes and removals, with many equal keys, against
// a sorted reference: the first person is always the least (key, number),
// every position recorded in a person's record is where the person is, and
// the heap order holds at every entry.
func TestIDHeap(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0))
		const people = 300
		ps := make([]person, people)
		for id := range ps {
			// Numbers are a permutation of the slots, as after reuse.
			ps[id] = person{pos: [2]int32{-1, -1}}
		}
		for i, n := range rng.Perm(people) {
			ps[i].number = int32(n)
		}
		h := idHeap{slot: slotShelter}
		var in []entry // the reference: who is queued
		for step := 0; step < 5000; step++ {
			id := int32(rng.IntN(people))
			if ps[id].pos[h.slot] < 0 {
				key := float64(rng.IntN(20)) // few keys: many ties
				h.push(ps, id, key)
				in = append(in, entry{key, id, ps[id].number})
			} else {
				h.remove(ps, id)
				in = slices.DeleteFunc(in, func(x entry) bool { return x.id == id })
			}
			if h.len() != len(in) {
				t.Fatalf("seed %d step %d: heap holds %d, reference %d", seed, step, h.len(), len(in))
			}
			for i := range h.e {
				x := h.e[i]
				if got := ps[x.id].pos[h.slot]; int(got) != i {
					t.Fatalf("seed %d step %d: person %d at %d, record says %d", seed, step, x.id, i, got)
				}
				if i > 0 && x.before(&h.e[(i-1)/arity]) {
					t.Fatalf("seed %d step %d: entry %d comes before its parent", seed, step, i)
				}
			}
			first, key := h.peek()
			if len(in) == 0 {
				if first != -1 {
					t.Fatalf("seed %d step %d: empty heap gives %d", seed, step, first)
				}
				continue
			}
			least := slices.MinFunc(in, func(a, b entry) int {
				if a.before(&b) {
					return -1
				}
				if b.before(&a) {
					return 1
				}
				return 0
			})
			if first != least.id || key != least.key {
				t.Fatalf("seed %d step %d: first is %d (key %g), want %d (key %g)", seed, step, first, key, least.id, least.key)
			}
		}
	}
}

// calendarRun drives a calendar as the engine does, with random events
// over a horizon of days: some for the day under way, many on the same
// day and some at the same time, and more scheduled as it drains. want
// collects every event that should come back: all but the stale ones
// scheduled for a later day (today's are not checked).
type calendarRun struct {
	rng  *rand.PCG
	seq  uint64
	want []event
}

const calendarDays = 60

func calendarStale(ev *event) bool { return ev.token%7 == 0 } // as if the person had moved on

func (r *calendarRun) push(c *calendar, from float64) {
	x := rand.New(r.rng)
	t := from + float64(x.IntN(4*calendarDays))/8
	if t >= calendarDays {
		return
	}
	r.seq++
	ev := event{t: t, order: r.seq << 8, id: int32(x.IntN(100)), token: uint32(x.IntN(1000))}
	if int(t) <= c.day || !calendarStale(&ev) {
		r.want = append(r.want, ev)
	}
	c.push(ev)
}

// drain runs c up to day until and returns what it gave.
func (r *calendarRun) drain(c *calendar, until int) []event {
	var got []event
	for c.day < until {
		for !c.empty() {
			ev := c.pop()
			got = append(got, ev)
			if r.rng.Uint64()%3 == 0 {
				r.push(c, ev.t) // never before the event under way
			}
		}
		c.nextDay(calendarStale)
	}
	return got
}

// TestCalendar: a calendar gives back every event that is not stale, in
// (t, order) order; and a copy made half-way (cloneInto), into memory an
// earlier run used, gives back the same events as the original after.
func TestCalendar(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		r := &calendarRun{rng: rand.NewPCG(seed, 1)}
		c := newCalendar(calendarDays)
		for range 3000 {
			r.push(&c, 0)
		}
		got := r.drain(&c, calendarDays)
		want := slices.SortedFunc(slices.Values(r.want), func(a, b event) int {
			if a.less(&b) {
				return -1
			}
			return 1
		})
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: the calendar gave %d events, want %d, or in another order", seed, len(got), len(want))
		}

		// Half-way, a copy into used memory.
		r = &calendarRun{rng: rand.NewPCG(seed, 2)}
		c = newCalendar(calendarDays)
		for range 3000 {
			r.push(&c, 0)
		}
		r.drain(&c, calendarDays/2)
		used := &buffers{events: newCalendar(2 * calendarDays)}
		for range 500 {
			r.push(&used.events, 0) // chunks in use, to be overwritten
		}
		copied := c.cloneInto(used.calendar(calendarDays))
		twin := &calendarRun{rng: new(rand.PCG)}
		*twin.rng = *r.rng // the same draws from here
		twin.seq = r.seq
		rest := r.drain(&c, calendarDays)
		restCopy := twin.drain(&copied, calendarDays)
		if len(rest) == 0 || !slices.Equal(rest, restCopy) {
			t.Fatalf("seed %d: after day %d the copy gave %d events, the original %d, or others", seed, calendarDays/2, len(restCopy), len(rest))
		}
	}
}
