//go:build unix && !linux

// This file reads the CPU time of the process where a thread's own is not
// available.

package sim

import "syscall"

// cpuClock names what cpuSeconds measures.
const cpuClock = "process"

// cpuSeconds is the CPU time, user and system, of the whole process
// (getrusage RUSAGE_SELF): other goroutines running at the same time,
// such as the other workers of a sweep, count too.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
