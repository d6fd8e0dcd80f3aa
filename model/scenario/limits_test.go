package scenario_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// limitCases are inputs the engine cannot represent, or that would take
// unbounded memory or time, and the message each must give at load.
var limitCases = []struct {
	name string
	data []byte
	want []string
}{
	{
		name: "shelter places beyond MaxPlaces (makeslice panic)",
		data: lines("name: v", "extends: history", "shelter:",
			`  emergency: {value: 1e308, unit: places, source: "x"}`),
		want: []string{"variant.yaml:4: shelter.emergency.value: value 1e+308 is not allowed: must be in [0, 1000000]"},
	},
	{
		name: "support capacity beyond int32",
		data: lines("name: v", "extends: history", "support:",
			`  capacity: {value: 1e300, unit: people, choice: "x"}`),
		want: []string{"variant.yaml:4: support.capacity.value: value 1e+300 is not allowed: must be in [0, 1000000]"},
	},
	{
		name: "stock beyond MaxPeople",
		data: lines("name: v", "extends: history", "population:",
			`  ethos6: {value: 2000000, unit: people, source: "x"}`,
			`  ethos1: {value: 1e12, unit: people, source: "x"}`),
		want: []string{
			"variant.yaml:4: population.ethos6.value: value 2e+06 is not allowed: must be in [0, 1000000] people",
			"variant.yaml:5: population.ethos1.value: value 1e+12 is not allowed: must be in [0, 1000000] people",
		},
	},
	{
		name: "lognormal sd of 1e300 (infinite stays)",
		data: lines("name: v", "extends: history", "moves:", "  ethos5:",
			`    stay: {dist: lognormal, mean: 6, sd: 1e300, unit: months, source: "x"}`),
		want: []string{
			"variant.yaml:5: moves.ethos5.stay.sd: 1e+300 months is longer than 1000 years, the longest a duration parameter may be",
			"variant.yaml:5: moves.ethos5.stay.sd: sd 1e+300 is 1.67e+299 times the mean 6; a lognormal duration's sd may be at most 10 times its mean",
		},
	},
	{
		name: "a duration factor that reaches past MaxStayYears",
		data: lines("name: v", "extends: history", "moves:", "  ethos5:",
			`    stay: {dist: exponential, mean: 600, unit: years, assumption: "x", scale: [0.5, 2]}`),
		want: []string{"variant.yaml:5: moves.ethos5.stay.mean: 1200 years at a sweep's factor 2 is longer than 1000 years, the longest a duration parameter may be"},
	},
	{
		name: "a fixed stay shorter than a minute",
		data: lines("name: v", "extends: history", "moves:", "  ethos5:",
			`    stay: {dist: fixed, value: 1e-300, unit: days, source: "x"}`),
		want: []string{"variant.yaml:5: moves.ethos5.stay.value: 1e-300 days is shorter than a minute, which engine time cannot resolve; give 0 or at least a minute, 0.000694444444 days"},
	},
	{
		name: "a mean stay shorter than a minute (endless moves)",
		data: lines("name: v", "extends: history", "moves:", "  ethos5:",
			`    stay: {dist: exponential, mean: 0.01, unit: days, assumption: "x", scale: [0.01, 2]}`),
		want: []string{"variant.yaml:5: moves.ethos5.stay: a mean stay of 0.0001 days at a sweep's factor 0.01 is shorter than a minute; give a mean of at least a minute, 0.000694444444 days"},
	},
	{
		// Found by FuzzSimulate: the posterior was matched against a
		// parameter that had not decoded.
		name: "an empty section under a posterior (panicked)",
		data: lines("name: v", "extends: history-calibrated", "support: "),
		want: []string{`variant.yaml:3: support: must be a mapping of fields, got ""`},
	},
	{
		name: "a CBS short stay beyond MaxStayYears",
		data: lines("name: v", "extends: history", "cbs:",
			`  short_stay: {value: 1e308, unit: years, choice: "x"}`),
		want: []string{"variant.yaml:4: cbs.short_stay.value: 1e+308 years is longer than 1000 years, the longest a duration may be"},
	},
	{
		name: "capacity factor going to 1e300 (endless capacity path)",
		data: lines("name: v", "extends: history", "shelter:", "  schedules:",
			`    - {kind: emergency, regions: all, factor: {schedule: {2009-01-01: 1, 2020-01-01: 1e300}, unit: factor, choice: "x"}}`),
		want: []string{"variant.yaml:5: shelter.schedules[0].factor.schedule.2020-01-01: value 1e+300 is not allowed: must be in [0, 100]"},
	},
	{
		name: "capacity schedules that swing too often",
		data: lines("name: v", "extends: history", "shelter:",
			`  emergency: {value: 1000000, unit: places, source: "x"}`,
			"  schedules:",
			`    - {kind: emergency, regions: all, factor: {schedule: {2010-01-01: 1, 2011-01-01: 0, 2012-01-01: 1, 2013-01-01: 0, 2014-01-01: 1, 2015-01-01: 0}, unit: factor, choice: "x"}}`),
		want: []string{"variant.yaml:6: shelter.schedules: the capacity schedules change capacity by up to 6e+06 places in all; at most 1000000 are allowed (each change is an event)"},
	},
	{
		name: "inflow beyond what fits in memory",
		data: lines("name: v", "extends: history", "end: 2040-01-01", "inflow:", "  life_events:", "    into: homeless",
			`    rate: {value: 900000, unit: people/year, source: "x"}`,
			`    prevented: {value: 0.1, unit: share, source: "x"}`),
		want: []string{"variant.yaml:7: inflow.life_events.rate: the people at start (5.75e+04, in states and shelter places) and the inflow over 34 years with warm-up (up to 3.204e+07 people) make up to 3.21e+07 people; a run may create at most 20000000"},
	},
	{
		name: "a scale factor takes a share above 1",
		data: lines("name: v", "extends: history", "housing:",
			`  homeless_share: {value: 0.6, unit: share, assumption: "x", scale: [0.5, 1.93]}`),
		want: []string{"variant.yaml:4: housing.homeless_share.scale: a sweep can reach [0.3, 1.158] (values 0.6 to 0.6 times a factor in [0.5, 1.93]); the value must be in [0, 1]"},
	},
	{
		name: "a sample factor takes a schedule's share above 1",
		data: lines("name: v", "extends: history", "inflow:", "  life_events:", "    into: homeless",
			`    rate: {value: 1000, unit: people/year, source: "x"}`,
			`    prevented: {schedule: {2009-01-01: 0.2, 2020-01-01: 0.6}, unit: share, assumption: "x", sample: {dist: triangular, min: 0.5, mode: 1, max: 2}}`),
		want: []string{"variant.yaml:7: inflow.life_events.prevented.sample: a sweep can reach [0.1, 1.2] (values 0.2 to 0.6 times a factor in [0.5, 2]); the value must be in [0, 1]"},
	},
	{
		name: "an unbounded sample factor on a share",
		data: lines("name: v", "extends: history", "housing:",
			`  homeless_share: {value: 0.6, unit: share, assumption: "x", sample: {dist: lognormal, mean: 1, sd: 0.1}}`),
		want: []string{"variant.yaml:4: housing.homeless_share.sample: a sweep can reach [0, 1.35407] (values 0.6 to 0.6 times a factor in [0, 2.25678]); the value must be in [0, 1]; give a bounded factor (uniform, triangular, or beta or normal with min and max)"},
	},
	{
		name: "a normal truncated far in its tail (nil acceptance, infinite quantile)",
		data: lines("name: v", "extends: history", "housing:",
			`  homeless_share: {value: 0.6, unit: share, assumption: "x", sample: {dist: normal, mean: 1, sd: 0.01, min: 1.5, max: 1.6}}`),
		want: []string{"variant.yaml:4: housing.homeless_share.sample: normal(mean=1, sd=0.01) has probability 0 in [1.5, 1.6]; truncation must keep at least 1e-09 of it, so draws stay finite"},
	},
	{
		name: "a zero stay that cycles at one instant",
		data: lines("name: v", "extends: history", "moves:",
			"  ethos5:",
			`    stay: {dist: fixed, value: 0, unit: days, source: "x"}`,
			`    to: {shares: {ethos6: 1}, unit: share, source: "x"}`,
			"  ethos6:",
			`    stay: {dist: fixed, value: 0, unit: days, source: "x"}`,
			`    to: {shares: {ethos5: 0.5, exit: 0.5}, unit: share, source: "x"}`),
		want: []string{
			"variant.yaml:5: moves.ethos5.stay: a stay of 0 that leads back without time passing (ethos5 → ethos6 → ethos5) would loop for ever at one instant; give a stay that is not fixed at 0",
			"variant.yaml:8: moves.ethos6.stay: a stay of 0 that leads back without time passing (ethos6 → ethos5 → ethos6) would loop for ever at one instant; give a stay that is not fixed at 0",
		},
	},
	{
		name: "a zero stay queueing for shelter again and again",
		data: lines("name: v", "extends: history", "moves:",
			"  ethos1:",
			`    stay: {dist: fixed, value: 0, unit: days, source: "x"}`),
		want: []string{"variant.yaml:5: moves.ethos1.stay: a stay of 0 that leads back without time passing (ethos1 → ethos1) would loop for ever at one instant; give a stay that is not fixed at 0"},
	},
	{
		name: "a Dirichlet concentration that underflows",
		data: lines("name: v", "extends: history",
			`entry: {shares: {shelter: 0.25, ethos1: 0.1, ethos5: 0.05, ethos6: 0.6}, unit: share, assumption: "x", concentration: 1e-300}`),
		want: []string{"variant.yaml:3: entry.concentration: 1e-300 is not allowed: must be in [1, 1e+06]"},
	},
	{
		name: "too many profiles (uint8)",
		data: func() []byte {
			keys := []string{"A: 0.2", "B: 0.2", "C: 0.2", "D: 0.2", "E: 0.1"}
			for i := 6; i <= 40; i++ {
				keys = append(keys, fmt.Sprintf("p%d: %g", i, 0.1/35))
			}
			return lines("name: v", "extends: history",
				"profiles: {shares: {"+strings.Join(keys, ", ")+`}, unit: share, source: "x", support: [B]}`)
		}(),
		want: []string{"variant.yaml:3: profiles.shares: 40 profiles; at most 32 are allowed"},
	},
	{
		name: "too many inflow sources (uint8)",
		data: func() []byte {
			ls := []string{"name: v", "extends: history", "inflow:"}
			for i := range 33 {
				ls = append(ls, fmt.Sprintf("  s%d: {into: homeless, rate: {value: 1, unit: people/year, source: x}, prevented: {value: 0, unit: share, source: x}}", i))
			}
			return lines(ls...)
		}(),
		want: []string{"variant.yaml:31: inflow: 38 inflow sources; at most 32 are allowed"},
	},
}

func TestLimits(t *testing.T) {
	for _, c := range limitCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loader.Parse("variant.yaml", c.data)
			if err == nil {
				t.Fatalf("parsed without error; want\n%s", strings.Join(c.want, "\n"))
			}
			if got, want := err.Error(), strings.Join(c.want, "\n"); got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestTooManyRegions: a region set beyond MaxRegions (the engine's region
// index is a uint16) is refused at load, naming the region file.
func TestTooManyRegions(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("name: many\ndescription: too many\nregions:\n")
	for i := range 1001 {
		fmt.Fprintf(&b, "  r%d: {value: 1, unit: relative, source: x}\n", i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "regions"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "regions", "many.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "v.yaml")
	if err := os.WriteFile(file, lines("name: v", "extends: history", "regions: many", "shelter:", "  schedules: []"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := loader.Load(file); done <- err }()
	select {
	case err := <-done:
		want := filepath.Join(dir, "regions", "many.yaml") + ":1004: regions: 1001 regions; at most 1000 are allowed"
		if err == nil || err.Error() != want {
			t.Errorf("error:\n%v\nwant:\n%s", err, want)
		}
	case <-ctx.Done():
		t.Fatal("loading 1001 regions did not finish")
	}
}

// TestPosteriorReach: a posterior's rows are drawn whole by a sweep, so a
// row that sets a value outside what it allows is refused at load,
// naming the column and the values it sets.
func TestPosteriorReach(t *testing.T) {
	dir := t.TempDir()
	csv := "particle,weight,inflow.eviction.rate,moves.ethos6.stay,regions.Alkmaar\n0,0.5,1,1,0.02\n1,0.5,1000,1000000,0\n"
	if err := os.WriteFile(filepath.Join(dir, "v.posterior.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "v.yaml")
	if err := os.WriteFile(file, lines("name: v", "extends: history", "posterior: {file: v.posterior.csv}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := loader.Load(file)
	at := file + ":3: posterior.file: " + filepath.Join(dir, "v.posterior.csv") + ": "
	want := []string{
		at + `column "inflow.eviction.rate" is a factor in [1, 1000] on values 7000 to 24000, so it sets values in [7000, 2.4e+07]; it must be in [0, 1000000] per year`,
		at + `column "moves.ethos6.stay" sets a factor on the duration in [1, 1e+06]; it must be in (0, 600], so no duration parameter exceeds 1000 years`,
		at + `column "regions.Alkmaar" sets values in [0, 0.02]; it must be in [1e-12, 1e+12]`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("error:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}
