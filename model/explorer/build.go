package explorer

// This file implements building the page's engine: model/explorer/wasm
// compiled with the local Go toolchain from the module's source.
//
// It is built when the page is made, rather than committed as a generated
// artefact, so that the page always runs the engine of the source it was
// made from: a committed binary of several megabytes would go stale with
// every change to model/sim, and anyone who can run thuis from a clone
// has the Go toolchain that builds it.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ModulePath is the thuis module, whose source the engine is built from.
const ModulePath = "github.com/thuis-nl/thuis"

// EnginePackage is the engine's main package, relative to the module root.
const EnginePackage = "./model/explorer/wasm"

// Toolchain is how to run the Go toolchain.
type Toolchain struct {
	// Go is the go command; "" means "go", found on the PATH.
	Go string
	// Env is the environment go runs in, as os.Environ gives it; GOOS and
	// GOARCH are set for the build. nil means an empty environment, which
	// go cannot work in: pass os.Environ().
	Env []string
	// Dir is the root of the thuis module's source (see FindModule).
	Dir string
}

// NoModuleError says that no thuis source was found from Dir upward.
type NoModuleError struct{ Dir string }

func (e *NoModuleError) Error() string {
	return fmt.Sprintf("explorer: no source of %s in %s or a directory above it", ModulePath, e.Dir)
}

// FindModule returns the directory, dir or one above it, whose go.mod
// declares ModulePath.
func FindModule(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if modulePathOf(filepath.Join(d, "go.mod")) == ModulePath {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", &NoModuleError{Dir: abs}
		}
	}
}

// modulePathOf is the module path a go.mod declares, "" if none.
func modulePathOf(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// Engine is the page's engine: the wasm binary and the JavaScript glue of
// the Go release that built it (wasm_exec.js), which must match.
type Engine struct {
	Wasm     []byte
	WasmExec []byte
	// GoVersion is the toolchain's version, e.g. "go1.26.8".
	GoVersion string
}

// Build compiles EnginePackage for GOOS=js GOARCH=wasm with -trimpath, so
// the binary does not depend on where the source lies.
func (t Toolchain) Build(ctx context.Context) (*Engine, error) {
	if t.Dir == "" {
		return nil, errors.New("explorer: Toolchain.Dir is not set: the source to build from")
	}
	goCmd := t.Go
	if goCmd == "" {
		goCmd = "go"
	}
	env := append(append([]string(nil), t.Env...), "GOOS=js", "GOARCH=wasm")
	run := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, goCmd, args...)
		cmd.Dir, cmd.Env = t.Dir, env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("explorer: %s %s: %w\n%s", goCmd, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	tmp, err := os.MkdirTemp("", "thuis-explorer-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	wasmFile := filepath.Join(tmp, "engine.wasm")
	if _, err := run("build", "-trimpath", "-o", wasmFile, EnginePackage); err != nil {
		return nil, err
	}
	wasm, err := os.ReadFile(wasmFile)
	if err != nil {
		return nil, err
	}
	out, err := run("env", "GOROOT", "GOVERSION")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("explorer: go env GOROOT GOVERSION printed %q", out)
	}
	goroot, version := lines[0], lines[1]
	var glue []byte
	for _, p := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} { // Go 1.24 moved it to lib/
		if glue, err = os.ReadFile(filepath.Join(goroot, p)); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("explorer: no wasm_exec.js in %s (lib/wasm or misc/wasm): %w", goroot, err)
	}
	return &Engine{Wasm: wasm, WasmExec: glue, GoVersion: version}, nil
}
