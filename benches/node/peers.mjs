// toegang's wasm module against json-rules-engine in one Node process, on the shared decision
// (benches/peers/decision.json: Lansingerland with the baseline, as routes). Before timing, both
// must give identical routes for the same 10,000 generated situations.
//   node benches/node/peers.mjs [batches=20] [calls per batch=500]   (or scripts/bench-peers.sh)
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { Engine } from "json-rules-engine";
import { advise, adviseJson, catalogue } from "../../pkg/node.js";
import { median } from "./advise.mjs";

const batches = Number(process.argv[2] ?? 20);
const perBatch = Number(process.argv[3] ?? 500);
const SITUATIONS = 10_000;

const decision = JSON.parse(readFileSync(new URL("../peers/decision.json", import.meta.url), "utf8"));
const needsOf = Object.fromEntries(catalogue().map((p) => [p.id, p.needs]));

/** The same flat facts the Rust peers get (benches/peers/src/lib.rs). */
export function facts(s) {
  return {
    needs: s.needs,
    youth_in_household: s.age < 18 || (s.children ?? []).some((c) => c.age < 18),
    wlz_indication: Boolean(s.wlz_indication),
    in_institution: s.living === "institution",
    income_percent: s.income_percent ?? null,
  };
}

/** One json-rules-engine rule per row of the decision. */
export function rulesEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const row of decision.rows) {
    const all = [{ any: needsOf[row.provision].map((need) => ({ fact: "needs", operator: "contains", value: need })) }];
    for (const key of ["youth_in_household", "wlz_indication", "in_institution"]) {
      if (key in row.when) all.push({ fact: key, operator: "equal", value: row.when[key] });
    }
    if (row.when.income_above_130 === true) all.push({ fact: "income_percent", operator: "greaterThan", value: 130 });
    if (row.when.income_above_130 === false) {
      all.push({ any: [{ fact: "income_percent", operator: "equal", value: null }, { fact: "income_percent", operator: "lessThanInclusive", value: 130 }] });
    }
    engine.addRule({ conditions: { all }, event: { type: "route", params: { provision: row.provision, route: row.route } } });
  }
  return engine;
}

const routesOf = (pairs) => pairs.map(({ provision, route }) => `${provision}:${route}`).sort().join(",");

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

const lines = execFileSync("target/release/toegang", ["population", "--size", String(SITUATIONS), "--seed", "1"], { maxBuffer: 1 << 28 })
  .toString().trimEnd().split("\n");
const situations = lines.map((line) => JSON.parse(line));
const allFacts = situations.map(facts);
const engine = rulesEngine();

let provisions = 0;
for (let i = 0; i < SITUATIONS; i++) {
  const expected = routesOf(advise("lansingerland", situations[i]).provisions);
  const { events } = await engine.run(allFacts[i]);
  const got = routesOf(events.map((e) => e.params));
  if (got !== expected) throw new Error(`json-rules-engine differs on situation ${i}: ${lines[i]}\n  toegang: ${expected}\n  json-rules-engine: ${got}`);
  provisions += events.length;
}
console.log(`identical routes from toegang (wasm) and json-rules-engine on ${SITUATIONS} situations (${provisions} provision routes)`);

const n = situations.length;
const results = {
  "toegang wasm, advise (JS objects)": await timePerCallAsync((i) => advise("lansingerland", situations[i % n])),
  "toegang wasm, adviseJson (text)": await timePerCallAsync((i) => adviseJson("lansingerland", lines[i % n])),
  "json-rules-engine 7.3.1": await timePerCallAsync((i) => engine.run(allFacts[i % n])),
};
console.log(`Node ${process.version}, median µs per evaluation (${batches} batches × ${perBatch})`);
for (const [name, us] of Object.entries(results)) console.log(`${name.padEnd(36)} ${us.toFixed(1).padStart(8)} µs`);
