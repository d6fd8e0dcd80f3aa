package analysis

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestReadCSVRoundTrip: what WriteCSV writes, ReadCSV reads back: the
// method, the factors, every index with its interval, a constant output
// (no rows) left out, and the key series told from the targets.
func TestReadCSVRoundTrip(t *testing.T) {
	nan := math.NaN()
	res := &Result{Method: "morris", Factors: []string{"a", "b"}, Outputs: []Output{
		{Name: "T1", Target: true, Indices: [][]Index{
			{{"mu_star", 3, 2, 4}, {"mu", -3, nan, nan}, {"sigma", 1, nan, nan}},
			{{"mu_star", 5, 4, 6}, {"mu", 5, nan, nan}, {"sigma", 0.5, nan, nan}},
		}},
		{Name: "T2", Target: true, Constant: true},
		{Name: "cbs_count.jan1.2025", Indices: [][]Index{
			{{"mu_star", 1, 0, 2}, {"mu", 1, nan, nan}, {"sigma", 0, nan, nan}},
			{{"mu_star", 0, 0, 0}, {"mu", 0, nan, nan}, {"sigma", 0, nan, nan}},
		}},
	}}
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV("sensitivity.csv", &b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Method != "morris" || strings.Join(got.Factors, ",") != "a,b" || len(got.Outputs) != 2 {
		t.Fatalf("read %+v", got)
	}
	o := got.Outputs[0]
	if o.Name != "T1" || !o.Target || o.Indices[1][0] != (Index{"mu_star", 5, 4, 6}) || !math.IsNaN(o.Indices[0][1].Low) {
		t.Errorf("T1 read as %+v", o)
	}
	if r := o.Ranked(); r[0] != 1 {
		t.Errorf("T1 ranks %v; want b first", r)
	}
	if s := got.Outputs[1]; s.Name != "cbs_count.jan1.2025" || s.Target {
		t.Errorf("key series read as %+v", s)
	}
	for _, c := range []struct{ in, want string }{
		{"x,y\n", "f.csv:1: columns [x y]; want [method output parameter index value low high] (a sensitivity.csv of thuis sensitivity)"},
		{"method,output,parameter,index,value,low,high\nfast,T1,a,mu,1,,\n", `f.csv:2: method "fast"; want morris or sobol`},
		{"method,output,parameter,index,value,low,high\nmorris,T1,a,mu,one,,\n", `f.csv:2: value "one" is not a number`},
		{"method,output,parameter,index,value,low,high\n", "f.csv: no rows"},
	} {
		if _, err := ReadCSV("f.csv", strings.NewReader(c.in)); err == nil || err.Error() != c.want {
			t.Errorf("error %v\nwant  %s", err, c.want)
		}
	}
}
