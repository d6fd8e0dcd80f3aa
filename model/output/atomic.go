package output

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes a file atomically: to a temporary file in the same
// directory, synced, then renamed over path.
func WriteFile(path string, write func(w io.Writer) error) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(&writeback{f: f.File}, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		f.discard()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.commit()
}

// atomicFile is a file written atomically: under a temporary name in its
// directory until commit, synced, renames it to path. Until then a reader
// sees the previous file at path, or none, and never half a file.
type atomicFile struct {
	*os.File
	path string
}

// createAtomic creates path's temporary file, and the directory if need be.
func createAtomic(path string) (*atomicFile, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, err
	}
	return &atomicFile{File: f, path: path}, nil
}

// commit syncs the file and renames it to its path; if that fails, the
// temporary file is removed.
func (f *atomicFile) commit() error {
	err := f.Sync()
	if err == nil {
		err = f.Close()
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		f.discard()
	}
	return err
}

// discard closes and removes the temporary file.
func (f *atomicFile) discard() {
	f.Close()
	os.Remove(f.Name())
}

// writeback passes writes on to f and, every writebackEvery bytes, asks
// the system to start writing them to disk (startWriteback), so that the
// sync that commits a large file has little left to wait for. Without it
// the page cache holds a run's 66 MB until the syncs at the end, and
// the disk writes them then, all at once (issue 10).
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
