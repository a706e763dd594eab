// Times `advise` through the wasm module under Node: warm-up, then batches, reporting the median
// time per call (JS object in, JS object out, as a case system calls it) per municipality, and the
// module's memory before and after.
//   node benches/node/advise.mjs [batches=30] [calls per batch=1000]
import { advise, adviseJson, compare, engineStatus, municipalities } from "../../pkg/node.js";
import { situations } from "../../tests/js/situations.mjs";

const batches = Number(process.argv[2] ?? 30);
const perBatch = Number(process.argv[3] ?? 1000);
// One reference date inside every bundled rule set's validity.
const all = situations().map((s) => ({ ...s, reference_date: "2026-03-01" }));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median µs per call of `call(i)` over `batches` batches of `perBatch` calls, after a warm-up. */
export function timePerCall(call, { batches, perBatch }) {
  for (let i = 0; i < perBatch; i++) call(i);
  const perCall = [];
  let i = 0;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let n = 0; n < perBatch; n++) call(i++);
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / perBatch);
  }
  return median(perCall);
}

const memoryBytes = () => engineStatus().memoryBytes;

if (import.meta.url === `file://${process.argv[1]}`) {
  const memoryBefore = memoryBytes();
  const texts = all.map((s) => JSON.stringify(s));
  const options = { batches, perBatch };
  console.log(`wasm under Node ${process.version}: median µs per call over ${all.length} situations, ${batches} × ${perBatch} calls`);
  console.log("municipality    advise (objects)  adviseJson (text)  routes inside wasm (compare)");
  for (const { id } of municipalities().filter((m) => m.kind === "municipality")) {
    const objects = timePerCall((i) => advise(id, all[i % all.length]), options);
    const text = timePerCall((i) => adviseJson(id, texts[i % texts.length]), options);
    // The engine alone: a one-municipality comparison evaluates routes with no JS in between.
    const engine = timePerCall(() => compare([id], { situations: all }), { batches: 5, perBatch: 3 }) / all.length;
    console.log(`${id.padEnd(14)} ${objects.toFixed(1).padStart(11)} µs ${text.toFixed(1).padStart(14)} µs ${engine.toFixed(1).padStart(16)} µs`);
  }
  console.log(`wasm memory: ${memoryBefore} bytes before, ${memoryBytes()} after`);
}
