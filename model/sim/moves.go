// This file implements moves between states (model/README.md 6.5): a
// stay is drawn on entering a state, and when it runs out a destination.

package sim

import "github.com/thuis-nl/thuis/model/ethos"

// scheduleMove draws how long p stays in their state and schedules the move.
func (e *engine) scheduleMove(id int32) { e.scheduleMoveFrom(id, e.people[id].entered) }

// scheduleMoveFrom schedules p's next move a fresh stay after from.
func (e *engine) scheduleMoveFrom(id int32, from float64) {
	p := &e.people[id]
	t := from + e.stays[p.state].Rand()
	if t < e.now {
		t = e.now // an initial person whose stay had already run out
	}
	if t < e.m.horizon {
		e.push(t, evPerson, id, p.token)
	}
}

// scheduleMoveAgain redraws the stay of someone who stays in their state.
func (e *engine) scheduleMoveAgain(id int32) { e.scheduleMoveFrom(id, e.now) }

// enter puts p in a non-shelter state and schedules their next move.
func (e *engine) enter(id int32, st ethos.State) {
	e.setState(id, st)
	if st == ethos.Exit {
		return
	}
	e.scheduleMove(id)
	e.register(id)
}

// personEvent: p's stay in their state has run out.
func (e *engine) personEvent(id int32) {
	p := &e.people[id]
	st := p.state
	d := e.choose(&e.m.moves[st].to)
	r := int(p.region)
	switch d.kind {
	case toWait:
		if st.Shelter() {
			p.flags |= fReady
			e.register(id) // blocking: keeps the place until housed
		}
		// elsewhere: stays, already on the list if eligible
	case toShelter:
		if p.flags&fWantsShelter != 0 {
			e.scheduleMoveAgain(id)
			return
		}
		e.seekShelter(id)
		if e.people[id].state == st && !st.Shelter() {
			e.scheduleMoveAgain(id) // still here, now queueing
		}
	case toExit:
		if src := int(p.source); st == ethos.Institution || st == ethos.FacingEviction {
			e.flow(r, e.m.fl.averted[src])
		}
		e.exit(id)
	case toHomeless:
		e.toHomeless(id)
	case toState:
		if d.state == ethos.HousedUnsupported {
			e.releaseSupport(id)
			e.flow(r, e.m.fl.supportEnded)
			e.enter(id, d.state)
			return
		}
		e.leaveFor(id, d.state)
		e.enter(id, d.state)
	}
}

// leaveFor does what leaving the current state entails before p moves to
// next: a shelter place is vacated and refilled, a queue left.
func (e *engine) leaveFor(id int32, next ethos.State) {
	p := &e.people[id]
	r := int(p.region)
	if p.flags&fWantsShelter != 0 && next != ethos.PublicSpace {
		e.roughQueue[r].remove(e.people, id)
		p.flags &^= fWantsShelter
	}
	if p.state.Shelter() && !next.Shelter() {
		k := e.leaveShelter(id, next)
		if !next.Housed() {
			e.flow(r, e.m.fl.leftShelter)
		}
		defer e.refill(r, k)
	}
	if p.state.Housed() && !next.Housed() {
		e.releaseHome(id)
	}
}

func (e *engine) exit(id int32) {
	p := &e.people[id]
	e.flow(int(p.region), e.m.fl.exitFrom[p.state])
	e.leaveFor(id, ethos.Exit)
	e.setState(id, ethos.Exit)
}
