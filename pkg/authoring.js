// Browser entry of the compare page (www/vergelijk.html): the same API as index.js, from the
// module built with the `authoring` feature, which adds what a policy advisor needs and the
// resident page does not:
// - compareReports: a comparison with the CSV and HTML that `toegang compare` writes;
// - ruleBehind: the lines of the script behind a reason, with the sources they cite;
// - draftCases: the cases of the rule set a draft started from, run against the draft;
// - draftFolder: the draft as a rule set folder (ruleset.toml, rules.rhai, cases.toml);
// - loadCases: a loaded rule set's cases (rules/<id>.<date>.cases.json), for draftCases and
//   draftFolder.
// Like every entry it carries no municipality's rules: `await loadMunicipality(id)` for each one
// compared or drafted from.
import { startInBrowser } from "./browser.js";
import { callExport } from "./engine.js";

await startInBrowser("./toegang_authoring_bg.wasm", "toegang_authoring.js");

export const compareReports = (municipalities, options, onProgress) => callExport("compareReports", municipalities, options, onProgress);
export const ruleBehind = (source, draft) => callExport("ruleBehind", source, draft);
export const draftCases = (draft, base) => callExport("draftCases", draft, base);
export const draftFolder = (draft, base) => callExport("draftFolder", draft, base);

export { situationSchema } from "./browser.js";
export * from "./engine.js";
