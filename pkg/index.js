// Browser entry: fetches the module and the national municipality table next to this file,
// instantiates the module, then exports the API.
// A municipal page imports it as a plain ES module: import { advise } from "./pkg/index.js";
import init, { setMunicipalityTable } from "./toegang.js";

const text = (file) => fetch(new URL(file, import.meta.url)).then((r) => (r.ok ? r.text() : null));
const [table, schema] = await Promise.all([
  text("./municipalities.tsv"),
  text("./situation.schema.json"),
  init({ module_or_path: new URL("./toegang_bg.wasm", import.meta.url) }),
]);
// Without the table only the municipalities with a rule set are known; advice still works.
if (table) setMunicipalityTable(table);

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}

export * from "./toegang.js";
