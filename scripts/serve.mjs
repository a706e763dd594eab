// Serves the demo page (www/) and the package (pkg/) on 127.0.0.1, nothing else, with a Content
// Security Policy that keeps every resident's answers in the browser.
//   node scripts/serve.mjs [PORT]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SERVED = ["www/", "pkg/"];
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml",
};
const HEADERS = {
  "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

export function serve(port = 8080) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname)).replace(/^\/+/, "");
    if (path === "" || path === ".") {
      response.writeHead(302, { Location: "/www/" }).end();
      return;
    }
    const file = path.endsWith("/") ? `${path}index.html` : path;
    if (!SERVED.some((prefix) => file.startsWith(prefix)) || file.includes("..")) {
      response.writeHead(404, HEADERS).end("not found");
      return;
    }
    try {
      const body = await readFile(join(ROOT, file));
      response.writeHead(200, { ...HEADERS, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404, HEADERS).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? process.env.PORT ?? 8080));
  const url = `http://127.0.0.1:${server.address().port}/www/`;
  console.log(`toegang: open ${url} (Ctrl+C to stop)`);
  console.log(`         compare municipalities: ${url}vergelijk.html`);
}
