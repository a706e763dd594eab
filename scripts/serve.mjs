// Serves the demo page (www/) and the package (pkg/) on 127.0.0.1, nothing else, with a Content
// Security Policy that keeps every resident's answers in the browser.
//   node scripts/serve.mjs [PORT]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
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

/** The served file a request path names, or null when it cannot name one (`%zz`, `//`). */
function fileOf(url) {
  let path;
  try {
    path = normalize(decodeURIComponent(new URL(url, "http://127.0.0.1").pathname)).replace(/^\/+/, "");
  } catch {
    return null;
  }
  if (path === "" || path === ".") return "";
  return path.endsWith("/") ? `${path}index.html` : path;
}

async function answer(request, response) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { ...HEADERS, Allow: "GET, HEAD" }).end("method not allowed");
    return;
  }
  const file = fileOf(request.url ?? "");
  if (file === null) {
    response.writeHead(400, HEADERS).end("bad request");
    return;
  }
  if (file === "") {
    response.writeHead(302, { ...HEADERS, Location: "/www/" }).end();
    return;
  }
  if (!SERVED.some((prefix) => file.startsWith(prefix)) || file.includes("..") || file.includes("\0")) {
    response.writeHead(404, HEADERS).end("not found");
    return;
  }
  let body;
  try {
    body = await readFile(join(ROOT, file));
  } catch {
    response.writeHead(404, HEADERS).end("not found");
    return;
  }
  const type = TYPES[extname(file)] ?? "application/octet-stream";
  const headers = { ...HEADERS, "Content-Type": type, Vary: "Accept-Encoding" };
  const encoding = preferredEncoding(request.headers["accept-encoding"] ?? "", type);
  if (encoding) {
    body = await compressed(file, body, encoding);
    headers["Content-Encoding"] = encoding;
  }
  response.writeHead(200, headers).end(request.method === "HEAD" ? undefined : body);
}

/** Brotli, else gzip, for text and wasm (the module is 1.2 MB raw, about 360 KB compressed). */
function preferredEncoding(accept, type) {
  if (type.startsWith("image/png")) return null;
  if (/\bbr\b/.test(accept)) return "br";
  if (/\bgzip\b/.test(accept)) return "gzip";
  return null;
}

/** The file compressed: the copy `scripts/precompress.mjs` wrote at build time (`.br`, `.gz`) when
 *  it is as new as the file, else compressed here once per file version. */
const cache = new Map();
async function compressed(file, body, encoding) {
  const { mtimeMs } = await stat(join(ROOT, file));
  const ready = join(ROOT, `${file}.${encoding === "br" ? "br" : "gz"}`);
  try {
    if ((await stat(ready)).mtimeMs >= mtimeMs) return await readFile(ready);
  } catch {
    // not precompressed: compress it here
  }
  const key = `${encoding}:${file}`;
  const hit = cache.get(key);
  if (hit && hit.mtimeMs === mtimeMs) return hit.body;
  const packed = encoding === "br"
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
    : gzipSync(body, { level: 9 });
  cache.set(key, { mtimeMs, body: packed });
  return packed;
}

/** Starts the server; no request can end the process (an unexpected failure answers 500). */
export function serve(port = 8080) {
  const server = createServer((request, response) => {
    answer(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, HEADERS);
      response.end();
    });
  });
  // A malformed request line (`GET // HTTP/1.1` is fine, raw garbage is not) closes that socket only.
  server.on("clientError", (_error, socket) => socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"));
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? process.env.PORT ?? 8080));
  const url = `http://127.0.0.1:${server.address().port}/www/`;
  console.log(`toegang: open ${url} (Ctrl+C to stop)`);
  console.log(`         compare municipalities: ${url}vergelijk.html`);
}
