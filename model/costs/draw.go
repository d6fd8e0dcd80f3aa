// This file implements unit costs drawn per run from their ranges, so
// that cost bands hold the uncertainty of the unit costs too (doc.go,
// "Unit costs varied per run").

package costs

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// drawStream separates the unit costs' random numbers from the
// simulations' and the sweep's.
const drawStream = 0xc0575

// Varied lists the unit costs a draw varies: those marked as an
// assumption with a range of positive width, in file order.
func (c *UnitCosts) Varied() []*UnitCost {
	var out []*UnitCost
	for _, u := range c.Items {
		if u.Assumption != "" && u.Range[0] < u.Range[1] {
			out = append(out, u)
		}
	}
	return out
}

// Draw returns a copy of the unit costs with each varied unit cost drawn
// from Triangle(low, value, high) over its range, the value being the
// mode: the file's figure stays the most likely, and the draw never
// leaves the range the file states. Run i of every scenario gets the
// same draw (common random numbers): the source is a PCG seeded by
// (seed, run), with a stream per cost's path, so adding a cost to the
// file leaves the others' draws alone.
func (c *UnitCosts) Draw(seed uint64, run int) *UnitCosts {
	d := &UnitCosts{File: c.File, lines: c.lines}
	for _, u := range c.Items {
		v := *u
		if u.Assumption != "" && u.Range[0] < u.Range[1] {
			h := fnv.New64a()
			h.Write([]byte(u.Path()))
			src := rand.NewPCG(seed^drawStream+uint64(run)*0x9e3779b97f4a7c15, h.Sum64())
			lo, hi := u.Range[0], u.Range[1]
			mode := min(max(u.Value, lo), hi)
			v.Value = distuv.NewTriangle(lo, hi, mode, src).Rand()
		}
		d.Items = append(d.Items, &v)
	}
	return d
}

// Values are the varied unit costs' values, in the order of Varied.
func (c *UnitCosts) Values() []float64 {
	var out []float64
	for _, u := range c.Varied() {
		out = append(out, u.Value)
	}
	return out
}

// Paths are the varied unit costs' paths, in the order of Varied.
func (c *UnitCosts) Paths() []string {
	var out []string
	for _, u := range c.Varied() {
		out = append(out, u.Path())
	}
	return slices.Clip(out)
}
