// Node entry (case systems): reads the module, the national municipality table and the index of
// published rule sets from disk, starts the engine (engine.js), then exports the API. A
// municipality's rule set file (rules/) is read and verified the first time it is asked for.
import { readFileSync } from "node:fs";
import { start } from "./engine.js";

const file = (name) => new URL(name, import.meta.url);
const readSync = (name) => readFileSync(file(`./rules/${name}`));
let index = null;
let indexError;
try {
  index = readFileSync(file("./rules/index.json"), "utf8");
} catch (e) {
  indexError = `rules/index.json could not be read: ${e.message}`;
}
await start(new WebAssembly.Module(readFileSync(file("./toegang_bg.wasm"))), readFileSync(file("./municipalities.tsv"), "utf8"), "toegang.js", {
  index,
  read: async (name) => readSync(name),
  readSync,
  indexError,
});
const schema = readFileSync(file("./situation.schema.json"), "utf8");

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}

export * from "./engine.js";
