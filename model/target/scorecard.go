package target

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

var words = map[string]map[string]string{
	"en": {"reached": "reached", "not": "not reached", "never": "never", "header": "target\tyear\tvalue\tthreshold\tresult\tfirst reached",
		"summary": "Scenario %s (seed %d): %d of %d targets reached", "none": "Scenario %s (seed %d): no target to test"},
	"nl": {"reached": "doel bereikt", "not": "niet bereikt", "never": "nooit", "header": "doel\tjaar\twaarde\tnorm\tresultaat\tvoor het eerst",
		"summary": "Scenario %s (seed %d): %d van %d doelen bereikt", "none": "Scenario %s (seed %d): geen doel om te toetsen"},
}

// Languages lists the languages of the scorecard.
var Languages = []string{"en", "nl"}

// WriteScorecard prints a scorecard table in lang ("en" or "nl").
func WriteScorecard(w io.Writer, scenario string, seed uint64, outcomes []Outcome, lang string) error {
	t, ok := words[lang]
	if !ok {
		return fmt.Errorf("language %q not supported; use %s", lang, strings.Join(Languages, " or "))
	}
	if len(outcomes) == 0 {
		_, err := fmt.Fprintf(w, t["none"]+"\n\n", scenario, seed)
		return err
	}
	reached := 0
	for _, o := range outcomes {
		if o.Reached {
			reached++
		}
	}
	fmt.Fprintf(w, t["summary"]+"\n\n", scenario, seed, reached, len(outcomes))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, t["header"])
	for _, o := range outcomes {
		res := t["not"]
		if o.Reached {
			res = t["reached"]
		}
		first := t["never"]
		if o.FirstReached != 0 {
			first = strconv.Itoa(o.FirstReached)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s %s\t%s\t%s\n", o.ID, o.Year, Format(o.Value, Metrics[o.Metric].Unit, lang),
			o.Comparator, Format(o.Threshold, Metrics[o.Metric].Unit, lang), res, first)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, o := range outcomes {
		fmt.Fprintf(w, "  %s: %s\n", o.ID, o.Description[lang])
	}
	return nil
}

// Format renders a value for people: thousands separated, shares as
// percentages, days whole.
func Format(v float64, unit, lang string) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return fmt.Sprint(v)
	}
	sep, dec := ",", "."
	if lang == "nl" {
		sep, dec = ".", ","
	}
	switch unit {
	case "share":
		return strings.Replace(strconv.FormatFloat(v*100, 'f', 1, 64), ".", dec, 1) + "%"
	case "ratio":
		return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", dec, 1)
	}
	n := int64(math.Round(v))
	s := strconv.FormatInt(abs(n), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	if n < 0 {
		s = "-" + s
	}
	return s
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// jsonOutcome is one target in the --json scorecard.
type jsonOutcome struct {
	ID           string  `json:"id"`
	Year         int     `json:"year"`
	Metric       string  `json:"metric"`
	Comparator   string  `json:"comparator"`
	Reached      bool    `json:"reached"`
	Value        float64 `json:"value"`
	Threshold    float64 `json:"threshold"`
	Margin       float64 `json:"margin"`
	FirstReached *int    `json:"first_reached"` // null if never
}

// WriteJSON prints the scorecard as a JSON list of targets.
func WriteJSON(w io.Writer, outcomes []Outcome) error {
	out := make([]jsonOutcome, 0, len(outcomes))
	for _, o := range outcomes {
		j := jsonOutcome{ID: o.ID, Year: o.Year, Metric: o.Metric, Comparator: o.Comparator, Reached: o.Reached,
			Value: math.Round(o.Value*1e4) / 1e4, Threshold: o.Threshold, Margin: math.Round(o.Margin*1e4) / 1e4}
		if o.FirstReached != 0 {
			y := o.FirstReached
			j.FirstReached = &y
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // comparators read as < and >, not \u003c
	return enc.Encode(out)
}
