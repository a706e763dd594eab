// The benchmark's json-rules-engine rules (benches/node/peers-decision.mjs, built from
// benches/peers/decision.json) must give toegang's routes: a rule change that breaks the
// side-by-side benchmark fails here, not in the next `scripts/bench-peers.sh`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkIdentical, decision, population, rulesEngine } from "../../benches/node/peers-decision.mjs";

test("json-rules-engine gives toegang's routes on 2,000 situations of the compare population", async () => {
  const provisions = await checkIdentical(rulesEngine(), population("target/debug/toegang", 2_000));
  assert.ok(provisions > 2_000, `only ${provisions} provision routes compared`);
});

test("a changed row is caught", async () => {
  const row = decision.rows.find((r) => r.provision === "collectief_vervoer");
  const route = row.route;
  row.route = "open_access";
  try {
    await assert.rejects(checkIdentical(rulesEngine(), population("target/debug/toegang", 2_000)), /json-rules-engine differs on situation \d+/);
  } finally {
    row.route = route;
  }
});
