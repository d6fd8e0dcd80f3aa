// This file implements the equilibrium (forward-recurrence) distribution of
// a duration: the remaining part of a stay already under way at a
// simulation's start.

package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// EquilibriumSampler draws the remaining part of a stay already under way
// when observation starts, such as the stays of the people present on a
// simulation's first day. Like [Spec.Sampler] it multiplies every draw by
// unit, and its Rand does not allocate.
//
// If stays of length X ≥ 0, with CDF F and mean m, follow one another as a
// stationary renewal process, the time from an arbitrary instant to the end
// of the stay covering it has the equilibrium (forward-recurrence) density
//
//	f_e(x) = (1 − F(x)) / m,  x ≥ 0,
//
// whatever F is (Cox 1962, Renewal Theory, on the equilibrium renewal
// process; Ross 1996, Stochastic Processes, 2nd ed., ch. 3). Equivalently,
// the covering stay has the length-biased density x f(x) / m, and the
// instant falls uniformly within it, so the remainder is U·L with U ~
// Uniform(0, 1) independent of a length-biased L (the inspection paradox,
// ibid.). Drawing a fresh X instead, as for a new arrival, makes remainders
// too short when the stay's coefficient of variation is below 1 and too long
// when it is above 1.
//
// The construction per kind:
//
//   - exponential: the stay itself (memoryless), a plain exponential draw.
//   - fixed v: U·v, that is Uniform(0, v).
//   - gamma with shape k and scale θ: U·Gamma(k+1, θ), as the length-biased
//     gamma is a gamma with one more shape.
//   - lognormal with log-mean μ and log-sd σ: U·LogNormal(μ+σ², σ), as
//     length biasing shifts the log-mean by σ².
//   - uniform on [a, b]: U·L with L = √(a² + V(b² − a²)), V ~ Uniform(0, 1),
//     the inverse of the length-biased CDF (x² − a²)/(b² − a²).
//   - triangular, normal (which must be truncated to min ≥ 0) and beta: no
//     such closed form, so F_e(x) = (1/m) ∫₀ˣ (1 − F(t)) dt is tabulated
//     once, at 1025 equally spaced nodes over the support (from 0 to min it
//     is linear), and each draw inverts the table by linear interpolation.
//     Each cell is integrated by 4-point Gauss–Legendre; the two end cells
//     on pieces halving toward the end, where a beta's density may be
//     infinite. The table is normalised by its own total, which differs
//     from m by the quadrature error only (below 10⁻⁹ relative in the
//     tests). An untruncated normal tail ends 10 sd above max(min, mean),
//     which leaves out less than 10⁻²⁰ of F_e. The draws' CDF is the
//     piecewise-linear interpolant of F_e through the nodes; as F_e is
//     concave, with slope falling by ΔF/m over a cell of probability ΔF,
//     the two differ by at most h·ΔF/(4m) on a cell of width h, and by at
//     most h²·sup f/(8m) where the density f is bounded: 4·10⁻⁷ for
//     triangular(0, 6, 8), against a KS critical value of 10⁻² at 20,000
//     draws.
//
// The spec must be valid and a duration: its support must lie in [0, ∞),
// as scenario durations do. Otherwise EquilibriumSampler panics.
func (s Spec) EquilibriumSampler(src rand.Source, unit float64) Sampler {
	lo, hi := s.Support()
	if !(lo >= 0) {
		panic(fmt.Sprintf("dist: equilibrium of %v, whose support [%g, %g] reaches below 0; a duration must be >= 0", s, lo, hi))
	}
	p := s.P
	switch s.Kind {
	case Exponential:
		return s.Sampler(src, unit)
	case Fixed:
		if p["value"] == 0 {
			return constant(0)
		}
		return distuv.Uniform{Min: 0, Max: p["value"] * unit, Src: src}
	}
	rng := rand.New(src) // for U, and for the table's inversion
	switch s.Kind {
	case Gamma:
		g := s.gamma()
		g.Alpha++
		g.Src = src
		return residual{u: rng, l: g, f: unit}
	case LogNormal:
		l := s.logNormal()
		l.Mu += l.Sigma * l.Sigma
		l.Src = src
		return residual{u: rng, l: l, f: unit}
	case Uniform:
		a, b := p["min"], p["max"]
		return residual{u: rng, l: lengthBiasedUniform{u: rng, a2: a * a, d2: b*b - a*a}, f: unit}
	case Triangular, Normal, Beta:
		return s.tabulate(rng, unit)
	}
	panic(fmt.Sprintf("dist: equilibrium sampler for invalid kind %q", s.Kind))
}

// EquilibriumMean returns the mean of the distribution [Spec.EquilibriumSampler]
// draws from, in the scenario's unit: the mean remaining stay of those
// present at the start,
//
//	E[X²] / (2m) = (m² + Var X) / (2m) = m (1 + cv²) / 2,
//
// so half a stay for a fixed one, a whole stay for an exponential one (Cox
// 1962). It is in closed form for every kind; it is NaN for a spec whose
// support reaches below 0.
func (s Spec) EquilibriumMean() float64 {
	lo, _ := s.Support()
	if !(lo >= 0) {
		return math.NaN()
	}
	m := s.Mean()
	if m == 0 { // fixed 0
		return 0
	}
	return (m*m + s.variance()) / (2 * m)
}

// variance returns Var X for a spec with support in [0, ∞).
func (s Spec) variance() float64 {
	p := s.P
	switch s.Kind {
	case Fixed:
		return 0
	case Exponential:
		return p["mean"] * p["mean"]
	case Gamma, LogNormal:
		return p["sd"] * p["sd"]
	case Uniform:
		w := p["max"] - p["min"]
		return w * w / 12
	case Triangular:
		a, c, b := p["min"], p["mode"], p["max"]
		return (a*a + b*b + c*c - a*b - a*c - b*c) / 18
	case Beta:
		a, b := p["alpha"], p["beta"]
		w := 1.0
		if s.has("min") {
			w = p["max"] - p["min"]
		}
		return w * w * a * b / ((a + b) * (a + b) * (a + b + 1))
	case Normal:
		// Johnson, Kotz and Balakrishnan (1994), Continuous Univariate
		// Distributions 1, 2nd ed., eq. 13.134, for the normal truncated to
		// standardised bounds [α, β].
		lo, hi := s.Support()
		n := distuv.UnitNormal
		al, be := (lo-p["mean"])/p["sd"], (hi-p["mean"])/p["sd"]
		z := n.CDF(be) - n.CDF(al)
		d := (n.Prob(al) - n.Prob(be)) / z
		return p["sd"] * p["sd"] * (1 + (xProb(al)-xProb(be))/z - d*d)
	}
	return math.NaN()
}

// xProb returns x φ(x), which is 0 at ±∞.
func xProb(x float64) float64 {
	if math.IsInf(x, 0) {
		return 0
	}
	return x * distuv.UnitNormal.Prob(x)
}

// residual draws U·L·f: a uniform point in a length-biased stay L.
type residual struct {
	u *rand.Rand
	l distuv.Rander
	f float64
}

func (r residual) Rand() float64 { return r.u.Float64() * r.l.Rand() * r.f }

// lengthBiasedUniform draws from the density x / ((b² − a²)/2) on [a, b] by
// inverting its CDF (x² − a²)/(b² − a²).
type lengthBiasedUniform struct {
	u      *rand.Rand
	a2, d2 float64 // a², b² − a²
}

func (l lengthBiasedUniform) Rand() float64 { return math.Sqrt(l.a2 + l.u.Float64()*l.d2) }

const (
	equilibriumCells  = 1024 // cells of the F_e table over the support
	equilibriumPoints = 4    // Gauss–Legendre points per cell
)

// tabulated draws by inverting a table of F_e with linear interpolation.
type tabulated struct {
	u  *rand.Rand
	x  []float64 // nodes, increasing, in the scenario's unit
	fe []float64 // F_e at the nodes: from 0 to 1, non-decreasing
	f  float64
}

func (t tabulated) Rand() float64 {
	v := t.u.Float64()
	i, _ := slices.BinarySearch(t.fe, v) // fe[i-1] < v <= fe[i]
	if i == 0 {
		return t.x[0] * t.f
	}
	x0, x1 := t.x[i-1], t.x[i]
	return (x0 + (x1-x0)*(v-t.fe[i-1])/(t.fe[i]-t.fe[i-1])) * t.f
}

// tabulate builds the sampler that inverts the F_e table.
func (s Spec) tabulate(u *rand.Rand, unit float64) tabulated {
	x, fe, _ := s.equilibriumTable()
	return tabulated{u: u, x: x, fe: fe, f: unit}
}

// equilibriumTable tabulates F_e for a spec with support in [0, ∞), and
// returns with it the integral of 1 − F over the table, which is m up to the
// quadrature error and the tail left out.
func (s Spec) equilibriumTable() (x, fe []float64, total float64) {
	lo, hi := s.Support()
	if math.IsInf(hi, 1) { // only a normal
		hi = math.Max(lo, s.P["mean"]) + 10*s.P["sd"]
	}
	x, fe = make([]float64, 0, equilibriumCells+2), make([]float64, 0, equilibriumCells+2)
	if lo > 0 { // 1 − F = 1 on [0, lo]: F_e is linear there
		x, fe = append(x, 0), append(fe, 0)
	}
	x, fe = append(x, lo), append(fe, lo)

	var g gaussLegendre
	quad.Legendre{}.FixedLocations(g.nodes[:], g.weights[:], 0, 1)
	surv := func(t float64) float64 { return 1 - s.CDF(t) }
	h := (hi - lo) / equilibriumCells
	total = lo
	for i := range equilibriumCells {
		a, b := lo+float64(i)*h, lo+float64(i+1)*h
		switch i {
		case 0:
			total += g.graded(surv, b, a)
		case equilibriumCells - 1:
			b = hi // no rounding short of the support
			total += g.graded(surv, a, b)
		default:
			total += g.integrate(surv, a, b)
		}
		x, fe = append(x, b), append(fe, total)
	}
	for i := range fe {
		fe[i] /= total
	}
	fe[len(fe)-1] = 1
	return x, fe, total
}

// gaussLegendre is a Gauss–Legendre rule on [0, 1].
type gaussLegendre struct{ nodes, weights [equilibriumPoints]float64 }

// integrate returns ∫_a^b f.
func (g *gaussLegendre) integrate(f func(float64) float64, a, b float64) float64 {
	var sum float64
	for j, z := range g.nodes {
		sum += g.weights[j] * f(a+z*(b-a))
	}
	return sum * (b - a)
}

// graded returns ∫ f over the interval between a and b (a > b allowed),
// on pieces that halve in width toward b, where f may behave like
// |t − b|^α: a beta's 1 − F at an end where its density is infinite. On
// each piece f is then smooth on the piece's scale, and the last, of width
// 2⁻⁴⁰ of the cell, contributes under 10⁻¹² of it.
func (g *gaussLegendre) graded(f func(float64) float64, a, b float64) float64 {
	var sum float64
	for lo := a; lo != b; {
		mid := (lo + b) / 2
		if math.Abs(mid-b) < math.Abs(a-b)/(1<<40) {
			mid = b
		}
		sum += g.integrate(f, lo, mid)
		lo = mid
	}
	if a > b {
		return -sum
	}
	return sum
}
