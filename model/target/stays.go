package target

import (
	"github.com/thuis-nl/thuis/model/sim"
)

// Stays are a run's shelter stay lengths in days, year by year: for each
// whole year of the run, the stays that ended in it (their whole length)
// or were ongoing at its end (their length so far), in the order of the
// run's stays. They are gathered in two passes over the stays, where
// asking year by year would go over every stay once a year, and evaluating
// a run's targets asks for every year (first_reached; issue 10).
type Stays struct {
	first  int
	offset []int     // year first+i is all[offset[i]:offset[i+1]]
	all    []float64 // every year's lengths, one after the other
}

// StaysByYear gathers the stay lengths of every whole year of r.
func StaysByYear(r *sim.Result) *Stays { return new(Stays).Gather(r) }

// Gather gathers the stay lengths of every whole year of r into s, in
// place of the run's they held, reusing their memory, and returns s. A
// sweep's worker keeps one Stays for all its runs: a national run's
// lengths fill some tens of megabytes, whose allocation and zeroing
// (fresh pages, faulted in) took a quarter of gathering them (issue 10).
func (s *Stays) Gather(r *sim.Result) *Stays {
	first, last := WholeYears(r.Scenario.Start, r.Scenario.End)
	n := max(0, last-first+1)
	start := r.Scenario.Start
	from, to := make([]float64, n), make([]float64, n)
	for i := range n {
		from[i] = jan1(first+i).Sub(start).Hours() / 24
		to[i] = jan1(first+i+1).Sub(start).Hours() / 24
	}
	// after returns the first year i with edge[i] > t (n if none): a
	// guess from the length of a year, then a step or two, where a binary
	// search cost more than the rest of the gathering.
	after := func(edge []float64, t float64) int {
		if n == 0 {
			return 0
		}
		i := int((t - edge[0]) / 365.2425)
		i = min(max(i, 0), n)
		for i > 0 && edge[i-1] > t {
			i--
		}
		for i < n && edge[i] <= t {
			i++
		}
		return i
	}
	// years returns the years [lo, hi) a stay counts in: those it
	// overlaps, to[i] > Start and from[i] <= End (the years are in order).
	years := func(s *sim.Stay) (lo, hi int) {
		return after(to, s.Start), after(from, s.End)
	}
	// Counted first, then one buffer filled: appending to a slice per
	// year spent more on growing them than on the rest.
	st := s
	st.first = first
	st.offset = resize(st.offset, n+1)
	clear(st.offset)
	for j := range r.Stays {
		lo, hi := years(&r.Stays[j])
		for i := lo; i < hi; i++ {
			st.offset[i+1]++
		}
	}
	for i := range n {
		st.offset[i+1] += st.offset[i]
	}
	st.all = resize(st.all, st.offset[n]) // every element is written below
	next := append([]int(nil), st.offset[:n]...)
	for j := range r.Stays {
		s := &r.Stays[j]
		lo, hi := years(s)
		for i := lo; i < hi; i++ {
			if s.End < to[i] && !s.Ongoing { // ended in the year
				st.all[next[i]] = s.End - s.Start
			} else { // ongoing at the end of the year
				st.all[next[i]] = to[i] - s.Start
			}
			next[i]++
		}
	}
	return st
}

// Lengths returns year y's stay lengths, unsorted, or nil for a year that
// is not a whole year of the run. The slice is the Stays' own: a caller
// may reorder it (a statistic of the lengths does not depend on their
// order) but not change its values.
func (s *Stays) Lengths(y int) []float64 {
	i := y - s.first
	if i < 0 || i+1 >= len(s.offset) {
		return nil
	}
	return s.all[s.offset[i]:s.offset[i+1]]
}

// resize returns xs with length n, reusing its array if it is large
// enough; the elements are not cleared.
func resize[T any](xs []T, n int) []T {
	if cap(xs) >= n {
		return xs[:n]
	}
	return make([]T, n)
}
