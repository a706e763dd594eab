// The API of the package, kept answering after the unexpected. No input is known to make the
// module trap (tests/js/boundary.test.mjs drives every export with hostile values), but if one
// ever does, that instance's memory can no longer be trusted: the call throws an Error with code
// "internal" saying the engine was restarted, and later calls go to a fresh instance of the same
// compiled module. `engineStatus()` tells how often that happened. In a browser the spare instance
// is made once the engine has first answered for a municipality and the page is idle: made at
// start, it took the slow phone's processor at the moment the resident's first advice was due.
//
// Used by browser.js (index.js, resident.js, authoring.js) and node.js (Node), which only differ
// in how they read files.

let glue; // the JS glue of the instance in use: a fresh module copy per instance
let spare = null; // a ready instance to switch to, prepared in the background
let generation = 0;
const numbers = new WeakMap(); // glue copy → its instance number
let restarts = 0;
let load;
let spareAfterFirstAdvice = false; // the browser's choice (browser.js); Node makes it at once
let trapped = false; // the instance in use trapped with no spare ready: calls wait for a fresh one
let replacing = null; // that fresh instance, on its way

// The published rule sets (rules/ next to the module): the index's text, how to read a file
// (`read`, async; Node also `readSync`), and what was loaded or found unavailable, replayed into
// a spare instance so a restart keeps them.
let rules = { index: null, read: null, readSync: null };
const loaded = []; // [file, bytes] in the order they were added
const loadedCases = []; // [file, bytes] of cases files (the compare page's module)
const unavailable = []; // [id, reason, code]
const pending = new Map(); // id → the promise of its loading, so a municipality loads once

/**
 * Instantiates the compiled module (a `WebAssembly.Module`) with the municipality table and the
 * index of published rule sets, and prepares a spare instance. `glueFile` names the module's
 * JavaScript glue: `toegang.js`, `toegang_resident.js` or `toegang_authoring.js`. `ruleSets` is
 * `{ index, read, readSync }`: the index's text (`null` when it could not be read: every
 * municipality then gets the national frame with a notice), and functions giving a file's bytes.
 * `{ spareAfterFirstAdvice }`: make the spare instance only once the engine has answered for a
 * municipality (`advise`, `questions`, `terms`, `adviseJson`) and the page is idle (browsers).
 */
export async function start(compiled, table, glueFile = "toegang.js", ruleSets = undefined, options = {}) {
  if (ruleSets) rules = ruleSets;
  spareAfterFirstAdvice = options.spareAfterFirstAdvice === true;
  load = async () => {
    // A query makes a separate copy of the glue, whose module-level state is the instance's.
    const n = generation++;
    const copy = await import(new URL(`./${glueFile}?instance=${n}`, import.meta.url).href);
    numbers.set(copy, n);
    copy.initSync({ module: compiled });
    // Without the table only the municipalities with a rule set are known; advice still works.
    if (table) copy.setMunicipalityTable(table);
    if (rules.index) {
      try {
        copy.setRuleSetIndex(rules.index);
      } catch (e) {
        // An index that does not read (a host answering a missing file with an HTML page) is no
        // index: every municipality gets the national frame, with the notice saying why.
        rules = { ...rules, index: null, indexError: `rules/index.json: ${e.message}` };
      }
    }
    for (const [file, bytes] of loaded) copy.addRuleSet(file, bytes);
    for (const [file, bytes] of loadedCases) copy.addRuleSetCases(file, bytes);
    for (const [id, reason, code] of unavailable) copy.ruleSetUnavailable(id, reason, code);
    return copy;
  };
  glue = await load();
  if (ruleSets && !rules.index) markUnavailable("*", rules.indexError ?? "the index of rule sets could not be read");
  if (!spareAfterFirstAdvice) prepareSpare();
}

/** After the first answer for a municipality: the spare instance, when the page is idle. */
function spareWhenIdle() {
  if (!spareAfterFirstAdvice) return;
  spareAfterFirstAdvice = false;
  const idle = globalThis.requestIdleCallback ?? ((then) => setTimeout(then, 0));
  idle(() => { if (!spare && !trapped) prepareSpare(); });
}

function markUnavailable(id, reason, code = "rule_set_file") {
  unavailable.push([id, reason, code]);
  glue.ruleSetUnavailable(id, reason, code);
  toSpare((g) => g.ruleSetUnavailable(id, reason, code));
}

/** Adds one verified file to the instance in use; what fails verification throws, coded. */
function addFile(file, bytes) {
  guard((g) => g.addRuleSet(file, bytes));
  loaded.push([file, bytes]);
  toSpare((g) => g.addRuleSet(file, bytes));
}

/** Gives the spare instance what the one in use just got, so a restart keeps it; a spare that
 *  cannot take it is made anew (from everything loaded so far). */
function toSpare(apply) {
  if (!spare) return;
  try {
    apply(spare);
  } catch {
    prepareSpare();
  }
}

/**
 * Loads the published rule set of a municipality (by id, CBS code or name) before `advise`
 * (`{ retry: true }`: try a file that could not be fetched before once more):
 * fetches its files next to the module and verifies each against the index. Resolves to
 * `{ id, unavailable }`: `unavailable` is `null` when the rules are loaded (or the municipality
 * has none of its own), else `{ code, message }` saying why they could not be used; its advice
 * then comes from the national frame, with a notice saying so. Never rejects for a missing or
 * tampered file; rejects only for an unknown municipality (code `unknown_municipality`).
 */
export async function loadMunicipality(municipality, { retry = false } = {}) {
  let { id, files } = guard((g) => g.ruleSetFiles(municipality));
  // A file that could not be fetched may be there now; one that failed its check is not tried again.
  if (retry && reasonOf(id)?.code === "rule_set_file" && unavailable.some(([gone]) => gone === id)) {
    forget(id);
    ({ files } = guard((g) => g.ruleSetFiles(municipality)));
  }
  if (!files.length) return { id, unavailable: reasonOf(id) };
  if (!pending.has(id)) {
    const loading = Promise.all(files.map(({ file }) => rules.read(file)))
      .then((contents) => files.forEach(({ file }, i) => addFile(file, contents[i])))
      .then(() => ({ id, unavailable: null }), (e) => {
        const why = { code: codeOf(e), message: String(e?.message ?? e) };
        markUnavailable(id, why.message, why.code);
        return { id, unavailable: why };
      })
      .finally(() => pending.delete(id));
    pending.set(id, loading);
  }
  return pending.get(id);
}

/** Takes back that `id`'s rules are unavailable, in both instances. */
function forget(id) {
  for (let i = unavailable.length - 1; i >= 0; i--) if (unavailable[i][0] === id) unavailable.splice(i, 1);
  glue.ruleSetRetry(id);
  toSpare((g) => g.ruleSetRetry(id));
}

/** toegang's code of an error (`rule_set_tampered`); a failed read (`ENOENT`, HTTP) is `rule_set_file`. */
function codeOf(e) {
  return /^[a-z_]+$/.test(e?.code ?? "") ? e.code : "rule_set_file";
}

/**
 * The compare page's module: loads the cases of a municipality's loaded rule set (a draft runs
 * against the cases of the rule set it started from), verified against the index. Rejects with a
 * coded error when they cannot be had; load the municipality first.
 */
export async function loadCases(municipality) {
  const { files } = guard((g) => g.caseFiles(municipality));
  const contents = await Promise.all(files.map(({ file }) => rules.read(file)));
  files.forEach(({ file }, i) => {
    guard((g) => g.addRuleSetCases(file, contents[i]));
    loadedCases.push([file, contents[i]]);
    toSpare((g) => g.addRuleSetCases(file, contents[i]));
  });
}

function reasonOf(id) {
  const found = unavailable.find(([gone]) => gone === id || gone === "*");
  return found ? { code: found[2], message: found[1] } : null;
}

/**
 * With a synchronous reader (Node), a call that needs a rule set not yet loaded loads it from
 * disk and is made again. A file that cannot be read or fails verification is not used: that
 * municipality's advice comes from the national frame, with a notice saying why.
 */
function withRuleSets(call) {
  for (let tries = 0; ; tries += 1) {
    try {
      const answer = guard(call);
      spareWhenIdle();
      return answer;
    } catch (e) {
      if (e?.code !== "rule_set_not_loaded" || !rules.readSync || tries > 400) throw e;
      loadSync(e.municipality, e.files);
    }
  }
}

function loadSync(id, files) {
  try {
    const contents = files.map((file) => rules.readSync(file));
    files.forEach((file, i) => addFile(file, contents[i]));
  } catch (e) {
    markUnavailable(id, String(e?.message ?? e), codeOf(e));
  }
}

/** Node: loads the rule sets of the municipalities a comparison lists (it reports, not throws). */
function preloadAll(municipalities) {
  if (!Array.isArray(municipalities)) return;
  for (const m of municipalities.slice(0, 400)) if (typeof m === "string") preload(m);
}

/** Node: loads the municipality's rule set before a call that answers errors as data. */
function preload(municipality) {
  if (!rules.readSync) return;
  let found;
  try {
    found = glue.ruleSetFiles(municipality);
  } catch {
    return; // an unknown municipality: the call itself says so
  }
  if (found.files.length) loadSync(found.id, found.files.map((f) => f.file));
}

function prepareSpare() {
  spare = null;
  load().then((copy) => { spare = copy; }, () => { /* tried again at the next restart */ });
}

/** A fresh instance for the one that trapped, one at a time; one that cannot be made (its glue
 *  not fetched on a failing line) is tried again at the next call. */
function replaceTrapped() {
  replacing ??= load()
    .then((copy) => { glue = copy; trapped = false; prepareSpare(); }, () => {})
    .finally(() => { replacing = null; });
}

/** Calls into the current instance; a trap moves later calls to the spare, or, with none ready
 *  yet, refuses them until a fresh instance is there. */
function guard(call) {
  if (trapped) {
    replaceTrapped();
    const error = new Error("the engine is being restarted after it stopped unexpectedly; nothing was kept, please try again");
    error.code = "internal";
    throw error;
  }
  try {
    return call(glue);
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    restarts += 1;
    if (spare) {
      glue = spare;
      prepareSpare();
    } else {
      trapped = true;
      replaceTrapped();
    }
    const error = new Error(`the engine stopped unexpectedly (${e.message}) and was restarted; nothing was kept, please try again`);
    error.code = "internal";
    throw error;
  }
}

/**
 * A situation whose `reference_date` is a JavaScript `Date`, with that date as `YYYY-MM-DD` in the
 * caller's own time zone (a `Date` for 1 March made in the Netherlands is 28 February in UTC).
 * Anything else passes unchanged, a value whose properties throw included: the engine checks it
 * and answers with a coded error.
 */
function withDate(situation) {
  let date;
  try {
    date = situation?.reference_date;
  } catch {
    return situation;
  }
  if (!(date instanceof Date)) return situation;
  if (Number.isNaN(date.getTime())) {
    const error = new Error("reference_date: an invalid Date; give a valid Date or the date as YYYY-MM-DD, e.g. 2026-03-01");
    error.code = "input";
    error.path = "reference_date";
    throw error;
  }
  const two = (n) => String(n).padStart(2, "0");
  const day = `${String(date.getFullYear()).padStart(4, "0")}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  try {
    return { ...situation, reference_date: day };
  } catch {
    return situation;
  }
}

/** Compare options with every listed situation's `Date` made `YYYY-MM-DD`. */
function withDates(options) {
  try {
    if (!Array.isArray(options?.situations)) return options;
    return { ...options, situations: options.situations.map(withDate) };
  } catch (e) {
    if (e?.code === "input") throw e;
    return options;
  }
}

export const advise = (municipality, situation, options) => withRuleSets((g) => g.advise(municipality, withDate(situation), options));
/** The follow-up facts whose answer can still change the advice (the answers so far). */
export const questions = (municipality, situation) => withRuleSets((g) => g.questions(municipality, withDate(situation)));
export const adviseJson = (municipality, situation, options) => withRuleSets((g) => g.adviseJson(municipality, situation, options));
export const adviseLine = (municipality, text, line, options) => {
  preload(municipality);
  return guard((g) => g.adviseLine(municipality, text, line, options));
};
export const catalogue = () => guard((g) => g.catalogue());
export const compare = (municipalities, options, onProgress) => {
  preloadAll(municipalities);
  return guard((g) => {
    if (typeof g.compare !== "function") {
      const error = new Error("compare is not in the resident page's module (resident.js): import it from index.js");
      error.code = "input";
      throw error;
    }
    return g.compare(municipalities, withDates(options), onProgress);
  });
};
export const findMunicipalities = (query, limit) => guard((g) => g.findMunicipalities(query, limit));
export const suggestMunicipalities = (query) => guard((g) => g.suggestMunicipalities(query));
export const municipalities = () => guard((g) => g.municipalities());
export const needs = () => guard((g) => g.needs());
export const ruleSetSource = (id) => {
  preload(id);
  return guard((g) => g.ruleSetSource(id));
};
export const terms = (municipality, situation, options) => withRuleSets((g) => g.terms(municipality, withDate(situation), options));
export const setMunicipalityTable = (tsv) => guard((g) => g.setMunicipalityTable(tsv));
export const ruleSetFiles = (municipality) => guard((g) => g.ruleSetFiles(municipality));

/**
 * Calls an export by name, guarded like every call above: for the exports only the compare page's
 * module has (authoring.js); the resident module answers with an Error coded "input".
 */
export function callExport(name, ...args) {
  return guard((g) => {
    if (typeof g[name] !== "function") {
      const error = new Error(`${name} is in the compare page's module: import it from authoring.js`);
      error.code = "input";
      throw error;
    }
    return g[name](...args);
  });
}

/** A rule set compiled from source (a draft), advising with the bundled baseline. */
export class RuleSet {
  #inner;
  constructor(inner) {
    this.#inner = inner;
  }
  /** Compiles a rule script with its metadata; throws with line and column on script errors. */
  static compile(source, metadata) {
    return new RuleSet(guard((g) => g.RuleSet.compile(source, metadata)));
  }
  advise(situation) {
    return guard(() => this.#inner.advise(withDate(situation)));
  }
  get id() {
    return guard(() => this.#inner.id);
  }
  free() {
    this.#inner.free();
  }
}

/**
 * How the engine is doing: which instance answers (its number is in the URL of its glue,
 * `toegang.js?instance=N`), whether a spare is ready, how often it was restarted after a trap, and
 * the size of its memory and of its table of JavaScript references (for monitoring; both stay
 * flat).
 */
export function engineStatus() {
  const exports = glue.initSync({ module: new Uint8Array() }); // the instance's exports, as initialised
  return {
    instance: numbers.get(glue),
    spareReady: spare !== null,
    restarts,
    memoryBytes: exports.memory.buffer.byteLength,
    referenceSlots: exports.__wbindgen_externrefs.length,
  };
}
