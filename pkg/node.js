// Node entry (case systems): reads the module and the national municipality table from disk,
// starts the engine (engine.js), then exports the API.
import { readFileSync } from "node:fs";
import { start } from "./engine.js";

const file = (name) => new URL(name, import.meta.url);
await start(new WebAssembly.Module(readFileSync(file("./toegang_bg.wasm"))), readFileSync(file("./municipalities.tsv"), "utf8"));
const schema = readFileSync(file("./situation.schema.json"), "utf8");

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}

export * from "./engine.js";
