// This file implements series.csv.gz (issue 12, part 4): every run's
// monthly series, kept when a sweep is asked to (Config.KeepSeries).

package sweep

import (
	"compress/gzip"
	"io"
	"path/filepath"
	"strconv"

	"github.com/thuis-nl/thuis/model/output"
)

// SeriesFile is the table of every run's monthly series in a sweep
// directory (or a scenario's subdirectory) kept with Config.KeepSeries.
const SeriesFile = "series.csv.gz"

// writeSeries writes series.csv.gz from the runs' fan checkpoints: the
// series of fan.csv, run by run. Columns:
//
//	scenario  the scenario's name
//	run       the run, as in runs.csv (join on it for seeds, parameters, outcomes)
//	metric    a FanMetrics name, as in fan.csv
//	region    a region, or NL for the national total
//	date      the first of the month, YYYY-MM-DD
//	value     people or places on that date, a whole number
//
// Rows come in run order, then in fan.csv's order (metric, region, date).
// One run's series are read at a time, so memory does not grow with the
// runs; and since the checkpoints are the same however the runs were
// spread over workers, shards and resumes, so is the file: gzip without
// a name or time in its header, at a fixed level, gives the same bytes
// for the same rows.
func writeSeries(c checker, out string, n int) error {
	layout := fanLayout(len(c.info.Regions))
	snaps := len(c.info.Dates)
	regions := make([]string, len(c.info.Regions)+1)
	for i, r := range c.info.Regions {
		regions[i] = csvField(r)
	}
	regions[len(c.info.Regions)] = output.National
	scenario := csvField(c.info.Name)
	return output.WriteFile(filepath.Join(out, SeriesFile), func(w io.Writer) error {
		zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(zw, "scenario,run,metric,region,date,value\n"); err != nil {
			return err
		}
		values := make([]int32, len(layout)*snaps)
		var b []byte
		for i := 0; i < n; i++ {
			offset, err := c.fan(i)
			if err != nil {
				return err
			}
			if err := readFan(fanPath(c.dir, i), offset, values); err != nil {
				return err
			}
			// The first columns of every row of the run.
			head := append(append([]byte(scenario), ','), strconv.Itoa(i)...)
			for s, fs := range layout {
				name := FanMetrics[fs.metric].Name
				b = b[:0]
				for t := 0; t < snaps; t++ {
					b = append(b, head...)
					b = append(b, ',')
					b = append(b, name...)
					b = append(b, ',')
					b = append(b, regions[fs.region]...)
					b = append(b, ',')
					b = append(b, c.info.Dates[t]...)
					b = append(b, ',')
					b = strconv.AppendInt(b, int64(values[s*snaps+t]), 10)
					b = append(b, '\n')
				}
				if _, err := zw.Write(b); err != nil {
					return err
				}
			}
		}
		return zw.Close()
	})
}
