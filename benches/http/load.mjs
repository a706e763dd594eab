// Load on the HTTP API (`toegang serve`, release build) with autocannon: advice requests per
// second, latency at half that load, behaviour at twice the maximum, and the server's memory
// over a long run. Prints one line per measurement; BENCHMARKS.md reports them.
//   cargo build --release && node benches/http/load.mjs            (about 1 minute)
//   LOAD_MINUTES=10 node benches/http/load.mjs                      (memory over 10 minutes)
import autocannon from "autocannon";
import { inTurn, residents } from "./residents.mjs";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const minutes = Number(process.env.LOAD_MINUTES ?? 0.25);
const server = spawn("target/release/toegang", ["serve", "--port", "0"], { stdio: ["ignore", "pipe", "ignore"] });
const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once("line", resolve));
const base = line.match(/http:\/\/[0-9.:]+/)[0];
const rssKiB = () => Number(readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);

const population = residents();
const setupClient = inTurn(population);
const municipalities = ["hardenberg", "lansingerland", "tilburg", "den_haag", "westerveld", "eindhoven", "middelburg", "peel_en_maas"];

async function run(title, options) {
  const result = await autocannon({
    url: `${base}/v1/municipalities/${municipalities[0]}/advice`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: population[0],
    setupClient,
    ...options,
  });
  const ok = result["2xx"];
  const other = result.non2xx + result.errors + result.timeouts;
  console.log(
    `${title}: ${Math.round(ok / result.duration).toLocaleString("en")} advice/s answered 200, ` +
    `${other.toLocaleString("en")} other answers (503 when over the concurrency limit), ` +
    `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  return result;
}

try {
  await run("warm-up", { connections: 16, duration: 3 });
  const max = await run("maximum (64 connections, 10 s)", { connections: 64, duration: 10 });
  const rate = 5000;
  await run(`at ${rate.toLocaleString("en")}/s (50 connections, 10 s)`, { connections: 50, duration: 10, overallRate: rate });
  const maxRate = Math.round(max["2xx"] / max.duration);
  await run(`overload at 2× the maximum (${(2 * maxRate).toLocaleString("en")}/s offered, 512 connections, 10 s)`, {
    connections: 512, duration: 10, overallRate: 2 * maxRate,
  });
  const before = rssKiB();
  const seconds = Math.round(minutes * 60);
  await run(`steady at ${rate.toLocaleString("en")}/s for ${seconds} s`, { connections: 50, duration: seconds, overallRate: rate });
  console.log(`server memory (RSS): ${(before / 1024).toFixed(1)} MB before the steady run, ${(rssKiB() / 1024).toFixed(1)} MB after ${seconds} s`);
} finally {
  server.kill("SIGTERM");
}
