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
		"--targets", "t.yaml", "--seed", "3", "--workers", "2", "--lang", "nl"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := requireOptions{Target: "T2", Lever: "shelter.emergency", Prob: 0.9, Runs: 20, Scenario: "s.yaml", Range: []float64{10, 20}, Grid: 5,
		Targets: "t.yaml", Seed: 3, Workers: 2, Lang: "nl"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
