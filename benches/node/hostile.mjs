// The slowest hostile scripts known, each stopped by a limit: time per advice in Node.
//   node benches/node/hostile.mjs   (after scripts/build-pkg.sh)
import { RuleSet, ruleSetSource } from "../../pkg/node.js";
const { metadata } = ruleSetSource("westerveld");
const s = { reference_date: "2026-03-01", age: 80, needs: ["household_tasks"] };
const scripts = {
  "loop {}": "loop {}",
  "string copies": 'let s = "x"; for i in 0..12 { s += s; } loop { let t = s + ""; }',
  "x in a full array": 'let a = []; for i in 0..1024 { a.push("y"); } loop { if "x" in a {} }',
  "chars of a full string": 'let s = "x"; for i in 0..12 { s += s; } loop { for c in s.chars() {} }',
};
for (const [name, script] of Object.entries(scripts)) {
  const r = RuleSet.compile(script, metadata);
  const t0 = performance.now(); let n = 0, last;
  while (performance.now() - t0 < 2000) { try { r.advise(s); } catch (e) { last = e.message.slice(0, 60); } n++; }
  console.log(`${name}: ${((performance.now() - t0) / n).toFixed(1)} ms per advice (${last})`);
}
