// What the browser entries share (index.js: the npm package's module; resident.js: the resident
// page's smaller one): fetch the module, the national municipality table, the situation schema
// and the index of published rule sets next to this file, all at once, and start the engine
// (engine.js). A municipality's own rules are a file of their own (rules/), fetched and verified
// when asked for (`await loadMunicipality(id)`).
import { start } from "./engine.js";
import { municipalityTable, ruleSetFile, ruleSetIndex } from "./data.js";

const file = (name) => new URL(name, import.meta.url);
let schema = null;

/** Compiles `moduleFile` while its glue (`glueFile`) and the small files load, then starts it. */
export async function startInBrowser(moduleFile, glueFile) {
  const [compiled, table, schemaText, index] = await Promise.all([
    WebAssembly.compileStreaming(fetch(file(moduleFile))),
    municipalityTable(),
    fetch(file("./situation.schema.json")).then((r) => (r.ok ? r.text() : null), () => null),
    ruleSetIndex(),
    // The first instance's glue and its imports, loaded while the module compiles (engine.js
    // imports the same URL, then from the module map).
    import(file(`./${glueFile}?instance=0`).href),
  ]);
  schema = schemaText;
  // The spare instance waits for the first advice: on a slow phone it would take the processor
  // just when the resident's first advice is due (engine.js).
  await start(compiled, table, glueFile, {
    index,
    read: ruleSetFile,
    readSync: null,
    indexError: "rules/index.json could not be fetched",
  }, { spareAfterFirstAdvice: true });
}

/** The JSON Schema of a situation, for form builders (a fresh copy on every call). */
export function situationSchema() {
  return JSON.parse(schema);
}
