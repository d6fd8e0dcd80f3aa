package results

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// TestUnreadableValues: a value that does not read is an error naming the
// file, line and column, never a 0.
func TestUnreadableValues(t *testing.T) {
	sc, err := loader.Load("../sweep/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, 3)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := target.Evaluate(res, targets(t))
	if err != nil {
		t.Fatal(err)
	}
	clean := t.TempDir()
	if err := output.WriteDir(clean, res, outs, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, file string
		line       int
		col        int // field to replace, 0-based
		value      string
		want       string // after "DIR/file:line: "
	}{
		{"a value that is not a number", "targets.csv", 2, 10, "12x4", `column value: "12x4" is not a number`},
		{"a NaN", "targets.csv", 3, 8, "NaN", `column threshold: "NaN" is not a number`},
		{"reached neither true nor false", "targets.csv", 2, 11, "yes", `column reached: "yes" is not true or false`},
		{"a year that is not a whole number", "targets.csv", 4, 2, "2025.5", `column year: "2025.5" is not a whole number`},
		{"a stock that is not a number", "timeseries.csv", 2, 4, "1e", `column value: "1e" is not a number`},
		{"a date that is not a date", "timeseries.csv", 5, 0, "2021-13-01", `column date: "2021-13-01" is not a date (YYYY-MM-DD)`},
		{"a stay of Inf days", "stays.csv", 2, 8, "Inf", `column days: "Inf" is not a number`},
	}
	// Whole files replaced: by garbage, by nothing, by their header only.
	// Each was read before as a run with no targets, series or stays.
	whole := []struct{ name, file, data, want string }{
		{"targets.csv is garbage", "targets.csv", "garbage\x00\xff", ":1: no column id: not the file thuis wrote (damaged or replaced)"},
		{"targets.csv is empty", "targets.csv", "", ": empty file"},
		{"targets.csv has only its header", "targets.csv", "id,year,metric,aggregate,from,comparator,threshold,value,reached,margin,first_reached\n", ": no rows after the header: the file was cut short"},
		{"timeseries.csv is garbage", "timeseries.csv", "garbage", ":1: no column region: not the file thuis wrote (damaged or replaced)"},
		{"stays.csv is another file", "stays.csv", "id,year\n1,2\n", ":1: no column start: not the file thuis wrote (damaged or replaced)"},
	}
	for _, c := range whole {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(clean)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.file)
			os.WriteFile(path, []byte(c.data), 0o644)
			if _, err := Load(dir); err == nil || err.Error() != path+c.want {
				t.Errorf("Load: %v\nwant  %s", err, path+c.want)
			}
		})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(clean)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.file)
			data, _ := os.ReadFile(path)
			lines := strings.SplitN(string(data), "\n", c.line+1)
			fields := strings.Split(lines[c.line-1], ",")
			fields[c.col] = c.value
			lines[c.line-1] = strings.Join(fields, ",")
			os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
			_, err := Load(dir)
			want := path + ":" + strconv.Itoa(c.line) + ": " + c.want
			if err == nil || err.Error() != want {
				t.Errorf("Load: %v\nwant  %s", err, want)
			}
		})
	}
}
