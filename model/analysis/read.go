// This file implements reading a sensitivity result back from the
// directory thuis sensitivity wrote, for reports and reviews.

package analysis

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// Main is the position in each factor's indices of the index the
// factors are ranked by: μ* (Morris) or ST (Sobol').
func (o *Output) Main() int { return o.main() }

// ReadDir reads dir/sensitivity.csv, as Result.WriteCSV wrote it: the
// method, the factors, and per output its indices with their intervals
// and its noise split. What the file does not hold is left zero: the
// design's points and replications, each output's mean and unit, and
// whether it is a target (an output whose name is not a key series,
// cbs_count.jan1.YEAR or rough_sleeping.jan1.YEAR, is taken for one).
// Every problem names the file, line and column.
func ReadDir(dir string) (*Result, error) {
	path := filepath.Join(dir, "sensitivity.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCSV(path, f)
}

// ReadCSV reads a sensitivity.csv from r; name is used in messages.
func ReadCSV(name string, r io.Reader) (*Result, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	want := []string{"method", "output", "parameter", "index", "value", "low", "high"}
	if !slices.Equal(head, want) {
		return nil, fmt.Errorf("%s:1: columns %v; want %v (a sensitivity.csv of thuis sensitivity)", name, head, want)
	}
	res := &Result{}
	outputs := map[string]int{}
	factors := map[string]int{}
	type cell struct{ output, factor, index int }
	values := map[cell]Index{}
	indexNames := []string{}
	line := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		num := func(col int, empty float64) (float64, error) {
			if rec[col] == "" {
				return empty, nil
			}
			v, err := strconv.ParseFloat(rec[col], 64)
			if err != nil {
				return 0, fmt.Errorf("%s:%d: %s %q is not a number", name, line, want[col], rec[col])
			}
			return v, nil
		}
		method, out, param, index := rec[0], rec[1], rec[2], rec[3]
		switch {
		case method != "morris" && method != "sobol":
			return nil, fmt.Errorf("%s:%d: method %q; want morris or sobol", name, line, method)
		case res.Method != "" && method != res.Method:
			return nil, fmt.Errorf("%s:%d: method %s after %s; a file holds one analysis", name, line, method, res.Method)
		}
		res.Method = method
		o, ok := outputs[out]
		if !ok {
			o = len(res.Outputs)
			outputs[out] = o
			res.Outputs = append(res.Outputs, Output{Name: out, Target: !keySeries(out)})
		}
		v, err := num(4, 0)
		if err != nil {
			return nil, err
		}
		if param == "(noise)" {
			continue // the noise split is not needed to rank drivers
		}
		lo, err := num(5, math.NaN())
		if err != nil {
			return nil, err
		}
		hi, err := num(6, math.NaN())
		if err != nil {
			return nil, err
		}
		fi, ok := factors[param]
		if !ok {
			fi = len(res.Factors)
			factors[param] = fi
			res.Factors = append(res.Factors, param)
		}
		ii := slices.Index(indexNames, index)
		if ii < 0 {
			ii = len(indexNames)
			indexNames = append(indexNames, index)
		}
		values[cell{o, fi, ii}] = Index{Name: index, Value: v, Low: lo, High: hi}
	}
	if res.Method == "" {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	for o := range res.Outputs {
		out := &res.Outputs[o]
		any := false
		for f := range res.Factors {
			var idx []Index
			for i := range indexNames {
				if x, ok := values[cell{o, f, i}]; ok {
					idx = append(idx, x)
					any = true
				}
			}
			out.Indices = append(out.Indices, idx)
		}
		if !any {
			out.Indices, out.Constant = nil, true
			continue
		}
		for f, idx := range out.Indices {
			if len(idx) != len(indexNames) {
				return nil, fmt.Errorf("%s: output %s, parameter %s has %d indices; want %d (%v)", name, out.Name, res.Factors[f], len(idx), len(indexNames), indexNames)
			}
		}
	}
	return res, nil
}

// keySeries reports whether an output is one of SeriesMetrics on 1
// January of a year, not a target.
func keySeries(name string) bool {
	for _, m := range SeriesMetrics {
		if len(name) > len(m)+6 && name[:len(m)+6] == m+".jan1." {
			return true
		}
	}
	return false
}
