// The module's boundary under hostile callers: every export gets wrong types, values JSON cannot
// hold, throwing getters and callbacks, many times, mixed with valid calls. Each bad call throws
// an Error with a `code`; valid calls keep giving the same answer; memory and the reference table
// stay flat; nothing traps. (Issue 14: `adviseJson(42, s)` trapped and, repeated, crashed Node;
// a cyclic situation leaked memory on every call.)
// TOEGANG_BOUNDARY_ROUNDS=1000000 node --test tests/js/boundary.test.mjs runs the long version.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as toegang from "../../pkg/node.js";
const ROUNDS = Number(process.env.TOEGANG_BOUNDARY_ROUNDS ?? 20_000);

const cyclic = { age: 80 };
cyclic.self = cyclic;
const HOSTILE = [
  42, 10n, null, undefined, true, Symbol("s"), () => 1, [], [1, 2], "text", cyclic,
  { age: 10n }, { get age() { throw new Error("getter"); } }, new Proxy({}, { get() { throw new Error("proxy"); } }),
];

const good = { reference_date: "2026-03-01", age: 80, needs: ["household_tasks"] };
const draft = toegang.ruleSetSource("westerveld");
const compiled = toegang.RuleSet.compile(draft.source, draft.metadata);

/** Each export with one argument replaced by a hostile value. */
const CALLS = [
  (x) => toegang.advise(x, good),
  (x) => toegang.advise("hardenberg", x),
  (x) => toegang.advise("hardenberg", good, x),
  (x) => toegang.terms(x, good),
  (x) => toegang.terms("hardenberg", x),
  (x) => toegang.adviseJson(x, JSON.stringify(good)),
  (x) => toegang.adviseJson("hardenberg", x),
  (x) => toegang.findMunicipalities(x),
  (x) => toegang.findMunicipalities("zwolle", x),
  (x) => toegang.ruleSetSource(x),
  (x) => toegang.compare(x),
  (x) => toegang.compare(["hardenberg", "tilburg"], x),
  (x) => toegang.compare(["hardenberg", "tilburg"], { population: 3, situations: [x] }),
  (x) => toegang.RuleSet.compile(x, draft.metadata),
  (x) => toegang.RuleSet.compile(draft.source, x),
  (x) => compiled.advise(x),
  (x) => toegang.setMunicipalityTable(x),
  (x) => toegang.ruleSetFiles(x),
  (x) => toegang.suggestMunicipalities(x),
  (x) => toegang.callExport("setRuleSetIndex", x),
  (x) => toegang.callExport("addRuleSet", x, "{}"),
  (x) => toegang.callExport("addRuleSet", "hardenberg.2025-01-01.json", x),
  (x) => toegang.callExport("ruleSetUnavailable", x, "a reason"),
  (x) => toegang.callExport("ruleSetUnavailable", "atlantis", x),
  (x) => toegang.callExport("ruleSetUnavailable", "atlantis", "a reason", x),
  (x) => toegang.callExport("ruleSetRetry", x),
];

/** The answers valid calls give; they must not change whatever came before them. */
const valid = () => JSON.stringify([
  toegang.advise("hardenberg", good),
  toegang.adviseJson("GM0193", JSON.stringify(good)),
  toegang.findMunicipalities("Gramsbergen", 3),
  compiled.advise(good),
  toegang.compare(["hardenberg", "zwolle"], { population: 20 }, () => { throw new Error("callback"); }),
]);

/** Calls `call(value)` and returns how it ended: a value, or an error with its code. */
function outcome(call, value) {
  try {
    call(value);
    return "value";
  } catch (e) {
    return e?.code ?? `no code: ${e}`;
  }
}

test("every export refuses each hostile value with a coded error", () => {
  for (const [i, call] of CALLS.entries()) {
    for (const [j, value] of HOSTILE.entries()) {
      const result = outcome(call, value);
      assert.ok(!result.startsWith("no code"), `call ${i} with hostile value ${j}: ${result}`);
    }
  }
});

test("a number where a municipality belongs is an input error, not a trap", () => {
  assert.throws(() => toegang.adviseJson(42, JSON.stringify(good)), { code: "input", path: "municipality" });
  assert.throws(() => toegang.advise("hardenberg", cyclic), { code: "input" });
});

test(`${ROUNDS.toLocaleString("en")} rounds of hostile calls mixed with valid ones: same answers, flat memory`, () => {
  const expected = valid();
  const round = (r) => {
    const call = CALLS[r % CALLS.length];
    outcome(call, HOSTILE[r % HOSTILE.length]);
    if (r % 997 === 0) assert.equal(valid(), expected, `round ${r}`);
  };
  const warmUp = Math.min(2_000, ROUNDS / 10);
  for (let r = 0; r < warmUp; r++) round(r);
  const before = toegang.engineStatus();
  for (let r = warmUp; r < ROUNDS; r++) round(r);
  assert.equal(valid(), expected);
  const after = toegang.engineStatus();
  assert.equal(after.restarts, 0, "nothing trapped");
  assert.equal(after.memoryBytes, before.memoryBytes, "the module's memory did not grow");
  assert.ok(after.referenceSlots <= before.referenceSlots + 64, `reference table: ${before.referenceSlots} → ${after.referenceSlots}`);
  console.log(`# after ${ROUNDS} rounds: wasm memory ${(after.memoryBytes / 2 ** 20).toFixed(1)} MB, reference table ${after.referenceSlots}`);
});

test("property: any JavaScript value in any argument ends in a value or a coded error", async () => {
  const fc = (await import("fast-check")).default;
  const expected = valid();
  const anyValue = fc.oneof(
    fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
    fc.string(),
    fc.constantFrom(...HOSTILE),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: CALLS.length - 1 }), anyValue, (i, value) => {
      const result = outcome(CALLS[i], value);
      return !result.startsWith("no code");
    }),
    { numRuns: 3_000, seed: 14 },
  );
  assert.equal(valid(), expected, "valid calls answer as before");
});

test("if the module ever traps, the call says so and the next one answers from a fresh instance", async () => {
  const expected = JSON.stringify(toegang.advise("hardenberg", good));
  // The spare instance is prepared in the background: wait until it is ready, however long a busy
  // machine takes (not a fixed number of tries); the deadline only guards against a hang.
  const deadline = Date.now() + 120_000;
  while (!toegang.engineStatus().spareReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(toegang.engineStatus().spareReady, "the spare instance is ready");
  const { instance, restarts } = toegang.engineStatus();
  // Break the instance in use the way a bug in it would: its memory overwritten.
  const copy = await import(`../../pkg/toegang.js?instance=${instance}`);
  new Uint8Array(copy.initSync({ module: new Uint8Array() }).memory.buffer).fill(0xff);
  assert.throws(() => toegang.advise("hardenberg", good), (e) => e.code === "internal" && /restarted/.test(e.message));
  const status = toegang.engineStatus();
  assert.equal(status.restarts, restarts + 1);
  assert.notEqual(status.instance, instance);
  assert.equal(JSON.stringify(toegang.advise("hardenberg", good)), expected);
});

