// This file guards result directories (issue 9, part 4): one command at a
// time writes a directory, a directory holds one kind of result (and one
// sweep), and a run's files are replaced together or not at all.

package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// Kind is what a result directory holds.
type Kind string

const (
	RunKind         Kind = "run"         // thuis run: one simulation
	SweepKind       Kind = "sweep"       // thuis sweep or merge
	ComparisonKind  Kind = "comparison"  // thuis compare
	AnalysisKind    Kind = "analysis"    // thuis sensitivity, discover or require
	CalibrationKind Kind = "calibration" // thuis calibrate
)

// MarkerFile names the file that says what a result directory holds.
const MarkerFile = "result.json"

// Marker is result.json.
type Marker struct {
	Kind Kind `json:"kind"`
	// Sweep identifies a sweep: the SHA-256 of its sweep-config.json.
	// Empty for the other kinds.
	Sweep   string `json:"sweep,omitempty"`
	Version string `json:"version"`
}

func (m Marker) String() string {
	switch m.Kind {
	case "":
		return "nothing"
	case RunKind:
		return "a run"
	case SweepKind:
		return "a sweep"
	case AnalysisKind:
		return "an analysis"
	default:
		return "a " + string(m.Kind)
	}
}

// legacy are the files that said what a directory held before markers.
var legacy = []struct {
	file string
	kind Kind
}{{"compare.json", ComparisonKind}, {"sweep-config.json", SweepKind}, {"run.json", RunKind}, {"calibration.json", CalibrationKind}}

// ReadMarker says what dir holds. A directory written before markers
// existed is recognised by its files; a missing or empty directory holds
// nothing (Kind ""). A directory with other files is an error: thuis
// writes only into directories it made.
func ReadMarker(dir string) (Marker, error) {
	data, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if err == nil {
		var m Marker
		if err := json.Unmarshal(data, &m); err != nil || m.Kind == "" {
			return Marker{}, fmt.Errorf("%s: not a thuis result marker", filepath.Join(dir, MarkerFile))
		}
		return m, nil
	}
	if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		return Marker{}, err
	}
	for _, l := range legacy {
		if _, err := os.Stat(filepath.Join(dir, l.file)); err == nil {
			return Marker{Kind: l.kind}, nil
		}
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Marker{}, nil
	}
	if err != nil {
		return Marker{}, err
	}
	for _, e := range entries {
		if !isTemp(e.Name()) {
			return Marker{}, &KindError{Dir: dir, Foreign: e.Name()}
		}
	}
	return Marker{}, nil
}

// KindError is a directory that holds another kind of result, another
// sweep, or files thuis did not write.
type KindError struct {
	Dir        string
	Held, Want Marker
	Foreign    string // a file thuis did not write, if that is the problem
}

func (e *KindError) Error() string {
	switch {
	case e.Foreign != "":
		return fmt.Sprintf("%s holds files thuis did not write (%s); results go into a new or empty directory, or one thuis wrote", e.Dir, e.Foreign)
	case e.Held.Kind == e.Want.Kind:
		return fmt.Sprintf("%s holds another sweep; a directory holds one sweep", e.Dir)
	default:
		return fmt.Sprintf("%s holds %s, not %s; to replace it, remove it first", e.Dir, e.Held, e.Want)
	}
}

// BusyError is a directory another thuis command is writing (or, for a
// sweep, another sweep is writing).
type BusyError struct{ Dir string }

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s is in use by another thuis command; wait until it ends", e.Dir)
}

// sharedWait is how long a shared claim waits for an exclusive holder:
// shards started together wait while the first sets the directory up.
var sharedWait = 10 * time.Second

// Mode is how a command holds a directory.
type Mode uint8

const (
	// Exclusive: no other command uses the directory meanwhile.
	Exclusive Mode = iota
	// Shared: the shards of one sweep write into one directory together;
	// a command that wants it exclusively is refused.
	Shared
)

// Claim is a command's hold on a result directory, from Acquire to
// Release. On Linux, macOS and the BSDs the hold is an advisory lock
// (flock) on a hidden file beside the directory, .<name>.lock, so it
// survives the directory being replaced and ends when the process does,
// even by kill -9. On other systems there is no lock: Acquire only checks
// what the directory holds.
type Claim struct {
	Dir       string // as given
	abs       string
	lock      *lockFile
	mode      Mode
	exclusive bool
}

// Acquire claims dir for a result of kind want ("" to read or add to
// whatever thuis result is there, as a report does). It refuses a
// directory in use (a [*BusyError]) and one that holds another kind of
// result (a [*KindError]). A command that has the directory to itself
// first removes what killed commands left: temporary files, and a
// replacement that never finished (see [Claim.Replace]).
func Acquire(dir string, want Kind, mode Mode) (*Claim, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return nil, fmt.Errorf("%s: the root directory cannot hold results", dir)
	}
	st, err := os.Stat(abs)
	switch {
	case err == nil && !st.IsDir():
		return nil, fmt.Errorf("%s is a file, not a directory", dir)
	case want == "" && errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such directory", dir)
	case want == "" && err != nil:
		return nil, err
	case want != "":
		if err := os.MkdirAll(parent, 0o755); err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s: cannot write results here: %v", dir, pe.Err)
			}
			return nil, err
		}
	}
	c := &Claim{Dir: dir, abs: abs, mode: mode}
	if c.lock, c.exclusive, err = lock(filepath.Join(parent, "."+filepath.Base(abs)+".lock"), mode); err != nil {
		var pe *os.PathError
		switch {
		case errors.Is(err, errBusy):
			return nil, &BusyError{Dir: dir}
		case errors.As(err, &pe):
			return nil, fmt.Errorf("%s: cannot write results here: %v", dir, pe.Err)
		}
		return nil, err
	}
	if c.exclusive {
		if err := recoverReplace(abs); err != nil {
			c.Release()
			return nil, err
		}
	}
	held, err := ReadMarker(dir) // as given, for messages
	var ke *KindError
	if errors.As(err, &ke) {
		ke.Dir = dir
		if want == "" {
			err = nil // a reader says itself what it cannot read
		}
	}
	if err == nil && want != "" && held.Kind != "" && held.Kind != want {
		err = &KindError{Dir: dir, Held: held, Want: Marker{Kind: want}}
	}
	if err != nil {
		c.Release()
		return nil, err
	}
	if c.exclusive {
		removeTemps(abs)
	}
	return c, nil
}

// Alone reports whether the claim is exclusive: no other command holds
// the directory.
func (c *Claim) Alone() bool { return c.exclusive }

// Held returns what the directory holds now.
func (c *Claim) Held() (Marker, error) { return ReadMarker(c.abs) }

// Mark writes the directory's marker; held.Sweep, if both are set, must
// be m.Sweep. Only an exclusive claim marks.
func (c *Claim) Mark(m Marker) error {
	if !c.exclusive {
		return fmt.Errorf("%s: marking a directory needs it to itself", c.Dir)
	}
	held, err := ReadMarker(c.abs)
	if err != nil {
		return err
	}
	if held.Kind != "" && (held.Kind != m.Kind || held.Sweep != "" && m.Sweep != "" && held.Sweep != m.Sweep) {
		return &KindError{Dir: c.Dir, Held: held, Want: m}
	}
	return writeMarker(c.abs, m)
}

func writeMarker(dir string, m Marker) error {
	if m.Version == "" {
		m.Version = Version
	}
	return WriteFile(filepath.Join(dir, MarkerFile), func(w io.Writer) error { return JSON(w, m) })
}

// Share turns an exclusive claim in Shared mode into a shared one, once
// the directory is set up, so that other shards of the same sweep may
// join.
func (c *Claim) Share() error {
	if c.mode != Shared || !c.exclusive {
		return nil
	}
	c.exclusive = false
	return c.lock.share()
}

// Release ends the claim. The last holder removes the lock file.
func (c *Claim) Release() {
	if c.lock != nil {
		c.lock.release(c.exclusive)
		c.lock = nil
	}
}

// Replace writes a result as a whole: write fills a new directory beside
// the claimed one, m is marked in it, and it then takes the old one's
// place. If write fails (a full disk, say) or the command is killed, the
// previous result stays as it was; the next command on the directory
// removes the unfinished new one.
func (c *Claim) Replace(m Marker, write func(dir string) error) error {
	if !c.exclusive {
		return fmt.Errorf("%s: replacing a directory needs it to itself", c.Dir)
	}
	parent, base := filepath.Split(c.abs)
	stage, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return c.failed(err)
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		os.RemoveAll(stage)
		return c.failed(err)
	}
	if err := write(stage); err != nil {
		os.RemoveAll(stage)
		return c.failed(err)
	}
	if err := writeMarker(stage, m); err != nil {
		os.RemoveAll(stage)
		return c.failed(err)
	}
	if _, err := os.Lstat(c.abs); err == nil {
		old := filepath.Join(parent, "."+base+".old-"+strings.TrimPrefix(filepath.Base(stage), "."+base+".new-"))
		if err := os.Rename(c.abs, old); err != nil {
			os.RemoveAll(stage)
			return c.failed(err)
		}
		// Killed here, the next Acquire puts old back.
		if err := os.Rename(stage, c.abs); err != nil {
			os.Rename(old, c.abs)
			os.RemoveAll(stage)
			return c.failed(err)
		}
		os.RemoveAll(old)
	} else if err := os.Rename(stage, c.abs); err != nil {
		os.RemoveAll(stage)
		return c.failed(err)
	}
	syncDir(parent)
	return nil
}

// failed says that a replacement was not made for a file system error,
// and why, without the temporary names.
func (c *Claim) failed(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		name := strings.TrimPrefix(filepath.Base(pe.Path), ".")
		if i := strings.Index(name, ".tmp"); i > 0 {
			name = name[:i]
		}
		if strings.HasPrefix(name, filepath.Base(c.abs)+".new-") || strings.HasPrefix(name, filepath.Base(c.abs)+".old-") {
			name = "the directory"
		}
		return fmt.Errorf("%s: results not written: %s of %s: %v; the previous results, if any, are unchanged", c.Dir, pe.Op, name, pe.Err)
	}
	return err // the writer's own error, such as a failed simulation
}

// recoverReplace finishes what a killed Replace left beside dir: an old
// result moved aside goes back if dir is missing, and unfinished new
// directories and moved-aside old ones are removed.
func recoverReplace(dir string) error {
	parent, base := filepath.Split(dir)
	olds, _ := filepath.Glob(filepath.Join(parent, "."+globEscape(base)+".old-*"))
	news, _ := filepath.Glob(filepath.Join(parent, "."+globEscape(base)+".new-*"))
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		if err := os.Rename(olds[len(olds)-1], dir); err != nil {
			return err
		}
		olds = olds[:len(olds)-1]
	}
	for _, d := range append(olds, news...) {
		os.RemoveAll(d)
	}
	return nil
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	return r.Replace(s)
}

// tempName matches the temporary files of WriteFile: ".NAME.tmpDIGITS".
var tempName = regexp.MustCompile(`^\..+\.tmp[0-9]+$`)

func isTemp(name string) bool { return tempName.MatchString(name) }

// removeTemps removes, anywhere under dir, the temporary files of writes
// that a killed command never finished.
func removeTemps(dir string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isTemp(d.Name()) {
			os.Remove(path)
		}
		return nil
	})
}

// RemoveTemps removes the temporary files of killed writes in dir (not
// below it). For directories that are not claimed as a whole, such as a
// report's figures.
func RemoveTemps(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() && isTemp(e.Name()) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
