// Browser entry: fetches and instantiates the module next to this file, then exports the API.
// A municipal page imports it as a plain ES module: import { advise } from "./pkg/index.js";
import init from "./toegang.js";

await init({ module_or_path: new URL("./toegang_bg.wasm", import.meta.url) });

export * from "./toegang.js";
