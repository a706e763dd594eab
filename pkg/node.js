// Node entry (case systems): reads the module and the national municipality table from disk,
// instantiates the module, then exports the API.
import { readFileSync } from "node:fs";
import { initSync, setMunicipalityTable } from "./toegang.js";

initSync({ module: readFileSync(new URL("./toegang_bg.wasm", import.meta.url)) });
setMunicipalityTable(readFileSync(new URL("./municipalities.json", import.meta.url), "utf8"));

export * from "./toegang.js";
