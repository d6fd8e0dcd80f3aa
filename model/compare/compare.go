// Package compare puts scenarios side by side: a scorecard with targets as
// rows and scenarios as columns, and the key numbers of 2025 and 2030 with
// their differences against the first scenario.
package compare

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/target"
)

// KeyNumber is one row of the key numbers: a national series at the end of
// a year, or a yearly statistic.
type KeyNumber struct {
	Key    string // label key
	Metric string // national series; "" for the p90 of stays
	Unit   string
	Year   int
}

// KeyNumbers are the rows of the comparison, per year.
func KeyNumbers(years ...int) []KeyNumber {
	var out []KeyNumber
	for _, y := range years {
		out = append(out,
			KeyNumber{"cbs_count", "cbs_count", "people", y},
			KeyNumber{"rough_sleeping", "ethos1", "people", y},
			KeyNumber{"places_large", "open_large", "places", y},
			KeyNumber{"places_small", "open_small", "places", y},
			KeyNumber{"housed", "housed", "people", y},
			KeyNumber{"stay_p90", "", "days", y},
		)
	}
	return out
}

// Value returns the key number of a scenario: a run's value, a sweep's
// median; ok is false when the scenario's run does not cover the year.
func (k KeyNumber) Value(s *results.Scenario) (float64, bool) {
	if k.Metric == "" {
		b, ok := s.StayP90[k.Year]
		return b.P50, ok
	}
	// "in year Y": the state at the end of Y, the snapshot of 1 January Y+1.
	b, ok := s.National[k.Metric].At(time.Date(k.Year+1, 1, 1, 0, 0, 0, 0, time.UTC))
	return b.P50, ok
}

// Label returns a label in lang, for the report as well (i18n, keys compare.*).
func Label(lang, key string) string { return i18n.T(lang, "compare."+key) }

// Cell is a scenario's result for a target, as text.
func Cell(t results.Target, lang string) string {
	if t.Runs > 1 {
		pct := func(v float64) string { return pctText(v, lang) }
		return fmt.Sprintf("%s [%s–%s]", pct(t.Probability), pct(t.Low), pct(t.High))
	}
	if t.Reached {
		return Label(lang, "reached")
	}
	if t.FirstReached != 0 {
		return Label(lang, "not_reached") + " (" + fmt.Sprintf(Label(lang, "first"), t.FirstReached) + ")"
	}
	return Label(lang, "not_reached")
}

func pctText(v float64, lang string) string {
	s := strconv.FormatFloat(100*v, 'f', 0, 64) + "%"
	return s
}

// Scorecard writes the side-by-side scorecard and key numbers.
func Scorecard(w io.Writer, scs []*results.Scenario, lang string) error {
	if len(scs) == 0 {
		return fmt.Errorf("compare: no scenarios")
	}
	if !i18n.Supported(lang) {
		return fmt.Errorf("language %q not supported; use en or nl", lang)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{Label(lang, "targets")}
	for _, s := range scs {
		col := s.Name
		if s.Runs > 1 {
			col += " (" + fmt.Sprintf(Label(lang, "runs"), s.Runs) + ")"
		}
		head = append(head, col)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for i, t := range scs[0].Targets {
		row := []string{fmt.Sprintf("%s (%d)", t.ID, t.Year)}
		for _, s := range scs {
			if i < len(s.Targets) && s.Targets[i].ID == t.ID {
				row = append(row, Cell(s.Targets[i], lang))
			} else {
				row = append(row, "-")
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	fmt.Fprintln(tw)
	head[0] = Label(lang, "key_numbers")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, k := range KeyNumbers(2025, 2030) {
		row := []string{fmt.Sprintf("%s %d", Label(lang, k.Key), k.Year)}
		ref, refOK := k.Value(scs[0])
		for j, s := range scs {
			v, ok := k.Value(s)
			switch {
			case !ok:
				row = append(row, "-")
			case j == 0 || !refOK:
				row = append(row, target.Format(v, k.Unit, lang))
			default:
				row = append(row, fmt.Sprintf("%s (%s)", target.Format(v, k.Unit, lang), signed(v-ref, k.Unit, lang)))
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// signed formats a difference with its sign; zero is "±0".
func signed(d float64, unit, lang string) string {
	if math.Round(d) == 0 {
		return "±0"
	}
	if d > 0 {
		return "+" + target.Format(d, unit, lang)
	}
	return target.Format(d, unit, lang)
}
