package analysis_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
)

// How many shelter places does an M/M/c queue need at 950 and at 1,050
// arrivals a year for half the runs to have a mean wait under 6 days?
func ExampleRequireTradeoff() {
	sc, err := scenario.Loader{}.Load("testdata/mmc-lever.yaml")
	if err != nil {
		log.Fatal(err)
	}
	wait := target.Target{ID: "wait", Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: 6}
	tr, err := analysis.RequireTradeoff(context.Background(), analysis.TradeoffConfig{
		RequireConfig: analysis.RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency", Range: []float64{80, 94}, Prob: 0.5, Runs: 4, Grid: 3, Seed: 1},
		Second:        "inflow.arrivals.rate", SecondValues: []float64{950, 1050}})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range tr.Points {
		fmt.Printf("%.0f a year: %.0f places\n", p.Second, p.Requirement.Value)
	}
	// Output:
	// 950 a year: 83 places
	// 1050 a year: 91 places
}

// One grid of a lever answers several targets at once.
func ExampleLeverGrid() {
	sc, err := scenario.Loader{}.Load("testdata/mmc-lever.yaml")
	if err != nil {
		log.Fatal(err)
	}
	var tgs []target.Target
	for _, days := range []float64{10, 3} {
		tgs = append(tgs, target.Target{ID: fmt.Sprintf("wait-%g", days), Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: days})
	}
	g, err := analysis.LeverGrid(context.Background(), analysis.GridConfig{Scenario: sc, Targets: tgs, Lever: "shelter.emergency",
		Range: []float64{84, 90}, Grid: 7, Prob: 0.5, Runs: 6, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for k, r := range g.Requirements {
		fmt.Printf("%s: %.0f places\n", tgs[k].ID, r.Value)
	}
	// Output:
	// wait-10: 86 places
	// wait-3: 88 places
}

// A sensitivity result read back from sensitivity.csv.
func ExampleReadCSV() {
	csv := `method,output,parameter,index,value,low,high
morris,T1,a,mu_star,3,2,4
morris,T1,a,mu,3,,
morris,T1,a,sigma,1,,
morris,T1,b,mu_star,5,4,6
morris,T1,b,mu,-5,,
morris,T1,b,sigma,0.5,,
`
	res, err := analysis.ReadCSV("sensitivity.csv", strings.NewReader(csv))
	if err != nil {
		log.Fatal(err)
	}
	o := &res.Outputs[0]
	top := o.Ranked()[0]
	fmt.Printf("%s is driven most by %s (μ* = %g)\n", o.Name, res.Factors[top], o.Indices[top][o.Main()].Value)
	// Output:
	// T1 is driven most by b (μ* = 5)
}
