package output

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeString(path, s string) error {
	return WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, s); return err })
}

// put makes the files of a directory: name -> content.
func put(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAcquire: a directory is refused when it holds another kind of
// result, files thuis did not write, or is in use; the messages say which
// and what to do.
func TestAcquire(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  Kind
		mode  Mode
		err   string // with D for the directory; "" for none
	}{
		{"new directory", nil, RunKind, Exclusive, ""},
		{"empty but for a killed write's temporary file", map[string]string{".run.json.tmp123": "half"}, RunKind, Exclusive, ""},
		{"a run again", map[string]string{MarkerFile: `{"kind":"run"}`, "run.json": "{}"}, RunKind, Exclusive, ""},
		{"a run into a sweep", map[string]string{MarkerFile: `{"kind":"sweep","sweep":"ab"}`}, RunKind, Exclusive,
			"D holds a sweep, not a run; to replace it, remove it first"},
		{"a sweep into a run", map[string]string{MarkerFile: `{"kind":"run"}`}, SweepKind, Shared,
			"D holds a run, not a sweep; to replace it, remove it first"},
		{"a run into a comparison", map[string]string{MarkerFile: `{"kind":"comparison"}`}, RunKind, Exclusive,
			"D holds a comparison, not a run; to replace it, remove it first"},
		{"a sweep written before markers", map[string]string{"sweep-config.json": "{}"}, RunKind, Exclusive,
			"D holds a sweep, not a run; to replace it, remove it first"},
		{"a run written before markers", map[string]string{"run.json": "{}", "timeseries.csv": ""}, ComparisonKind, Exclusive,
			"D holds a run, not a comparison; to replace it, remove it first"},
		{"somebody's files", map[string]string{"thesis.tex": "..."}, RunKind, Exclusive,
			"D holds files thuis did not write (thesis.tex); results go into a new or empty directory, or one thuis wrote"},
		{"a broken marker", map[string]string{MarkerFile: `{"kin`}, RunKind, Exclusive,
			"D/result.json: not a thuis result marker"},
		{"a report of anything", map[string]string{MarkerFile: `{"kind":"sweep"}`}, "", Exclusive, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if c.files != nil {
				put(t, dir, c.files)
			}
			claim, err := Acquire(dir, c.want, c.mode)
			if c.err == "" {
				if err != nil {
					t.Fatalf("Acquire: %v", err)
				}
				claim.Release()
				if _, err := os.Stat(filepath.Join(filepath.Dir(dir), ".out.lock")); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("lock file left after release: %v", err)
				}
				if _, err := os.Stat(filepath.Join(dir, ".run.json.tmp123")); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("temporary file of a killed write not removed: %v", err)
				}
				return
			}
			want := strings.ReplaceAll(c.err, "D", dir)
			if err == nil || err.Error() != want {
				t.Fatalf("Acquire: %v\nwant: %s", err, want)
			}
		})
	}
}

// TestLock: one command at a time, but the shards of a sweep together.
func TestLock(t *testing.T) {
	defer func(w time.Duration) { sharedWait = w }(sharedWait)
	sharedWait = 50 * time.Millisecond
	dir := filepath.Join(t.TempDir(), "out")
	busy := dir + " is in use by another thuis command; wait until it ends"
	cases := []struct {
		first, second Mode
		refused       bool
	}{
		{Exclusive, Exclusive, true},
		{Exclusive, Shared, true},
		{Shared, Exclusive, true},
		{Shared, Shared, false},
	}
	for _, c := range cases {
		a, err := Acquire(dir, SweepKind, c.first)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Share(); err != nil {
			t.Fatal(err)
		}
		b, err := Acquire(dir, SweepKind, c.second)
		switch {
		case c.refused && (err == nil || err.Error() != busy):
			t.Errorf("%v then %v: %v, want %q", c.first, c.second, err, busy)
		case !c.refused && err != nil:
			t.Errorf("%v then %v: %v", c.first, c.second, err)
		}
		if b != nil {
			if b.Alone() {
				t.Errorf("%v then %v: the second claim thinks it is alone", c.first, c.second)
			}
			b.Release()
		}
		a.Release()
	}
	var be *BusyError
	a, _ := Acquire(dir, RunKind, Exclusive)
	_, err := Acquire(dir, RunKind, Exclusive)
	if !errors.As(err, &be) {
		t.Errorf("err = %T, want *BusyError", err)
	}
	a.Release()
}

func TestMarkAnotherSweep(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	c, err := Acquire(dir, SweepKind, Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if err := c.Mark(Marker{Kind: SweepKind, Sweep: "aaa"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Mark(Marker{Kind: SweepKind, Sweep: "aaa"}); err != nil {
		t.Errorf("marking the same sweep again: %v", err)
	}
	err = c.Mark(Marker{Kind: SweepKind, Sweep: "bbb"})
	if want := dir + " holds another sweep; a directory holds one sweep"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestAcquirePaths: paths that cannot hold results.
func TestAcquirePaths(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("afile", []byte("x"), 0o644)
	cases := []struct {
		dir  string
		want Kind
		err  string
	}{
		{"/", RunKind, "/: the root directory cannot hold results"},
		{"afile", RunKind, "afile is a file, not a directory"},
		{"afile", "", "afile is a file, not a directory"},
		{"afile/sub", RunKind, "afile/sub: cannot write results here: not a directory"},
		{"nodir", "", "nodir: no such directory"},
	}
	for _, c := range cases {
		_, err := Acquire(c.dir, c.want, Exclusive)
		if err == nil || err.Error() != c.err {
			t.Errorf("Acquire(%q, %q): %v, want %s", c.dir, c.want, err, c.err)
		}
	}
}

// readDir returns a directory's files and their contents.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			out[rel] = string(data)
		}
		return nil
	})
	return out
}

func same(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// replace writes files (name -> content) as a result, as thuis run does.
func replace(dir string, files map[string]string) error {
	c, err := Acquire(dir, RunKind, Exclusive)
	if err != nil {
		return err
	}
	defer c.Release()
	return c.Replace(Marker{Kind: RunKind}, func(stage string) error {
		for name, content := range files {
			if err := writeString(filepath.Join(stage, name), content); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestReplace(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := replace(dir, map[string]string{"a.csv": "old a", "b.csv": "old b"}); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	if before["a.csv"] != "old a" || !strings.Contains(before[MarkerFile], `"kind": "run"`) {
		t.Fatalf("first result: %v", before)
	}
	// A writer that fails half way leaves the previous result whole.
	c, _ := Acquire(dir, RunKind, Exclusive)
	boom := errors.New("boom")
	err := c.Replace(Marker{Kind: RunKind}, func(stage string) error {
		writeString(filepath.Join(stage, "a.csv"), "new a")
		return boom
	})
	c.Release()
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	if after := readDir(t, dir); !same(before, after) {
		t.Errorf("after a failed replacement: %v, want %v", after, before)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("left beside the result: %v", entries)
	}
	// A successful one replaces every file: none of the old is left.
	if err := replace(dir, map[string]string{"a.csv": "new a"}); err != nil {
		t.Fatal(err)
	}
	if after := readDir(t, dir); after["a.csv"] != "new a" || len(after) != 2 {
		t.Errorf("after replacing: %v", after)
	}
}

// TestRecoverKilledReplace: a command killed between moving the old
// result aside and moving the new one in; the next command puts the old
// one back and removes the unfinished new one.
func TestRecoverKilledReplace(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	put(t, filepath.Join(parent, ".out.old-123"), map[string]string{MarkerFile: `{"kind":"run"}`, "a.csv": "old"})
	put(t, filepath.Join(parent, ".out.new-456"), map[string]string{"a.csv": "half"})
	put(t, filepath.Join(parent, ".out.new-789"), map[string]string{"a.csv": "new, whole"})
	c, err := Acquire(dir, RunKind, Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
	if got := readDir(t, dir); got["a.csv"] != "old" {
		t.Errorf("the old result was not put back: %v", got)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("left beside the result: %v", entries)
	}
}

// mountTmpfs mounts a small tmpfs for fault injection, or skips.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("fault injection with a small tmpfs needs root (mount); not root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("fault injection needs a small tmpfs, and mount failed: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestReplaceDiskFull: a full disk while writing leaves the previous
// result whole, nothing beside it, and says what happened.
func TestReplaceDiskFull(t *testing.T) {
	mnt := mountTmpfs(t, "256k")
	dir := filepath.Join(mnt, "out")
	if err := replace(dir, map[string]string{"a.csv": strings.Repeat("a", 50_000)}); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	err := replace(dir, map[string]string{"a.csv": strings.Repeat("b", 50_000), "b.csv": strings.Repeat("c", 400_000)})
	if err == nil {
		t.Fatal("no error on a full disk")
	}
	want := dir + ": results not written: write of b.csv: no space left on device; the previous results, if any, are unchanged"
	if err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
	if after := readDir(t, dir); !same(before, after) {
		t.Errorf("after a full disk the result changed")
	}
	if entries, _ := os.ReadDir(mnt); len(entries) != 1 {
		t.Errorf("left beside the result: %v", entries)
	}
}

// TestReplaceReadOnly: a read-only directory. Root ignores permissions,
// so as root the file system is remounted read-only instead of chmod.
func TestReplaceReadOnly(t *testing.T) {
	var parent string
	if os.Geteuid() == 0 {
		parent = mountTmpfs(t, "1m")
	} else {
		parent = t.TempDir()
	}
	dir := filepath.Join(parent, "out")
	if err := replace(dir, map[string]string{"a.csv": "old"}); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	reason := "permission denied"
	if os.Geteuid() == 0 {
		if out, err := exec.Command("mount", "-o", "remount,ro", parent).CombinedOutput(); err != nil {
			t.Skipf("cannot remount read-only: %v %s", err, out)
		}
		reason = "read-only file system"
	} else {
		os.Chmod(parent, 0o555)
		t.Cleanup(func() { os.Chmod(parent, 0o755) })
	}
	err := replace(dir, map[string]string{"a.csv": "new"})
	want := dir + ": cannot write results here: " + reason
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
	if after := readDir(t, dir); !same(before, after) {
		t.Errorf("after a read-only failure the result changed")
	}
}
