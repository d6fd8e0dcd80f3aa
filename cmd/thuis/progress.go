package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress shows a sweep's progress: a bar redrawn in place on a
// terminal, a line now and then otherwise (logs, CI, Slurm output files).
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	now      func() time.Time
	start    time.Time
	first    int // runs already done at the start (resume)
	last     time.Time
	lastDone int
	drawn    bool
	what     string // the line's prefix; "" means sweep
}

// newProgress writes to w; now is the clock (nil: time.Now).
func newProgress(w io.Writer, now func() time.Time) *progress {
	if now == nil {
		now = time.Now
	}
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progress{w: w, tty: tty, now: now, start: now(), first: -1}
}

func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	if p.first < 0 {
		p.first = done
	}
	elapsed := t.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done-p.first) / elapsed
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	if p.tty {
		const width = 30
		filled := width * done / max(total, 1)
		fmt.Fprintf(p.w, "\r[%s%s] %d/%d runs  %.1f runs/s  ETA %s ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total, rate, eta)
		p.drawn = true
		return
	}
	// A line at the start, every 10% and every 30 s, and at the end.
	step := max(total/10, 1)
	if done == p.first || done == total || done/step != p.lastDone/step || t.Sub(p.last) >= 30*time.Second {
		what := p.what
		if what == "" {
			what = "sweep"
		}
		fmt.Fprintf(p.w, "%s: %d/%d runs (%d%%), %.1f runs/s, ETA %s\n", what, done, total, 100*done/max(total, 1), rate, eta)
		p.last = t
	}
	p.lastDone = done
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
