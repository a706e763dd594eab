// The page's server (scripts/serve.mjs) under requests a browser never sends. Issue 14: `/www/%zz`
// and a raw `GET //` made the process exit; every method got 200; the redirect from `/` had no
// security headers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { serve } from "../../scripts/serve.mjs";

let server, base, port;
before(async () => {
  server = await serve(0);
  port = server.address().port;
  base = `http://127.0.0.1:${port}`;
});
after(() => server.close());

/** Sends a raw request line and returns the status line of the answer. */
function raw(line) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = "";
    socket.on("data", (chunk) => { data += chunk; });
    socket.on("end", () => resolve(data.split("\r\n")[0]));
    socket.on("error", reject);
  });
}

test("malformed paths get 400 and the server keeps serving", async () => {
  for (const path of ["/www/%zz", "/%", "/www/%2"]) {
    const response = await fetch(base + path);
    assert.equal(response.status, 400, path);
    assert.ok(response.headers.get("content-security-policy"), path);
  }
  assert.match(await raw("GET // HTTP/1.1"), /^HTTP\/1\.1 (302|400|404)/);
  assert.match(await raw("GET /www/%zz HTTP/1.1"), /^HTTP\/1\.1 400/);
  assert.match(await raw("NONSENSE"), /^HTTP\/1\.1 400/);
  assert.equal((await fetch(`${base}/www/`)).status, 200, "still serving");
});

test("only GET and HEAD are answered; other methods get 405 with Allow", async () => {
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
    const response = await fetch(`${base}/www/`, { method });
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.get("allow"), "GET, HEAD");
  }
  const head = await fetch(`${base}/www/`, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal((await head.text()).length, 0);
});

test("every answer carries the security headers, the redirect from / too", async () => {
  const cases = [["/", 302], ["/www/", 200], ["/etc/passwd", 404], ["/www/../Cargo.toml", 404]];
  for (const [path, status] of cases) {
    const response = await fetch(base + path, { redirect: "manual" });
    assert.equal(response.status, status, path);
    assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'self'/, path);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
  }
});

test("the module and the page travel compressed when the browser accepts it", async () => {
  const { request } = await import("node:http");
  const { brotliDecompressSync } = await import("node:zlib");
  const { readFileSync } = await import("node:fs");
  const get = (path, encoding) => new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers: { "Accept-Encoding": encoding } }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject).end();
  });
  const wasm = readFileSync("pkg/toegang_bg.wasm");
  const br = await get("/pkg/toegang_bg.wasm", "gzip, deflate, br");
  assert.equal(br.headers["content-encoding"], "br");
  assert.ok(br.body.length < wasm.length / 2, `${br.body.length} of ${wasm.length} bytes`);
  assert.ok(brotliDecompressSync(br.body).equals(wasm), "the same module after decompression");
  const plain = await get("/pkg/toegang_bg.wasm", "identity");
  assert.equal(plain.headers["content-encoding"], undefined);
  assert.ok(plain.body.equals(wasm));
  assert.match(br.headers["content-security-policy"], /default-src 'self'/);
});
