// Time until the resident page is usable on a slow phone: Chromium with "Fast 3G" (562.5 ms
// latency, 1.44 Mbit/s down, 675 kbit/s up, as DevTools defines it) and a 4x slower CPU, cache off.
// Two moments: the questions can be answered (`body[data-form]`: the form, its needs list and its
// styles are there) and the advice is ready (`body[data-ready]`: the engine is compiled and has
// answered what was filled in meanwhile).
//   node benches/node/slow-phone.mjs [RUNS]   (after scripts/build-pkg.sh and scripts/build-www.sh)
import { start } from "../../tests/e2e/harness.mjs";

/** One throttled load of the page; the two moments in seconds and the bytes transferred. */
export async function slowPhoneLoad(browser, base) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    let bytes = 0;
    cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
    const t0 = Date.now();
    await page.goto(`${base}/www/`, { waitUntil: "commit" });
    await page.waitForSelector("body[data-form=ready]", { timeout: 120_000 });
    const form = (Date.now() - t0) / 1000;
    const questions = await page.locator("#needs input[type=checkbox]").count();
    await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
    const advice = (Date.now() - t0) / 1000;
    return { form, advice, questions, kib: bytes / 1024 };
  } finally {
    await context.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { browser, base, stop } = await start();
  try {
    for (let run = 1; run <= Number(process.argv[2] ?? 3); run++) {
      const { form, advice, questions, kib } = await slowPhoneLoad(browser, base);
      console.log(`run ${run}: questions usable after ${form.toFixed(1)} s (${questions} needs listed), advice ready after ${advice.toFixed(1)} s, ${kib.toFixed(0)} KiB transferred`);
    }
  } finally {
    await stop();
  }
}
