// This file implements choosing a box and stating it (doc.go, "Choosing
// a box").

package prim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Choose returns the step with the highest coverage among those with a
// density of at least minDensity, the later step on a tie (it has the
// higher density or the smaller mass). It reports false if no step is that
// dense.
func (t *Trajectory) Choose(minDensity float64) (int, bool) {
	best := -1
	for s, st := range t.Steps {
		if st.Density >= minDensity && (best < 0 || st.Coverage >= t.Steps[best].Coverage) {
			best = s
		}
	}
	return best, best >= 0
}

// Knee returns the step at the knee of the trade-off between coverage and
// density: the step farthest from the straight line between the first
// and the last step in the (coverage, density) plane, each axis scaled to
// the range the trajectory covers. Before the knee, peeling gains density
// at little cost in coverage; after it, coverage falls for little density.
func (t *Trajectory) Knee() int {
	first, last := t.Steps[0], t.Steps[len(t.Steps)-1]
	dc := last.Coverage - first.Coverage
	dd := last.Density - first.Density
	if dc == 0 || dd == 0 {
		return len(t.Steps) - 1
	}
	best, far := 0, -1.0
	for s, st := range t.Steps {
		x := (st.Coverage - first.Coverage) / dc
		y := (st.Density - first.Density) / dd
		// Distance from the line x = y, up to a constant factor.
		if d := math.Abs(x - y); d > far {
			best, far = s, d
		}
	}
	return best
}

// Restrictions returns the limits of the box of step s on the columns it
// restricts, with the quasi-p-value of each restriction.
//
// The quasi-p-value of the restriction on column j (Bryant and Lempert
// 2010; the EMA Workbench) asks whether the restriction could be chance:
// with p_j the density of the box without its restriction on j, it is the
// probability that a binomial(n, p_j) count reaches the box's h cases of
// interest out of n,
//
//	P(X ≥ h) = I_(p_j)(h, n−h+1),
//
// I the regularised incomplete beta function. A restriction with a large
// quasi-p-value (above 0.05, say) adds little and can be dropped. It is a
// heuristic, not a proper test: the box was chosen on the same data.
func (t *Trajectory) Restrictions(s int) ([]Limit, error) {
	if s < 0 || s >= len(t.Steps) {
		return nil, fmt.Errorf("prim: step %d; want 0 to %d", s, len(t.Steps)-1)
	}
	st := t.Steps[s]
	b := t.boxes[s]
	var out []Limit
	for j := range t.cols {
		if !t.restricts(b, j) {
			continue
		}
		l := st.Box[j]
		cases, hits := 0, 0
		for i, v := range t.y {
			if b.inExcept(t.cols, j, i) {
				cases++
				if v {
					hits++
				}
			}
		}
		l.QuasiP = binomialUpper(st.Hits, st.Cases, float64(hits)/float64(cases))
		out = append(out, l)
	}
	return out, nil
}

// binomialUpper returns P(X ≥ h) for X ~ binomial(n, p), by the
// regularised incomplete beta function, which keeps its precision for
// tiny probabilities where 1 − CDF would round to 0.
func binomialUpper(h, n int, p float64) float64 {
	switch {
	case h <= 0:
		return 1
	case h > n || p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	return mathext.RegIncBeta(float64(h), float64(n-h+1), p)
}

// String formats a limit as the text of a box: "stay in [3.2, 8]",
// "stay ≥ 3.2", "lever in {high, max}".
func (l Limit) String() string {
	if l.Levels != nil {
		s := l.Name + " in {"
		for i, lv := range l.Levels {
			if i > 0 {
				s += ", "
			}
			s += lv
		}
		return s + "}"
	}
	switch {
	case math.IsInf(l.Low, -1) && math.IsInf(l.High, 1):
		return l.Name + " unrestricted"
	case math.IsInf(l.Low, -1):
		return fmt.Sprintf("%s ≤ %.4g", l.Name, l.High)
	case math.IsInf(l.High, 1):
		return fmt.Sprintf("%s ≥ %.4g", l.Name, l.Low)
	}
	return fmt.Sprintf("%s in [%.4g, %.4g]", l.Name, l.Low, l.High)
}
