// The explorer's worker: runs the Go engine (above: Go's wasm_exec.js) off
// the page's thread, so sliders stay responsive during a run. Messages in:
// {type: "init", module, base}, {type: "variant", id, settings},
// {type: "run", id, yaml, seed}, {type: "digest", id}; each is answered
// with a message of the same type and id, carrying the engine's JSON
// reply (an "error" field when it failed), the time it took and the
// engine's memory. {type: "cancel"} cancels the run under way, whose
// reply is then {canceled: true}; it has no answer of its own.
"use strict";
let memory = null;
self.onmessage = async (e) => {
  const m = e.data;
  try {
    if (m.type === "init") {
      const go = new Go();
      const instance = await WebAssembly.instantiate(m.module, go.importObject);
      memory = instance.exports.mem;
      go.run(instance); // returns at main's select{}, with the functions set
      const reply = JSON.parse(thuisInit(m.base));
      self.postMessage({type: "init", reply});
      return;
    }
    if (m.type === "cancel") {
      thuisCancel();
      return;
    }
    const t0 = performance.now();
    let reply;
    if (m.type === "variant") {
      reply = JSON.parse(thuisVariant(JSON.stringify(m.settings)));
    } else if (m.type === "run") {
      reply = JSON.parse(await thuisRun(m.yaml, String(m.seed)));
    } else if (m.type === "digest") {
      reply = JSON.parse(thuisDigest());
    } else {
      reply = {error: "unknown message " + m.type};
    }
    self.postMessage({type: m.type, id: m.id, reply, ms: performance.now() - t0, memory: memory ? memory.buffer.byteLength : 0});
  } catch (err) {
    self.postMessage({type: m.type, id: m.id, reply: {error: String(err && err.stack || err)}});
  }
};
