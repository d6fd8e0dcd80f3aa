package main

import (
	"bytes"
	"testing"
	"time"
)

// TestProgressLines: the lines a long command writes to a log, in both
// languages, with a clock the test moves: one at the start, one per 10%,
// one at the end, each with the rate and the time still to go.
func TestProgressLines(t *testing.T) {
	for _, c := range []struct {
		lang, want string
	}{
		{"en", `sweep: 0/4 runs (0%), 0.0 runs/s, ETA ?
sweep: 1/4 runs (25%), 0.5 runs/s, ETA 6s
sweep: 4/4 runs (100%), 0.7 runs/s, ETA 0s
`},
		{"nl", `sweep: 0/4 runs (0%), 0,0 runs/s, nog ?
sweep: 1/4 runs (25%), 0,5 runs/s, nog 6s
sweep: 4/4 runs (100%), 0,7 runs/s, nog 0s
`},
	} {
		t.Run(c.lang, func(t *testing.T) {
			clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var b bytes.Buffer
			p := newProgress(&b, func() time.Time { return clock }, c.lang, "sweep")
			for i, step := range []time.Duration{0, 2 * time.Second, 4 * time.Second} { // at 0, 2 and 6 s
				clock = clock.Add(step)
				p.update([]int{0, 1, 4}[i], 4)
			}
			p.finish()
			if b.String() != c.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), c.want)
			}
		})
	}
}

// TestSignificant: %g's digits with the language's decimal mark.
func TestSignificant(t *testing.T) {
	for _, c := range []struct {
		lang   string
		v      float64
		digits int
		want   string
	}{
		{"en", 0.8, -1, "0.8"},
		{"nl", 0.8, -1, "0,8"},
		{"nl", 1234.5, 3, "1,23e+03"},
		{"nl", 12, 3, "12"},
	} {
		if got := significant(c.lang, c.v, c.digits); got != c.want {
			t.Errorf("significant(%s, %g, %d) = %q, want %q", c.lang, c.v, c.digits, got, c.want)
		}
	}
}

// TestEveryProgressCommandTakesLang: each command that shows progress, or
// a line when it is done, has --lang, and refuses a language it cannot
// speak before it runs anything.
func TestEveryProgressCommandTakesLang(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{
		{"run", "baseline"},
		{"sweep", "baseline"},
		{"merge", "s", "--out", "m"},
		{"compare", "baseline"},
		{"costs", "eerst-een-thuis"},
		{"calibrate", "history"},
		{"sensitivity", "baseline"},
		{"require", "T1-count-below-2021", "--lever", "shelter.emergency"},
		{"report", "r"},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, stdout, stderr := thuis(t, append(args, "--lang", "fr")...)
			want := "thuis: --lang \"fr\" (or THUIS_LANG): use en or nl\n"
			if code != 1 || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, stdout, stderr, want)
			}
		})
	}
}
