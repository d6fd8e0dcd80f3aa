// This file implements initialisation (model/README.md 4): the people
// present on the start date, outside and in shelter.

package sim

import (
	"math"
	"sort"

	"github.com/thuis-nl/thuis/model/ethos"
)

// initialise creates the people present on the start date.
func (e *engine) initialise() {
	m := e.m
	pop := m.sc.Population
	for _, st := range ethos.All {
		q, ok := pop.Stock[st]
		if !ok {
			continue
		}
		for r, n := range apportion(int(q.Value), m.weights) {
			for j := int32(0); j < n; j++ {
				id := e.newPerson(r, e.profile(), e.initialSource(st))
				e.place(id, st)
			}
		}
	}
	for k := 0; k < numKinds; k++ {
		for r := 0; r < m.regions; r++ {
			// Occupants enter in order of their stay's start, longest first,
			// as occupant lists are kept in order of entering.
			backs := make([]float64, int(math.Round(float64(e.cap[k][r])*m.occupancy)))
			for j := range backs {
				backs[j] = -e.elapsed.Rand()
			}
			sort.Float64s(backs)
			for _, back := range backs {
				id := e.newPerson(r, e.profile(), e.initialSource(ethos.EmergencyShelter))
				e.people[id].registered = back
				e.people[id].flags |= fInitial
				e.occupy(id, k)
				e.people[id].entered = back
				if k == kEmergency { // keyed by admission
					q := &e.emergQueue[r]
					q.remove(e.people, id)
					q.push(e.people, id, back)
				}
				e.openStay(id, k, back)
				e.res.Stays[e.people[id].stay].Initial = true
				e.scheduleRemaining(id)
			}
		}
	}
	// Rough sleepers queued for shelter at the start, in order of how long
	// they have been homeless; any free place takes them at once.
	if q := pop.LackOfShelter; q != nil {
		for r, n := range apportion(int(q.Value), m.weights) {
			for j := int32(0); j < n; j++ {
				id := e.newPerson(r, e.profile(), e.initialSource(ethos.PublicSpace))
				e.place(id, ethos.PublicSpace)
				p := &e.people[id]
				p.flags |= fWantsShelter
				e.roughQueue[r].push(e.people, id, p.entered)
			}
			for _, k := range []int{kEmergency, kSmall, kLarge} { // the order of admission
				e.refill(r, k)
			}
		}
	}
	e.res.Initial = e.res.People
}

// scheduleRemaining schedules the move of someone present at the start:
// the remaining part of a stay already under way, drawn from the
// equilibrium density (1 − F(x)) / mean of the state's stay (dist
// EquilibriumSampler). In a stationary system this is exact for every
// stay distribution, so stocks and outflows do not jump or dip at the
// start; a fresh full stay would be exact only for exponential stays.
func (e *engine) scheduleRemaining(id int32) {
	p := &e.people[id]
	if t := e.now + e.remaining[p.state].Rand(); t < e.m.horizon {
		e.push(t, evPerson, id, p.token)
	}
}

// initialSource attributes initial people in at-risk states to their source.
func (e *engine) initialSource(st ethos.State) int {
	for i, s := range e.m.sources {
		if s.into == st {
			return i
		}
	}
	return 0
}

func (e *engine) place(id int32, st ethos.State) {
	back := e.elapsed.Rand()
	p := &e.people[id]
	p.registered = -back
	p.flags |= fInitial
	e.setState(id, st)
	p = &e.people[id]
	p.entered = -back
	if st == ethos.HousedSupported {
		p.flags |= fSupported
		e.supportUse[p.region]++
	}
	if st != ethos.Exit {
		e.scheduleRemaining(id)
		e.register(id)
	}
}
