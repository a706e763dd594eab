// 1,000,000 calls of `advise` through the wasm module under Node: the module's memory
// (memory.buffer.byteLength) must stay flat. Reports start and end.
//   node benches/node/memory.mjs [calls=1000000]
import { advise, municipalities, initSync } from "../../pkg/node.js";
import { situations } from "../../tests/js/situations.mjs";

const calls = Number(process.argv[2] ?? 1_000_000);
const memory = initSync().memory; // the already-initialised module's exports
const ids = municipalities().filter((m) => m.kind === "municipality").map((m) => m.id);
const all = situations().map((s) => ({ ...s, reference_date: "2026-03-01" }));

advise(ids[0], all[0]);
const start = memory.buffer.byteLength;
const began = performance.now();
let afterFirstTenth = 0;
for (let i = 0; i < calls; i++) {
  advise(ids[i % ids.length], all[i % all.length]);
  if (i === calls / 10) afterFirstTenth = memory.buffer.byteLength;
}
const end = memory.buffer.byteLength;
console.log(`${calls.toLocaleString("en")} advise calls in ${((performance.now() - began) / 1000).toFixed(1)} s: ` +
  `wasm memory ${start.toLocaleString("en")} bytes at the start, ${afterFirstTenth.toLocaleString("en")} after a tenth, ${end.toLocaleString("en")} at the end`);
if (end > afterFirstTenth) {
  console.error("memory grew after warm-up");
  process.exitCode = 1;
}
