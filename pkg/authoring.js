// Browser entry of the compare page (www/vergelijk.html): the same API as index.js, from the
// module built with the `authoring` feature, which adds what a policy advisor needs and the
// resident page does not (kept out of toegang_bg.wasm for its size budget):
// - compareReports: a comparison with the CSV and HTML that `toegang compare` writes;
// - ruleBehind: the lines of the script behind a reason, with the sources they cite;
// - draftCases: the cases of the rule set a draft started from, run against the draft;
// - draftFolder: the draft as a rule set folder (ruleset.toml, rules.rhai, cases.toml).
import { start, callExport } from "./engine.js";

const file = (name) => new URL(name, import.meta.url);
const text = (name) => fetch(file(name)).then((r) => (r.ok ? r.text() : null));
const [compiled, table, schema] = await Promise.all([
  WebAssembly.compileStreaming(fetch(file("./toegang_authoring_bg.wasm"))),
  text("./municipalities.tsv"),
  text("./situation.schema.json"),
]);
await start(compiled, table, "toegang_authoring.js");

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}

export const compareReports = (municipalities, options, onProgress) => callExport("compareReports", municipalities, options, onProgress);
export const ruleBehind = (source, draft) => callExport("ruleBehind", source, draft);
export const draftCases = (draft, base) => callExport("draftCases", draft, base);
export const draftFolder = (draft, base) => callExport("draftFolder", draft, base);

export * from "./engine.js";
