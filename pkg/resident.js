// Browser entry of the resident page (www/): the API of index.js but `compare`, from the smaller
// toegang_resident_bg.wasm (no comparisons inside: a resident never runs one, and the module is
// downloaded on a phone). `compare` throws an Error coded "input" naming index.js.
import { startInBrowser } from "./browser.js";

await startInBrowser("./toegang_resident_bg.wasm", "toegang_resident.js");

export { situationSchema } from "./browser.js";
export * from "./engine.js";
