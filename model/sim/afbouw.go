// This file implements shelter capacity schedules and afbouw
// (model/README.md 6.12): capacity changes and how closing places empty.

package sim

import "github.com/thuis-nl/thuis/model/ethos"

// capacityChange carries out the next capacity change, or rule change.
func (e *engine) capacityChange() {
	c := e.m.changes[e.nextChange]
	e.nextChange++
	switch c.kind {
	case ruleAllocation:
		e.allocationChange(int(c.value))
		return
	case ruleClosure:
		e.closureChange(int(c.value))
		return
	}
	r := c.region
	if c.kind >= numKinds {
		t := c.kind - numKinds
		e.dedCap[t][r] = c.value
		e.fillDedicated(r)
		return
	}
	k := c.kind
	e.cap[k][r] = c.value
	if e.closeByMoveOut {
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

// closureChange switches the closure mode on its date. Switching to
// move-out empties at once the places already over capacity (closing
// "when empty" until now).
func (e *engine) closureChange(i int) {
	e.closeByMoveOut = e.m.closures[i]
	if !e.closeByMoveOut {
		return
	}
	for r := 0; r < e.m.regions; r++ {
		for k := 0; k < numKinds; k++ {
			for e.occ[k][r] > e.cap[k][r] {
				e.moveOut(e.occupants[k][r].head, k)
			}
			e.refill(r, k)
		}
	}
}
