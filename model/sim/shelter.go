// This file implements shelter admission (model/README.md 6.6), refill
// when a place frees (6.7), and shelter stays.

package sim

import (
	"math"

	"github.com/thuis-nl/thuis/model/ethos"
)

// free reports whether region r has a free place of kind k.
func (e *engine) free(k, r int) bool { return e.occ[k][r] < e.cap[k][r] }

// seekShelter gives p a place if one is free in their region; otherwise p
// sleeps rough and queues: "rough sleeping for lack of shelter".
func (e *engine) seekShelter(id int32) {
	p := &e.people[id]
	r := int(p.region)
	switch {
	case e.free(kEmergency, r):
		e.admit(id, kEmergency)
	case e.free(kSmall, r):
		e.admit(id, kSmall)
	case e.free(kLarge, r):
		e.admit(id, kLarge)
	default:
		e.flow(r, e.m.fl.refused)
		if p.flags&fWantsShelter == 0 {
			p.flags |= fWantsShelter
			e.roughQueue[r].push(e.people, id, e.now)
		}
		if p.state != ethos.PublicSpace {
			e.enter(id, ethos.PublicSpace)
		}
	}
}

// admit gives p a place of kind k (which must be free). A person already in
// shelter is transferred; their stay goes on.
func (e *engine) admit(id int32, k int) {
	p := &e.people[id]
	r := int(p.region)
	if p.flags&fWantsShelter != 0 {
		q := &e.roughQueue[r]
		e.wait.add(e.now - q.e[p.pos[slotShelter]].key)
		q.remove(e.people, id)
		p.flags &^= fWantsShelter
	} else if !p.state.Shelter() {
		e.wait.add(0)
	}
	from, fromKind := p.state, -1
	if from.Shelter() {
		fromKind = int(p.place)
		e.vacate(id)
	}
	e.occupy(id, k)
	p = &e.people[id]
	if fromKind >= 0 {
		e.flow(r, e.m.fl.transfer)
		e.res.Stays[p.stay].LastKind = uint8(k)
		e.res.Stays[p.stay].Moves++
	} else {
		e.flow(r, e.m.fl.admission)
		e.openStay(id, k, e.now)
	}
	e.scheduleMove(id)
	if fromKind >= 0 {
		e.refill(r, fromKind)
	}
}

// occupy puts p in a place of kind k.
func (e *engine) occupy(id int32, k int) {
	st := ethos.ResidentialShelter
	if k == kEmergency {
		st = ethos.EmergencyShelter
	}
	e.people[id].flags &^= fReady
	e.setState(id, st)
	p := &e.people[id]
	r := int(p.region)
	p.place = int8(k)
	e.dwell.place(r*numKinds+k, +1, e.now)
	e.occ[k][r]++
	e.occupants[k][r].add(e.people, id)
	if k == kEmergency {
		e.emergQueue[r].push(e.people, id, p.entered)
	}
}

func (e *engine) openStay(id int32, k int, start float64) {
	p := &e.people[id]
	p.stay = int32(len(e.res.Stays))
	e.res.Stays = append(e.res.Stays, Stay{Person: p.number, Region: p.region, Profile: p.profile,
		FirstKind: uint8(k), LastKind: uint8(k), Start: start, End: math.NaN()})
}

// vacate takes p out of their shelter place (not refilled here).
func (e *engine) vacate(id int32) {
	p := &e.people[id]
	r, k := int(p.region), int(p.place)
	e.dwell.place(r*numKinds+k, -1, e.now)
	e.occ[k][r]--
	e.occupants[k][r].remove(e.people, id)
	if k == kEmergency {
		e.emergQueue[r].remove(e.people, id)
	}
	p.place = -1
}

// leaveShelter ends p's shelter stay as they go to next (not shelter).
func (e *engine) leaveShelter(id int32, next ethos.State) int {
	p := &e.people[id]
	k := int(p.place)
	e.vacate(id)
	s := &e.res.Stays[p.stay]
	s.End = e.now
	s.Next = next
	p.stay = -1
	p.flags &^= fReady
	return k
}

// refill fills free places of kind k in region r: emergency places from
// the rough sleepers' queue, residential places from emergency shelter
// first, then from the street.
func (e *engine) refill(r, k int) {
	for e.free(k, r) {
		if k != kEmergency {
			if id, _ := e.emergQueue[r].peek(); id >= 0 {
				e.admit(id, k)
				continue
			}
		}
		id, _ := e.roughQueue[r].peek()
		if id < 0 {
			return
		}
		e.admit(id, k)
	}
}
