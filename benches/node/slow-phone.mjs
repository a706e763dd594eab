// Time until the resident page is usable on a slow phone: Chromium with "Fast 3G" (562.5 ms
// latency, 1.44 Mbit/s down, 675 kbit/s up, as DevTools defines it) and a 4x slower CPU, cache off.
// A resident who does not wait: as soon as the form shows, they type their municipality, press
// Enter and tick a need. Two moments: the questions can be answered (`body[data-form]`: the form,
// its needs list and its styles are there) and the first advice is on screen (the engine has
// arrived, the chosen municipality's rule set is loaded, and what was entered meanwhile is advised).
//   node benches/node/slow-phone.mjs [RUNS]   (after scripts/build-pkg.sh and scripts/build-www.sh)
// Where the time of one such load goes: benches/node/slow-phone-timeline.mjs.
import { start } from "../../tests/e2e/harness.mjs";

/** A new 360 px page on the slow phone's line and processor, cache off; `bytes()`: transferred so far. */
export async function slowPhonePage(browser) {
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
  return { context, page, cdp, bytes: () => bytes };
}

/** Opens the page and answers as the resident who does not wait; the two moments in seconds from
 *  just before the page was asked for (`t0`, epoch ms), and how many needs the form listed. */
export async function residentWhoDoesNotWait(page, base) {
  const t0 = Date.now();
  await page.goto(`${base}/www/`, { waitUntil: "commit" });
  await page.waitForSelector("body[data-form=ready]", { timeout: 120_000 });
  const form = (Date.now() - t0) / 1000;
  const questions = await page.locator("#needs input[type=checkbox]").count();
  // Typed as a resident types, a key at a time; Enter takes the best match.
  await page.locator("#municipality-search").pressSequentially("Hardenberg");
  await page.waitForSelector("#municipality-results button", { timeout: 120_000 });
  await page.keyboard.press("Enter");
  await page.check("#need-household_tasks");
  await page.fill("#age", "80");
  await page.selectOption("#household", "alone");
  await page.waitForSelector("#results .group--open_access", { timeout: 120_000 });
  const advice = (Date.now() - t0) / 1000;
  return { form, advice, questions, t0 };
}

/** One throttled load of the page; the two moments in seconds and the KiB transferred. */
export async function slowPhoneLoad(browser, base) {
  const { context, page, bytes } = await slowPhonePage(browser);
  try {
    const moments = await residentWhoDoesNotWait(page, base);
    return { ...moments, kib: bytes() / 1024 };
  } finally {
    await context.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { browser, base, stop } = await start();
  try {
    for (let run = 1; run <= Number(process.argv[2] ?? 3); run++) {
      const { form, advice, questions, kib } = await slowPhoneLoad(browser, base);
      console.log(`run ${run}: questions usable after ${form.toFixed(1)} s (${questions} needs listed), first advice after typing the municipality at once: ${advice.toFixed(1)} s, ${kib.toFixed(0)} KiB transferred`);
    }
  } finally {
    await stop();
  }
}
