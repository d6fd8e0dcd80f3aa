//go:build !unix

// This file stands in where no CPU clock is read.

package sim

// cpuClock names what cpuSeconds measures.
const cpuClock = "none"

// cpuSeconds is 0: no CPU clock is read on this system.
func cpuSeconds() float64 { return 0 }
