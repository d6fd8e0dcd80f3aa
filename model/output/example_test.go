package output_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

// A seed as runs.csv writes it, and read back exactly.
func ExampleSeed() {
	s := output.Seed(8649169938864056875)
	back, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s, back)
	// Output:
	// 0x7808063b_effaaa2b 8649169938864056875
}

// Describe a CSV file in a data package, and check the file against it.
func ExampleCheckDataPackage() {
	dir, err := os.MkdirTemp("", "package")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "counts.csv"), []byte("scenario,year,people\nplan,2025,30088\nplan,2030,x\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	p := output.NewPackage("example", "Counts", "people per year")
	p.Add("counts.csv", "one row per year", []output.Field{
		output.ScenarioField,
		{Name: "year", Type: "integer", Unit: "year", Description: "the year"},
		{Name: "people", Type: "integer", Unit: "people", Description: "people counted on 1 January"},
	}, "year")
	if err := p.Write(dir); err != nil {
		log.Fatal(err)
	}
	err = output.CheckDataPackage(dir)
	fmt.Println(strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	// Output:
	// counts.csv: line 3: column people: "x" is not an integer
}

// Write a run's monthly files while it goes on, then the others: what
// thuis run does, in the new directory that is to replace its output.
func ExampleStream() {
	sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Load("../sweep/testdata/small.yaml")
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "run")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := output.NewStream(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Abort() // removes the files if the run fails
	res, err := sim.RunObserving(context.Background(), sc, 1, s.Observe)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := s.Finish(res, nil, nil); err != nil {
		log.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// datapackage.json
	// flows.csv
	// run.json
	// stays.csv
	// targets.csv
	// timeseries.csv
}
