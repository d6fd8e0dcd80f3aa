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
