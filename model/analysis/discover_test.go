package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sweep"
)

// plantedSweep writes a sweep directory of n runs over a lever x (levels
// 0..3) and assumptions a and b (uniform on [0, 10]) in which target T is
// missed exactly when x ≤ 1 and a ≥ 6.
func plantedSweep(t *testing.T, n int) string {
	dir := t.TempDir()
	man := sweep.Manifest{Model: "thuis", Runs: n / 4, Replications: 1, Scenarios: []sweep.ScenarioInfo{{Name: "s", Columns: []string{"a", "b"},
		Levers: []string{"x"}, Policies: [][]float64{{0}, {1}, {2}, {3}}}}}
	data, _ := json.Marshal(man)
	if err := os.WriteFile(filepath.Join(dir, "sweep-config.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("run,policy,sample,replication,seed,events,lever.x.value,a,b,T.value,T.reached,T.first_reached\n")
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		x := float64(i / (n / 4))
		a, bb := 10*rnd.Float64(), 10*rnd.Float64()
		missed := x <= 1 && a >= 6
		fmt.Fprintf(&b, "%d,%d,0,0,1,1,%g,%g,%g,0,%t,\n", i, int(x), x, a, bb, !missed)
	}
	if err := os.WriteFile(filepath.Join(dir, "runs.csv"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDiscoverPlantedBox: PRIM over a sweep's runs.csv recovers the
// planted box, with the lever marked as a lever and b left free.
func TestDiscoverPlantedBox(t *testing.T) {
	dir := plantedSweep(t, 2000)
	d, err := Discover(DiscoverConfig{Dir: dir, Target: "T", MinDensity: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	st := d.Trajectory.Steps[d.Chosen]
	if st.Coverage < 0.9 || st.Density < 0.95 {
		t.Errorf("chosen box: coverage %.3f, density %.3f", st.Coverage, st.Density)
	}
	limits := map[string][2]float64{}
	for _, l := range d.Limits {
		limits[l.Name] = [2]float64{l.Low, l.High}
	}
	if len(limits) != 2 || limits["x"][1] != 1 || !math.IsInf(limits["x"][0], -1) || math.Abs(limits["a"][0]-6) > 0.2 {
		t.Errorf("box %v, want x ≤ 1 and a ≥ 6", d.Limits)
	}
	var box, traj, report bytes.Buffer
	if err := d.WriteBox(&box); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(box.String(), "\nx,lever,,1,") || !strings.Contains(box.String(), "\na,assumption,") {
		t.Errorf("box.csv:\n%s", box.String())
	}
	d.WriteTrajectory(&traj)
	if !strings.HasPrefix(traj.String(), "step,coverage,density,mass,cases,hits,pasted,restricted\n0,1,") {
		t.Errorf("trajectory.csv starts %q", traj.String()[:60])
	}
	d.WriteReport(&report)
	if !strings.Contains(report.String(), "lever      x ≤ 1") {
		t.Errorf("report:\n%s", report.String())
	}
	checkPackage(t, d.Package(), map[string]func(io.Writer) error{"trajectory.csv": d.WriteTrajectory, "box.csv": d.WriteBox})
}

// checkPackage writes files and the package that describes them into a
// directory, and checks them as a strict reader would
// (output.CheckDataPackage).
func checkPackage(t *testing.T, p *output.Package, files map[string]func(io.Writer) error) {
	t.Helper()
	dir := t.TempDir()
	for name, write := range files {
		if err := output.WriteFile(filepath.Join(dir, name), write); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Write(dir); err != nil {
		t.Fatal(err)
	}
	if err := output.CheckDataPackage(dir); err != nil {
		t.Error(err)
	}
}

func TestDiscoverErrors(t *testing.T) {
	dir := plantedSweep(t, 40)
	for _, c := range []struct {
		name string
		cfg  DiscoverConfig
		want string
	}{
		{"no sweep", DiscoverConfig{Dir: t.TempDir(), Target: "T"}, "discover: %s is not a sweep directory (no sweep-config.json)"},
		{"no target", DiscoverConfig{Dir: dir, Target: "T9"}, `discover: the sweep has no target "T9"; it has T`},
		{"other scenario", DiscoverConfig{Dir: dir, Target: "T", Scenario: "z"}, "discover: %s has no scenario z; it has s"},
		{"density", DiscoverConfig{Dir: dir, Target: "T", MinDensity: 2}, "discover: minimum density 2; want a share in (0, 1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Discover(c.cfg)
			want := c.want
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, c.cfg.Dir)
			}
			if err == nil || err.Error() != want {
				t.Errorf("error %v\nwant  %s", err, want)
			}
		})
	}
}
