// What both end-to-end suites share: the page served on 127.0.0.1 and Debian's Chromium, headless.
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

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
