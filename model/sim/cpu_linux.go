// This file reads the CPU time of the thread a run runs on, so a run's
// cost is measured apart from other tenants of a shared machine.

package sim

import "syscall"

// cpuClock names what cpuSeconds measures.
const cpuClock = "thread"

// cpuSeconds is the CPU time, user and system, of the calling OS thread
// (getrusage RUSAGE_THREAD). Run locks its goroutine to the thread, so the
// difference of two readings is the run's own CPU time, without the
// garbage collector's background workers (about 1% of a run).
func cpuSeconds() float64 {
	const rusageThread = 1 // RUSAGE_THREAD, not exported by syscall
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
