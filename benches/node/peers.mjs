// toegang's wasm module against json-rules-engine in one Node process, on the shared decision
// (benches/peers/decision.json: Lansingerland with the baseline, as routes). Before timing, both
// must give identical routes for the same 10,000 generated situations.
//   node benches/node/peers.mjs [batches=20] [calls per batch=500]   (or scripts/bench-peers.sh)
import { adviseJson, advise } from "../../pkg/node.js";
import { median } from "./advise.mjs";
import { checkIdentical, facts, population, rulesEngine } from "./peers-decision.mjs";

const batches = Number(process.argv[2] ?? 20);
const perBatch = Number(process.argv[3] ?? 500);
const SITUATIONS = 10_000;

async function timePerCallAsync(call) {
  for (let i = 0; i < perBatch; i++) await call(i);
  const perCall = [];
  let i = 0;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let n = 0; n < perBatch; n++) await call(i++);
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / perBatch);
  }
  return median(perCall);
}

const lines = population("target/release/toegang", SITUATIONS);
const situations = lines.map((line) => JSON.parse(line));
const allFacts = situations.map(facts);
const engine = rulesEngine();

const provisions = await checkIdentical(engine, lines);
console.log(`identical routes from toegang (wasm) and json-rules-engine on ${SITUATIONS} situations (${provisions} provision routes)`);

const n = situations.length;
const results = {
  "toegang wasm, advise (JS objects)": await timePerCallAsync((i) => advise("lansingerland", situations[i % n])),
  "toegang wasm, adviseJson (text)": await timePerCallAsync((i) => adviseJson("lansingerland", lines[i % n])),
  "json-rules-engine 7.3.1": await timePerCallAsync((i) => engine.run(allFacts[i % n])),
};
console.log(`Node ${process.version}, median µs per evaluation (${batches} batches × ${perBatch})`);
for (const [name, us] of Object.entries(results)) console.log(`${name.padEnd(36)} ${us.toFixed(1).padStart(8)} µs`);
