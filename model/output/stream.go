// This file writes timeseries.csv and flows.csv while the run goes on
// (issue 10: thuis run within 1.3 times its simulation, output included).

package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// A Stream writes a run's timeseries.csv and flows.csv into a directory
// while the run goes on. Its [Stream.Observe] is the observer of
// [sim.RunObserving]: each month the run records is written on a
// goroutine of the file's own (the simulation keeps one core busy; a
// second core does this meanwhile), and every few megabytes the disk is
// asked to start writing, so that little is left to format and to sync
// when the run ends. [Stream.Finish] then writes the other files of
// [WriteDir] beside them, and evaluates the targets meanwhile. The bytes
// are those of [TimeSeries] and [Flows].
//
// The files are written atomically, as [WriteFile] does: they have their
// names only once Finish has written and synced them whole. [Stream.Abort]
// (after a failed or cancelled run) removes them.
type Stream struct {
	dir    string
	files  [2]*streamed
	latest atomic.Pointer[sim.Result] // what the run has recorded, as last observed
	end    chan struct{}              // closed when the run is over, or abandoned
	once   sync.Once
	over   bool // Finish has been called: Abort has nothing to do
}

// streamed is one file of a Stream.
type streamed struct {
	file *atomicFile
	w    writeback
	open func(io.Writer, *sim.Result) monthly // TimeSeries' or Flows' writer
	csv  monthly                              // nil until the first month
	wake chan struct{}                        // a month or more to write
	done chan struct{}                        // closed when its goroutine ends
}

// NewStream creates timeseries.csv and flows.csv in dir, under temporary
// names, and starts their goroutines. Give its Observe to
// sim.RunObserving, then call Finish with the run's Result, or Abort,
// on the goroutine that ran it.
func NewStream(dir string) (*Stream, error) {
	s := &Stream{dir: dir, end: make(chan struct{})}
	opens := [2]struct {
		name string
		open func(io.Writer, *sim.Result) monthly
	}{
		{"timeseries.csv", func(w io.Writer, r *sim.Result) monthly { return newTimeSeries(w, r) }},
		{"flows.csv", func(w io.Writer, r *sim.Result) monthly { return newFlows(w, r) }},
	}
	for i, o := range opens {
		f, err := createAtomic(filepath.Join(dir, o.name))
		if err != nil {
			for _, g := range s.files[:i] {
				g.file.discard()
			}
			return nil, err
		}
		s.files[i] = &streamed{file: f, w: writeback{f: f.File}, open: o.open, wake: make(chan struct{}, 1), done: make(chan struct{})}
	}
	for _, f := range s.files {
		go s.write(f)
	}
	return s, nil
}

// Observe takes what the run has recorded (see sim.RunObserving) and
// wakes the files' goroutines. It returns at once: a goroutine still busy
// with an earlier month finds r when it looks again.
func (s *Stream) Observe(r *sim.Result) {
	s.latest.Store(r)
	for _, f := range s.files {
		select {
		case f.wake <- struct{}{}:
		default: // already woken: it has yet to look
		}
	}
}

// write is file f's goroutine: it writes the months observed until the
// run is over.
func (s *Stream) write(f *streamed) {
	defer close(f.done)
	for {
		select {
		case <-f.wake:
			f.upTo(s.latest.Load())
		case <-s.end:
			return
		}
	}
}

// upTo writes the months of r that f has not written.
func (f *streamed) upTo(r *sim.Result) {
	if f.csv == nil {
		f.csv = f.open(&f.w, r)
	}
	f.csv.upTo(r)
}

// stop ends the goroutines and waits for them.
func (s *Stream) stop() {
	s.once.Do(func() {
		close(s.end)
		for _, f := range s.files {
			<-f.done
		}
	})
}

// Finish writes the run's files into the stream's directory, as WriteDir
// does: the months of timeseries.csv and flows.csv not yet written, from
// r, the run observed, and the other files. It evaluates the targets on
// r meanwhile (target.Evaluate), for targets.csv, and returns their
// outcomes. Every file is synced and has its name when Finish returns
// without error. On an error some may have been written: the directory
// is to be discarded, as Claim.Replace discards its new one.
func (s *Stream) Finish(r *sim.Result, targets []target.Target, command []string) ([]target.Outcome, error) {
	if s.over {
		return nil, errors.New("output: the stream is finished or aborted")
	}
	s.over = true
	s.stop()
	if seen := s.latest.Load(); seen != nil && len(seen.Snapshots) != len(r.Snapshots) {
		for _, f := range s.files {
			f.file.discard()
		}
		return nil, fmt.Errorf("output: the stream observed %d snapshots, the run has %d: not the run it observed", len(seen.Snapshots), len(r.Snapshots))
	}
	var outcomes []target.Outcome
	evaluate := func() ([]target.Outcome, error) {
		var err error
		outcomes, err = target.Evaluate(r, targets)
		return outcomes, err
	}
	if err := writeDir(s.dir, r, evaluate, command, s); err != nil {
		return nil, err
	}
	return outcomes, nil
}

// finish writes what is left of file f from the finished run r, and
// commits it.
func (f *streamed) finish(r *sim.Result) error {
	f.upTo(r)
	if err := f.csv.flush(); err != nil {
		f.file.discard()
		return fmt.Errorf("writing %s: %w", f.file.path, err)
	}
	return f.file.commit()
}

// Abort ends the stream of a run that failed or was cancelled: it stops
// the goroutines and removes the files. After Finish it does nothing, so
// it may be deferred.
func (s *Stream) Abort() {
	if s.over {
		return
	}
	s.over = true
	s.stop()
	for _, f := range s.files {
		f.file.discard()
	}
}

// writeback passes writes on to f and, every writebackEvery bytes, asks
// the system to start writing them to disk (startWriteback), so that the
// sync that commits the file at the end has little left to wait for:
// without it the page cache held the two files' 52 MB until then. (For
// stays.csv, written after the run in 30 ms or so, it made no
// difference: eight interleaved pairs, 144 against 147 ms beyond the
// simulation.)
type writeback struct {
	f                *os.File
	written, started int64
}

const writebackEvery = 4 << 20

func (w *writeback) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if w.written-w.started >= writebackEvery {
		startWriteback(w.f, w.started, w.written-w.started)
		w.started = w.written
	}
	return n, err
}
