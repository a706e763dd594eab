// Where the slow phone's time goes, for one load as benches/node/slow-phone.mjs makes it: each
// file's request, first and last byte (Resource Timing, milliseconds from the navigation), the
// page's own moments, and the main thread's work after the module's last byte: per engine call,
// the JavaScript around them, and WebAssembly compiled on first call (V8 compiles a module's
// functions lazily, on the main thread, the first time each is called: `--compile` counts it, from
// a trace that itself slows the page, so the other figures of that run are higher). Last, the
// floor: the module fetched alone on the same line, in a page of its own, so nothing shares it.
//   node benches/node/slow-phone-timeline.mjs [--compile]   (after scripts/build-pkg.sh and build-www.sh)
import { start } from "../../tests/e2e/harness.mjs";
import { residentWhoDoesNotWait, slowPhonePage } from "./slow-phone.mjs";

const tracing = process.argv.includes("--compile");

/** Main-thread milliseconds per engine call (the glue's export that was on the stack) from `t`. */
function perCall(profile, t) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const spent = new Map();
  let at = profile.startTime;
  profile.samples.forEach((sample, i) => {
    at += profile.timeDeltas[i];
    if (at < t) return;
    const leaf = byId.get(sample).callFrame.functionName;
    if (leaf === "(idle)" || leaf === "(program)") return;
    let call = "other work (layout, JavaScript, garbage collection)";
    for (let id = sample; id; id = parent.get(id)) {
      const { functionName, url } = byId.get(id).callFrame;
      if (/toegang[a-z_]*\.js/.test(url) && functionName) call = `engine: ${functionName}`;
    }
    spent.set(call, (spent.get(call) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  return [...spent].sort((a, b) => b[1] - a[1]);
}

/** Milliseconds from asking for the module to its last byte with nothing else on the slow line. */
async function moduleAlone(browser, base) {
  const { context, page } = await slowPhonePage(browser);
  try {
    await page.goto(`${base}/www/needs.json`);
    return await page.evaluate(async () => {
      const asked = performance.now();
      await (await fetch("../pkg/toegang_resident_bg.wasm")).arrayBuffer();
      return performance.now() - asked;
    });
  } finally {
    await context.close();
  }
}

const { browser, base, stop } = await start();
try {
  const { context, page, cdp } = await slowPhonePage(browser);
  const moduleDone = new Promise((resolve) => {
    const urls = new Map();
    cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
    cdp.on("Network.loadingFinished", (e) => { if (urls.get(e.requestId)?.endsWith(".wasm")) resolve(e.timestamp * 1e6); });
  });
  const trace = [];
  cdp.on("Tracing.dataCollected", (e) => trace.push(...e.value));
  const traced = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  if (tracing) await cdp.send("Tracing.start", { traceConfig: { includedCategories: ["v8.wasm"] } });
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
  await cdp.send("Profiler.start");
  const { form, advice, t0 } = await residentWhoDoesNotWait(page, base);
  const { profile } = await cdp.send("Profiler.stop");
  if (tracing) {
    await cdp.send("Tracing.end");
    await traced;
  }
  const entries = await page.evaluate(() => ({
    files: [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((r) => [new URL(r.name).pathname.replace(/^\/(www|pkg)\//, "") + new URL(r.name).search, r.startTime, r.responseStart, r.responseEnd, r.encodedBodySize]),
    marks: performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]),
    navigation: performance.timeOrigin,
  }));
  await context.close();
  const last = await moduleDone;
  console.log(`questions usable after ${form.toFixed(2)} s, first advice after ${advice.toFixed(2)} s (the benchmark's clock)\n`);
  console.log("file                                   asked  first byte  last byte   bytes (ms from the navigation)");
  for (const [name, asked, first, done, size] of entries.files) {
    console.log(`${(name || "(the page)").slice(0, 38).padEnd(38)} ${asked.toFixed(0).padStart(6)} ${first.toFixed(0).padStart(11)} ${done.toFixed(0).padStart(10)} ${String(size).padStart(8)}`);
  }
  console.log(`\npage moments: ${entries.marks.filter(([n]) => n === "advise-start").map(([, t]) => t.toFixed(0)).join(", ")} ms (each render of the advice)`);
  console.log("\nmain thread after the module's last byte (ms, CPU 4x slower):");
  for (const [call, ms] of perCall(profile, last)) if (ms >= 1) console.log(`  ${ms.toFixed(0).padStart(5)}  ${call}`);
  const lazy = trace.filter((e) => e.name === "wasm.CompileLazy" && e.ts >= last);
  if (tracing) console.log(`  of which WebAssembly compiled on first call: ${(lazy.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000).toFixed(0)} ms, ${lazy.length} functions`);
  // The floor: however the other files are ordered, the module cannot arrive sooner than alone.
  const [, asked] = entries.files.find(([name]) => name.endsWith(".wasm"));
  const alone = await moduleAlone(browser, base);
  const before = entries.navigation - t0;
  console.log(`\nthe module alone on this line, nothing else sent: ${alone.toFixed(0)} ms from asked to last byte`);
  console.log(`so, asked at ${asked.toFixed(0)} ms, its last byte cannot come before ${(asked + alone).toFixed(0)} ms from the navigation: ` +
    `${((before + asked + alone) / 1000).toFixed(2)} s on the benchmark's clock (${before.toFixed(0)} ms before the navigation), before the engine has done any work`);
} finally {
  await stop();
}
