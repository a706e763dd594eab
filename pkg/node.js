// Node entry (case systems): reads the module and the national municipality table from disk,
// instantiates the module, then exports the API.
import { readFileSync } from "node:fs";
import { initSync, setMunicipalityTable } from "./toegang.js";

initSync({ module: readFileSync(new URL("./toegang_bg.wasm", import.meta.url)) });
setMunicipalityTable(readFileSync(new URL("./municipalities.tsv", import.meta.url), "utf8"));
const schema = readFileSync(new URL("./situation.schema.json", import.meta.url), "utf8");

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}

export * from "./toegang.js";
