package explorer_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/thuis-nl/thuis/model/explorer"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

var screenshot = flag.String("screenshot", "", "TestBrowser saves its screenshot of the page here (default: a temporary directory)")

// requireBrowser names the variable that makes a missing browser a
// failure rather than a skip: .ci/run sets it, so CI never passes without
// the browser test having run.
const requireBrowser = "THUIS_REQUIRE_BROWSER"

// findBrowser returns Debian's chromium (or another Chromium-based
// browser) on the PATH.
func findBrowser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no chromium on the PATH: the explorer's browser test needs it (apt-get install chromium)"
	if os.Getenv(requireBrowser) != "" {
		t.Fatalf("%s; %s is set, so this is a failure", msg, requireBrowser)
	}
	t.Skip(msg)
	return ""
}

func newSession(t *testing.T) *explorer.Session {
	t.Helper()
	data, err := scenarios.FS.ReadFile("targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	targets, err := target.Parse("scenarios/targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := explorer.NewSession(scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}, "", targets)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// pageState is what window.thuisExplorer.state() returns.
type pageState struct {
	YAML      string             `json:"yaml"`
	BaseYAML  string             `json:"baseYaml"`
	FirstMs   *float64           `json:"firstMs"`
	Settings  map[string]float64 `json:"settings"`
	First     *pageRun           `json:"first"`
	BaseFirst *pageRun           `json:"baseFirst"`
	Runs      int                `json:"runs"`
	Timings   map[string]float64 `json:"timings"`
	Running   *struct {
		Base bool   `json:"base"`
		Seed uint64 `json:"seed"`
	} `json:"running"`
	Memory     float64 `json:"memory"`
	Digest     *string `json:"digest"`
	BaseDigest *string `json:"baseDigest"`
}

type pageRun struct {
	Seed      uint64  `json:"seed"`
	Events    uint64  `json:"events"`
	Scorecard string  `json:"scorecard"`
	Ms        float64 `json:"ms"`        // the run in the worker
	Continued string  `json:"continued"` // the checkpoint the run continued from
	Timing    struct {
		Parse, Simulate, Score float64
	} `json:"timing_ms"`
}

// TestBrowser opens the explorer from disk in headless Chromium, moves a
// lever as a user would, waits for the result, and checks that the page's
// engine (WebAssembly) gives the native engine's scorecard, and the same
// bytes of output, for the same variant and seed. It takes a screenshot.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the engine and runs a browser")
	}
	browser := findBrowser(t)
	root, err := explorer.FindModule(".")
	if err != nil {
		t.Fatal(err)
	}
	// A guard against a hung browser, not a speed test: on a shared
	// machine under load the whole test has taken four minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	engine, err := explorer.Toolchain{Env: os.Environ(), Dir: root}.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("engine built in %.1f s: %d bytes of wasm", time.Since(start).Seconds(), len(engine.Wasm))
	session := newSession(t)
	file := filepath.Join(t.TempDir(), "explorer.html")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := (explorer.Page{Session: session, Engine: engine, Lang: "en", Version: "test", Runs: 2}).Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(file)
	t.Logf("page: %d bytes", info.Size())

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.WindowSize(1400, 1500),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelBrowser()

	state := func() pageState {
		var s pageState
		if err := chromedp.Run(bctx, chromedp.Evaluate(`window.thuisExplorer ? window.thuisExplorer.state() : {}`, &s)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	waitFor := func(what string, ok func(s pageState) bool) pageState {
		for {
			s := state()
			if ok(s) {
				return s
			}
			var status string
			_ = chromedp.Run(bctx, chromedp.Text("#status", &status, chromedp.ByID))
			if strings.HasPrefix(status, "Failed") {
				t.Fatalf("waiting for %s, the page says: %s", what, status)
			}
			select {
			case <-ctx.Done():
				t.Fatalf("waiting for %s: %v (status: %s)", what, ctx.Err(), status)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}

	loadStart := time.Now()
	if err := chromedp.Run(bctx, chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
		t.Fatal(err)
	}
	base := waitFor("the unchanged scenario's first run", func(s pageState) bool { return s.BaseFirst != nil })
	t.Logf("opened to first result of the unchanged scenario: %.2f s (the run in the worker %.2f s; engine timings %v ms)", time.Since(loadStart).Seconds(), base.BaseFirst.Ms/1000, base.Timings)
	// A user reads the page before moving a lever; by then the engine
	// makes the unchanged scenario's second run, which the lever cancels.
	waitFor("the unchanged scenario's second run", func(s pageState) bool {
		return s.Running != nil && s.Running.Base && s.Running.Seed == 2
	})
	time.Sleep(300 * time.Millisecond)

	// Move a lever as a user does: the Wonen Eerst homes to 4,000 a year.
	if err := chromedp.Run(bctx,
		chromedp.SetValue("#c-clustered", "4000", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("c-clustered").dispatchEvent(new Event("change"))`, nil),
	); err != nil {
		t.Fatal(err)
	}
	moved := time.Now()
	got := waitFor("the changed scenario's first run and digest", func(s pageState) bool {
		return s.YAML != s.BaseYAML && s.First != nil && s.Digest != nil
	})
	t.Logf("lever moved to first result: %.2f s by the page's clock, from the change (the run in the worker %.2f s, continued from the checkpoint of %q), %.2f s to this test (with the digest, which follows); the engine's memory %.0f MB",
		*got.FirstMs/1000, got.First.Ms/1000, got.First.Continued, time.Since(moved).Seconds(), got.Memory/1e6)
	ft := got.First.Timing
	t.Logf("the changed scenario's first run in the worker: parse %.0f ms, simulate %.0f ms, score %.0f ms; the rest of the worker's %.0f ms and of the page's %.0f ms is messages, JSON and drawing",
		ft.Parse, ft.Simulate, ft.Score, got.First.Ms, *got.FirstMs)
	if got.First.Continued == "" {
		t.Errorf("the changed scenario's run did not continue from the unchanged one's checkpoint")
	}
	if got.Settings["clustered"] != 4000 || !strings.Contains(got.YAML, "2025-01-01: 4000") {
		t.Fatalf("the page's variant does not set 4000 Wonen Eerst homes:\n%s", got.YAML)
	}
	var address string
	if err := chromedp.Run(bctx, chromedp.Evaluate(`location.hash`, &address)); err != nil {
		t.Fatal(err)
	}
	if address != "#clustered=4000" {
		t.Errorf("address fragment %q, want #clustered=4000", address)
	}

	// The native engine from the start (thuis run FILE --seed 1), on the
	// file the page would download: not Session.Run, which continues a
	// checkpoint as the page does.
	for _, c := range []struct {
		name   string
		yaml   string
		run    *pageRun
		digest *string
	}{{"unchanged", base.BaseYAML, base.BaseFirst, nil}, {"changed", got.YAML, got.First, got.Digest}} {
		nativeStart := time.Now()
		sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Parse(session.VariantFile(), []byte(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		native, err := explorer.Simulate(ctx, sc, 1, session.Targets())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: native run %.2f s, %d events", c.name, time.Since(nativeStart).Seconds(), native.Events)
		if c.run.Scorecard != native.Scorecard {
			t.Errorf("%s: the page's scorecard differs from the native engine's:\npage:\n%s\nnative:\n%s", c.name, c.run.Scorecard, native.Scorecard)
		}
		if c.run.Events != native.Events {
			t.Errorf("%s: the page's run had %d events, the native %d", c.name, c.run.Events, native.Events)
		}
		if c.digest != nil {
			d, err := native.Digest()
			if err != nil {
				t.Fatal(err)
			}
			if *c.digest != d {
				t.Errorf("%s: the page's output digest %s differs from the native %s", c.name, *c.digest, d)
			}
		}
	}

	// The scorecard on the page shows the changed scenario's values.
	var rows int
	if err := chromedp.Run(bctx, chromedp.Evaluate(`document.querySelectorAll("#scorecard tr[data-target] td:nth-child(5) .yes, #scorecard tr[data-target] td:nth-child(5) .no").length`, &rows)); err != nil {
		t.Fatal(err)
	}
	if rows != len(session.Targets()) {
		t.Errorf("the page's scorecard shows %d results for the changed scenario, want %d", rows, len(session.Targets()))
	}

	// A band needs more runs: wait for the second, then take the picture.
	waitFor("two runs", func(s pageState) bool { return s.Runs >= 2 })
	var png []byte
	if err := chromedp.Run(bctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatal(err)
	}
	out := *screenshot
	if out == "" {
		out = filepath.Join(t.TempDir(), "explorer.png")
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)

	// A key assumption acts from 2023 too, and the CBS short stay, which
	// holds from the start, is recounted: both continue from the
	// checkpoint, and give the native engine's run from the start.
	prev := got.YAML
	for _, move := range []struct{ id, value string }{{"migration-rate", "3000"}, {"short-stay", "180"}} {
		if err := chromedp.Run(bctx,
			chromedp.SetValue("#c-"+move.id, move.value, chromedp.ByID),
			chromedp.Evaluate(`document.getElementById("c-`+move.id+`").dispatchEvent(new Event("change"))`, nil),
		); err != nil {
			t.Fatal(err)
		}
		assumed := waitFor("the first run with "+move.id+" changed", func(s pageState) bool {
			return s.YAML != prev && s.First != nil
		})
		prev = assumed.YAML
		at := assumed.First.Timing
		t.Logf("%s moved to first result: %.2f s by the page's clock (in the worker: parse %.0f ms, simulate %.0f ms, score %.0f ms; continued from %q)",
			move.id, *assumed.FirstMs/1000, at.Parse, at.Simulate, at.Score, assumed.First.Continued)
		if want := explorer.CheckpointDate.Format(time.DateOnly); assumed.First.Continued != want {
			t.Errorf("%s: the run continued from %q, want the checkpoint of %s", move.id, assumed.First.Continued, want)
		}
		sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Parse(session.VariantFile(), []byte(assumed.YAML))
		if err != nil {
			t.Fatal(err)
		}
		native, err := explorer.Simulate(ctx, sc, 1, session.Targets())
		if err != nil {
			t.Fatal(err)
		}
		if assumed.First.Scorecard != native.Scorecard || assumed.First.Events != native.Events {
			t.Errorf("with %s changed the page's run (%d events) differs from the native engine's (%d):\npage:\n%s\nnative:\n%s",
				move.id, assumed.First.Events, native.Events, assumed.First.Scorecard, native.Scorecard)
		}
	}

	// An address the page cannot read is said, not silently dropped.
	var notice string
	if err := chromedp.Run(bctx,
		chromedp.Evaluate(`location.hash = "#clustered=lots&homes=3"`, nil),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Text("#notice", &notice, chromedp.ByID),
	); err != nil {
		t.Fatal(err)
	}
	want := `The address holds "clustered=lots", which is no control with a number; it is ignored. The address holds "homes=3", which is no control with a number; it is ignored.`
	if notice != want {
		t.Errorf("notice %q, want %q", notice, want)
	}
}
