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
	bw := bufio.NewWriterSize(f, 1<<16)
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
