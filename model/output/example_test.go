package output_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/thuis-nl/thuis/model/output"
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
