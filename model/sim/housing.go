// This file implements the housing waiting list and readiness
// (model/README.md 6.8), housing supply (6.9), allocation (6.10), and
// leaving a home (6.11).

package sim

import (
	"cmp"
	"math"
	"slices"

	"github.com/thuis-nl/thuis/model/ethos"
)

// register puts p on the housing waiting list if their state is eligible
// (in shelter: only once ready), and houses them at once if a dedicated
// home is vacant.
func (e *engine) register(id int32) {
	p := &e.people[id]
	ei := e.alloc.eligIndex[p.state]
	if ei < 0 || (p.state.Shelter() && p.flags&fReady == 0) {
		return
	}
	e.waitList[e.listIndex(int(p.region), int(ei), int(p.profile))].push(e.people, id, p.registered)
	e.tryDedicatedFor(id)
}

func (e *engine) unregister(id int32) {
	p := &e.people[id]
	ei := e.alloc.eligIndex[p.state]
	e.waitList[e.listIndex(int(p.region), int(ei), int(p.profile))].remove(e.people, id)
}

func (e *engine) listIndex(region, elig, profile int) int {
	return (region*e.m.maxGroups+elig)*e.m.profiles + profile
}

func (e *engine) unitArrival(i int, t float64) {
	u := &e.m.flowUnits[i]
	if e.arrive.Float64()*u.bound[e.month] >= u.rate(t) {
		return
	}
	r := e.region()
	e.flow(r, e.m.fl.offered[u.typ])
	if id := e.candidate(r, u.typ); id >= 0 {
		e.house(id, u.typ, false)
		return
	}
	e.flow(r, e.m.fl.unused[u.typ]) // goes to another home seeker
}

// candidate returns who is offered a home of type t in region r, or -1.
func (e *engine) candidate(r, t int) int32 {
	m := e.m
	fits := m.types[t].fits
	supportFull := e.supportCap != nil && e.supportUse[r] >= e.supportCap[r]
	// The lists' heads in the lists' own order, (key, number): exact
	// ties go to the lower person number (README 6.10), not the slot.
	best := entry{key: math.Inf(1), id: -1}
	for ei := 0; ei < e.alloc.groups; ei++ {
		for pr := 0; pr < m.profiles; pr++ {
			if !fits[pr] || (supportFull && m.support[pr]) {
				continue
			}
			if l := &e.waitList[e.listIndex(r, ei, pr)]; l.len() > 0 && l.e[0].before(&best) {
				best = l.e[0]
			}
		}
		if e.alloc.listed && best.id >= 0 {
			return best.id
		}
	}
	return best.id
}

// house moves p into a home of type t.
func (e *engine) house(id int32, t int, recycled bool) {
	p := &e.people[id]
	r := int(p.region)
	e.flow(r, e.m.fl.housedFrom[p.state])
	e.flow(r, e.m.fl.housedType[t])
	if p.state == ethos.Institution || p.state == ethos.FacingEviction {
		e.flow(r, e.m.fl.averted[p.source]) // housed before they became homeless
	}
	next := ethos.HousedUnsupported
	if e.m.support[p.profile] {
		next = ethos.HousedSupported
	}
	e.leaveFor(id, next)
	e.setState(id, next)
	p = &e.people[id]
	p.place = int8(t)
	if recycled {
		p.flags |= fRecycled
		e.dedOcc[t][r]++
	}
	if next == ethos.HousedSupported {
		p.flags |= fSupported
		e.supportUse[r]++
	}
	e.scheduleMove(id)
}

// releaseHome: p leaves their home; a dedicated unit goes back to the pool.
func (e *engine) releaseHome(id int32) {
	p := &e.people[id]
	r, t := int(p.region), int(p.place)
	e.releaseSupport(id)
	p.place = -1
	if p.flags&fRecycled != 0 {
		p.flags &^= fRecycled
		e.dedOcc[t][r]--
		defer e.fillDedicated(r)
	}
}

// fillDedicated offers vacant dedicated homes in r to whoever fits.
func (e *engine) fillDedicated(r int) {
	for t := range e.m.types {
		for e.dedOcc[t][r] < e.dedCap[t][r] {
			id := e.candidate(r, t)
			if id < 0 {
				break
			}
			e.house(id, t, true)
		}
	}
}

// tryDedicatedFor houses a newly registered p at once if a fitting
// dedicated home is vacant in their region.
func (e *engine) tryDedicatedFor(id int32) {
	p := &e.people[id]
	r := int(p.region)
	if e.m.support[p.profile] && e.supportCap != nil && e.supportUse[r] >= e.supportCap[r] {
		return
	}
	for t := range e.m.types {
		if e.m.types[t].fits[p.profile] && e.dedOcc[t][r] < e.dedCap[t][r] {
			e.house(id, t, true)
			return
		}
	}
}

// allocationChange switches to allocation rule i on its date: everyone
// leaves the waiting lists, and everyone eligible under the new rule
// joins them, in order of person (number, not slot), keyed as before by
// "homeless since"; vacant dedicated homes then go to whoever now fits.
func (e *engine) allocationChange(i int) {
	for j := range e.waitList {
		l := &e.waitList[j]
		for _, en := range l.e {
			e.people[en.id].pos[slotHousing] = -1
		}
		l.e = l.e[:0]
	}
	e.alloc = &e.m.alloc[i]
	var homeless []int32
	for id := range e.people {
		if st := e.people[id].state; st != 0 && st.Homeless() {
			homeless = append(homeless, int32(id))
		}
	}
	slices.SortFunc(homeless, func(a, b int32) int { return cmp.Compare(e.people[a].number, e.people[b].number) })
	for _, id := range homeless {
		e.register(id)
	}
}
