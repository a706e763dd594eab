// The shared decision (benches/peers/decision.json) as json-rules-engine rules, and the check that
// they give toegang's routes. Used by the benchmark (peers.mjs, 10,000 situations) and by the test
// tests/js/peers.test.mjs (2,000), so a rule change that breaks the comparison fails the tests.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { Engine } from "json-rules-engine";
import { advise, catalogue } from "../../pkg/node.js";

export const decision = JSON.parse(readFileSync(new URL("../peers/decision.json", import.meta.url), "utf8"));
const needsOf = Object.fromEntries(catalogue().map((p) => [p.id, p.needs]));

/** The same flat facts the Rust peers get (`facts` in benches/peers/src/decision.rs). */
export function facts(s) {
  const wlz = Boolean(s.wlz_indication);
  return {
    needs: s.needs,
    youth_in_household: s.age < 18 || (s.children ?? []).some((c) => c.age < 18),
    wlz_indication: wlz,
    wlz_in_institution: wlz && s.living === "institution",
    housemate_can_help: s.housemate_help === "can_help",
    aid_everyday: s.aid === "everyday",
    aid_small: s.aid === "small",
    short_need: s.need_weeks >= 1 && s.need_weeks <= 26,
    income_percent: s.income_percent ?? null,
  };
}

/** One json-rules-engine rule per row of the decision. */
export function rulesEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const row of decision.rows) {
    const all = [{ any: needsOf[row.provision].map((need) => ({ fact: "needs", operator: "contains", value: need })) }];
    for (const [key, value] of Object.entries(row.when)) {
      if (key === "income_above_130") continue;
      all.push({ fact: key, operator: "equal", value });
    }
    if (row.when.income_above_130 === true) all.push({ fact: "income_percent", operator: "greaterThan", value: 130 });
    if (row.when.income_above_130 === false) {
      all.push({ any: [{ fact: "income_percent", operator: "equal", value: null }, { fact: "income_percent", operator: "lessThanInclusive", value: 130 }] });
    }
    engine.addRule({ conditions: { all }, event: { type: "route", params: { provision: row.provision, route: row.route } } });
  }
  return engine;
}

export const routesOf = (pairs) => pairs.map(({ provision, route }) => `${provision}:${route}`).sort().join(",");

/** The compare population (seed 1), one JSON line per situation, from the CLI `cli`. */
export function population(cli, size) {
  return execFileSync(cli, ["population", "--size", String(size), "--seed", "1"], { maxBuffer: 1 << 28 })
    .toString().trimEnd().split("\n");
}

/**
 * Runs every situation through toegang (wasm) and json-rules-engine; throws on the first that
 * differs. Returns the number of provision routes compared.
 */
export async function checkIdentical(engine, lines) {
  let provisions = 0;
  for (let i = 0; i < lines.length; i++) {
    const situation = JSON.parse(lines[i]);
    const expected = routesOf(advise("lansingerland", situation).provisions);
    const { events } = await engine.run(facts(situation));
    const got = routesOf(events.map((e) => e.params));
    if (got !== expected) throw new Error(`json-rules-engine differs on situation ${i}: ${lines[i]}\n  toegang: ${expected}\n  json-rules-engine: ${got}`);
    provisions += events.length;
  }
  return provisions;
}
