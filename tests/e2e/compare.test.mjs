// The compare view (www/vergelijk.html) in a real browser: the comparison runs in a Web Worker,
// the heatmap shows open access per provision, a cell shows the minimal examples behind it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { screenshotPath, start } from "./harness.mjs";

let browser, base, stop;

before(async () => {
  ({ browser, base, stop } = await start());
});
after(async () => {
  await stop?.();
});

async function open(options = {}) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options })).newPage();
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${base}/www/vergelijk.html`);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForSelector("#run:not([disabled])");
  return { page, errors, requests };
}

async function choose(page, ids) {
  for (const box of await page.locator("#municipalities input").all()) {
    if (ids.includes(await box.getAttribute("value"))) await box.check(); else await box.uncheck();
  }
}

async function compare(page, population) {
  await page.selectOption("#population", String(population));
  await page.click("#run");
  await page.waitForSelector("#result:not([hidden])", { timeout: 60_000 });
}

test("three municipalities: the heatmap shows open access per provision and a cell shows minimal examples", async () => {
  const { page, errors, requests } = await open();
  await choose(page, ["hardenberg", "tilburg", "westerveld"]);
  await compare(page, 1000);
  const headers = await page.locator("#heatmap thead th").allInnerTexts();
  assert.deepEqual(headers.slice(1), ["Hardenberg", "Tilburg", "Westerveld"]);
  // Household help: open access in Hardenberg, a decision in Tilburg (the sourced difference).
  const hardenberg = page.locator('.cell[data-provision="huishoudelijke_hulp"][data-municipality="hardenberg"]');
  const tilburg = page.locator('.cell[data-provision="huishoudelijke_hulp"][data-municipality="tilburg"]');
  // (Not 100%: residents with a Wlz indication get household help through the Wlz.)
  assert.ok(Number(await hardenberg.getAttribute("data-open")) >= 80, await hardenberg.innerText());
  assert.match(await hardenberg.innerText(), /\d+% direct/);
  // All four routes are shown, written out: Tilburg's household help needs a decision.
  assert.equal(await tilburg.getAttribute("data-open"), "0");
  // (Not 100%: residents with a Wlz indication are sent elsewhere, and that is written out too.)
  assert.ok(Number(await tilburg.getAttribute("data-decision")) >= 90);
  assert.match(await tilburg.innerText(), /\d+% besluit · \d+% elders/);
  assert.match(await tilburg.getAttribute("aria-label"), /Tilburg, Hulp bij het huishouden, van [\d.]+ inwoners voor wie het geldt: 0% direct toegankelijk, \d+% besluit nodig, 0% niet aangeboden, \d+% elders geregeld, 0% geen advies/);
  await hardenberg.click();
  const examples = page.locator("#examples");
  await examples.locator(".pair").first().waitFor();
  const text = await examples.innerText();
  assert.match(text, /Hardenberg en Tilburg verschillen in [\d.]+ situaties/);
  assert.match(text, /vraagt om Huishouden/i);
  assert.match(text, /direct toegankelijk/);
  assert.match(text, /besluit nodig/);
  // The rules behind the difference: each side's rule, with its file and line, and its sources.
  const lines = await examples.locator(".pair").first().locator(".rule-line").allInnerTexts();
  assert.ok(lines.some((l) => /rules\/hardenberg\/rules\.rhai:\d+/.test(l)), lines.join(" | "));
  assert.ok(lines.some((l) => /rules\/tilburg\/rules\.rhai:\d+/.test(l)), lines.join(" | "));
  assert.match(await examples.locator(".pair").first().innerText(), /Grondslag en bronnen: .*bron:/);
  assert.equal(await hardenberg.getAttribute("aria-pressed"), "true");
  // The similarity matrix: 100% on the diagonal, less between Hardenberg and Tilburg.
  const sim = await page.locator("#similarity tbody tr").first().locator("td").allInnerTexts();
  assert.equal(sim[0], "100%");
  assert.ok(Number.parseFloat(sim[1]) < 100, sim.join(" "));
  assert.deepEqual(errors, []);
  assert.ok(requests.every((u) => u.startsWith(base)), "nothing leaves the browser");
});

test("any municipality can be added by search and is compared as the national frame", async () => {
  const { page, errors } = await open();
  await page.fill("#add-search", "Zwolle");
  await page.locator('#add-results button[data-municipality="zwolle"]').waitFor();
  await page.press("#add-search", "Enter");
  const zwolle = page.locator("#m-zwolle");
  assert.equal(await zwolle.isChecked(), true);
  assert.equal(await page.locator('label[for="m-zwolle"]').innerText(), "Zwolle (landelijk kader)");
  assert.equal(await page.evaluate(() => document.activeElement.id), "m-zwolle", "focus moves to the added box");
  await page.fill("#add-search", "Qqqzz");
  assert.match(await page.locator("#add-results").innerText(), /Geen gemeente gevonden voor 'Qqqzz'/);
  await choose(page, ["hardenberg", "zwolle"]);
  await compare(page, 1000);
  const headers = await page.locator("#heatmap thead th").allInnerTexts();
  assert.deepEqual(headers.slice(1), ["Hardenberg", "Zwolle (landelijk kader)"]);
  // The national frame decides no household help: nobody in Zwolle walks straight in.
  const cell = page.locator('.cell[data-provision="huishoudelijke_hulp"][data-municipality="zwolle"]');
  assert.equal(await cell.getAttribute("data-open"), "0");
  assert.match(await cell.innerText(), /100% geen advies/);
  assert.deepEqual(errors, []);
});

test("a draft rule set is compared next to its original and shows the one changed rule", async () => {
  const { page, errors } = await open();
  await choose(page, ["westerveld"]);
  await page.click("#draft-details summary");
  await page.selectOption("#draft-base", "westerveld");
  const script = await page.inputValue("#draft");
  await page.fill("#draft", script.replace('decision_required("respijtzorg")', 'open_access("respijtzorg")'));
  await page.check("#draft-on");
  await compare(page, 1000);
  const rows = await page.locator("#heatmap tbody th").allInnerTexts();
  assert.ok(rows.some((r) => /respijt/i.test(r)), rows.join(", "));
  await page.click('.cell[data-provision="respijtzorg"][data-municipality="concept"]');
  await page.locator("#examples .pair").waitFor();
  assert.match(await page.locator("#examples").innerText(), /Westerveld en Concept verschillen/);
  // Only that provision differs.
  for (const provision of await page.locator('.cell[data-municipality="concept"]').evaluateAll((cells) => cells.map((c) => c.dataset.provision))) {
    const a = await page.locator(`.cell[data-provision="${provision}"][data-municipality="westerveld"]`).innerText();
    const b = await page.locator(`.cell[data-provision="${provision}"][data-municipality="concept"]`).innerText();
    if (provision !== "respijtzorg") assert.equal(a, b, provision);
  }
  assert.deepEqual(errors, []);
});

test("a syntax error in the draft is shown with its line, and nothing else breaks", async () => {
  const { page } = await open();
  await choose(page, ["westerveld"]);
  await page.click("#draft-details summary");
  await page.fill("#draft", "open_access(\"ontmoeting\")\n  .via(");
  await page.check("#draft-on");
  await page.click("#run");
  await page.waitForFunction(() => /regel 2/.test(document.getElementById("status").textContent));
  assert.equal(await page.isEnabled("#run"), true);
});

test("a draft that fails for every resident is not reported as compared: its error, its line, and the old result gone", async () => {
  const { page } = await open();
  await choose(page, ["westerveld", "hardenberg"]);
  await compare(page, 1000); // a good result first, to see it go
  await page.click("#draft-details summary");
  await page.fill("#draft", "let n = 0;\nloop { n += 1; }");
  await page.check("#draft-on");
  await page.selectOption("#population", "10000");
  await page.click("#run");
  await page.waitForFunction(() => /Niet vergeleken/.test(document.getElementById("status").textContent));
  const status = await page.locator("#status").innerText();
  assert.match(status, /Concept geeft bij geen enkele van de eerste situaties een advies/);
  assert.match(status, /regel 2, kolom/);
  assert.doesNotMatch(status, /vergeleken in/);
  assert.equal(await page.isHidden("#result"), true, "the previous heatmap is gone");
  await page.click("#goto-line");
  const caret = await page.evaluate(() => {
    const draft = document.getElementById("draft");
    return [document.activeElement.id, draft.value.slice(0, draft.selectionStart).split("\n").length];
  });
  assert.deepEqual(caret, ["draft", 2], "the cursor is on the offending line");
});

test("a draft that fails for some residents is compared, and says for how many and why", async () => {
  const { page } = await open();
  await choose(page, ["westerveld"]);
  await page.click("#draft-details summary");
  await page.selectOption("#draft-base", "westerveld");
  const script = await page.inputValue("#draft");
  await page.fill("#draft", `if resident.age > 90 { let x = 1 / 0; }\n${script}`);
  await page.check("#draft-on");
  await compare(page, 1000);
  assert.match(await page.locator("#status").innerText(), /niet alle situaties konden worden beoordeeld/);
  const failures = await page.locator("#failures").innerText();
  assert.match(failures, /Concept: [\d.]+ van de 1\.000 situaties konden niet worden beoordeeld/);
  assert.match(failures, /regel 1, kolom/);
});

test("parenting support counts only residents with a child at home, and the legend says so", async () => {
  const { page } = await open();
  await choose(page, ["hardenberg", "tilburg", "westerveld", "lansingerland"]);
  await compare(page, 1000);
  // Every municipality offers parenting support to every parent: 100% of the residents for whom
  // it applies, no longer 42% of everyone who asked.
  for (const m of ["hardenberg", "tilburg", "westerveld", "lansingerland"]) {
    const cell = page.locator(`.cell[data-provision="opvoedondersteuning"][data-municipality="${m}"]`);
    assert.equal(await cell.getAttribute("data-open"), "100", `${m}: ${await cell.innerText()}`);
  }
  assert.match(await page.locator(".legend-note").innerText(), /Alleen inwoners voor wie de voorziening geldt tellen mee/);
  assert.deepEqual(await page.locator("#legend li").allInnerTexts(), ["direct toegankelijk", "besluit nodig", "niet aangeboden", "elders geregeld", "geen advies"]);
});

test("the compare view has no serious accessibility violations, and a screenshot for the README", async () => {
  // axe is injected as an inline script, which the page's own CSP rightly forbids.
  const { page } = await open({ bypassCSP: true });
  await choose(page, ["hardenberg", "lansingerland", "tilburg", "westerveld"]);
  await compare(page, 1000);
  await page.click('.cell[data-provision="huishoudelijke_hulp"][data-municipality="hardenberg"]');
  await page.locator("#examples .pair").first().waitFor();
  await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
  const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag22aa"] }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.length}`), []);
  await page.screenshot({ path: screenshotPath("screenshot-compare.png"), fullPage: true });
});

test("benchmark: 8 municipalities × 10,000 situations in the worker (time reported, not asserted)", async () => {
  const { page } = await open();
  await choose(page, ["den_haag", "eindhoven", "hardenberg", "lansingerland", "middelburg", "peel_en_maas", "tilburg", "westerveld"]);
  await compare(page, 10000);
  const ms = Number(await page.locator("#status").getAttribute("data-ms"));
  console.log(`# browser compare 8 × 10,000 in a Web Worker: ${(ms / 1000).toFixed(2)} s`);
  // What was measured is the whole comparison: all eight columns over 10,000 situations.
  assert.match(await page.locator("#status").innerText(), /10\.000 situaties vergeleken/);
  assert.equal((await page.locator("#heatmap thead th").allInnerTexts()).length, 9);
});

test("on a phone the examples come into view after a click, and axe finds nothing serious at 360 px", async () => {
  const { page } = await open({ viewport: { width: 360, height: 740 }, bypassCSP: true });
  await choose(page, ["hardenberg", "tilburg"]);
  await compare(page, 1000);
  await page.click('.cell[data-provision="huishoudelijke_hulp"][data-municipality="tilburg"]');
  await page.locator("#examples .pair").first().waitFor();
  const top = await page.evaluate(() => document.getElementById("examples").getBoundingClientRect().top);
  assert.ok(top > -2 && top < 740, `the examples start at ${top} px, within the screen`);
  await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
  const result = await page.evaluate(async () => await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag22aa"] }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.length}`), []);
});

test("the chosen comparison lives in the URL: a shared link opens the same choice", async () => {
  const { page } = await open();
  await choose(page, ["hardenberg", "tilburg"]);
  await page.fill("#add-search", "Zwolle");
  await page.press("#add-search", "Enter");
  await page.fill("#seed", "7");
  await compare(page, 1000);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("gemeenten"), "hardenberg,tilburg,zwolle");
  assert.equal(url.searchParams.get("n"), "1000");
  assert.equal(url.searchParams.get("seed"), "7");
  const other = await (await browser.newContext()).newPage();
  await other.goto(url.href);
  await other.waitForSelector("body[data-ready=true]");
  const checked = await other.locator("#municipalities input:checked").evaluateAll((boxes) => boxes.map((b) => b.value));
  assert.deepEqual(checked.sort(), ["hardenberg", "tilburg", "zwolle"]);
  assert.equal(await other.inputValue("#seed"), "7");
  assert.equal(await other.inputValue("#population"), "1000");
});
