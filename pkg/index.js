// Browser entry: fetches the module and the national municipality table next to this file,
// starts the engine (engine.js), then exports the API.
// A municipal page imports it as a plain ES module: import { advise } from "./pkg/index.js";
import { start } from "./engine.js";

const file = (name) => new URL(name, import.meta.url);
const text = (name) => fetch(file(name)).then((r) => (r.ok ? r.text() : null));
const [compiled, table, schema] = await Promise.all([
  WebAssembly.compileStreaming(fetch(file("./toegang_bg.wasm"))),
  text("./municipalities.tsv"),
  text("./situation.schema.json"),
  // The first instance's glue and its imports, loaded while the module compiles (engine.js
  // imports the same URL, then from the module map).
  import(file("./toegang.js?instance=0").href),
]);
await start(compiled, table);

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}

export * from "./engine.js";
