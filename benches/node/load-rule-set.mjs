// How long the npm package takes, the first time a municipality is asked for, to verify its
// published rule set file against the index (SHA-256 of the bytes), read it and compile it in the
// wasm module: once per municipality, for each published one, the file already read from disk.
//   node benches/node/load-rule-set.mjs   (after scripts/build-pkg.sh)
import { readFileSync } from "node:fs";
import { loadMunicipality, ruleSetFiles } from "../../pkg/node.js";

const index = JSON.parse(readFileSync(new URL("../../pkg/rules/index.json", import.meta.url), "utf8"));
for (const entry of index.rule_sets) {
  const bytes = readFileSync(new URL(`../../pkg/rules/${entry.file}`, import.meta.url));
  const started = performance.now();
  const { unavailable } = await loadMunicipality(entry.id);
  const ms = performance.now() - started;
  if (unavailable || ruleSetFiles(entry.id).files.length) throw new Error(`${entry.id} did not load`);
  console.log(`${entry.id.padEnd(14)} ${String(bytes.length).padStart(6)} bytes  ${ms.toFixed(2)} ms`);
}
