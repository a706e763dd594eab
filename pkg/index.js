// Browser entry: fetches the module and the national municipality table next to this file,
// instantiates the module, then exports the API.
// A municipal page imports it as a plain ES module: import { advise } from "./pkg/index.js";
import init, { setMunicipalityTable } from "./toegang.js";

const [table] = await Promise.all([
  fetch(new URL("./municipalities.json", import.meta.url)).then((r) => (r.ok ? r.text() : null)),
  init({ module_or_path: new URL("./toegang_bg.wasm", import.meta.url) }),
]);
// Without the table only the municipalities with a rule set are known; advice still works.
if (table) setMunicipalityTable(table);

export * from "./toegang.js";
