package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/thuis-nl/thuis/model/i18n"
)

// progress shows the progress of many runs (a sweep, a comparison, a
// search): a bar redrawn in place on a terminal, a line now and then
// otherwise (logs, CI, Slurm output files), in the language of --lang.
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
	lang     string // of the words and numbers
	what     string // the line's prefix: the command that runs
}

// newProgress writes to w in lang; now is the clock (nil: time.Now) and
// what the command that shows it (sweep, require, ...), first on a line.
func newProgress(w io.Writer, now func() time.Time, lang, what string) *progress {
	if now == nil {
		now = time.Now
	}
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progress{w: w, tty: tty, now: now, start: now(), first: -1, lang: lang, what: what}
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
		fmt.Fprintf(p.w, "\r[%s%s] "+i18n.T(p.lang, "progress.bar")+" ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
			done, total, i18n.Number(p.lang, rate, 1), eta)
		p.drawn = true
		return
	}
	// A line at the start, every 10% and every 30 s, and at the end.
	step := max(total/10, 1)
	if done == p.first || done == total || done/step != p.lastDone/step || t.Sub(p.last) >= 30*time.Second {
		fmt.Fprintf(p.w, i18n.T(p.lang, "progress.line")+"\n", p.what, done, total, 100*done/max(total, 1), i18n.Number(p.lang, rate, 1), eta)
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

// significant formats v as %g does, with digits significant digits (-1:
// as many as needed), and a decimal comma in Dutch: 0,8 and 1,25e+03.
// Thousands are not grouped; [i18n.Number] groups a fixed number of
// decimals.
func significant(lang string, v float64, digits int) string {
	s := strconv.FormatFloat(v, 'g', digits, 64)
	if lang == "nl" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
