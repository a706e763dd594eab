// The compare page's module (pkg/toegang_authoring_bg.wasm, loaded in browsers by pkg/authoring.js)
// under Node: its four exports give the CLI's bytes and refuse hostile values with coded errors,
// and the resident page's module refuses them by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as resident from "../../pkg/node.js";

// A second copy of the engine (a query makes it a module of its own), next to node.js's.
const { callExport, engineStatus, loadCases, loadMunicipality, ruleSetSource, start } = await import("../../pkg/engine.js?authoring");
const file = (name) => new URL(`../../pkg/${name}`, import.meta.url);
// Its rule sets and their cases are files next to it, as in the browser (authoring.js).
const readSync = (name) => readFileSync(file(`rules/${name}`));
await start(new WebAssembly.Module(readFileSync(file("toegang_authoring_bg.wasm"))), readFileSync(file("municipalities.tsv"), "utf8"), "toegang_authoring.js", {
  index: readFileSync(file("rules/index.json"), "utf8"), read: async (name) => readSync(name), readSync,
});
for (const id of ["lansingerland", "tilburg", "hardenberg", "westerveld"]) await loadMunicipality(id);
await loadCases("westerveld");

const draft = () => {
  const base = ruleSetSource("westerveld");
  return { source: base.source, metadata: { ...base.metadata, id: "concept", name: "Concept" } };
};

test("compareReports gives the CSV and the HTML of toegang compare, byte for byte", () => {
  const { report, csv, html } = callExport("compareReports", ["lansingerland", "tilburg", "GM0193"], { population: 400, seed: 3 });
  assert.deepEqual(report.municipalities, ["lansingerland", "tilburg", "zwolle"]);
  const cli = (format) => execFileSync("target/debug/toegang", ["compare", "-m", "lansingerland,tilburg,GM0193", "--population", "400", "--seed", "3", "--format", format], { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(csv, cli("csv"));
  assert.equal(html, cli("html"));
});

test("ruleBehind, draftCases and draftFolder answer for a draft of Westerveld", () => {
  const behind = callExport("ruleBehind", "rules/westerveld/rules.rhai:23");
  assert.ok(behind.lines.some((l) => l.text === 'decision_required("respijtzorg")'));
  assert.deepEqual(behind.sources.map((s) => s.id), ["westerveld-uitzonderingen"]);
  const cases = callExport("draftCases", draft(), "westerveld");
  assert.ok(cases.length >= 12 && cases.every((c) => c.failures.length === 0));
  const folder = callExport("draftFolder", draft(), "westerveld");
  assert.deepEqual(folder.files.map((f) => f.path), ["westerveld_concept/ruleset.toml", "westerveld_concept/rules.rhai", "westerveld_concept/cases.toml"]);
});

test("every export of the compare page's module refuses hostile values with a coded error, and stays usable", () => {
  const cyclic = {};
  cyclic.self = cyclic;
  const hostile = [42, 10n, null, undefined, () => 1, [], "text", cyclic, { source: 1 }, new Proxy({}, { get() { throw new Error("proxy"); } })];
  const calls = [
    (x) => callExport("compareReports", x),
    (x) => callExport("compareReports", ["hardenberg", "tilburg"], x),
    (x) => callExport("ruleBehind", x),
    (x) => callExport("ruleBehind", "draft/rules.rhai:3", x),
    (x) => callExport("draftCases", x, "westerveld"),
    (x) => callExport("draftCases", draft(), x),
    (x) => callExport("draftFolder", x, "westerveld"),
    (x) => callExport("draftFolder", draft(), x),
  ];
  for (const [i, call] of calls.entries()) {
    for (const [j, value] of hostile.entries()) {
      try {
        call(value);
      } catch (e) {
        assert.equal(typeof e?.code, "string", `call ${i} with hostile value ${j}: ${e}`);
      }
    }
  }
  assert.equal(engineStatus().restarts, 0, "nothing trapped");
  assert.equal(callExport("draftFolder", draft(), "westerveld").name, "westerveld_concept");
});

test("a draft's base cases are loaded from their own file, verified, and only when asked for", async () => {
  assert.throws(() => callExport("draftCases", draft(), "tilburg"), (e) => typeof e.code === "string");
  await loadCases("tilburg");
  const cases = callExport("draftCases", { ...draft(), source: ruleSetSource("tilburg").source, metadata: { ...ruleSetSource("tilburg").metadata, id: "concept" } }, "tilburg");
  assert.ok(cases.length > 5 && cases.every((c) => c.failures.length === 0), JSON.stringify(cases.filter((c) => c.failures.length)));
  const index = JSON.parse(readFileSync(file("rules/index.json"), "utf8"));
  const westerveld = index.rule_sets.find((e) => e.id === "westerveld");
  assert.throws(() => callExport("addRuleSetCases", westerveld.cases_file, "{}"), { code: "rule_set_tampered" });
});

test("the resident page's module has none of them, and says where they are", () => {
  assert.throws(() => resident.callExport("draftFolder", draft(), "westerveld"), { code: "input", message: /authoring\.js/ });
});
