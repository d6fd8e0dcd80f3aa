package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestOutputsPinned pins the bytes of every CSV of one run of the small
// sweep test scenario (model/sweep/testdata/small.yaml, seed 1) by their
// SHA-256, so a change meant only to make the engine or the writers faster
// cannot change a result unnoticed. The scenario extends the shipped plan,
// so a change to the shipped scenarios changes these hashes too: regenerate
// with go test ./model/output -run TestOutputsPinned -update, in a commit
// that says why.
func TestOutputsPinned(t *testing.T) {
	dir := writeSmallRun(t)
	var got bytes.Buffer
	for _, name := range []string{"timeseries.csv", "flows.csv", "stays.csv", "targets.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&got, "%x  %s\n", sha256.Sum256(b), name)
	}
	golden(t, "testdata/small-seed1.sha256", got.Bytes())
}

// golden compares got with the file at path, or rewrites the file with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./model/output -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the outputs:\n%s\n(if the change of results is intended, run go test ./model/output -run TestOutputsPinned -update)", path, got)
	}
}

// writeSmallRun writes the output of one run of the sweep test scenario
// (model/sweep/testdata/small.yaml, seed 1) with the shipped targets into
// a temporary directory and returns it.
func writeSmallRun(t *testing.T) string {
	t.Helper()
	sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Load("../sweep/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := scenarios.FS.ReadFile("targets.yaml")
	ts, err := target.Parse("targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := target.Evaluate(res, ts)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteDir(dir, res, outs, nil); err != nil {
		t.Fatal(err)
	}
	return dir
}
