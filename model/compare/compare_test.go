package compare

import (
	"bytes"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/results"
)

var update = flag.Bool("update", false, "rewrite golden files")

// scenario builds a result by hand: the scorecard depends on nothing else.
func scenario(name string, runs int, scale float64) *results.Scenario {
	s := &results.Scenario{Name: name, Runs: runs, National: map[string]*results.Series{}, StayP90: map[int]results.Band{}}
	for _, m := range []string{"cbs_count", "ethos1", "open_large", "open_small", "housed"} {
		ser := &results.Series{}
		for y := 2021; y <= 2031; y++ {
			v := scale * float64(1000*(y-2020))
			ser.Dates = append(ser.Dates, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
			ser.Values = append(ser.Values, results.Band{Mean: v, P5: v * 0.9, P25: v, P50: v, P75: v, P95: v * 1.1})
		}
		s.National[m] = ser
	}
	for y := 2021; y <= 2030; y++ {
		s.StayP90[y] = results.Band{P50: 90 * scale}
	}
	s.Targets = []results.Target{
		{ID: "T1", Year: 2025, Reached: scale < 1, FirstReached: 2023, Runs: runs, Probability: 0.625, Low: 0.51, High: 0.73},
		{ID: "T2", Year: 2030, Runs: runs, Probability: 0, Low: 0, High: 0.04},
	}
	return s
}

func TestScorecardGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		scs  []*results.Scenario
		lang string
	}{
		{"runs.en", []*results.Scenario{scenario("plan", 1, 0.8), scenario("afbouw", 1, 1.2)}, "en"},
		{"runs.nl", []*results.Scenario{scenario("plan", 1, 0.8), scenario("afbouw", 1, 1.2)}, "nl"},
		{"sweeps.en", []*results.Scenario{scenario("plan", 200, 0.8), scenario("afbouw", 200, 0.8)}, "en"},
	} {
		var buf bytes.Buffer
		if err := Scorecard(&buf, c.scs, c.lang); err != nil {
			t.Fatal(err)
		}
		path := "testdata/" + c.name + ".golden"
		if *update {
			os.WriteFile(path, buf.Bytes(), 0o644)
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update creates it)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, buf.Bytes(), want)
		}
	}
	if err := Scorecard(&bytes.Buffer{}, nil, "en"); err == nil {
		t.Error("no scenarios: no error")
	}
}
