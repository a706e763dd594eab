// The attacks of issue 29 on `toegang serve` (release build), measured: the server's peak memory
// under batch and comparison floods, whether /v1/health still answers meanwhile, and how long a
// shutdown takes while a client holds a half-sent request. Prints one line per measurement;
// BENCHMARKS.md reports them.
//   cargo build --release && node benches/http/attacks.mjs           (about 1 minute)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { createInterface } from "node:readline";

/** Starts a server with `args`; its base URL, its process and its memory readings. */
async function start(args = []) {
  const server = spawn("target/release/toegang", ["serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "ignore"] });
  const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once("line", resolve));
  const status = () => readFileSync(`/proc/${server.pid}/status`, "utf8");
  const kib = (field) => Number(status().match(new RegExp(`${field}:\\s+(\\d+)`))[1]);
  return { server, base: line.match(/http:\/\/[0-9.:]+/)[0], rss: () => kib("VmRSS"), peak: () => kib("VmHWM") };
}

const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;

/** Reads an answer to its end without keeping it: bytes, lines and whether it ended whole. */
async function drain(response) {
  let bytes = 0;
  let lines = 0;
  try {
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines += 1;
    }
    return { status: response.status, bytes, lines, whole: true };
  } catch {
    return { status: response.status, bytes, lines, whole: false };
  }
}

/** How long /v1/health takes while something else runs. */
async function healthMs(base) {
  const start = performance.now();
  const answer = await fetch(`${base}/v1/health`);
  await answer.text();
  return { ms: performance.now() - start, status: answer.status };
}

const resident = JSON.stringify({
  reference_date: "2026-03-01", age: 81, needs: [
    "household_tasks", "personal_care", "home_adaptation", "wheelchair", "getting_around_outdoors",
    "transport", "daytime_activities", "individual_guidance", "money_and_debts", "administration",
    "loneliness", "respite_care", "carer_support", "meals", "sheltered_living", "personal_problems", "shelter",
  ],
});
// As close to the 4 MiB body limit as whole lines go: about 12,700 residents, 60 KB of advice each.
const batch = `${resident}\n`.repeat(Math.floor((4 * 1024 * 1024) / (resident.length + 1)));

const metadata = {
  id: "conceptdorp", name: "Conceptdorp", cbs_code: "GM9999", version: "1", valid_from: "2026-01-01",
  sources: [{ id: "v", title: "Concept", seen: "2026-11-01", status: "assumption" }],
  parties: { loket: { name: "Loket", kind: "loket" } },
};
const reasons = 'open_access("huishoudelijke_hulp").via("loket")' +
  '.because("r", "Een reden die steeds terugkomt.", "A reason that keeps coming back.")'.repeat(5000) + ";";

async function post(base, path, body, type = "application/json") {
  return fetch(`${base}${path}`, { method: "POST", body, headers: { "content-type": type } });
}

{
  const { server, base, rss, peak } = await start();
  console.log(`server at rest: ${mib(rss())}`);
  const started = performance.now();
  const floods = [1, 2].map(() => post(base, "/v1/municipalities/hardenberg/advice-batch", batch, "application/x-ndjson").then(drain));
  const health = await healthMs(base);
  const answers = await Promise.all(floods);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `two 4 MiB batches at once (${batch.length.toLocaleString("en")} bytes each): ` +
    answers.map((a) => `${a.status} ${a.lines.toLocaleString("en")} lines ${(a.bytes / 2 ** 20).toFixed(0)} MiB${a.whole ? "" : " (broken off at the deadline)"}`).join("; ") +
    ` in ${seconds} s; peak memory ${mib(peak())}; /v1/health meanwhile ${health.status} in ${health.ms.toFixed(0)} ms`,
  );

  const draft = JSON.stringify({ municipalities: ["hardenberg", "conceptdorp"], population: 100, draft: { source: reasons, metadata } });
  const refused = await Promise.all([1, 2, 3, 4].map(() => post(base, "/v1/comparisons", draft).then(drain)));
  console.log(
    `four comparisons whose draft adds 5,000 reasons (${draft.length.toLocaleString("en")} bytes each): ` +
    `${refused.map((a) => `${a.status} ${a.bytes.toLocaleString("en")} bytes`).join(", ")}; peak memory ${mib(peak())}`,
  );
  const all = ["hardenberg", "lansingerland", "tilburg", "den_haag", "westerveld", "eindhoven", "middelburg", "peel_en_maas"];
  const large = JSON.stringify({ municipalities: all, population: 50000 });
  const compared = await Promise.all([1, 2, 3, 4].map(() => post(base, "/v1/comparisons", large).then(drain)));
  console.log(
    `four comparisons of 8 municipalities × 50,000 at once: ` +
    `${compared.map((a) => `${a.status} ${(a.bytes / 1024).toFixed(0)} KiB`).join(", ")}; peak memory ${mib(peak())}`,
  );
  server.kill("SIGTERM");
}

for (const args of [[], ["--shutdown-grace", "1"]]) {
  const { server, base } = await start(args);
  const stuck = connect(new URL(base).port, "127.0.0.1");
  await new Promise((resolve) => stuck.once("connect", resolve));
  stuck.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n");
  stuck.on("error", () => {});
  await healthMs(base);
  const sent = performance.now();
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
  console.log(
    `shutdown with a client stuck in its headers (${args.join(" ") || "default flags"}): ` +
    `${((performance.now() - sent) / 1000).toFixed(2)} s`,
  );
  stuck.destroy();
}
