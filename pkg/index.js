// Browser entry: fetches the module, the national municipality table and the index of published
// rule sets next to this file, starts the engine (engine.js), then exports the API. A
// municipality's own rules are a file of their own (rules/), fetched and verified when asked for:
//   import { advise, loadMunicipality } from "./pkg/index.js";
//   await loadMunicipality("hardenberg");   // fetches rules/hardenberg.….json, checks its hash
//   advise("hardenberg", situation);
import { start } from "./engine.js";
import { municipalityTable, ruleSetFile, ruleSetIndex } from "./data.js";

const file = (name) => new URL(name, import.meta.url);
const text = (name) => fetch(file(name)).then((r) => (r.ok ? r.text() : null), () => null);
const [compiled, table, schema, index] = await Promise.all([
  WebAssembly.compileStreaming(fetch(file("./toegang_bg.wasm"))),
  municipalityTable(),
  text("./situation.schema.json"),
  ruleSetIndex(),
  // The first instance's glue and its imports, loaded while the module compiles (engine.js
  // imports the same URL, then from the module map).
  import(file("./toegang.js?instance=0").href),
]);

await start(compiled, table, "toegang.js", {
  index,
  read: ruleSetFile,
  readSync: null,
  indexError: "rules/index.json could not be fetched",
});

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}

export * from "./engine.js";
