package uncertainty

import (
	"math"
	"reflect"
	"sort"
	"testing"

	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

var loader = scenario.Loader{Shipped: scenarios.FS}

func load(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := loader.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

var testParams = []Param{
	{Path: "a", Kind: Value, Dist: dist.Spec{Kind: dist.Triangular, P: map[string]float64{"min": 0, "mode": 6, "max": 8}}},
	{Path: "b", Kind: Factor, Dist: dist.Spec{Kind: dist.Uniform, P: map[string]float64{"min": 0.5, "max": 2}}},
	{Path: "c", Kind: Value, Dist: dist.Spec{Kind: dist.Normal, P: map[string]float64{"mean": 0.3, "sd": 0.2, "min": 0, "max": 1}}},
	{Path: "d", Kind: Value, Dist: dist.Spec{Kind: dist.Beta, P: map[string]float64{"alpha": 2, "beta": 5}}},
	{Path: "e", Kind: Value, Dist: dist.Spec{Kind: dist.Gamma, P: map[string]float64{"mean": 4, "sd": 2}}},
	{Path: "f", Kind: Value, Dist: dist.Spec{Kind: dist.LogNormal, P: map[string]float64{"mean": 4, "sd": 3}}},
}

// ksStatistic is the one-sample Kolmogorov-Smirnov distance between the
// sample and the distribution.
func ksStatistic(xs []float64, s dist.Spec) float64 {
	sort.Float64s(xs)
	n := float64(len(xs))
	d := 0.0
	for i, x := range xs {
		f := s.CDF(x)
		d = math.Max(d, math.Max(f-float64(i)/n, float64(i+1)/n-f))
	}
	return d
}

// TestSamplesFollowTheirDistributions: a goodness-of-fit test (one-sample
// Kolmogorov-Smirnov at the 0.1% level, critical value 1.95/sqrt(n)) on
// 4,000 draws of each kind, for both samplers.
func TestSamplesFollowTheirDistributions(t *testing.T) {
	const n = 4000
	for _, method := range []string{Random, LHS} {
		s, err := NewSampler(method, testParams, n, 42)
		if err != nil {
			t.Fatal(err)
		}
		cols := make([][]float64, len(testParams))
		for i := 0; i < n; i++ {
			for j, v := range s.Values(i) {
				cols[j] = append(cols[j], v)
			}
		}
		for j, p := range testParams {
			if d := ksStatistic(cols[j], p.Dist); d > 1.95/math.Sqrt(n) {
				t.Errorf("%s %v: KS distance %.4f > %.4f", method, p.Dist, d, 1.95/math.Sqrt(n))
			}
		}
	}
	// The test can fail: draws from one distribution do not pass for another.
	s, _ := NewSampler(Random, testParams[:1], n, 42)
	var xs []float64
	for i := 0; i < n; i++ {
		xs = append(xs, s.Values(i)[0])
	}
	if d := ksStatistic(xs, testParams[4].Dist); d < 1.95/math.Sqrt(n) {
		t.Errorf("triangular draws pass as gamma: KS distance %.4f", d)
	}
}

// TestLHSStrata: with n samples, each of the n equal-probability strata of
// every parameter is hit exactly once.
func TestLHSStrata(t *testing.T) {
	for _, n := range []int{1, 7, 100, 1000} {
		s, _ := NewSampler(LHS, testParams, n, 3)
		hits := make([][]int, len(testParams))
		for j := range hits {
			hits[j] = make([]int, n)
		}
		for i := 0; i < n; i++ {
			for j, v := range s.Values(i) {
				k := int(testParams[j].Dist.CDF(v) * float64(n))
				if k == n {
					k--
				}
				hits[j][k]++
			}
		}
		for j := range hits {
			for k, h := range hits[j] {
				if h != 1 {
					t.Fatalf("n=%d, parameter %s: stratum %d hit %d times", n, testParams[j].Path, k, h)
				}
			}
		}
	}
}

func TestDirichletShares(t *testing.T) {
	p := Param{Path: "s", Kind: Shares, Keys: []string{"x", "y", "z", "never"}, Alpha: []float64{10, 6, 4, 0}}
	s, _ := NewSampler(Random, []Param{p}, 5000, 9)
	var mean [4]float64
	for i := 0; i < 5000; i++ {
		v := s.Values(i)
		sum := v[0] + v[1] + v[2] + v[3]
		if math.Abs(sum-1) > 1e-9 || v[3] != 0 {
			t.Fatalf("sample %d: %v (sum %v)", i, v, sum)
		}
		for k := range mean {
			mean[k] += v[k] / 5000
		}
	}
	for k, want := range []float64{0.5, 0.3, 0.2, 0} {
		if math.Abs(mean[k]-want) > 0.01 {
			t.Errorf("mean share %d = %.4f, want %.2f", k, mean[k], want)
		}
	}
}

// TestReproducible: sample i depends only on the master seed, i and the
// parameter's path: not on the order samples are drawn, the number of
// parameters, or (for random sampling) on the number of samples.
func TestReproducible(t *testing.T) {
	a, _ := NewSampler(Random, testParams, 100, 5)
	b, _ := NewSampler(Random, testParams, 1000, 5)
	c, _ := NewSampler(Random, testParams[2:], 100, 5)
	for _, i := range []int{99, 0, 42} {
		va, vb, vc := a.Values(i), b.Values(i), c.Values(i)
		if !reflect.DeepEqual(va, vb) || !reflect.DeepEqual(va[2:], vc) {
			t.Fatalf("sample %d differs: %v / %v / %v", i, va, vb, vc)
		}
	}
	d, _ := NewSampler(Random, testParams, 100, 6)
	if reflect.DeepEqual(a.Values(1), d.Values(1)) {
		t.Error("seeds 5 and 6 give the same sample")
	}
	l1, _ := NewSampler(LHS, testParams, 50, 5)
	l2, _ := NewSampler(LHS, testParams[3:], 50, 5)
	if !reflect.DeepEqual(l1.Values(7)[3:], l2.Values(7)) {
		t.Error("LHS values depend on the other parameters")
	}
}

// TestCommonRandomNumbers: two scenarios sharing a parameter draw the same
// values for it.
func TestCommonRandomNumbers(t *testing.T) {
	plan, prev := load(t, "eerst-een-thuis"), load(t, "preventie-eerst")
	pa, pb := Varied(plan), Varied(prev)
	sa, _ := NewSampler(LHS, pa, 20, 8)
	sb, _ := NewSampler(LHS, pb, 20, 8)
	va, vb := map[string]float64{}, map[string]float64{}
	for i, c := range sa.Columns() {
		va[c] = sa.Values(3)[i]
	}
	for i, c := range sb.Columns() {
		vb[c] = sb.Values(3)[i]
	}
	shared := 0
	for c, v := range va {
		if w, ok := vb[c]; ok {
			shared++
			if v != w {
				t.Errorf("%s: %v in one scenario, %v in the other", c, v, w)
			}
		}
	}
	if shared < 30 {
		t.Errorf("only %d shared parameters", shared)
	}
}

func TestVariedAndApply(t *testing.T) {
	sc := load(t, "history")
	ps := Varied(sc)
	paths := map[string]Param{}
	for _, p := range ps {
		paths[p.Path] = p
	}
	// observed and choice parameters do not vary; assumptions do.
	for _, fixed := range []string{"inflow.eviction_private.rate", "housing.social_relets", "moves.housed_supported.to", "profiles"} {
		if _, ok := paths[fixed]; ok {
			t.Errorf("%s varies, but it is observed", fixed)
		}
	}
	for _, varied := range []string{"inflow.institution.rate", "moves.ethos6.stay", "entry", "population.ethos1"} {
		if _, ok := paths[varied]; !ok {
			t.Errorf("%s does not vary, but it is an assumption", varied)
		}
	}
	if p := paths["population.ethos1"]; !p.Whole || p.Dist.Kind != dist.Triangular || p.Dist.P["mode"] != 1500 {
		t.Errorf("population.ethos1: %+v", p)
	}
	s, _ := NewSampler(Random, ps, 1, 1)
	vals := s.Values(0)
	c, err := Apply(sc, ps, vals)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]float64{}
	for i, name := range s.Columns() {
		col[name] = vals[i]
	}
	if got := c.Inflow[2].Rate.Points[0].Value; got != col["inflow.institution.rate"] {
		t.Errorf("institution rate %v, sampled %v", got, col["inflow.institution.rate"])
	}
	if got, want := c.Moves[6].Stay.Dist.P["mean"], 20*col["moves.ethos6.stay"]; math.Abs(got-want) > 1e-9 {
		t.Errorf("ethos6 stay mean %v, want 20 × factor = %v", got, want)
	}
	if got := c.Population.Stock[1].Value; got != math.Round(got) || got != col["population.ethos1"] {
		t.Errorf("population.ethos1 = %v, sampled %v (whole)", got, col["population.ethos1"])
	}
	if sc.Inflow[2].Rate.Points[0].Value != 4000 || sc.Moves[6].Stay.Dist.P["mean"] != 20 {
		t.Error("Apply changed the original scenario")
	}
}

func TestLevers(t *testing.T) {
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Parse("variant.yaml", []byte(`name: v
extends: baseline
shelter:
  emergency: {value: 3000, unit: places, choice: "x", lever: [2000, 3001]}
  large_scale_share: {value: 0.7, unit: share, choice: "x", levels: [0.3, 0.7]}
`))
	if err != nil {
		t.Fatal(err)
	}
	levers := Levers(sc, 3)
	if len(levers) != 2 {
		t.Fatalf("%d levers, want 2", len(levers))
	}
	if l := levers[0]; l.Path != "shelter.emergency" || !l.Lever || !l.Whole || !reflect.DeepEqual(l.Levels, []float64{2000, 2501, 3001}) {
		t.Errorf("first lever %+v", l)
	}
	if l := levers[1]; l.Path != "shelter.large_scale_share" || l.Whole || !reflect.DeepEqual(l.Levels, []float64{0.3, 0.7}) {
		t.Errorf("second lever %+v", l)
	}
	for _, p := range Varied(sc) {
		if p.Lever || p.Path == "shelter.emergency" {
			t.Errorf("Varied lists lever %s", p.Path)
		}
	}
	want := [][]float64{{2000, 0.3}, {2000, 0.7}, {2501, 0.3}, {2501, 0.7}, {3001, 0.3}, {3001, 0.7}}
	if g := Grid(levers); !reflect.DeepEqual(g, want) {
		t.Errorf("grid %v, want %v", g, want)
	}
	if g := Grid(nil); len(g) != 1 || len(g[0]) != 0 {
		t.Errorf("grid of no levers %v, want one empty policy", g)
	}
}

// TestNewSamplerRefusesHugeDesigns: a Latin hypercube of 10^12 samples
// would need terabytes; it is refused before anything is allocated.
func TestNewSamplerRefusesHugeDesigns(t *testing.T) {
	for _, n := range []int{-1, MaxSamples + 1, 1_000_000_000_000} {
		if _, err := NewSampler(LHS, nil, n, 1); err == nil {
			t.Errorf("%d samples accepted", n)
		}
	}
	if _, err := NewSampler(LHS, nil, MaxSamples, 1); err != nil {
		t.Errorf("the largest design refused: %v", err)
	}
}
