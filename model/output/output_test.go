package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "old\n"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half a new fi")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("after a failed write the file holds %q, want the old content", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func run(t *testing.T, seed uint64) (*sim.Result, []target.Outcome) {
	t.Helper()
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Load("afbouw-zonder-woningen")
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, seed)
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
	return res, outs
}

// TestOutputFiles: every CSV parses, has a constant number of columns, and
// the national rows are the sums of the regional ones. Same seed, same
// bytes; run.json differs only in timing.
func TestOutputFiles(t *testing.T) {
	res, outs := run(t, 9)
	a, b := t.TempDir(), t.TempDir()
	if err := WriteDir(a, res, outs, nil); err != nil {
		t.Fatal(err)
	}
	res2, outs2 := run(t, 9)
	if err := WriteDir(b, res2, outs2, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"timeseries.csv", "flows.csv", "stays.csv", "targets.csv"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		rows, err := csv.NewReader(bytes.NewReader(x)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rows) < 2 {
			t.Errorf("%s: no data rows", name)
		}
	}
	var m1, m2 Manifest
	for dir, m := range map[string]*Manifest{a: &m1, b: &m2} {
		data, _ := os.ReadFile(filepath.Join(dir, "run.json"))
		if err := json.Unmarshal(data, m); err != nil {
			t.Fatal(err)
		}
	}
	m1.WallSeconds, m2.WallSeconds, m1.CPUSeconds, m2.CPUSeconds = 0, 0, 0, 0
	if m1.SHA256 == "" || len(m1.SHA256) != 64 || m1.Events == 0 || m1.Seed != 9 {
		t.Errorf("run.json incomplete: %+v", m1)
	}
	if !equalJSON(m1, m2) {
		t.Errorf("run.json differs beyond timing:\n%+v\n%+v", m1, m2)
	}

	// National rows are sums of regions.
	f, _ := os.Open(filepath.Join(a, "timeseries.csv"))
	defer f.Close()
	rows, _ := csv.NewReader(f).ReadAll()
	sums := map[string]int64{}
	national := map[string]int64{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseInt(r[4], 10, 64)
		if err != nil {
			t.Fatalf("value %q: %v", r[4], err)
		}
		key := r[0] + "|" + r[2] + "|" + r[3]
		if r[1] == National {
			national[key] = v
		} else {
			sums[key] += v
		}
	}
	if len(national) == 0 {
		t.Fatal("no national rows")
	}
	for k, v := range national {
		if sums[k] != v {
			t.Fatalf("%s: national %d, regions add to %d", k, v, sums[k])
		}
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestCSVField(t *testing.T) {
	for in, want := range map[string]string{"Den Haag": "Den Haag", "a,b": `"a,b"`, `say "hi"`: `"say ""hi"""`} {
		if got := CSVField(in); got != want {
			t.Errorf("CSVField(%q) = %q, want %q", in, got, want)
		}
	}
}
