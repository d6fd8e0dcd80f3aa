// This file implements peeling and pasting (doc.go, "Peeling", "Pasting").

package prim

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Column is one input dimension: the values of one parameter over the
// cases, in the parameter's own units.
type Column struct {
	// Name names the parameter in the box's limits.
	Name string

	// Values holds one value per case. A numeric column (continuous, or
	// discrete with ordered levels such as 0, 1, 2) is peeled from its
	// low and high ends. For a categorical column, Values[i] is the index
	// of case i's level in Levels.
	Values []float64

	// Levels names the levels of a categorical column, whose order means
	// nothing: peeling removes one level at a time, any level. Nil for a
	// numeric column.
	Levels []string
}

func (c Column) categorical() bool { return c.Levels != nil }

// Options tunes PRIM. The zero value peels 5% at a time down to 5% of the
// cases, without pasting.
type Options struct {
	// Alpha is the fraction of the box's cases a peel removes; zero
	// means 0.05. Smaller is more patient: more steps, each less greedy.
	Alpha float64

	// MinMass is the smallest fraction of all cases a box may hold (its
	// support); zero means 0.05.
	MinMass float64

	// Paste, if set, enlarges the last peeled box again, Alpha at a
	// time, while that does not lower its density. Pasting steps follow
	// the peeling steps in the trajectory.
	Paste bool
}

// Limit is the restriction of a box on one dimension.
type Limit struct {
	Name string

	// Low and High are the inclusive limits of a numeric column, in its
	// units; −Inf or +Inf on a side the box does not restrict. They lie
	// on values of the data. NaN for a categorical column.
	Low, High float64

	// Levels lists the levels of a categorical column the box keeps.
	Levels []string

	// QuasiP is the quasi-p-value of the restriction (see
	// Trajectory.Restrictions); NaN where not computed.
	QuasiP float64
}

// Step is one box of the peeling (or pasting) trajectory.
type Step struct {
	// Box holds the limits of the box on every column, in column order.
	Box []Limit

	// Restricted names the columns the box restricts, in column order.
	Restricted []string

	// Coverage is the share of all cases of interest that lie in the
	// box, Density the share of the box's cases that are of interest,
	// Mass the share of all cases in the box.
	Coverage, Density, Mass float64

	// Cases is the number of cases in the box, Hits the number of those
	// of interest.
	Cases, Hits int

	// Pasted marks a step made by pasting rather than peeling.
	Pasted bool
}

// Trajectory is the sequence of boxes PRIM found, from the box holding all
// cases (step 0) to the last.
type Trajectory struct {
	Steps []Step

	cols  []Column
	y     []bool
	boxes []box
}

// box is a box in working form: inclusive numeric limits (±Inf when
// open) and, for categorical columns, the levels kept.
type box struct {
	low, high []float64
	keep      [][]bool
}

func (b box) clone() box {
	c := box{low: slices.Clone(b.low), high: slices.Clone(b.high), keep: make([][]bool, len(b.keep))}
	for j, k := range b.keep {
		c.keep[j] = slices.Clone(k)
	}
	return c
}

// inDim reports whether case i lies within the box on column j.
func (b box) inDim(cols []Column, j, i int) bool {
	v := cols[j].Values[i]
	if cols[j].categorical() {
		return b.keep[j][int(v)]
	}
	return b.low[j] <= v && v <= b.high[j]
}

// inExcept reports whether case i lies within the box on every column but
// skip (−1 for none).
func (b box) inExcept(cols []Column, skip, i int) bool {
	for j := range cols {
		if j != skip && !b.inDim(cols, j, i) {
			return false
		}
	}
	return true
}

// Find runs PRIM on the cases: cols holds the inputs, y[i] says whether
// case i is of interest. A nil opt means the defaults.
func Find(cols []Column, y []bool, opt *Options) (*Trajectory, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Alpha == 0 {
		o.Alpha = 0.05
	}
	if o.MinMass == 0 {
		o.MinMass = 0.05
	}
	if !(o.Alpha > 0 && o.Alpha < 0.5) {
		return nil, fmt.Errorf("prim: peeling fraction %g; want 0 (the default, 0.05) or a fraction in (0, 0.5)", o.Alpha)
	}
	if !(o.MinMass > 0 && o.MinMass < 1) {
		return nil, fmt.Errorf("prim: minimum mass %g; want 0 (the default, 0.05) or a fraction in (0, 1)", o.MinMass)
	}
	if err := validate(cols, y); err != nil {
		return nil, err
	}
	t := &Trajectory{cols: cols, y: y}
	b := box{low: make([]float64, len(cols)), high: make([]float64, len(cols)), keep: make([][]bool, len(cols))}
	for j, c := range cols {
		b.low[j], b.high[j] = math.Inf(-1), math.Inf(1)
		if c.categorical() {
			b.keep[j] = make([]bool, len(c.Levels))
			for l := range b.keep[j] {
				b.keep[j][l] = true
			}
		}
	}
	in := make([]int, len(y))
	for i := range in {
		in[i] = i
	}
	t.add(b, in, false)
	minCases := int(math.Ceil(o.MinMass * float64(len(y))))
	for {
		nb, nin, ok := t.peel(b, in, o.Alpha, minCases)
		if !ok {
			break
		}
		b, in = nb, nin
		t.add(b, in, false)
	}
	if o.Paste {
		for {
			nb, nin, ok := t.paste(b, in, o.Alpha)
			if !ok {
				break
			}
			b, in = nb, nin
			t.add(b, in, true)
		}
	}
	return t, nil
}

func validate(cols []Column, y []bool) error {
	if len(cols) == 0 {
		return fmt.Errorf("prim: no columns")
	}
	if len(y) == 0 {
		return fmt.Errorf("prim: no cases")
	}
	hits := 0
	for _, v := range y {
		if v {
			hits++
		}
	}
	if hits == 0 {
		return fmt.Errorf("prim: none of the %d cases is of interest", len(y))
	}
	for _, c := range cols {
		if len(c.Values) != len(y) {
			return fmt.Errorf("prim: column %q has %d values for %d cases", c.Name, len(c.Values), len(y))
		}
		for i, v := range c.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("prim: column %q case %d is %g", c.Name, i, v)
			}
			if c.categorical() && (v != math.Trunc(v) || v < 0 || int(v) >= len(c.Levels)) {
				return fmt.Errorf("prim: column %q case %d is %g; want a level index from 0 to %d", c.Name, i, v, len(c.Levels)-1)
			}
		}
	}
	return nil
}

// add appends the box b holding cases in to the trajectory.
func (t *Trajectory) add(b box, in []int, pasted bool) {
	t.boxes = append(t.boxes, b)
	s := Step{Cases: len(in), Pasted: pasted}
	for _, i := range in {
		if t.y[i] {
			s.Hits++
		}
	}
	total := 0
	for _, v := range t.y {
		if v {
			total++
		}
	}
	s.Coverage = float64(s.Hits) / float64(total)
	s.Density = float64(s.Hits) / float64(len(in))
	s.Mass = float64(len(in)) / float64(len(t.y))
	for j, c := range t.cols {
		l := t.limit(b, j)
		s.Box = append(s.Box, l)
		if t.restricts(b, j) {
			s.Restricted = append(s.Restricted, c.Name)
		}
	}
	t.Steps = append(t.Steps, s)
}

func (t *Trajectory) limit(b box, j int) Limit {
	c := t.cols[j]
	l := Limit{Name: c.Name, Low: b.low[j], High: b.high[j], QuasiP: math.NaN()}
	if c.categorical() {
		l.Low, l.High = math.NaN(), math.NaN()
		for lv, ok := range b.keep[j] {
			if ok {
				l.Levels = append(l.Levels, c.Levels[lv])
			}
		}
	}
	return l
}

// restricts reports whether b excludes any case on column j.
func (t *Trajectory) restricts(b box, j int) bool {
	for i := range t.y {
		if !b.inDim(t.cols, j, i) {
			return true
		}
	}
	return false
}

// candidate is a peel or paste under consideration.
type candidate struct {
	b     box
	in    []int
	score float64
}

// peel returns the best peel of b: of the boxes that drop at least a
// fraction alpha of b's cases from one end of a numeric column, or one
// level of a categorical column, and keep at least minCases, the one with
// the largest gain in density per case removed. It reports false if no
// peel raises the density.
func (t *Trajectory) peel(b box, in []int, alpha float64, minCases int) (box, []int, bool) {
	n := len(in)
	mean := t.density(in)
	var best *candidate
	consider := func(nb box) {
		var nin []int
		for _, i := range in {
			if nb.inExcept(t.cols, -1, i) {
				nin = append(nin, i)
			}
		}
		if len(nin) < minCases || len(nin) == 0 || len(nin) == n {
			return
		}
		score := (t.density(nin) - mean) / float64(n-len(nin))
		if best == nil || score > best.score {
			best = &candidate{nb, nin, score}
		}
	}
	// The peel drops the c smallest (or largest) values and every case
	// tied with the last of them, so a discrete column loses whole levels.
	c := int(math.Ceil(alpha*float64(n))) - 1
	if c < 0 {
		c = 0
	}
	vals := make([]float64, n)
	for j, col := range t.cols {
		if col.categorical() {
			present := make([]bool, len(col.Levels))
			kept := 0
			for _, i := range in {
				lv := int(col.Values[i])
				if !present[lv] {
					present[lv] = true
					kept++
				}
			}
			if kept < 2 {
				continue
			}
			for lv, ok := range present {
				if ok {
					nb := b.clone()
					nb.keep[j][lv] = false
					consider(nb)
				}
			}
			continue
		}
		for k, i := range in {
			vals[k] = col.Values[i]
		}
		sort.Float64s(vals)
		// Low end: keep values above vals[c].
		if u := sort.SearchFloat64s(vals, math.Nextafter(vals[c], math.Inf(1))); u < n {
			nb := b.clone()
			nb.low[j] = vals[u]
			consider(nb)
		}
		// High end: keep values below vals[n-1-c].
		if l := sort.SearchFloat64s(vals, vals[n-1-c]) - 1; l >= 0 {
			nb := b.clone()
			nb.high[j] = vals[l]
			consider(nb)
		}
	}
	if best == nil || best.score <= 0 {
		return box{}, nil, false
	}
	return best.b, best.in, true
}

// paste returns the best paste of b: of the boxes that add at least a
// fraction alpha of b's cases beyond one end of a numeric column (among
// cases within b on every other column), or add back one level of a
// categorical column, the one with the highest density. It reports false
// if every paste lowers the density.
func (t *Trajectory) paste(b box, in []int, alpha float64) (box, []int, bool) {
	n := len(in)
	mean := t.density(in)
	var best *candidate
	consider := func(nb box, j int) {
		nin := slices.Clone(in)
		for i := range t.y {
			if !b.inDim(t.cols, j, i) && nb.inDim(t.cols, j, i) && b.inExcept(t.cols, j, i) {
				nin = append(nin, i)
			}
		}
		if len(nin) == n {
			return
		}
		slices.Sort(nin)
		score := t.density(nin) - mean
		if best == nil || score > best.score {
			best = &candidate{nb, nin, score}
		}
	}
	m := int(math.Ceil(alpha * float64(n)))
	for j, col := range t.cols {
		if col.categorical() {
			for lv, ok := range b.keep[j] {
				if !ok {
					nb := b.clone()
					nb.keep[j][lv] = true
					consider(nb, j)
				}
			}
			continue
		}
		var below, above []float64
		for i := range t.y {
			if !b.inExcept(t.cols, j, i) {
				continue
			}
			switch v := col.Values[i]; {
			case v < b.low[j]:
				below = append(below, v)
			case v > b.high[j]:
				above = append(above, v)
			}
		}
		if len(below) > 0 {
			sort.Sort(sort.Reverse(sort.Float64Slice(below)))
			nb := b.clone()
			nb.low[j] = below[min(m, len(below))-1]
			if nb.low[j] <= t.min(j) {
				nb.low[j] = math.Inf(-1)
			}
			consider(nb, j)
		}
		if len(above) > 0 {
			sort.Float64s(above)
			nb := b.clone()
			nb.high[j] = above[min(m, len(above))-1]
			if nb.high[j] >= t.max(j) {
				nb.high[j] = math.Inf(1)
			}
			consider(nb, j)
		}
	}
	if best == nil || best.score < 0 {
		return box{}, nil, false
	}
	return best.b, best.in, true
}

func (t *Trajectory) density(in []int) float64 {
	hits := 0
	for _, i := range in {
		if t.y[i] {
			hits++
		}
	}
	return float64(hits) / float64(len(in))
}

func (t *Trajectory) min(j int) float64 { return slices.Min(t.cols[j].Values) }
func (t *Trajectory) max(j int) float64 { return slices.Max(t.cols[j].Values) }
