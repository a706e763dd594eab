// The API of the package as index.js and node.js export it (engine.js). The data types (Advice,
// Situation, Comparison, …) are generated from the Rust types into toegang.d.ts.
import type {
  Advice, CompareOptions, Comparison, Metadata, MunicipalityHit, MunicipalitySummary, Need, Provision, Situation, Term, Text,
} from "./toegang.js";

export type * from "./toegang.js";

/** A situation as the functions take it: the reference date as `YYYY-MM-DD` or a `Date` (read in
 *  the caller's own time zone). */
export type SituationInput = Omit<Situation, "reference_date"> & { reference_date: string | Date };

/** Compare options as `compare` takes them: listed situations may carry a `Date` too. */
export type CompareInput = Omit<CompareOptions, "situations"> & { situations?: SituationInput[] };

/** `{ strictDates: true }` refuses a date outside the period the rules were checked for. */
export interface AdviseOptions {
  strictDates?: boolean;
}

/**
 * Loads a municipality's published rule set (rules/ next to the module) before `advise`: fetched,
 * checked against the index's SHA-256, compiled. In the browser call it once per municipality
 * (`advise` for a municipality not loaded throws `rule_set_not_loaded`); in Node the package loads
 * it itself on first use. Resolves `unavailable: null` when the rules are in use (or the
 * municipality has none of its own); otherwise why not, and its advice comes from the national
 * frame with the notice `rules_unavailable`; `{ retry: true }` fetches a file that could not be
 * fetched before once more. Rejects only for an unknown municipality.
 */
export function loadMunicipality(municipality: string, options?: { retry?: boolean }): Promise<{ id: string; unavailable: { code: string; message: string } | null }>;
/** The files of a municipality's published rule set not loaded yet, with its id. */
export function ruleSetFiles(municipality: string): { id: string; files: { file: string; file_sha256: string }[] };

/** The advice for a situation in a municipality, named by id, CBS code or name. */
export function advise(municipality: string, situation: SituationInput, options?: AdviseOptions): Advice;
/** The follow-up facts whose answer can still change the advice for `situation` (the answers so
 *  far), in the order a form asks them: each fact tried with every answer a form offers, the rest
 *  held. The same list as `toegang questions` and `POST /v1/municipalities/{id}/questions`. */
export function questions(municipality: string, situation: SituationInput): { fact: string; answered: boolean }[];
/** The same advice as JSON text from JSON text. */
export function adviseJson(municipality: string, situation: string, options?: AdviseOptions): string;
/** One line of a JSON-lines batch, exactly as `toegang advise --jsonl` writes it; never throws for a bad line. */
export function adviseLine(municipality: string, text: string, line: number, options?: AdviseOptions): { json: string; failed: boolean };
/** Compares municipalities; `onProgress(done, total)` is called about a hundred times. */
export function compare(municipalities: string[], options?: CompareInput, onProgress?: (done: number, total: number) => void): Comparison;
/** Municipalities whose name, place or code matches what a resident typed, best first. */
export function findMunicipalities(query: string, limit?: number): MunicipalityHit[];
/** Up to five municipalities close to what was typed, for a search that found nothing ("zwole"). */
export function suggestMunicipalities(query: string): MunicipalityHit[];
/** The rule sets with CBS code and validity: the national frame, and every municipality's
 *  published rule set, loaded or not. */
export function municipalities(): MunicipalitySummary[];
/** The words of that advice a resident may not know ("zorgkantoor", a party's name), each explained
 *  once, with the provision whose card uses it first; takes what `advise` takes. */
export function terms(municipality: string, situation: SituationInput, options?: AdviseOptions): Term[];

/** The needs a resident can ask about, in form order. */
export function needs(): { id: Need; name: Text }[];
/** The national catalogue of provisions. */
export function catalogue(): Provision[];
/** The source of a bundled rule set: a starting point for a draft. */
export function ruleSetSource(id: string): { source: string; metadata: Metadata };
/** The JSON Schema of a situation (a fresh copy on every call). */
export function situationSchema(): Record<string, unknown>;
/** How the engine is doing: the instance answering, restarts after a trap, memory and references. */
export function engineStatus(): { instance: number; spareReady: boolean; restarts: number; memoryBytes: number; referenceSlots: number };
/** Given by the package's entry points before the first call; refused afterwards. */
export function setMunicipalityTable(tsv: string): void;

/** A rule set compiled from source (a draft), advising with the bundled baseline. */
export class RuleSet {
  private constructor();
  /** Compiles a rule script with its metadata; throws with line and column on script errors. */
  static compile(source: string, metadata: Metadata): RuleSet;
  advise(situation: SituationInput): Advice;
  readonly id: string;
  free(): void;
}
