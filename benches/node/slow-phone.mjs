// Time until the resident page is usable on a slow phone: Chromium with "Fast 3G" (562.5 ms
// latency, 1.44 Mbit/s down, 675 kbit/s up, as DevTools defines it) and a 4x slower CPU.
//   node benches/node/slow-phone.mjs     (after scripts/build-pkg.sh and scripts/build-www.sh)
import { start } from "../../tests/e2e/harness.mjs";

const { browser, base, stop } = await start();
try {
  for (const run of [1, 2, 3]) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
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
    await page.goto(`${base}/www/`);
    const loading = await page.locator("#results").innerText();
    await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
    console.log(`run ${run}: usable after ${((Date.now() - t0) / 1000).toFixed(1)} s, ${(bytes / 1024).toFixed(0)} KiB transferred; while loading it said: "${loading.trim()}"`);
    await context.close();
  }
} finally {
  await stop();
}
