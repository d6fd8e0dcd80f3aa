//go:build js && wasm

// Command wasm is the explorer's engine in the browser: model/sim, the
// shipped scenarios and the targets, compiled with GOOS=js GOARCH=wasm and
// run in a Web Worker of the page thuis explorer writes. It puts three
// functions on the worker's global object, each taking and returning JSON
// text, and then waits to be called:
//
//	thuisInit(base)           -> {"ok": true} | {"error": "..."}
//	thuisVariant(settings)    -> {"yaml": "..."} | {"error": "..."}
//	thuisRun(yaml, seed)      -> a Promise of {"run": {...}} | {"canceled": true} | {"error": "..."}
//	thuisCancel()             cancels the run under way, if any
//	thuisDigest()             -> {"digest": "..."} of the last run
//
// A seed is passed as a decimal string: JavaScript numbers cannot hold
// every uint64.
//
// A run can be canceled: the worker's event loop delivers a cancel while
// the run yields the thread to it, a moment every [yieldEvery] (Go on
// wasm shares one thread with JavaScript). So a worker holds its session,
// with the checkpoints of the unchanged scenario's runs, for the page's
// whole life, instead of being ended with its run.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/thuis-nl/thuis/model/explorer"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

var errNoSession = errors.New("explorer: thuisInit has not succeeded")

var (
	session *explorer.Session
	last    *explorer.Run

	mu     sync.Mutex
	cancel context.CancelFunc // of the run under way
)

// yieldEvery is how long a run keeps the thread before it lets the event
// loop deliver a cancel. The yield is a timer, which browsers hold to at
// least 4 ms once timers nest: 100 ms costs at most 4% of a run.
const yieldEvery = 100 * time.Millisecond

// yielding is a context whose Err, which the engine calls every month
// and every 65,536 events, gives the thread to the event loop a moment
// after each yieldEvery.
type yielding struct {
	context.Context
	last time.Time
}

func (y *yielding) Err() error {
	if time.Since(y.last) >= yieldEvery {
		time.Sleep(time.Millisecond) // Go pauses, JavaScript runs, a timer resumes Go
		y.last = time.Now()
	}
	return y.Context.Err()
}

func main() {
	global := js.Global()
	global.Set("thuisInit", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return reply(func() (any, error) {
			data, err := scenarios.FS.ReadFile("targets.yaml")
			if err != nil {
				return nil, err
			}
			targets, err := target.Parse("scenarios/targets.yaml", data)
			if err != nil {
				return nil, err
			}
			l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
			session, err = explorer.NewSession(l, arg(args, 0), targets)
			return map[string]bool{"ok": true}, err
		})
	}))
	global.Set("thuisVariant", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return reply(func() (any, error) {
			if session == nil {
				return nil, errNoSession
			}
			var set explorer.Settings
			if err := json.Unmarshal([]byte(arg(args, 0)), &set); err != nil {
				return nil, fmt.Errorf("explorer: settings: %w", err)
			}
			y, err := session.Variant(set)
			return map[string]string{"yaml": string(y)}, err
		})
	}))
	global.Set("thuisRun", js.FuncOf(func(_ js.Value, args []js.Value) any {
		yaml, seedText := arg(args, 0), arg(args, 1)
		// A Promise, resolved by a goroutine: a function called from
		// JavaScript must not block, and a run blocks when it yields.
		var executor js.Func
		executor = js.FuncOf(func(_ js.Value, p []js.Value) any {
			resolve := p[0]
			go func() {
				resolve.Invoke(reply(func() (any, error) { return run(yaml, seedText) }))
			}()
			return nil
		})
		defer executor.Release() // the Promise calls it at once
		return js.Global().Get("Promise").New(executor)
	}))
	global.Set("thuisCancel", js.FuncOf(func(_ js.Value, args []js.Value) any {
		mu.Lock()
		defer mu.Unlock()
		if cancel != nil {
			cancel()
		}
		return nil
	}))
	global.Set("thuisDigest", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return reply(func() (any, error) {
			if last == nil {
				return nil, fmt.Errorf("explorer: no run to digest")
			}
			d, err := last.Digest()
			return map[string]string{"digest": d}, err
		})
	}))
	select {}
}

// run runs a variant with a seed, cancelably.
func run(yaml, seedText string) (any, error) {
	if session == nil {
		return nil, errNoSession
	}
	seed, err := strconv.ParseUint(seedText, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("explorer: seed %q: %w", seedText, err)
	}
	ctx, stop := context.WithCancel(context.Background())
	mu.Lock()
	cancel = stop
	mu.Unlock()
	defer func() {
		mu.Lock()
		cancel = nil
		mu.Unlock()
		stop()
	}()
	r, err := session.Run(&yielding{Context: ctx, last: time.Now()}, []byte(yaml), seed)
	if errors.Is(err, context.Canceled) {
		return map[string]bool{"canceled": true}, nil
	}
	if err != nil {
		return nil, err
	}
	last = r
	return map[string]any{"run": r}, nil
}

// arg is argument i as a string, "" if missing.
func arg(args []js.Value, i int) string {
	if i >= len(args) || args[i].Type() != js.TypeString {
		return ""
	}
	return args[i].String()
}

// reply runs f and returns its value as JSON text, or {"error": ...}.
func reply(f func() (any, error)) any {
	v, err := f()
	if err != nil {
		v = map[string]string{"error": err.Error()}
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return string(b)
}
