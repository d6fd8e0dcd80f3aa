//go:build js && wasm

// Command wasm is the explorer's engine in the browser: model/sim, the
// shipped scenarios and the targets, compiled with GOOS=js GOARCH=wasm and
// run in a Web Worker of the page thuis explorer writes. It puts three
// functions on the worker's global object, each taking and returning JSON
// text, and then waits to be called:
//
//	thuisInit(base)           -> {"ok": true} | {"error": "..."}
//	thuisVariant(settings)    -> {"yaml": "..."} | {"error": "..."}
//	thuisRun(yaml, seed)      -> {"run": {...}} | {"error": "..."}
//	thuisDigest()             -> {"digest": "..."} of the last run
//
// A seed is passed as a decimal string: JavaScript numbers cannot hold
// every uint64.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"syscall/js"

	"github.com/thuis-nl/thuis/model/explorer"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

var errNoSession = errors.New("explorer: thuisInit has not succeeded")

var (
	session *explorer.Session
	last    *explorer.Run
)

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
		return reply(func() (any, error) {
			if session == nil {
				return nil, errNoSession
			}
			seed, err := strconv.ParseUint(arg(args, 1), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("explorer: seed %q: %w", arg(args, 1), err)
			}
			r, err := session.Run(context.Background(), []byte(arg(args, 0)), seed)
			if err != nil {
				return nil, err
			}
			last = r
			return map[string]any{"run": r}, nil
		})
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
