// The Node benchmarks BENCHMARKS.md quotes must keep running: each is started here with the
// smallest arguments (no timing is asserted, only that it runs to its report), so a change to the
// package that breaks one fails the tests, not the next person who measures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const run = (script, ...args) => execFileSync("node", [script, ...args.map(String)], { encoding: "utf8", maxBuffer: 1 << 26 });

test("benches/node/advise.mjs reports a time per call for every municipality", () => {
  const out = run("benches/node/advise.mjs", 1, 5);
  assert.match(out, /^westerveld\s+[\d.]+ µs\s+[\d.]+ µs\s+[\d.]+ µs$/m);
  assert.match(out, /wasm memory: \d+ bytes before, \d+ after/);
});

test("benches/node/memory.mjs reports the module's memory and finds it flat after warm-up", () => {
  assert.match(run("benches/node/memory.mjs", 2_000), /2,000 advise calls in [\d.]+ s: wasm memory [\d,]+ bytes at the start/);
});
