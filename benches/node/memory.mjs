// 1,000,000 calls of `advise` through the wasm module under Node: the module's memory
// (engineStatus().memoryBytes) must stay flat. Reports start and end.
//   node benches/node/memory.mjs [calls=1000000]
import { advise, engineStatus, municipalities } from "../../pkg/node.js";
import { situations } from "../../tests/js/situations.mjs";

const calls = Number(process.argv[2] ?? 1_000_000);
const ids = municipalities().filter((m) => m.kind === "municipality").map((m) => m.id);
const all = situations().map((s) => ({ ...s, reference_date: "2026-03-01" }));

advise(ids[0], all[0]);
const start = engineStatus().memoryBytes;
const began = performance.now();
let afterFirstTenth = 0;
for (let i = 0; i < calls; i++) {
  advise(ids[i % ids.length], all[i % all.length]);
  if (i === calls / 10) afterFirstTenth = engineStatus().memoryBytes;
}
const end = engineStatus().memoryBytes;
console.log(`${calls.toLocaleString("en")} advise calls in ${((performance.now() - began) / 1000).toFixed(1)} s: ` +
  `wasm memory ${start.toLocaleString("en")} bytes at the start, ${afterFirstTenth.toLocaleString("en")} after a tenth, ${end.toLocaleString("en")} at the end`);
if (end > afterFirstTenth) {
  console.error("memory grew after warm-up");
  process.exitCode = 1;
}
