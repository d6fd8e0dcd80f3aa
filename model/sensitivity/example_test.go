package sensitivity_test

import (
	"fmt"
	"log"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/thuis-nl/thuis/model/sensitivity"
)

// A model of three parameters: a stay in shelter (months, gamma), an
// outflow rate (per month, uniform) that interacts with it, and a share
// that hardly matters.
func model(stay, outflow, share float64) float64 {
	return 100 + 4*stay - 300*outflow + 20*stay*outflow + 2*share
}

// toParams maps a unit point to parameter values by inverse CDFs.
func toParams(u []float64) (stay, outflow, share float64) {
	stay = distuv.Gamma{Alpha: 9, Beta: 1.5}.Quantile(u[0]) // mean 6 months
	outflow = distuv.Uniform{Min: 0.05, Max: 0.15}.Quantile(u[1])
	share = u[2]
	return
}

func ExampleMorris() {
	m := sensitivity.Morris{Trajectories: 20, Midpoints: true} // gamma quantiles of 0 and 1 are 0 and +Inf
	design, err := m.Design(3, rand.NewPCG(1, 2))
	if err != nil {
		log.Fatal(err)
	}
	y := make([]float64, len(design))
	for i, u := range design {
		y[i] = model(toParams(u))
	}
	effects, err := m.Analyze(design, y, rand.NewPCG(3, 4))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d runs, Δ = %.3f\n", len(design), m.Delta())
	for i, e := range effects {
		fmt.Printf("factor %d: μ* = %5.2f [%5.2f, %5.2f]  σ = %.2f\n", i, e.MuStar, e.MuStarCI.Low, e.MuStarCI.High, e.Sigma)
	}
	// Output:
	// 80 runs, Δ = 0.500
	// factor 0: μ* = 33.06 [31.00, 35.06]  σ = 4.75
	// factor 1: μ* = 19.60 [18.36, 20.74]  σ = 2.81
	// factor 2: μ* =  2.00 [ 2.00,  2.00]  σ = 0.00
}

func ExampleSaltelli() {
	s := sensitivity.Saltelli{N: 1024}
	fmt.Println("runs needed:", sensitivity.RunsNeeded(3, s.N))
	design, err := s.Design(3, rand.NewPCG(1, 2))
	if err != nil {
		log.Fatal(err)
	}
	y := make([]float64, len(design))
	for i, u := range design {
		y[i] = model(toParams(u))
	}
	indices, err := s.Analyze(3, y, rand.NewPCG(3, 4))
	if err != nil {
		log.Fatal(err)
	}
	for i, x := range indices {
		fmt.Printf("factor %d: S = %6.3f [%6.3f, %6.3f]  ST = %.3f [%.3f, %.3f]", i,
			x.First, x.FirstCI.Low, x.FirstCI.High, x.Total, x.TotalCI.Low, x.TotalCI.High)
		if x.FirstCI.CoversZero() {
			fmt.Print("  (S indistinguishable from 0)")
		}
		fmt.Println()
	}
	// Output:
	// runs needed: 5120
	// factor 0: S =  0.831 [ 0.746,  0.918]  ST = 0.839 [0.781, 0.901]
	// factor 1: S =  0.157 [ 0.124,  0.191]  ST = 0.164 [0.148, 0.182]
	// factor 2: S =  0.002 [-0.002,  0.006]  ST = 0.002 [0.002, 0.002]  (S indistinguishable from 0)
}

func ExampleSobol() {
	points := mat.NewDense(4, 2, nil)
	sensitivity.Sobol{}.Sample(points)
	fmt.Println(mat.Formatted(points))
	// Output:
	// ⎡   0     0⎤
	// ⎢ 0.5   0.5⎥
	// ⎢0.75  0.25⎥
	// ⎣0.25  0.75⎦
}

func ExampleSplitNoise() {
	// Five replications at each of 200 design points of a stochastic
	// model: output 50 + 30θ plus noise with standard deviation 5.
	rnd := rand.New(rand.NewPCG(1, 2))
	y := make([][]float64, 200)
	for i := range y {
		theta := rnd.Float64()
		for range 5 {
			y[i] = append(y[i], 50+30*theta+5*rnd.NormFloat64())
		}
	}
	noise, err := sensitivity.SplitNoise(y)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("noise variance %.1f (true 25), parameter variance %.1f (true %.0f)\n", noise.Within, noise.Parameters, 900.0/12)
	fmt.Printf("noise share of one run %.0f%%, of the means %.0f%%\n", 100*noise.Share(), 100*noise.MeanShare())
	fmt.Printf("%d means to compute indices on, each with noise sd %.1f\n", len(noise.Means), math.Sqrt(noise.Within/5))
	// Output:
	// noise variance 25.3 (true 25), parameter variance 79.4 (true 75)
	// noise share of one run 24%, of the means 6%
	// 200 means to compute indices on, each with noise sd 2.3
}
