// This file implements shelter capacity schedules and afbouw
// (model/README.md 6.12): capacity changes and how closing places empty.

package sim

import "github.com/thuis-nl/thuis/model/ethos"

func (e *engine) capacityChange() {
	c := e.m.changes[e.nextChange]
	e.nextChange++
	r := c.region
	if c.kind >= numKinds {
		t := c.kind - numKinds
		e.dedCap[t][r] = c.value
		e.fillDedicated(r)
		return
	}
	k := c.kind
	e.cap[k][r] = c.value
	if e.m.moveOut {
		for e.occ[k][r] > e.cap[k][r] {
			e.moveOut(e.occupants[k][r].head, k)
		}
	}
	e.refill(r, k)
}

// moveOut relocates the longest-staying occupant of a closing place: to
// another shelter place in the region if one is free, else to the street.
func (e *engine) moveOut(id int32, k int) {
	p := &e.people[id]
	r := int(p.region)
	e.flow(r, e.m.fl.movedOut)
	for _, alt := range []int{kSmall, kLarge, kEmergency} {
		if alt != k && e.free(alt, r) {
			e.admit(id, alt)
			return
		}
	}
	e.leaveShelter(id, ethos.PublicSpace)
	e.flow(r, e.m.fl.movedOutToStreet)
	e.flow(r, e.m.fl.leftShelter)
	p.flags |= fWantsShelter
	e.roughQueue[r].push(e.people, id, e.now)
	e.enter(id, ethos.PublicSpace)
}
