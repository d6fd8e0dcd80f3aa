package observed_test

import (
	"testing"

	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/scenarios"
)

// TestShipped loads every shipped series and checks what the brief and
// FACTS.md fix: roles, the CBS series' two references, and margins.
func TestShipped(t *testing.T) {
	names := observed.Names(scenarios.FS)
	want := []string{"cbs", "evictions-aedes", "evictions-kbvg", "shelter-monitor-2023", "social-new-build", "social-relets", "wmo-verblijf-opvang"}
	if len(names) != len(want) {
		t.Fatalf("shipped series %q, want %q", names, want)
	}
	for i, n := range names {
		if n != want[i] {
			t.Fatalf("shipped series %q, want %q", names, want)
		}
		s, err := observed.LoadFS(scenarios.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range s.Observations {
			if !(o.SD() > 0) || !(o.Low < o.Value && o.Value < o.High) {
				t.Errorf("%s line %d: value %v, margin [%v, %v], sd %v", n, o.Line, o.Value, o.Low, o.High, o.SD())
			}
		}
	}
}

// TestShippedDiscrepancy: the Aedes evictions state their own model
// discrepancy, with why; the CBS count leaves it to the calibration.
func TestShippedDiscrepancy(t *testing.T) {
	a, err := observed.LoadFS(scenarios.FS, "evictions-aedes")
	if err != nil {
		t.Fatal(err)
	}
	if d := a.Model.Discrepancy; d == nil || d.Value != 0.2 || d.Assumption == "" {
		t.Errorf("evictions-aedes discrepancy %+v, want 0.2 with its reason", d)
	}
	c, err := observed.LoadFS(scenarios.FS, "cbs")
	if err != nil {
		t.Fatal(err)
	}
	if c.Model.Discrepancy != nil {
		t.Errorf("cbs states a discrepancy %+v; it should take the calibration's default", c.Model.Discrepancy)
	}
}
