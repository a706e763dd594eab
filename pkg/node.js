// Node entry (case systems): reads the module from disk, instantiates it, then exports the API.
import { readFileSync } from "node:fs";
import { initSync } from "./toegang.js";

initSync({ module: readFileSync(new URL("./toegang_bg.wasm", import.meta.url)) });

export * from "./toegang.js";
