//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package output

import (
	"errors"
	"os"
	"syscall"
	"time"
)

var errBusy = errors.New("busy")

// lockFile is an flock(2) lock on a file beside a result directory.
type lockFile struct{ f *os.File }

// lock takes the lock at path. Exclusive mode wants it alone, and does
// not wait: a held lock is errBusy. Shared mode takes it alone when it can
// (exclusive reports that) and shares it with other shared holders
// otherwise, waiting up to sharedWait for an exclusive holder to let go.
func lock(path string, mode Mode) (l *lockFile, exclusive bool, err error) {
	deadline := time.Now().Add(sharedWait)
	for {
		l, exclusive, err = tryLock(path, mode)
		if !errors.Is(err, errBusy) || mode != Shared || time.Now().After(deadline) {
			return l, exclusive, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tryLock(path string, mode Mode) (l *lockFile, exclusive bool, err error) {
	// A lock file is removed by its last holder; one opened just before
	// that is unlinked, so after locking check that the path still names
	// the file locked, and retry if not.
	for try := 0; try < 10; try++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, false, err
		}
		fd := int(f.Fd())
		exclusive = true
		err = flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) && mode == Shared {
			exclusive = false
			err = flock(fd, syscall.LOCK_SH|syscall.LOCK_NB)
		}
		if err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, false, errBusy
			}
			return nil, false, err
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return &lockFile{f}, exclusive, nil
		}
		f.Close()
	}
	return nil, false, errBusy
}

func flock(fd, how int) error {
	for {
		err := syscall.Flock(fd, how)
		if err != syscall.EINTR {
			return err
		}
	}
}

// share turns an exclusive lock into a shared one. flock converts by
// unlocking first; waiting is safe, since whoever takes the lock in
// between only checks the directory's marker and lets go.
func (l *lockFile) share() error { return flock(int(l.f.Fd()), syscall.LOCK_SH) }

// release removes the lock file if this is the last holder, and unlocks.
func (l *lockFile) release(exclusive bool) {
	if exclusive || flock(int(l.f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
		os.Remove(l.f.Name())
	}
	l.f.Close()
}
