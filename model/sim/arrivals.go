// This file implements inflow (model/README.md 6.2), the at-risk states
// ETHOS 4 and 7 with prevention (6.3), and the entry split (6.4): how
// people arrive and how they become homeless.

package sim

import (
	"math"
	"sort"

	"github.com/thuis-nl/thuis/model/ethos"
)

// stream is a Poisson arrival stream (people from a source, or homes). Its
// next candidate time is kept here rather than in the heap: there are only
// a few streams and one of them fires at most events.
type stream struct {
	next float64 // next candidate time; +Inf when idle or exhausted
	// idle is the month whose majorant is zero where the stream stopped
	// drawing, with next +Inf: it wakes on the first day of the first
	// later month whose majorant is positive ([engine.wake]) and draws
	// from there. So a stream that is empty until a date draws nothing
	// before the month whose majorant covers it: a housing programme that
	// starts on 1 January 2025 leaves the draws before December 2024
	// alone (model/README.md 6.2). -1 while a
	// candidate is pending; len(bound) when the stream is exhausted.
	idle  int
	kind  uint8
	index int
	bound []float64 // per-month majorant of the rate
}

// nextCandidate draws the next candidate time of a stream after t, by
// thinning against the month's majorant; at a month's end the draw starts
// afresh with the next month's (exact: the exponential is memoryless). At
// a month whose majorant is zero the stream goes idle instead of drawing
// on: its next draw waits for the month it wakes in.
func (e *engine) nextCandidate(s *stream, t float64) float64 {
	days := e.m.monthDays
	month := sort.SearchFloat64s(days, t)
	if month >= len(days) || days[month] > t {
		month--
	}
	for ; month < len(s.bound); month++ {
		b := s.bound[month]
		if b == 0 {
			s.idle = month
			return math.Inf(1)
		}
		end := days[month+1]
		if next := t + e.arrive.ExpFloat64()/b; next < end {
			s.idle = -1
			return next
		}
		t = end
	}
	s.idle = len(s.bound)
	return math.Inf(1)
}

// wake draws, on the first day of month, the next candidate of every
// stream that went idle in an earlier month and whose majorant is
// positive from this one: in the streams' order, before any event of the
// month.
func (e *engine) wake(month int) {
	for i := range e.streams {
		if s := &e.streams[i]; s.idle >= 0 && s.idle < month && month < len(s.bound) && s.bound[month] > 0 {
			s.next = e.nextCandidate(s, e.m.monthDays[month])
		}
	}
}

// arrival: a candidate of source i's stream at time t; accepted with
// probability rate(t)/majorant (thinning).
func (e *engine) arrival(i int, t float64) {
	s := &e.m.sources[i]
	if e.arrive.Float64()*s.bound[e.month] >= s.rate.at(t) {
		return
	}
	r, pr := e.region(), e.profile()
	if s.into != 0 {
		e.flow(r, e.m.fl.inflow[i])
		id := e.newPerson(r, pr, i)
		e.people[id].registered = e.now
		e.enter(id, s.into)
		return
	}
	if e.route.Float64() < s.prevented.at(e.now) {
		e.flow(r, e.m.fl.prevented[i])
		return
	}
	e.flow(r, e.m.fl.inflow[i])
	id := e.newPerson(r, pr, i)
	e.flow(r, e.m.fl.becameHomeless[i])
	e.people[id].registered = e.now
	e.becomeHomeless(id)
}

// toHomeless: an institution stay or eviction procedure ends, or a housed
// person loses their home (relapse).
func (e *engine) toHomeless(id int32) {
	p := &e.people[id]
	r, src, st := int(p.region), int(p.source), p.state
	if st == ethos.Institution || st == ethos.FacingEviction {
		if e.route.Float64() < e.m.sources[src].prevented.at(e.now) {
			e.flow(r, e.m.fl.prevented[src])
			e.exit(id)
			return
		}
		e.flow(r, e.m.fl.becameHomeless[src])
		if st == ethos.FacingEviction {
			p.registered = e.now
		}
	} else {
		e.flow(r, e.m.fl.relapse)
		p.registered = e.now
	}
	e.leaveFor(id, ethos.PublicSpace) // not shelter, not housed: releases a home
	e.becomeHomeless(id)
}

// becomeHomeless routes a person who has just lost their home.
func (e *engine) becomeHomeless(id int32) {
	d := e.choose(&e.m.entry)
	switch d.kind {
	case toShelter:
		e.seekShelter(id)
	default:
		e.enter(id, d.state)
	}
}
