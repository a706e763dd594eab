// `toegang serve --rules DIR` reloading its rule sets under load: 5,000 advice requests a second
// for 20 s, once without and once with a SIGHUP every second (each reload reads, verifies and
// compiles every published file, then swaps them in). Prints the failed requests and p99 of both
// runs; BENCHMARKS.md reports them.
//   cargo build --release && node benches/http/reload.mjs
import autocannon from "autocannon";
import { inTurn, residents } from "./residents.mjs";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const bin = "target/release/toegang";
const rules = mkdtempSync(join(tmpdir(), "toegang-reload-"));
spawnSync(bin, ["publish", "--out", rules], { stdio: "inherit" });
const server = spawn(bin, ["serve", "--port", "0", "--rules", rules], { stdio: ["ignore", "pipe", "pipe"] });
const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once("line", resolve));
const base = line.match(/http:\/\/[0-9.:]+/)[0];
let reloaded = 0;
let refused = 0;
createInterface({ input: server.stderr }).on("line", (l) => {
  if (/not reloaded|reload stopped/.test(l)) refused += 1;
  else if (/rule sets reloaded/.test(l)) reloaded += 1;
});

const population = residents(bin);
const setupClient = inTurn(population);

async function run(title, reloadEverySecond) {
  const timer = reloadEverySecond ? setInterval(() => server.kill("SIGHUP"), 1000) : null;
  const result = await autocannon({
    url: `${base}/v1/municipalities/hardenberg/advice`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: population[0],
    setupClient,
    connections: 50,
    duration: 20,
    overallRate: 5000,
  });
  if (timer) clearInterval(timer);
  const failed = result.non2xx + result.errors + result.timeouts;
  console.log(`${title}: ${result["2xx"].toLocaleString("en")} answered 200, ${failed} failed, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
}

try {
  await run("warm-up", false);
  await run("5,000/s, no reload", false);
  await run("5,000/s, SIGHUP every second", true);
  console.log(`reloads logged: ${reloaded}, refused: ${refused}`);
} finally {
  server.kill("SIGTERM");
  rmSync(rules, { recursive: true, force: true });
}
