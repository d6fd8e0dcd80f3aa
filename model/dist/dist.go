package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Kind names a family of distributions.
type Kind string

const (
	Fixed       Kind = "fixed"       // value
	Exponential Kind = "exponential" // mean
	Uniform     Kind = "uniform"     // min, max
	Triangular  Kind = "triangular"  // min, mode, max
	Gamma       Kind = "gamma"       // mean, sd
	LogNormal   Kind = "lognormal"   // mean, sd
	Normal      Kind = "normal"      // mean, sd, optional min and max (truncated)
	Beta        Kind = "beta"        // alpha, beta, optional min and max (scaled)
)

// Params lists, per kind, the parameters it requires and those it accepts.
var Params = map[Kind]struct{ Required, Optional []string }{
	Fixed:       {Required: []string{"value"}},
	Exponential: {Required: []string{"mean"}},
	Uniform:     {Required: []string{"min", "max"}},
	Triangular:  {Required: []string{"min", "mode", "max"}},
	Gamma:       {Required: []string{"mean", "sd"}},
	LogNormal:   {Required: []string{"mean", "sd"}},
	Normal:      {Required: []string{"mean", "sd"}, Optional: []string{"min", "max"}},
	Beta:        {Required: []string{"alpha", "beta"}, Optional: []string{"min", "max"}},
}

// Kinds returns the known kinds, sorted, for error messages.
func Kinds() []string {
	var ks []string
	for k := range Params {
		ks = append(ks, string(k))
	}
	sort.Strings(ks)
	return ks
}

// Spec is a distribution as a scenario states it, in the scenario's unit.
type Spec struct {
	Kind Kind
	P    map[string]float64
}

func (s Spec) has(name string) bool { _, ok := s.P[name]; return ok }

// Validate checks that the parameters are complete and consistent. The
// error says what is allowed.
func (s Spec) Validate() error {
	ps, ok := Params[s.Kind]
	if !ok {
		return fmt.Errorf("unknown distribution %q; allowed: %s", s.Kind, strings.Join(Kinds(), ", "))
	}
	for _, r := range ps.Required {
		if !s.has(r) {
			return fmt.Errorf("%s distribution needs %q (requires %s)", s.Kind, r, strings.Join(ps.Required, ", "))
		}
	}
	allowed := append(append([]string{}, ps.Required...), ps.Optional...)
	for k := range s.P {
		found := false
		for _, a := range allowed {
			found = found || a == k
		}
		if !found {
			return fmt.Errorf("%s distribution has no parameter %q; allowed: %s", s.Kind, k, strings.Join(allowed, ", "))
		}
	}
	p := s.P
	switch s.Kind {
	case Fixed:
		if p["value"] < 0 {
			return fmt.Errorf("fixed value %g is negative; must be >= 0", p["value"])
		}
	case Exponential:
		if !(p["mean"] > 0) {
			return fmt.Errorf("exponential mean %g must be > 0", p["mean"])
		}
	case Uniform:
		if !(p["min"] < p["max"]) {
			return fmt.Errorf("uniform needs min < max, got min %g, max %g", p["min"], p["max"])
		}
	case Triangular:
		if !(p["min"] <= p["mode"] && p["mode"] <= p["max"] && p["min"] < p["max"]) {
			return fmt.Errorf("triangular needs min <= mode <= max and min < max, got %g, %g, %g", p["min"], p["mode"], p["max"])
		}
	case Gamma, LogNormal:
		if !(p["mean"] > 0 && p["sd"] > 0) {
			return fmt.Errorf("%s needs mean > 0 and sd > 0, got mean %g, sd %g", s.Kind, p["mean"], p["sd"])
		}
	case Normal:
		if !(p["sd"] > 0) {
			return fmt.Errorf("normal sd %g must be > 0", p["sd"])
		}
		if s.has("min") && s.has("max") && !(p["min"] < p["max"]) {
			return fmt.Errorf("normal bounds need min < max, got %g, %g", p["min"], p["max"])
		}
		if m := s.truncatedMass(); !(m >= MinTruncatedMass) {
			lo, hi := s.Support()
			return fmt.Errorf("normal(mean=%g, sd=%g) has probability %.3g in [%g, %g]; truncation must keep at least %g of it, so draws stay finite", p["mean"], p["sd"], m, lo, hi, MinTruncatedMass)
		}
	case Beta:
		if !(p["alpha"] >= MinBetaShape && p["beta"] >= MinBetaShape && p["alpha"] <= MaxBetaShape && p["beta"] <= MaxBetaShape) {
			return fmt.Errorf("beta needs alpha and beta in [%g, %g], got %g, %g", MinBetaShape, MaxBetaShape, p["alpha"], p["beta"])
		}
		if s.has("min") != s.has("max") {
			return fmt.Errorf("beta needs both min and max, or neither")
		}
		if s.has("min") && !(p["min"] < p["max"]) {
			return fmt.Errorf("beta bounds need min < max, got %g, %g", p["min"], p["max"])
		}
	}
	for k, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s %s is %g; must be a finite number", s.Kind, k, v)
		}
	}
	return nil
}

// Mean returns the distribution's mean in the scenario's unit.
func (s Spec) Mean() float64 {
	p := s.P
	switch s.Kind {
	case Fixed:
		return p["value"]
	case Exponential, Gamma, LogNormal:
		return p["mean"]
	case Uniform:
		return (p["min"] + p["max"]) / 2
	case Triangular:
		return (p["min"] + p["mode"] + p["max"]) / 3
	case Normal:
		if !s.has("min") && !s.has("max") {
			return p["mean"]
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		if s.has("min") {
			lo = p["min"]
		}
		if s.has("max") {
			hi = p["max"]
		}
		n := distuv.UnitNormal
		a, b := (lo-p["mean"])/p["sd"], (hi-p["mean"])/p["sd"]
		return p["mean"] + p["sd"]*(n.Prob(a)-n.Prob(b))/(n.CDF(b)-n.CDF(a))
	case Beta:
		m := p["alpha"] / (p["alpha"] + p["beta"])
		if s.has("min") {
			return p["min"] + m*(p["max"]-p["min"])
		}
		return m
	}
	return math.NaN()
}

// Scaled returns the distribution of f·X: location and scale parameters are
// multiplied by f (f > 0). Sweeps use it to vary a duration's mean.
func (s Spec) Scaled(f float64) Spec {
	q := Spec{Kind: s.Kind, P: make(map[string]float64, len(s.P))}
	for k, v := range s.P {
		switch k {
		case "alpha", "beta":
			q.P[k] = v
		default:
			q.P[k] = v * f
		}
	}
	return q
}

// String renders the spec compactly, e.g. "gamma(mean=6, sd=4)".
func (s Spec) String() string {
	ps := Params[s.Kind]
	var parts []string
	for _, k := range append(append([]string{}, ps.Required...), ps.Optional...) {
		if v, ok := s.P[k]; ok {
			parts = append(parts, fmt.Sprintf("%s=%g", k, v))
		}
	}
	return fmt.Sprintf("%s(%s)", s.Kind, strings.Join(parts, ", "))
}

// Sampler draws values. Samplers returned by Spec.Sampler do not allocate.
type Sampler interface {
	Rand() float64
}

type constant float64

func (c constant) Rand() float64 { return float64(c) }

// exponential draws as distuv.Exponential{Rate: rate} scaled by unit
// does, bit for bit.
type exponential struct {
	r          *rand.Rand
	rate, unit float64
}

func (e exponential) Rand() float64 {
	x := e.r.ExpFloat64() / e.rate
	if e.unit == 1 {
		return x
	}
	return x * e.unit
}

type scaled struct {
	d distuv.Rander
	f float64
}

func (s scaled) Rand() float64 { return s.d.Rand() * s.f }

type truncNormal struct {
	n      distuv.Normal
	lo, hi float64
}

// rejectionTries bounds the rejection loop of a truncated normal: with the
// usual truncations (acceptance above one half) a draw almost never needs
// more, and after it the draw is by inverse CDF, so a draw far in a tail
// still takes bounded time.
const rejectionTries = 32

// Rand draws by rejection, at most rejectionTries times, then by inverse
// CDF from a fresh uniform. Validate guarantees that [lo, hi] holds at
// least MinTruncatedMass, so the inverse CDF is finite.
func (t truncNormal) Rand() float64 {
	for range rejectionTries {
		x := t.n.Rand()
		if x >= t.lo && x <= t.hi {
			return x
		}
	}
	u := distuv.Uniform{Min: 0, Max: 1, Src: t.n.Src}.Rand()
	return truncQuantile(t.n, t.lo, t.hi, u)
}

// truncQuantile is the u-quantile of n truncated to [a, b]. When [a, b]
// lies above the mean it works in the reflected lower tail, where the CDF
// keeps its relative precision: 1 − Φ(6) is lost in float64 next to 1,
// Φ(−6) is not.
func truncQuantile(n distuv.Normal, a, b float64, u float64) float64 {
	var x float64
	if a > n.Mu {
		r := distuv.Normal{Mu: -n.Mu, Sigma: n.Sigma}
		fa, fb := r.CDF(-b), r.CDF(-a)
		x = -r.Quantile(fa + (1-u)*(fb-fa))
	} else {
		fa, fb := n.CDF(a), n.CDF(b)
		x = n.Quantile(fa + u*(fb-fa))
	}
	return math.Min(math.Max(x, a), b)
}

// Bounds on a beta's shapes. A beta draw is a ratio of gamma draws, and
// below MinBetaShape both can underflow to 0, giving NaN; above
// MaxBetaShape the distribution is a point in all but name.
const (
	MinBetaShape = 0.1
	MaxBetaShape = 1e6
)

// MinTruncatedMass is the least probability a truncated normal's [min,
// max] may hold of the untruncated normal: below it the inverse CDF runs
// out of float64 precision and gives infinities.
const MinTruncatedMass = 1e-9

// truncatedMass is the probability the normal puts in [min, max] (1 if it
// is not truncated).
func (s Spec) truncatedMass() float64 {
	n := distuv.Normal{Mu: s.P["mean"], Sigma: s.P["sd"]}
	lo, hi := s.Support()
	return n.CDF(hi) - n.CDF(lo)
}

// Reach returns the least and greatest values a draw by inverse CDF from
// a float64 uniform in [0, 1) can take: Quantile(0) and Quantile(1−2⁻⁵³).
// For a bounded distribution it is the support; for an unbounded one it
// is finite above, which is what a sweep can actually draw.
func (s Spec) Reach() (lo, hi float64) {
	lo, hi = s.Support()
	if math.IsInf(lo, -1) {
		lo = s.Quantile(0)
	}
	if math.IsInf(hi, 1) {
		hi = s.Quantile(math.Nextafter(1, 0))
	}
	return lo, hi
}

type scaledBeta struct {
	b      distuv.Beta
	lo, hi float64
}

func (s scaledBeta) Rand() float64 { return s.lo + (s.hi-s.lo)*s.b.Rand() }

// Sampler binds the spec to src and multiplies every draw by unit (for
// example days per month). The spec must be valid.
func (s Spec) Sampler(src rand.Source, unit float64) Sampler {
	p := s.P
	var r distuv.Rander
	switch s.Kind {
	case Fixed:
		return constant(p["value"] * unit)
	case Exponential:
		// Drawn directly: the same draw as distuv.Exponential's (a
		// ziggurat ExpFloat64 over src, divided by the rate, then times
		// unit), without its rand.New and two interface calls per draw.
		// Most of a run's stays are exponential (issue 10).
		return exponential{r: rand.New(src), rate: 1 / p["mean"], unit: unit}
	case Uniform:
		r = distuv.Uniform{Min: p["min"], Max: p["max"], Src: src}
	case Triangular:
		r = distuv.NewTriangle(p["min"], p["max"], p["mode"], src)
	case Gamma:
		g := s.gamma()
		g.Src = src
		r = g
	case LogNormal:
		l := s.logNormal()
		l.Src = src
		r = l
	case Normal:
		n := distuv.Normal{Mu: p["mean"], Sigma: p["sd"], Src: src}
		if !s.has("min") && !s.has("max") {
			r = n
			break
		}
		t := truncNormal{n: n, lo: math.Inf(-1), hi: math.Inf(1)}
		if s.has("min") {
			t.lo = p["min"]
		}
		if s.has("max") {
			t.hi = p["max"]
		}
		r = t
	case Beta:
		b := distuv.Beta{Alpha: p["alpha"], Beta: p["beta"], Src: src}
		if s.has("min") {
			r = scaledBeta{b: b, lo: p["min"], hi: p["max"]}
		} else {
			r = b
		}
	default:
		panic(fmt.Sprintf("dist: sampler for invalid kind %q", s.Kind))
	}
	if unit == 1 {
		return r
	}
	return scaled{d: r, f: unit}
}

// Support returns the interval the distribution's values lie in.
func (s Spec) Support() (lo, hi float64) {
	p := s.P
	switch s.Kind {
	case Fixed:
		return p["value"], p["value"]
	case Exponential, Gamma, LogNormal:
		return 0, math.Inf(1)
	case Uniform, Triangular:
		return p["min"], p["max"]
	case Normal:
		lo, hi = math.Inf(-1), math.Inf(1)
		if s.has("min") {
			lo = p["min"]
		}
		if s.has("max") {
			hi = p["max"]
		}
		return lo, hi
	case Beta:
		if s.has("min") {
			return p["min"], p["max"]
		}
		return 0, 1
	}
	return math.NaN(), math.NaN()
}

// gamma returns the spec's gamma distribution, shape k = 1/cv², rate k/mean.
func (s Spec) gamma() distuv.Gamma {
	cv := s.P["sd"] / s.P["mean"]
	alpha := 1 / (cv * cv)
	return distuv.Gamma{Alpha: alpha, Beta: alpha / s.P["mean"]}
}

// logNormal returns the spec's lognormal distribution, matched to mean and sd.
func (s Spec) logNormal() distuv.LogNormal {
	s2 := math.Log1p(s.P["sd"] * s.P["sd"] / (s.P["mean"] * s.P["mean"]))
	return distuv.LogNormal{Mu: math.Log(s.P["mean"]) - s2/2, Sigma: math.Sqrt(s2)}
}

// quantiler is a one-dimensional distribution with a CDF and its inverse.
type quantiler interface {
	CDF(float64) float64
	Quantile(float64) float64
}

// base returns the gonum distribution on the standard support, and the
// affine map (x -> lo + w x) from it to the spec's support where needed.
func (s Spec) base() (q quantiler, lo, w float64) {
	p := s.P
	switch s.Kind {
	case Exponential:
		return distuv.Exponential{Rate: 1 / p["mean"]}, 0, 1
	case Uniform:
		return distuv.Uniform{Min: p["min"], Max: p["max"]}, 0, 1
	case Triangular:
		return distuv.NewTriangle(p["min"], p["max"], p["mode"], nil), 0, 1
	case Gamma:
		return s.gamma(), 0, 1
	case LogNormal:
		return s.logNormal(), 0, 1
	case Normal:
		return distuv.Normal{Mu: p["mean"], Sigma: p["sd"]}, 0, 1
	case Beta:
		b := distuv.Beta{Alpha: p["alpha"], Beta: p["beta"]}
		if s.has("min") {
			return b, p["min"], p["max"] - p["min"]
		}
		return b, 0, 1
	}
	return nil, 0, 1
}

// CDF returns P(X <= x).
func (s Spec) CDF(x float64) float64 {
	if s.Kind == Fixed {
		if x < s.P["value"] {
			return 0
		}
		return 1
	}
	q, lo, w := s.base()
	if s.Kind == Normal {
		a, b := s.Support()
		if x < a {
			return 0
		}
		if x >= b {
			return 1
		}
		fa, fb := q.CDF(a), q.CDF(b)
		return (q.CDF(x) - fa) / (fb - fa)
	}
	return q.CDF((x - lo) / w)
}

// Quantile returns the value x with P(X <= x) = u, for u in (0, 1): the
// inverse-CDF transform that turns uniform (or Latin-hypercube) draws into
// draws from the spec.
func (s Spec) Quantile(u float64) float64 {
	if s.Kind == Fixed {
		return s.P["value"]
	}
	q, lo, w := s.base()
	if s.Kind == Normal {
		a, b := s.Support()
		return truncQuantile(distuv.Normal{Mu: s.P["mean"], Sigma: s.P["sd"]}, a, b, u)
	}
	return lo + w*q.Quantile(u)
}
