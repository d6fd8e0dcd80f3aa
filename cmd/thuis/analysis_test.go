package main

import (
	"io"
	"reflect"
	"testing"

	"github.com/spf13/cobra"
)

// TestSensitivityFlags: flags land in the options, without running the
// model.
func TestSensitivityFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want sensitivityOptions
	}{
		{[]string{"small.yaml"}, sensitivityOptions{Scenario: "small.yaml", Method: "morris", Replications: 1, Seed: 1, Lang: "en"}},
		{[]string{"baseline", "--method", "sobol", "--runs", "64", "--replications", "3", "--seed", "7", "--workers", "2", "--targets", "t.yaml", "--out", "o", "--lang", "nl"},
			sensitivityOptions{Scenario: "baseline", Method: "sobol", Runs: 64, Targets: "t.yaml", Replications: 3, Seed: 7, Workers: 2, Out: "o", Lang: "nl"}},
	} {
		var got sensitivityOptions
		cmd := newSensitivityCmd(io.Discard, io.Discard, func(_ *cobra.Command, o sensitivityOptions) error { got = o; return nil })
		cmd.SetArgs(c.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v:\n got %+v\nwant %+v", c.args, got, c.want)
		}
	}
}

func TestDiscoverFlags(t *testing.T) {
	var got discoverOptions
	cmd := newDiscoverCmd(io.Discard, func(_ *cobra.Command, o discoverOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"sw", "--target", "T1", "--min-density", "0.8", "--scenario", "s", "--alpha", "0.1", "--paste", "--out", "o"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := discoverOptions{Dir: "sw", Target: "T1", Scenario: "s", MinDensity: 0.8, Alpha: 0.1, Paste: true, Out: "o"}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestRequireFlags(t *testing.T) {
	var got requireOptions
	cmd := newRequireCmd(io.Discard, io.Discard, func(_ *cobra.Command, o requireOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"T2", "--lever", "shelter.emergency", "--prob", "0.9", "--runs", "20", "--scenario", "s.yaml", "--range", "10,20", "--grid", "5",
		"--targets", "t.yaml", "--seed", "3", "--workers", "2", "--second", "inflow.arrivals.rate", "--second-range", "900,1100", "--second-grid", "3",
		"--out", "o", "--lang", "nl"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := requireOptions{Target: "T2", Lever: "shelter.emergency", Prob: 0.9, Runs: 20, Scenario: "s.yaml", Range: []float64{10, 20}, Grid: 5,
		Targets: "t.yaml", Seed: 3, Workers: 2, Second: "inflow.arrivals.rate", SecondRange: []float64{900, 1100}, SecondGrid: 3, Out: "o", Lang: "nl"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestReviewFlags(t *testing.T) {
	var got reviewOptions
	cmd := newReviewCmd(io.Discard, io.Discard, nil, func(_ *cobra.Command, o reviewOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"s.yaml", "--against", "b.yaml", "--lang", "nl", "--format", "md", "--runs", "30", "--lever-runs", "6", "--lever-grid", "5",
		"--prob", "0.9", "--seed", "4", "--workers", "2", "--sensitivity", "sens", "--costs", "c.yaml", "--targets", "t.yaml", "--from", "2024",
		"--out", "o", "--fixed-unit-costs"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := reviewOptions{Scenario: "s.yaml", Against: "b.yaml", Lang: "nl", Format: "md", Runs: 30, LeverRuns: 6, LeverGrid: 5, Prob: 0.9, Seed: 4,
		Workers: 2, Sensitivity: "sens", Costs: "c.yaml", Targets: "t.yaml", From: 2024, Out: "o", Fixed: true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Without a scenario, the plan.
	cmd = newReviewCmd(io.Discard, io.Discard, nil, func(_ *cobra.Command, o reviewOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--rerender", "r"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Scenario != "eerst-een-thuis" || got.Rerender != "r" || got.Runs != 20 || got.Against != "baseline" || got.Format != "html" {
		t.Errorf("defaults %+v", got)
	}
}
