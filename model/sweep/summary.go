package sweep

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/target"
)

// WriteSummary prints, per scenario of a finished sweep in dir, each
// target's probability of being reached with its 95% interval, in lang
// (en or nl).
func WriteSummary(w io.Writer, dir, lang string) error {
	man, err := readManifest(dir)
	if err != nil {
		return err
	}
	for _, s := range man.Scenarios {
		out := dir
		if len(man.Scenarios) > 1 {
			out = filepath.Join(dir, s.Name)
		}
		f, err := os.Open(filepath.Join(out, "targets.csv"))
		if err != nil {
			return err
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return err
		}
		if s.Policies != nil {
			fmt.Fprintf(w, i18n.T(lang, "sweep.scenario_policies")+"\n\n",
				s.Name, s.runs(man.Runs), len(s.Policies), man.Runs, man.Seed, man.Sampler)
		} else {
			fmt.Fprintf(w, i18n.T(lang, "sweep.scenario")+"\n\n", s.Name, man.Runs, man.Seed, man.Sampler)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, i18n.T(lang, "sweep.header"))
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		var bad error
		number := func(line int, name, s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if s == "" {
				v, err = 0, nil // no data
			}
			if err != nil && bad == nil {
				bad = fmt.Errorf("%s:%d: column %s: %q is not a number", filepath.Join(out, "targets.csv"), line, name, s)
			}
			return v
		}
		for i, r := range rows[1:] {
			if len(r) != len(rows[0]) {
				return fmt.Errorf("%s:%d: %d values, the header has %d", filepath.Join(out, "targets.csv"), i+2, len(r), len(rows[0]))
			}
			pct := func(name string) string {
				return i18n.Number(lang, 100*number(i+2, name, r[col[name]]), 1) + "%"
			}
			median := number(i+2, "value_p50", r[col["value_p50"]])
			unit := ""
			if m, ok := target.Metrics[r[col["metric"]]]; ok {
				unit = m.Unit
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t[%s, %s]\t%s\n", r[col["id"]], r[col["year"]], pct("probability"),
				pct("ci95_low"), pct("ci95_high"), target.Format(median, unit, lang))
		}
		if bad != nil {
			return bad
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}
