// Browser entry of the npm package: the whole API (advice, search, drafts, comparisons) from
// toegang_bg.wasm, started by browser.js. A municipality's own rules are a file of their own:
//   import { advise, loadMunicipality } from "./pkg/index.js";
//   await loadMunicipality("hardenberg");   // fetches rules/hardenberg.….json, checks its hash
//   advise("hardenberg", situation);
import { startInBrowser } from "./browser.js";

await startInBrowser("./toegang_bg.wasm", "toegang.js");

export { situationSchema } from "./browser.js";
export * from "./engine.js";
