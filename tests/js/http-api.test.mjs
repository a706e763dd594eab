// The HTTP API (`toegang serve`) as a case system in another language sees it: the OpenAPI
// document passes the NL API Design Rules lint (tests/openapi/adr-core.spectral.yaml, Spectral),
// every answer validates against that document, and the advice is byte for byte the CLI's and the
// npm package's. Run by scripts/test.sh after the debug build: node --test tests/js/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { adviseJson } from "../../pkg/node.js";
import { situations } from "./situations.mjs";

let server, base, openapi;

before(async () => {
  server = spawn("target/debug/toegang", [
    "serve", "--port", "0",
    "--contact-name", "Gemeente Voorbeeld", "--contact-url", "https://www.voorbeeld.nl/api",
    "--contact-email", "api@voorbeeld.nl",
  ], { stdio: ["ignore", "pipe", "ignore"] });
  const firstLine = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once("line", resolve);
    server.once("exit", (code) => reject(new Error(`toegang serve ended with ${code}`)));
  });
  base = firstLine.match(/http:\/\/[0-9.:]+\/v1/)[0];
  openapi = await (await fetch(`${base}/openapi.json`)).json();
});

after(() => server.kill("SIGTERM"));

/** Lints an OpenAPI document with the ADR rules; returns Spectral's exit code and output. */
function lint(document) {
  const file = join(mkdtempSync(join(tmpdir(), "toegang-openapi-")), "openapi.json");
  writeFileSync(file, JSON.stringify(document));
  const run = spawnSync("node_modules/.bin/spectral", ["lint", "--ruleset", "tests/openapi/adr-core.spectral.yaml", "--fail-severity", "error", file], { encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

test("the OpenAPI document passes the NL API Design Rules lint", () => {
  const { status, output } = lint(openapi);
  assert.equal(status, 0, output);
  assert.equal(openapi.info.contact.email, "api@voorbeeld.nl");
});

test("the lint fails a document that breaks a design rule (it is not vacuous)", () => {
  const broken = structuredClone(openapi);
  delete broken.paths["/catalogue"].get.responses["200"].headers;
  broken.servers = [{ url: "/api" }];
  const { status, output } = lint(broken);
  assert.notEqual(status, 0);
  assert.match(output, /adr-version-header/);
  assert.match(output, /adr-major-version-in-uri/);
});

/** A validator for the response schema of `method path status` in the OpenAPI document. */
function validatorFor(path, method, status, media = "application/json") {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // schemars names Rust's integer widths as formats; the ranges are in minimum/maximum already.
  for (const format of ["uint8", "uint16", "uint32", "uint64", "uint", "int32", "int64"]) ajv.addFormat(format, true);
  ajv.addSchema({ $id: "openapi", components: openapi.components }, "openapi");
  let response = openapi.paths[path][method].responses[String(status)];
  if (response.$ref) response = openapi.components.responses[response.$ref.split("/").pop()];
  const schema = JSON.parse(JSON.stringify(response.content[media].schema).replaceAll('"#/components', '"openapi#/components'));
  return ajv.compile(schema);
}

async function call(method, path, body) {
  const response = await fetch(`${base}${path}`, { method, body, headers: { "content-type": "application/json" } });
  return { status: response.status, type: response.headers.get("content-type"), version: response.headers.get("api-version"), text: await response.text() };
}

test("every answer validates against the document, errors included", async () => {
  const resident = { reference_date: "2026-03-01", age: 81, needs: ["household_tasks", "wheelchair"] };
  const checks = [
    ["/health", "get", undefined, 200],
    ["/catalogue", "get", undefined, 200],
    ["/municipalities", "get", undefined, 200],
    ["/municipalities/{id}", "get", undefined, 200, "/municipalities/GM0160"],
    ["/municipalities/{id}", "get", undefined, 404, "/municipalities/Atlantis"],
    ["/municipalities/{id}/advice", "post", JSON.stringify(resident), 200, "/municipalities/hardenberg/advice"],
    ["/municipalities/{id}/advice", "post", JSON.stringify({ ...resident, age: -1 }), 400, "/municipalities/hardenberg/advice"],
    ["/municipalities/{id}/advice", "post", JSON.stringify({ ...resident, reference_date: "2031-01-01" }), 422, "/municipalities/hardenberg/advice?strictDates=true"],
    ["/comparisons", "post", JSON.stringify({ municipalities: ["hardenberg", "tilburg"], population: 50 }), 200],
    ["/comparisons", "post", JSON.stringify({ municipalities: ["hardenberg"], population: 10, draft: { source: "let x = ;", metadata: {} } }), 422],
  ];
  for (const [path, method, body, status, actual = path] of checks) {
    const answer = await call(method.toUpperCase(), actual, body);
    assert.equal(answer.status, status, `${actual}: ${answer.text}`);
    assert.equal(answer.version, openapi.info.version, actual);
    assert.equal(answer.type, status < 400 ? "application/json" : "application/problem+json", actual);
    const validate = validatorFor(path, method, status, answer.type);
    assert.ok(validate(JSON.parse(answer.text)), `${actual} ${status}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  // The schemas have teeth: an advice with a route the engine never gives does not validate.
  const advice = JSON.parse((await call("POST", "/municipalities/hardenberg/advice", JSON.stringify(resident))).text);
  advice.provisions[0].route = "maybe";
  assert.equal(validatorFor("/municipalities/{id}/advice", "post", 200)(advice), false);
});

test("parity: HTTP gives the CLI's and the npm package's advice byte for byte, bad lines included", async () => {
  const all = situations();
  const bad = ['{"age": 300}', "junk", '{"reference_date":"2026-03-01","age":40,"needs":[]} trailing'];
  const lines = all.map((s) => JSON.stringify(s));
  bad.forEach((b, i) => lines.splice(7 + 30 * i, 0, b));
  const input = lines.join("\n") + "\n";
  const cli = spawnSync("target/debug/toegang", ["advise", "--municipality", "lansingerland", "--jsonl", "-"], { input, maxBuffer: 1 << 28 });
  const batch = await fetch(`${base}/municipalities/lansingerland/advice-batch`, { method: "POST", body: input, headers: { "content-type": "application/x-ndjson" } });
  assert.equal(batch.headers.get("content-type"), "application/x-ndjson");
  assert.equal(await batch.text(), cli.stdout.toString());
  for (const situation of all.slice(0, 80)) {
    const one = await call("POST", "/municipalities/lansingerland/advice", JSON.stringify(situation));
    assert.equal(one.text, adviseJson("lansingerland", JSON.stringify(situation)));
  }
});
