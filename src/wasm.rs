//! The WebAssembly binding: converts JavaScript values to the core's types and back, and the
//! core's errors to JavaScript `Error`s with `code` and `line`/`column` or `path`. No rule logic.

#[cfg(feature = "comparisons")]
use crate::api::CompareOptions;
use crate::api::{self, Draft};
use crate::error::Error;
use crate::registry::Unusable;
use crate::ruleset::published::{Index, IndexEntry};
use crate::{AdviseOptions, CompiledRuleSet, Registry, Situation};
use serde::Serialize;
#[cfg(feature = "comparisons")]
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex, OnceLock};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** An error thrown by toegang: a JavaScript Error with a stable code. */
export interface ToegangError extends Error {
  code: "input" | "script_syntax" | "script_runtime" | "validation" | "limit_exceeded"
      | "rule_set_file" | "unknown_municipality" | "not_valid_on_date" | "internal" | "cancelled" | "rule_set_tampered"
      | "rule_set_not_loaded";
  /** Rule file of a script error. */
  file?: string;
  line?: number;
  column?: number;
  /** JSON path of an input error, e.g. "children[1].age". */
  path?: string;
  /** Which sandbox limit a limit_exceeded error hit, and its value. */
  limit?: "operations" | "time" | "data_size" | "variables" | "expression_depth" | "script_size" | "literal_size";
  bound?: number;
  /** Close matches of an unknown municipality (ids). */
  suggestions?: string[];
  /** rule_set_not_loaded: the municipality's id and the files of its published rule set. */
  municipality?: string;
  files?: string[];
}

/** One rule set, loaded or only published, as listed by municipalities(). */
export interface MunicipalitySummary {
  id: string; name: string; kind: "municipality" | "baseline"; cbs_code: string | null;
  version: string; valid_from: string; valid_to: string | null; checked_on: string | null;
  cases: number; dir: string;
  /** `sha256:` and the hex digest of its metadata and script, as every advice names it. */
  hash: string;
}

/** The JSON Schema of a situation, for form builders: `situation.schema.json` next to the
 *  module, loaded by the package's entry points (kept out of the module for its size budget). */
export function situationSchema(): Record<string, unknown>;

/** How the engine is doing (pkg/engine.js): the instance answering, whether a spare is ready, how
 *  often a trap restarted it (no input is known to cause one), and its memory and reference table
 *  size, which stay flat. */
export function engineStatus(): {
  instance: number; spareReady: boolean; restarts: number; memoryBytes: number; referenceSlots: number;
};

/** A municipality found by findMunicipalities(): with or without a rule set of its own. */
export interface MunicipalityHit {
  id: string; name: string; cbs_code: string; province: string | null; has_rule_set: boolean;
  /** The place (woonplaats) that matched, if the match was a place, or the former municipality
   *  that became (part of) this one. */
  place: string | null;
  /** When `place` is a former municipality: the first day it was part of this one (YYYY-MM-DD). */
  former_since: string | null;
}
"#;

static REGISTRY: Mutex<Option<Arc<Registry>>> = Mutex::new(None);
static TABLE: OnceLock<crate::municipalities::MunicipalityTable> = OnceLock::new();
static INDEX: OnceLock<Index> = OnceLock::new();

/// The rule sets the module knows: the bundled ones (the resident module: only the national
/// frame), compiled on first use, with the national municipality table and the index of published
/// rule sets if the package's entry point gave them, and every published rule set loaded since.
fn registry() -> Result<Arc<Registry>, JsValue> {
    let mut current = REGISTRY.lock().map_err(|_| poisoned())?;
    if let Some(registry) = current.as_ref() {
        return Ok(registry.clone());
    }
    let registry = Registry::bundled().map_err(|e| js_error(&e))?;
    let registry = Arc::new(registry.knowing(TABLE.get().cloned(), INDEX.get().cloned()));
    *current = Some(registry.clone());
    Ok(registry)
}

/// Replaces the registry with what `change` makes of it (a rule set loaded, one found missing).
fn change_registry(
    change: impl FnOnce(Registry) -> Result<Registry, Error>,
) -> Result<(), JsValue> {
    let changed = change(Registry::clone(&*registry()?)).map_err(|e| js_error(&e))?;
    *REGISTRY.lock().map_err(|_| poisoned())? = Some(Arc::new(changed));
    Ok(())
}

/// A panic while the registry was held: it cannot happen (the module aborts on panic), but the
/// lock's type says it could.
fn poisoned() -> JsValue {
    js_error(&Error::Internal {
        message: "the rule sets were left in an unknown state".into(),
    })
}

/// Whether the registry was built: the table and the index are given before that, or not at all.
fn started() -> bool {
    REGISTRY.lock().map(|r| r.is_some()).unwrap_or(true)
}

/// Gives the module the national municipality table (`municipalities.tsv` next to it), so every
/// municipality is known by name, CBS code and place. The package's entry points (`index.js`,
/// `node.js`) call it before anything else; afterwards it is refused, as the registry is built.
#[wasm_bindgen(js_name = setMunicipalityTable)]
pub fn set_municipality_table(
    #[wasm_bindgen(unchecked_param_type = "string")] tsv: JsValue,
) -> Result<(), JsValue> {
    let tsv = text_arg(&tsv, "tsv")?;
    let table =
        crate::municipalities::MunicipalityTable::from_tsv(&tsv).map_err(|e| js_error(&e))?;
    if started() || TABLE.set(table).is_err() {
        return Err(js_error(&Error::Internal {
            message: "the municipality table is set once, before the first call".into(),
        }));
    }
    Ok(())
}

/// Gives the module the index of published rule sets (`rules/index.json` next to it): their
/// municipalities are known at once, and each is loaded on demand with `addRuleSet`. Set once,
/// before the first call, like the municipality table.
#[wasm_bindgen(js_name = setRuleSetIndex)]
pub fn set_rule_set_index(
    #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
) -> Result<(), JsValue> {
    let index = Index::parse(&text_arg(&json, "index")?).map_err(|e| js_error(&e))?;
    if started() || INDEX.set(index).is_err() {
        return Err(js_error(&Error::Internal {
            message: "the rule set index is set once, before the first call".into(),
        }));
    }
    Ok(())
}

/// The files of a municipality's published rule set still to be loaded (`[]` when there are
/// none, they are loaded, or they were found unavailable), with the municipality's id.
#[wasm_bindgen(js_name = ruleSetFiles, unchecked_return_type = "{ id: string; files: { file: string; file_sha256: string }[] }")]
pub fn rule_set_files(
    #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
) -> Result<JsValue, JsValue> {
    let municipality = text_arg(&municipality, "municipality")?;
    let found = registry()?.files_to_load(&municipality);
    files_answer(found, |e| Some((&e.file, &e.file_sha256)))
}

/// `{ id, files }` for what `ruleSetFiles` or `caseFiles` found: of each index entry, the file
/// and hash `pick` names.
fn files_answer(
    found: crate::error::Result<(String, Vec<IndexEntry>)>,
    pick: impl Fn(&IndexEntry) -> Option<(&String, &String)>,
) -> Result<JsValue, JsValue> {
    let (id, entries) = found.map_err(|e| js_error(&e))?;
    let files = entries
        .iter()
        .filter_map(pick)
        .map(|(file, file_sha256)| FileToLoad { file, file_sha256 })
        .collect();
    to_js(&FilesToLoad { id: &id, files })
}

/// What `ruleSetFiles` answers.
#[derive(Serialize)]
struct FilesToLoad<'a> {
    id: &'a str,
    files: Vec<FileToLoad<'a>>,
}

/// One file of a published rule set, as the index names it.
#[derive(Serialize)]
struct FileToLoad<'a> {
    file: &'a str,
    file_sha256: &'a str,
}

/// Loads a published rule set file (its bytes, or its text) that the index names `file`: used
/// only once its bytes hash to the index's `file_sha256` (`rule_set_tampered` otherwise) and it
/// compiles.
#[wasm_bindgen(js_name = addRuleSet)]
pub fn add_rule_set(
    #[wasm_bindgen(unchecked_param_type = "string")] file: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] content: JsValue,
) -> Result<(), JsValue> {
    let file = text_arg(&file, "file")?;
    let bytes = bytes_arg(&content)?;
    change_registry(|r| r.with_published(&file, &bytes))
}

/// The cases files of a municipality's loaded rule set whose cases are not loaded yet, with its
/// id: the compare page runs a draft against the cases of the rule set it started from.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = caseFiles, unchecked_return_type = "{ id: string; files: { file: string; file_sha256: string }[] }")]
pub fn case_files(
    #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
) -> Result<JsValue, JsValue> {
    let municipality = text_arg(&municipality, "municipality")?;
    let found = registry()?.cases_to_load(&municipality);
    files_answer(found, |e| {
        e.cases_file.as_ref().zip(e.cases_file_sha256.as_ref())
    })
}

/// Loads a published cases file (its bytes, or its text) that the index names `file`, once its
/// bytes hash to the index's `cases_file_sha256`; its rule set must be loaded.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = addRuleSetCases)]
pub fn add_rule_set_cases(
    #[wasm_bindgen(unchecked_param_type = "string")] file: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] content: JsValue,
) -> Result<(), JsValue> {
    let file = text_arg(&file, "file")?;
    let bytes = bytes_arg(&content)?;
    change_registry(|r| r.with_published_cases(&file, &bytes))
}

/// The bytes of a `Uint8Array`, or of a string as UTF-8.
fn bytes_arg(content: &JsValue) -> Result<Vec<u8>, JsValue> {
    Ok(match content.dyn_ref::<js_sys::Uint8Array>() {
        Some(bytes) => bytes.to_vec(),
        None => text_arg(content, "content")?.into_bytes(),
    })
}

/// Tries a municipality's published rule set again after it was found unavailable: its files are
/// to be loaded once more (`ruleSetFiles`).
#[wasm_bindgen(js_name = ruleSetRetry)]
pub fn rule_set_retry(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<(), JsValue> {
    let id = text_arg(&id, "id")?;
    change_registry(|r| Ok(r.with_retry(&id)))
}

/// Records that a municipality's published rule set could not be fetched or loaded (`reason`,
/// and the loader's `code`: `rule_set_tampered` for a file that failed its check): its advice
/// comes from the national frame, with a notice saying so, and a strict advice is refused with
/// that code.
#[wasm_bindgen(js_name = ruleSetUnavailable)]
pub fn rule_set_unavailable(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] reason: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] code: JsValue,
) -> Result<(), JsValue> {
    let id = text_arg(&id, "id")?;
    let reason = text_arg(&reason, "reason")?;
    let why = match code.as_string().as_deref() {
        Some("rule_set_tampered") => Unusable::Tampered,
        _ => Unusable::Unreadable,
    };
    change_registry(|r| Ok(r.with_unavailable(&id, why, &reason)))
}

/// Options of `advise` and `adviseJson` (`{ strictDates: true }`), read by the core.
fn advise_options(options: &JsValue) -> Result<AdviseOptions, JsValue> {
    if options.is_undefined() {
        return Ok(AdviseOptions::default());
    }
    let options: serde_json::Value = from_js(options, |e| Error::input("options", e))?;
    api::advise_options(Some(&options)).map_err(|e| js_error(&e))
}

/// A JavaScript `Error` carrying the error's code and where it is.
fn js_error(e: &Error) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    set("code", e.code().into());
    if let Some(location) = e.location() {
        set("file", location.file.as_str().into());
        if let Some(line) = location.line {
            set("line", (line as u32).into());
        }
        if let Some(column) = location.column {
            set("column", (column as u32).into());
        }
    }
    if let Some(path) = e.path() {
        set("path", path.into());
    }
    match e {
        Error::LimitExceeded { limit, bound, .. } => {
            set("limit", limit.id().into());
            set("bound", (*bound as f64).into());
        }
        Error::UnknownMunicipality { suggestions, .. } => {
            let list = js_sys::Array::new();
            for id in suggestions {
                list.push(&JsValue::from_str(id));
            }
            set("suggestions", list.into());
        }
        Error::RuleSetNotLoaded { id, files } => {
            set("municipality", id.as_str().into());
            let list = js_sys::Array::new();
            for file in files {
                list.push(&JsValue::from_str(file));
            }
            set("files", list.into());
        }
        _ => {}
    }
    error.into()
}

/// Converts a result to a JavaScript value through JSON text: `JSON.parse` builds the objects
/// natively, several times faster than creating them one by one from Rust, and the values are
/// exactly the CLI's JSON output.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsValue> {
    let conversion_failed = |message: String| {
        js_error(&Error::Internal {
            message: format!("could not convert the result: {message}"),
        })
    };
    let json = serde_json::to_string(value).map_err(|e| conversion_failed(e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| conversion_failed("JSON.parse failed".into()))
}

// Reading a caller's value can throw (a cycle, a BigInt, a throwing getter or callback). An
// exception caught by wasm-bindgen's glue keeps a slot of its reference table (measured: 60,000
// such calls grew memory by 0.5 MB), so these helpers catch it in JavaScript and nothing throws
// across the boundary.
#[wasm_bindgen(inline_js = r#"
export function jsonOrUndefined(value) {
  try { return JSON.stringify(value); } catch { return undefined; }
}
export function callQuietly(callback, a, b) {
  try { callback(a, b); } catch { /* a progress callback must not stop the work */ }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = jsonOrUndefined)]
    fn json_or_undefined(value: &JsValue) -> Option<String>;
    #[cfg(feature = "comparisons")]
    #[wasm_bindgen(js_name = callQuietly)]
    fn call_quietly(callback: &js_sys::Function, a: u32, b: u32);
}

/// The JSON text of a JavaScript value (`JSON.stringify`), or `None` for a value JSON cannot hold
/// (undefined, a function, a BigInt, a cycle, a getter that throws).
fn json_text(value: &JsValue) -> Option<String> {
    json_or_undefined(value)
}

/// Reads a value from JavaScript through its JSON text, so values cross the boundary the same way
/// in both directions and no second serialisation library is needed in the module.
fn from_js<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    error: impl Fn(String) -> Error,
) -> Result<T, JsValue> {
    let text =
        json_text(value).ok_or_else(|| js_error(&error("it cannot be written as JSON".into())))?;
    serde_json::from_str(&text).map_err(|e| js_error(&error(e.to_string())))
}

/// Reads a situation from a JavaScript object through `JSON.stringify`, so the strict parser
/// reports the same errors, with the same JSON paths, as the CLI does for the same input.
fn situation_from_js(value: JsValue) -> Result<Situation, JsValue> {
    let not_an_object = || js_error(&Error::input("", "the situation must be a JSON object"));
    if !value.is_object() {
        return Err(not_an_object());
    }
    let json = json_text(&value).ok_or_else(not_an_object)?;
    Situation::from_json(&json).map_err(|e| js_error(&e))
}

/// The bundled municipalities (and the baseline), with CBS code and validity.
#[wasm_bindgen(unchecked_return_type = "MunicipalitySummary[]")]
pub fn municipalities() -> Result<JsValue, JsValue> {
    to_js(&registry()?.summaries())
}

/// The advice for a situation in a municipality, named by id, CBS code or name. A municipality
/// without a rule set gets the national frame, marked `coverage: "national_frame"`.
#[wasm_bindgen(unchecked_return_type = "Advice")]
pub fn advise(
    #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Situation")] situation: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ strictDates?: boolean } | undefined")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&advice_from_js(municipality, situation, options)?)
}

/// The follow-up facts whose answer can still change the advice for `situation` (the answers so
/// far), in the order a form asks them: what the resident page shows, and nothing more.
#[wasm_bindgen(unchecked_return_type = "{ fact: string; answered: boolean }[]")]
pub fn questions(
    #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Situation")] situation: JsValue,
) -> Result<JsValue, JsValue> {
    let municipality = &text_arg(&municipality, "municipality")?;
    let situation = situation_from_js(situation)?;
    let registry = registry()?;
    let asked = crate::api::questions(&registry, municipality, &situation, Default::default())
        .map_err(|e| js_error(&e))?;
    to_js(&asked)
}

/// The advice for `advise`'s arguments; one copy for `advise` and `terms`.
#[inline(never)]
fn advice_from_js(
    municipality: JsValue,
    situation: JsValue,
    options: JsValue,
) -> Result<crate::advice::Advice, JsValue> {
    let municipality = &text_arg(&municipality, "municipality")?;
    let options = advise_options(&options)?;
    let situation = situation_from_js(situation)?;
    let advice = registry()?
        .advise_with_options(municipality, &situation, options)
        .map_err(|e| js_error(&e))?;
    Ok(advice)
}

/// Municipalities whose name, place (woonplaats) or CBS code matches what a resident typed, best
/// first; `place` says which place matched. Empty when nothing matches.
#[wasm_bindgen(js_name = findMunicipalities, unchecked_return_type = "MunicipalityHit[]")]
pub fn find_municipalities(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | undefined")] limit: JsValue,
) -> Result<JsValue, JsValue> {
    let query = text_arg(&query, "query")?;
    let limit = match limit.as_f64() {
        None if limit.is_undefined() || limit.is_null() => 10,
        Some(n) if n >= 0.0 => n.min(MAX_HITS as f64) as usize,
        _ => {
            return Err(js_error(&Error::input(
                "limit",
                "expected a number of results, 0 or more",
            )))
        }
    };
    to_js(&registry()?.search(&query, limit))
}

/// Up to five municipalities whose names are close to what a resident typed, for a search that
/// found nothing ("zwole": Zwolle): the page asks "Bedoelt u …?".
#[wasm_bindgen(js_name = suggestMunicipalities, unchecked_return_type = "MunicipalityHit[]")]
pub fn suggest_municipalities(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
) -> Result<JsValue, JsValue> {
    let query = text_arg(&query, "query")?;
    to_js(&registry()?.suggest(&query))
}

/// The most hits `findMunicipalities` returns, whatever `limit` asks.
const MAX_HITS: usize = 400;

/// A string argument, checked before anything reaches the module's memory: a number, an object or
/// `undefined` passed where a string belongs is an `input` error, not a trap.
fn text_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| js_error(&Error::input(name, "expected a string")))
}

/// The same advice as `advise`, as JSON text from JSON text: for case systems that hold the
/// situation as text and store or forward the advice as text, it skips building JavaScript objects.
#[wasm_bindgen(js_name = adviseJson)]
pub fn advise_json(
    #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] situation: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ strictDates?: boolean } | undefined")]
    options: JsValue,
) -> Result<String, JsValue> {
    let municipality = &text_arg(&municipality, "municipality")?;
    let situation = text_arg(&situation, "situation")?;
    let options = advise_options(&options)?;
    let situation = Situation::from_json(&situation).map_err(|e| js_error(&e))?;
    let advice = registry()?
        .advise_with_options(municipality, &situation, options)
        .map_err(|e| js_error(&e))?;
    serde_json::to_string(&advice).map_err(|e| {
        js_error(&Error::Internal {
            message: format!("could not write the advice: {e}"),
        })
    })
}

/// One line of a JSON-lines batch, byte for byte what `toegang advise --jsonl` writes for it:
/// `{ json, failed }`, where `json` is the compact advice or `{"error":…,"line":N,"message":…}`.
/// Never throws for a bad line: a batch goes on.
#[wasm_bindgen(js_name = adviseLine, unchecked_return_type = "{ json: string; failed: boolean }")]
pub fn advise_line(
    #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] line: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ strictDates?: boolean } | undefined")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let municipality = &text_arg(&municipality, "municipality")?;
    let line = line
        .as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 1.0)
        .ok_or_else(|| js_error(&Error::input("line", "expected a line number, 1 or more")))?
        as usize;
    let options = advise_options(&options)?;
    let text = text
        .as_string()
        .ok_or_else(|| Error::input("", "expected a line of text"));
    let answer = registry()?.advise_line(municipality, text.as_deref(), line, options);
    to_js(&answer)
}

/// The needs a resident can ask about, with Dutch and English names, in form order.
#[wasm_bindgen(unchecked_return_type = "{ id: Need; name: Text }[]")]
pub fn needs() -> Result<JsValue, JsValue> {
    to_js(&api::needs())
}

/// The national catalogue of provisions.
#[wasm_bindgen(unchecked_return_type = "Provision[]")]
pub fn catalogue() -> Result<JsValue, JsValue> {
    to_js(&crate::catalogue::catalogue())
}

/// The words of the advice for this situation that a resident may not know, each explained once
/// with the card that uses it first: what the page shows under a card and `toegang advise
/// --format table` lists last. Takes what `advise` takes (reading an advice back would double the
/// module's size for its deserialisers).
#[wasm_bindgen(unchecked_return_type = "Term[]")]
pub fn terms(
    #[wasm_bindgen(unchecked_param_type = "string")] municipality: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Situation")] situation: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ strictDates?: boolean } | undefined")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&crate::advice::terms::terms(&advice_from_js(
        municipality,
        situation,
        options,
    )?))
}

/// The source of a bundled rule set (script text and metadata object): a starting point for a
/// draft.
#[wasm_bindgen(js_name = ruleSetSource, unchecked_return_type = "{ source: string; metadata: Metadata }")]
pub fn rule_set_source(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<JsValue, JsValue> {
    let id = &text_arg(&id, "id")?;
    to_js(&Draft::of_loaded(&*registry()?, id).map_err(|e| js_error(&e))?)
}

/// Compares municipalities: route shares, similarity and minimal examples. Runs on the calling
/// thread; a page runs it in a Web Worker to stay responsive. `onProgress(done, total)` is called
/// about a hundred times along the way. Not in the resident page's module (feature `comparisons`:
/// 36 KB gz of population, comparison and description code a resident never runs).
#[cfg(feature = "comparisons")]
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "string[]")] municipalities: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CompareOptions | undefined")] options: JsValue,
    #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "((done: number, total: number) => void) | undefined")]
    on_progress: JsValue,
) -> Result<JsValue, JsValue> {
    run_comparison(
        &municipalities,
        &options,
        on_progress,
        |comparison, ids, progress| comparison.run(ids, &progress),
    )
}

/// Runs a comparison with the arguments of `compare` and `compareReports`, calling `onProgress`;
/// `run` says what it answers (the comparison, or the comparison with its reports).
#[cfg(feature = "comparisons")]
fn run_comparison<T: Serialize>(
    municipalities: &JsValue,
    options: &JsValue,
    on_progress: JsValue,
    run: impl FnOnce(
        &api::PreparedComparison,
        &[String],
        &dyn Fn(usize) -> ControlFlow<()>,
    ) -> crate::error::Result<T>,
) -> Result<JsValue, JsValue> {
    let ids: Vec<String> = from_js(municipalities, |e| {
        Error::input("municipalities", format!("expected a list of ids: {e}"))
    })?;
    let options: CompareOptions = if options.is_undefined() || options.is_null() {
        CompareOptions::default()
    } else {
        from_js(options, |e| Error::input("options", e))?
    };
    let registry = registry()?;
    let comparison = options.prepare(&registry).map_err(|e| js_error(&e))?;
    let progress = Progress::new(on_progress, comparison.len());
    let answer = run(&comparison, &ids, &|done| {
        if done > 0 {
            progress.tick();
        }
        ControlFlow::Continue(())
    })
    .map_err(|e| js_error(&e))?;
    to_js(&answer)
}

/// Calls a JavaScript progress callback every hundredth of the work (wasm is single-threaded, so
/// a `Cell` counts).
#[cfg(feature = "comparisons")]
struct Progress {
    callback: Option<js_sys::Function>,
    done: std::cell::Cell<usize>,
    total: usize,
    every: usize,
}

#[cfg(feature = "comparisons")]
impl Progress {
    fn new(callback: JsValue, total: usize) -> Progress {
        Progress {
            callback: callback.dyn_into().ok(),
            done: std::cell::Cell::new(0),
            total,
            every: (total / 100).max(1),
        }
    }

    fn tick(&self) {
        let done = self.done.get() + 1;
        self.done.set(done);
        if let Some(callback) = &self.callback {
            if done % self.every == 0 || done == self.total {
                // A throwing callback must not stop the comparison.
                call_quietly(callback, done as u32, self.total as u32);
            }
        }
    }
}

/// A rule set compiled from source: a policy advisor's draft, tried in the browser.
#[wasm_bindgen]
pub struct RuleSet {
    compiled: CompiledRuleSet,
}

#[wasm_bindgen]
impl RuleSet {
    /// Compiles a rule script with its metadata (the content of a `ruleset.toml`, as an object);
    /// throws with line and column on script errors.
    pub fn compile(
        #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Metadata")] metadata: JsValue,
    ) -> Result<RuleSet, JsValue> {
        let source = &text_arg(&source, "source")?;
        let metadata: serde_json::Value = from_js(&metadata, |e| Error::RuleSetFile {
            file: "draft/ruleset.toml".into(),
            message: format!("the metadata is not an object: {e}"),
        })?;
        let draft = Draft {
            source: source.clone(),
            metadata,
        };
        let compiled = draft.compile().map_err(|e| js_error(&e))?;
        Ok(RuleSet { compiled })
    }

    /// The advice of this rule set (with the bundled baseline) for a situation.
    #[wasm_bindgen(unchecked_return_type = "Advice")]
    pub fn advise(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Situation")] situation: JsValue,
    ) -> Result<JsValue, JsValue> {
        let situation = situation_from_js(situation)?;
        let advice =
            crate::registry::advise_with(&self.compiled, registry()?.baseline(), &situation)
                .map_err(|e| js_error(&e))?;
        to_js(&advice)
    }

    /// The rule set's id from its metadata (`lansingerland`).
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.compiled.id().to_string()
    }
}

// The compare page's exports: only in the module built with the `authoring` feature
// (pkg/authoring.js), so the resident page's module stays within its size budget.

/// A draft from JavaScript (`{ source, metadata }`); a wrong shape is an `input` error.
#[cfg(feature = "authoring")]
fn draft_arg(draft: &JsValue) -> Result<Draft, JsValue> {
    from_js(draft, |e| Error::input("draft", e))
}

/// The same comparison as `compare`, with its CSV and HTML reports: byte for byte what
/// `toegang compare --format csv` and `--format html` write for the same choice.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = compareReports, unchecked_return_type = "ComparisonReports")]
pub fn compare_reports(
    #[wasm_bindgen(unchecked_param_type = "string[]")] municipalities: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CompareOptions | undefined")] options: JsValue,
    #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "((done: number, total: number) => void) | undefined")]
    on_progress: JsValue,
) -> Result<JsValue, JsValue> {
    run_comparison(
        &municipalities,
        &options,
        on_progress,
        |comparison, ids, progress| comparison.run_with_reports(ids, &progress),
    )
}

/// The rule behind a reason (`reason.source`, e.g. `rules/hardenberg/rules.rhai:18`): the lines of
/// the script that gave it and the sources they cite; `draft` resolves `draft/rules.rhai:N`.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = ruleBehind, unchecked_return_type = "RuleBehind")]
pub fn rule_behind(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Draft | undefined")] draft: JsValue,
) -> Result<JsValue, JsValue> {
    let source = text_arg(&source, "source")?;
    let draft = if draft.is_undefined() || draft.is_null() {
        None
    } else {
        Some(draft_arg(&draft)?)
    };
    to_js(&api::rule_behind(&*registry()?, draft.as_ref(), &source).map_err(|e| js_error(&e))?)
}

/// Runs the cases of the bundled rule set `base` against a draft that started from it.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = draftCases, unchecked_return_type = "CaseResult[]")]
pub fn draft_cases(
    #[wasm_bindgen(unchecked_param_type = "Draft")] draft: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] base: JsValue,
) -> Result<JsValue, JsValue> {
    with_draft_and_base(&draft, &base, Draft::run_cases)
}

/// A draft as a rule set folder (`ruleset.toml`, `rules.rhai`, `cases.toml`) that `toegang check`
/// accepts: the metadata and cases of the bundled rule set `base`, with the draft's script.
#[cfg(feature = "authoring")]
#[wasm_bindgen(js_name = draftFolder, unchecked_return_type = "RuleSetFolder")]
pub fn draft_folder(
    #[wasm_bindgen(unchecked_param_type = "Draft")] draft: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] base: JsValue,
) -> Result<JsValue, JsValue> {
    with_draft_and_base(&draft, &base, Draft::folder)
}

/// Reads a draft and the id of the bundled rule set it started from, and answers `work`'s result.
#[cfg(feature = "authoring")]
fn with_draft_and_base<T: Serialize>(
    draft: &JsValue,
    base: &JsValue,
    work: impl FnOnce(&Draft, &Registry, &str) -> crate::error::Result<T>,
) -> Result<JsValue, JsValue> {
    let base = text_arg(base, "base")?;
    let draft = draft_arg(draft)?;
    to_js(&work(&draft, &*registry()?, &base).map_err(|e| js_error(&e))?)
}
