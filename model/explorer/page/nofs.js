// The page has no file system. Go's wasm_exec.js answers every file call
// with "not implemented", which the scenario loader cannot tell from a
// broken disk; here a file is simply not there (ENOENT), so the loader
// falls back to the shipped scenarios embedded in the engine, as thuis
// does for a name that is no file.
for (const name of ["open", "stat", "lstat"]) {
  globalThis.fs[name] = (...args) => {
    const err = new Error("no such file (the explorer has no file system)");
    err.code = "ENOENT";
    args[args.length - 1](err);
  };
}
