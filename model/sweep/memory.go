// This file measures how much memory one run of a sweep takes, so that a
// sweep runs no more runs at once than the memory it is given holds
// (issue 9, part 7).

package sweep

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// heapBytes is the Go heap's objects, live or not yet collected: what a
// run costs in memory, garbage included.
const heapBytes = "/memory/classes/heap/objects:bytes"

// heapPeak samples the heap while a run runs alone.
type heapPeak struct {
	base, peak uint64
	done       chan struct{}
	wg         sync.WaitGroup
}

func readHeap() uint64 {
	s := []metrics.Sample{{Name: heapBytes}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// watchHeap starts sampling every millisecond, from a collected heap.
func watchHeap() *heapPeak {
	runtime.GC()
	h := &heapPeak{base: readHeap(), done: make(chan struct{})}
	h.peak = h.base
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.done:
				return
			case <-t.C:
				h.peak = max(h.peak, readHeap())
			}
		}
	}()
	return h
}

// stop ends sampling and returns the peak above the base.
func (h *heapPeak) stop() uint64 {
	close(h.done)
	h.wg.Wait()
	h.peak = max(h.peak, readHeap())
	return h.peak - h.base
}

func bytesString(b uint64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(b)/(1<<20))
	default:
		return fmt.Sprintf("%.0f kB", float64(b)/(1<<10))
	}
}
