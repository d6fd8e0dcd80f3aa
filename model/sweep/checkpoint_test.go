package sweep

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
)

// checkpointSweep runs the small sweep once per test binary and returns a
// copy of its directory.
func checkpointSweep(t *testing.T) (dir, clean string) {
	t.Helper()
	clean = t.TempDir()
	mustRun(t, config(t, clean))
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(clean)); err != nil {
		t.Fatal(err)
	}
	return dir, clean
}

// TestDamagedCheckpoints: every way a checkpoint can be damaged is named
// with its file and what is wrong; --resume runs it again and the outputs
// are those of the undamaged sweep; Merge and Verify refuse it.
func TestDamagedCheckpoints(t *testing.T) {
	dir, clean := checkpointSweep(t)
	parts := partsDir(dir, "small")
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	flip := func(path string, bit int) {
		data := read(path)
		data[bit/8] ^= 1 << (bit % 8)
		os.WriteFile(path, data, 0o644)
	}
	cases := []struct {
		name   string
		damage func()
		want   string // the message after the file's path
	}{
		{"empty", func() { os.WriteFile(recordPath(parts, 1), nil, 0o644) }, "run-000001.rec: empty (0 bytes): the run did not finish writing it"},
		{"truncated", func() {
			data := read(recordPath(parts, 2))
			os.WriteFile(recordPath(parts, 2), data[:len(data)/2], 0o644)
		},
			"run-000002.rec: truncated: 423 bytes, its header says 847"},
		{"one bit flipped in the payload", func() { flip(recordPath(parts, 3), 8*60+3) }, "run-000003.rec: checksum mismatch: the file is damaged"},
		{"one bit flipped in the run number", func() { flip(recordPath(parts, 4), 8*10) }, "run-000004.rec: checksum mismatch: the file is damaged"},
		{"copied over another run", func() { os.WriteFile(recordPath(parts, 5), read(recordPath(parts, 6)), 0o644) }, "run-000005.rec: holds run 6, not run 5"},
		{"a fan file copied over another", func() { os.WriteFile(fanPath(parts, 7), read(fanPath(parts, 8)), 0o644) }, "run-000007.fan: holds run 8, not run 7"},
		{"a fan file with a flipped bit", func() { flip(fanPath(parts, 9), 8*5000+1) }, "run-000009.fan: checksum mismatch: the file is damaged"},
		{"a record where the fan file belongs", func() { os.WriteFile(fanPath(parts, 10), read(recordPath(parts, 10)), 0o644) }, "run-000010.fan: holds a run record, not fan series"},
		{"an old gob checkpoint", func() { os.WriteFile(recordPath(parts, 11), []byte("\x1d\xff\x81\x03\x01\x01\x06record"), 0o644) }, "run-000011.rec: not a thuis checkpoint"},
	}
	var want []string
	for _, c := range cases {
		c.damage()
		want = append(want, filepath.Join(parts, c.want))
	}
	// Verify (what report uses) and Merge refuse the first, naming it.
	if err := Verify(dir); err == nil || err.Error() != want[0] {
		t.Errorf("Verify: %v\nwant    %s", err, want[0])
	}
	if _, err := Merge([]string{dir}, t.TempDir(), targets(t), nil); err == nil || err.Error() != "merge: "+want[0]+"; rerun that shard with --resume" {
		t.Errorf("Merge: %v", err)
	}
	// Finalize too.
	if _, err := Finalize(dir, targets(t), 0, nil); err == nil || !strings.Contains(err.Error(), want[0]) {
		t.Errorf("Finalize: %v", err)
	}
	cfg := config(t, dir)
	cfg.Resume = true
	sum := mustRun(t, cfg)
	var got []string
	for _, err := range sum.Damaged {
		got = append(got, err.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("damaged checkpoints found on resume:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sum.Done != 12 || !sum.Finalized {
		t.Errorf("resumed: %+v", sum)
	}
	sameOutputs(t, clean, dir)
	if err := Verify(dir); err != nil {
		t.Errorf("after --resume: %v", err)
	}
}

// TestEveryBitFlipIsFound: each single-bit flip in a record is caught.
func TestEveryBitFlipIsFound(t *testing.T) {
	rec := &record{Run: 3, Seed: 42, Events: 1000, Values: []float64{1, 2.5}, Outcomes: []outcome{{Value: 3, Reached: true, First: 2027}},
		Metrics: []float64{7, 8, 9}}
	data := encodeCheckpoint(kindRecord, "small", 3, encodeRecord(rec))
	for bit := 0; bit < 8*len(data); bit++ {
		d := bytes.Clone(data)
		d[bit/8] ^= 1 << (bit % 8)
		if _, _, err := decodeCheckpoint(d, kindRecord, "small", 3); err == nil {
			t.Fatalf("bit %d flipped: accepted", bit)
		}
	}
}

func TestShardWithNoRuns(t *testing.T) {
	cfg := config(t, t.TempDir())
	cfg.Runs, cfg.Shard = 3, Shard{5, 8}
	_, err := Run(context.Background(), cfg)
	if want := "sweep: shard 5/8 has no runs: 3 runs per scenario over 8 shards; use at most 3 shards"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// FuzzCheckpoint: no input makes decoding panic or allocate beyond its
// size, and what decodes encodes back to the same bytes.
func FuzzCheckpoint(f *testing.F) {
	rec := &record{Run: 3, Seed: 42, Events: 1000, Values: []float64{1, 2.5}, Outcomes: []outcome{{Value: 3, Reached: true, First: 2027}},
		Metrics: []float64{7, 8, 9}}
	good := encodeCheckpoint(kindRecord, "small", 3, encodeRecord(rec))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte("thuis-ck\x01r"))
	f.Add(encodeCheckpoint(kindFan, "small", 3, []byte{1, 2, 3, 4}))
	f.Add(encodeRecord(rec))
	f.Fuzz(func(t *testing.T, data []byte) {
		if payload, _, err := decodeCheckpoint(data, kindRecord, "small", 3); err == nil {
			if r, err := decodeRecord(payload); err == nil && !bytes.Equal(encodeRecord(r), payload) {
				t.Errorf("record does not encode back to its payload")
			}
		}
		// The payload decoder on its own, as if the checksum matched.
		if r, err := decodeRecord(data); err == nil && !bytes.Equal(encodeRecord(r), data) {
			t.Errorf("record does not encode back to its bytes")
		}
	})
}

// TestMemoryCapsWorkers: with less memory than the workers asked for
// need, the sweep runs fewer at once, says so, and gives the same
// outputs.
func TestMemoryCapsWorkers(t *testing.T) {
	clean := t.TempDir()
	mustRun(t, config(t, clean))
	cfg := config(t, t.TempDir())
	cfg.Workers, cfg.Memory = 4, 1<<20
	var notices []string
	cfg.Notice = func(s string) { notices = append(notices, s) }
	mustRun(t, cfg)
	if len(notices) != 1 || !strings.HasPrefix(notices[0], "sweep: 4 runs at once would need about ") ||
		!strings.HasSuffix(notices[0], "; 1 MB is available, so 1 run at once") {
		t.Errorf("notices: %q", notices)
	}
	sameOutputs(t, clean, cfg.Out)
	// Enough memory: no notice.
	cfg = config(t, t.TempDir())
	cfg.Workers, cfg.Memory = 2, 1<<40
	cfg.Notice = func(s string) { t.Errorf("notice with 1 TB: %s", s) }
	mustRun(t, cfg)
	sameOutputs(t, clean, cfg.Out)
}

func TestNegativeWorkers(t *testing.T) {
	cfg := config(t, t.TempDir())
	cfg.Workers = -5
	_, err := Run(context.Background(), cfg)
	if want := "sweep: workers must be at least 1 (or 0: as many as cores), got -5"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestShardsShareADirectory: shards started together into one directory
// all run, and the outputs are the unsharded sweep's.
func TestShardsShareADirectory(t *testing.T) {
	clean := t.TempDir()
	mustRun(t, config(t, clean))
	dir := t.TempDir()
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			cfg := config(t, dir)
			cfg.Shard = Shard{i, 3}
			_, err := Run(context.Background(), cfg)
			errs <- err
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if _, err := Finalize(dir, targets(t), 0, nil); err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, clean, dir)
	// An unsharded sweep is refused while shards hold the directory.
	cfg := config(t, dir)
	cfg.Shard = Shard{0, 3}
	cfg.Resume = true
	claim, err := output.Acquire(dir, output.SweepKind, output.Shared)
	if err != nil {
		t.Fatal(err)
	}
	claim.Share()
	defer claim.Release()
	whole := config(t, dir)
	whole.Resume = true
	if _, err := Run(context.Background(), whole); err == nil || err.Error() != dir+" is in use by another thuis command; wait until it ends" {
		t.Errorf("an unsharded sweep beside shards: %v", err)
	}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Errorf("a shard beside shards: %v", err)
	}
}
