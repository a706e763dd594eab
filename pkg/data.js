// The small files next to the module, each fetched once and shared: the national municipality
// table, the index of published rule sets and each rule set file (rules/). index.js reads them
// through here, and so can a page that wants to start on them before the engine has arrived
// (the resident page searches the table and fetches the chosen municipality's rule set while the
// module still compiles). No wasm here: importing it costs one small request.
const here = (name) => new URL(name, import.meta.url);
const once = new Map(); // name → promise of its text or bytes

function fetchOnce(name, read) {
  if (!once.has(name)) {
    const loading = fetch(here(name)).then((response) => {
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      return read(response);
    });
    // A failed fetch is not kept: the next call tries again.
    loading.catch(() => once.delete(name));
    once.set(name, loading);
  }
  return once.get(name);
}

/** The national municipality table (municipalities.tsv) as text; `null` if it cannot be fetched. */
export const municipalityTable = () => fetchOnce("./municipalities.tsv", (r) => r.text()).catch(() => null);

/** The index of published rule sets (rules/index.json) as text; `null` if it cannot be fetched. */
export const ruleSetIndex = () => fetchOnce("./rules/index.json", (r) => r.text()).catch(() => null);

/** A published rule set file's bytes; rejects with a message naming the file if it cannot be had. */
export const ruleSetFile = (file) => fetchOnce(`./rules/${file}`, async (r) => new Uint8Array(await r.arrayBuffer()));

/** Starts fetching the rule set files of the municipality with this CBS code (`GM0160`). */
export async function prefetchRuleSets(cbsCode) {
  let entries = [];
  try {
    entries = JSON.parse(await ruleSetIndex()).rule_sets ?? [];
  } catch {
    return; // no index, or one that does not read: the engine says so when it advises
  }
  for (const entry of entries) {
    if (entry?.cbs_code === cbsCode) ruleSetFile(entry.file).catch(() => {});
  }
}
