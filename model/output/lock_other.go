//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package output

import "errors"

var errBusy = errors.New("busy")

// lockFile is no lock: on this system thuis does not lock result
// directories, and two commands writing one directory at once are not
// refused. What a directory holds is still checked.
type lockFile struct{}

func lock(path string, mode Mode) (*lockFile, bool, error) { return &lockFile{}, true, nil }
func (l *lockFile) share() error                           { return nil }
func (l *lockFile) release(exclusive bool)                 {}
