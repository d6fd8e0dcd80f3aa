package output

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunDataPackage writes a run's output and checks every file against
// its datapackage.json with a strict reader (CheckDataPackage): columns
// described, in order, once each, safe for R; units present; every value
// of its type.
func TestRunDataPackage(t *testing.T) {
	dir := writeSmallRun(t)
	if err := CheckDataPackage(dir); err != nil {
		t.Fatal(err)
	}
	ts5 := readCSVRows(t, filepath.Join(dir, "targets.csv"))
	if got := strings.Join(ts5[0][:3], ","); got != "scenario,id,year" {
		t.Errorf("targets.csv starts %s", got)
	}
	for _, r := range ts5[1:] {
		if r[0] != "small" || r[9] == "" {
			t.Errorf("targets.csv row %v: want scenario small and a unit", r)
		}
	}

	// The check finds what a strict reader would trip on.
	for _, c := range []struct {
		name, file, content, want string
	}{
		{"duplicate column", "targets.csv", "", "is there twice"},
		{"unsafe name", "targets.csv", "", "not a safe name"},
		{"bad value", "targets.csv", "", `"x" is not a finite number`},
		{"ragged row", "targets.csv", "", "wrong number of fields"},
		{"undescribed file", "extra.csv", "a\n1\n", "extra.csv: not described in datapackage.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := t.TempDir()
			for _, n := range []string{"timeseries.csv", "flows.csv", "stays.csv", "targets.csv", DataPackageFile} {
				b, err := os.ReadFile(filepath.Join(dir, n))
				if err != nil {
					t.Fatal(err)
				}
				s := string(b)
				if n == "targets.csv" {
					lines := strings.SplitN(s, "\n", 3)
					switch c.name {
					case "duplicate column":
						lines[0] = strings.Replace(lines[0], "margin", "value", 1)
					case "unsafe name":
						lines[0] = strings.Replace(lines[0], "margin", "T1-margin", 1)
					case "bad value":
						f := strings.Split(lines[1], ",")
						f[10] = "x"
						lines[1] = strings.Join(f, ",")
					case "ragged row":
						lines[1] += ",1"
					}
					s = strings.Join(lines, "\n")
				}
				if n == DataPackageFile && (c.name == "duplicate column" || c.name == "unsafe name") {
					from := `"name": "margin"`
					to := map[string]string{"duplicate column": `"name": "value"`, "unsafe name": `"name": "T1-margin"`}[c.name]
					s = strings.Replace(s, from, to, 1)
				}
				if err := os.WriteFile(filepath.Join(bad, n), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if c.content != "" {
				os.WriteFile(filepath.Join(bad, c.file), []byte(c.content), 0o644)
			}
			err := CheckDataPackage(bad)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("CheckDataPackage = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestSeed(t *testing.T) {
	if got := Seed(0x9e3779b97f4a7c15); got != "0x9e3779b9_7f4a7c15" {
		t.Errorf("Seed = %s", got)
	}
}

func readCSVRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
