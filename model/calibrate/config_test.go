package calibrate

import (
	"context"
	"testing"

	"github.com/thuis-nl/thuis/model/dist"
)

func TestConfigBroken(t *testing.T) {
	good := func() Config {
		return Config{Params: []Parameter{{Name: "a", Prior: uniform(0, 1)}}, Targets: []Target{{Name: "y", Value: 1, SD: 0.1, Fit: true}}}
	}
	cases := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"nothing", func(c *Config) { *c = Config{} }, "calibrate: no parameter; no target to fit"},
		{"names", func(c *Config) {
			c.Params = append(c.Params, Parameter{Name: "a", Prior: uniform(0, 1)}, Parameter{Name: "", Prior: uniform(0, 1)}, Parameter{Name: "b,c", Prior: uniform(0, 1)})
		}, `calibrate: parameter name "a" is used twice or reserved (particle, weight); parameter 3 has no name; parameter "b,c": a name may not contain commas, quotes or newlines`},
		{"priors", func(c *Config) {
			c.Params = []Parameter{{Name: "a", Prior: uniform(1, 0)}, {Name: "b", Prior: dist.Spec{Kind: dist.Fixed, P: map[string]float64{"value": 1}}}}
		}, "calibrate: parameter a: prior: uniform needs min < max, got min 1, max 0; parameter b: a fixed prior leaves nothing to calibrate"},
		{"targets", func(c *Config) {
			c.Targets = []Target{{Name: "y", Value: 1, Fit: true}, {Name: "y", Value: 1, SD: -1}}
		}, "calibrate: target y: a fitted target needs sd or discrepancy > 0; target name \"y\" is used twice; target y: sd -1 and discrepancy 0 must be finite and >= 0"},
		{"no fit", func(c *Config) { c.Targets[0].Fit = false }, "calibrate: no target to fit"},
		{"alpha", func(c *Config) { c.Alpha = 1 }, "calibrate: alpha 1 must be in (0, 1)"},
		{"kept", func(c *Config) { c.N, c.Alpha = 10, 0.1 }, "calibrate: N 10 and alpha 0.1 keep 1 particles; need more than the 1 parameters and fewer than N"},
		{"stopping", func(c *Config) { c.MinAccept, c.Budget = 2, -1 }, "calibrate: min accept 2 must be in (0, 1]; budget -1 must be >= 0"},
		{"shard", func(c *Config) { c.Shard = Shard{2, 2}; c.Dir = "x" }, "calibrate: shard 2/2: the index must be in 0..1"},
		{"no dir", func(c *Config) { c.Resume = true }, "calibrate: resume and shards need a directory"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good()
			tc.change(&cfg)
			_, err := Run(context.Background(), cfg, logistic)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestSimulatorErrors(t *testing.T) {
	cfg := Config{Params: []Parameter{{Name: "a", Prior: uniform(0, 1)}}, Targets: []Target{{Name: "y", Value: 1, SD: 0.1, Fit: true}}, N: 4, Alpha: 0.5, Workers: 1}
	short := func(context.Context, []float64, uint64) ([]float64, error) { return nil, nil }
	_, err := Run(context.Background(), cfg, short)
	want := "calibrate: population 0 simulation 0 (seed 12038581038462365557, θ (a=0.3344625062582432)): the simulator returned 0 values for 1 targets"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
