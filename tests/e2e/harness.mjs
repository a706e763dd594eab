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

/** Starts the server and the browser; `stop()` ends both. */
export async function start() {
  const server = await serve(0);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
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
