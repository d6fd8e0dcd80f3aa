package calibrate

import (
	"bytes"
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestCSVRoundTrip(t *testing.T) {
	res, err := Run(context.Background(), small(""), logistic)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "particle,weight,start,rate,ceiling\n0,") {
		t.Errorf("the posterior starts %.40q", buf.String())
	}
	got, err := ReadPosterior(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, res.Posterior) {
		t.Error("the posterior read back differs from the one written")
	}
}

func TestReadPosteriorBroken(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", "calibrate: posterior: empty file"},
		{"header", "particle,w,a\n0,1,2\n", `calibrate: posterior line 1: header "particle,w,a" must be particle,weight and the parameters`},
		{"no parameters", "particle,weight\n0,1\n", `calibrate: posterior line 1: header "particle,weight" must be particle,weight and the parameters`},
		{"repeated", "particle,weight,a,a\n0,1,2,3\n", `calibrate: posterior line 1: parameter name "a" is empty, repeated or reserved`},
		{"no rows", "particle,weight,a\n", "calibrate: posterior: no particles"},
		{"numbering", "particle,weight,a\n0,0.5,1\n2,0.5,1\n", `calibrate: posterior line 3: particle "2", want 1`},
		{"weight", "particle,weight,a\n0,x,1\n", `calibrate: posterior line 2: weight "x" is not a finite number`},
		{"negative", "particle,weight,a\n0,-0.5,1\n1,1.5,1\n", "calibrate: posterior line 2: weight -0.5 is negative"},
		{"value", "particle,weight,a\n0,1,NaN\n", `calibrate: posterior line 2: a "NaN" is not a finite number`},
		{"fields", "particle,weight,a\n0,1\n", "calibrate: posterior: record on line 2: wrong number of fields"},
		{"sum", "particle,weight,a\n0,0.5,1\n1,0.4,2\n", "calibrate: posterior: the weights sum to 0.9, not 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadPosterior(strings.NewReader(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestResample checks that the equally weighted resample has the weighted
// means of the posterior within 4 Monte Carlo standard errors, sd/√n for n
// draws.
func TestResample(t *testing.T) {
	res, err := Run(context.Background(), small(""), logistic)
	if err != nil {
		t.Fatal(err)
	}
	const n = 4000
	draws := res.Resample(n, 1)
	if len(draws) != n {
		t.Fatalf("%d draws, want %d", len(draws), n)
	}
	want := res.Means()
	for i, name := range res.Params {
		x := make([]float64, n)
		for k, d := range draws {
			x[k] = d[i]
		}
		sd := stat.StdDev(res.column(i), res.Weights) // frequency-weighted sd; the n−1 factor is irrelevant here
		if got := stat.Mean(x, nil); math.Abs(got-want[i]) > 4*sd/math.Sqrt(n) {
			t.Errorf("%s: the resample's mean is %.5g, the posterior's %.5g (4 standard errors: %.3g)", name, got, want[i], 4*sd/math.Sqrt(n))
		}
	}
	if !reflect.DeepEqual(draws, res.Resample(n, 1)) {
		t.Error("the same seed resampled differently")
	}
}

func TestPredictive(t *testing.T) {
	// Two particles simulating 0 and 2, observation 1 with noise sd 1:
	// the predictive with noise is ½N(0, 1) + ½N(2, 1), symmetric about 1.
	res := &Result{
		Posterior:  Posterior{Params: []string{"a"}, Particles: [][]float64{{0}, {1}}, Weights: []float64{0.5, 0.5}},
		Targets:    []Target{{Name: "y", Value: 1, SD: 0.6, Discrepancy: 0.8, Fit: true}, {Name: "z", Value: 3}},
		Replicates: [][]float64{{0, 3}, {2, 5}},
	}
	pct := res.ObservedPercentile()
	if math.Abs(pct[0]-0.5) > 1e-15 || pct[1] != 0.5 {
		t.Errorf("observed percentiles %v, want 0.5, 0.5", pct)
	}
	with := res.Predictive(true, 0.5, 0.975)
	mix := 0.5*distuv.UnitNormal.CDF(with[0][1]) + 0.5*distuv.UnitNormal.CDF(with[0][1]-2)
	if math.Abs(with[0][0]-1) > 1e-12 || math.Abs(mix-0.975) > 1e-12 {
		t.Errorf("with noise: median %v, want 1; the 97.5%% quantile %v has CDF %v", with[0][0], with[0][1], mix)
	}
	without := res.Predictive(false, 0, 1)
	if !reflect.DeepEqual(without, [][]float64{{0, 2}, {3, 5}}) {
		t.Errorf("without noise: %v, want the simulated range", without)
	}
	if !reflect.DeepEqual(with[1], res.Predictive(false, 0.5, 0.975)[1]) {
		t.Error("a target without noise has another predictive with noise than without")
	}
}
