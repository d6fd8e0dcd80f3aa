package calibrate_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/thuis-nl/thuis/model/calibrate"
	"github.com/thuis-nl/thuis/model/dist"
)

// normalMean simulates the mean of 25 draws of N(mu, 2²).
func normalMean(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
	return []float64{theta[0] + distuv.Normal{Mu: 0, Sigma: 0.4, Src: rand.NewPCG(seed, 0)}.Rand()}, nil
}

// config fits mu to an observed 1.3 with observation error sd 0.3: the
// posterior is N(1.3, 0.5²).
func config() calibrate.Config {
	return calibrate.Config{
		Params:  []calibrate.Parameter{{Name: "mu", Prior: dist.Spec{Kind: dist.Uniform, P: map[string]float64{"min": -10, "max": 10}}}},
		Targets: []calibrate.Target{{Name: "mean", Value: 1.3, SD: 0.3, Fit: true}},
		N:       1000,
		Seed:    1,
	}
}

func ExampleRun() {
	res, err := calibrate.Run(context.Background(), config(), normalMean)
	if err != nil {
		log.Fatal(err)
	}
	q := res.Quantiles(0.05, 0.5, 0.95)[0]
	fmt.Printf("mu: median %.1f, 90%% interval %.1f to %.1f\n", q[1], q[0], q[2])
	fmt.Printf("%d simulations in %d populations\n", res.Simulations, len(res.Populations))
	// Output:
	// mu: median 1.3, 90% interval 0.5 to 2.1
	// 12500 simulations in 24 populations
}

func ExampleResult_Predictive() {
	res, err := calibrate.Run(context.Background(), config(), normalMean)
	if err != nil {
		log.Fatal(err)
	}
	// The model's band, and the band a new observation would fall in.
	model, observed := res.Predictive(false, 0.05, 0.95)[0], res.Predictive(true, 0.05, 0.95)[0]
	fmt.Printf("model %.1f to %.1f, observation %.1f to %.1f\n", model[0], model[1], observed[0], observed[1])
	fmt.Printf("the observation is at percentile %.0f\n", 100*res.ObservedPercentile()[0])
	// Output:
	// model 0.1 to 2.2, observation 0.1 to 2.4
	// the observation is at percentile 51
}

func ExampleReadPosterior() {
	res, err := calibrate.Run(context.Background(), config(), normalMean)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteCSV(&buf); err != nil {
		log.Fatal(err)
	}
	post, err := calibrate.ReadPosterior(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v: %d particles, mean %.1f\n", post.Params, len(post.Particles), post.Means()[0])
	// Output:
	// [mu]: 500 particles, mean 1.3
}

func ExamplePosterior_Resample() {
	post := &calibrate.Posterior{
		Params:    []string{"a"},
		Particles: [][]float64{{1}, {2}},
		Weights:   []float64{0.25, 0.75},
	}
	twos := 0
	for _, p := range post.Resample(1000, 7) {
		if p[0] == 2 {
			twos++
		}
	}
	fmt.Printf("about three in four are 2: %v\n", twos > 700 && twos < 800)
	// Output:
	// about three in four are 2: true
}
