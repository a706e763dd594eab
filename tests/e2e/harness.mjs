// What both end-to-end suites share: the page served on 127.0.0.1 and Debian's Chromium, headless.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../scripts/serve.mjs";

/**
 * Where a screenshot goes: docs/ when `scripts/screenshots.sh` asks for the README's pictures
 * (TOEGANG_SCREENSHOTS=docs), else a temporary folder, so a test run leaves the tree clean.
 */
export function screenshotPath(name) {
  const dir = process.env.TOEGANG_SCREENSHOTS === "docs" ? "docs" : join(tmpdir(), "toegang-e2e");
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

const FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * How long one action or wait may take before it fails: a guard against a hang, never what a test
 * measures. Playwright's default of 30 s is within reach of a page load or a comparison on a
 * 2-core CI machine that also runs a build; timings belong in the printed benchmarks.
 */
export const HANG_GUARD_MS = 120_000;

/** Starts the server and the browser; `stop()` ends both. Every context gets the hang guard. */
export async function start() {
  const server = await serve(0);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(HANG_GUARD_MS);
    return context;
  };
  return {
    server,
    browser,
    base: `http://127.0.0.1:${server.address().port}`,
    stop: async () => {
      await browser.close();
      server.close();
    },
  };
}
