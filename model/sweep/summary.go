package sweep

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/thuis-nl/thuis/model/target"
)

// WriteSummary prints, per scenario of a finished sweep in dir, each
// target's probability of being reached with its 95% interval.
func WriteSummary(w io.Writer, dir string) error {
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
		fmt.Fprintf(w, "Scenario %s: %d runs (seed %d, sampler %s)\n\n", s.Name, man.Runs, man.Seed, man.Sampler)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "target\tyear\tP(reached)\t95% interval\tmedian value")
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		pct := func(s string) string {
			v, _ := strconv.ParseFloat(s, 64)
			return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
		}
		for _, r := range rows[1:] {
			median, _ := strconv.ParseFloat(r[col["value_p50"]], 64)
			unit := ""
			if m, ok := target.Metrics[r[col["metric"]]]; ok {
				unit = m.Unit
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t[%s, %s]\t%s\n", r[col["id"]], r[col["year"]], pct(r[col["probability"]]),
				pct(r[col["ci95_low"]]), pct(r[col["ci95_high"]]), target.Format(median, unit, "en"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}
