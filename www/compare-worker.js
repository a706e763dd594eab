// Runs a comparison off the main thread, so the compare page stays responsive. Messages in:
// { municipalities, population, seed, draft?, base? }; out: { progress: [done, total] }, then
// { report, csv, html, cases, ms } or { error: { message, code, file, line, column } }.
// `cases` are the cases of the rule set the draft started from (`base`), run against the draft.
// Only the rule sets compared are fetched (each a verified file of its own), and the base's cases.
import { compareReports, draftCases, loadCases, loadMunicipality } from "../pkg/authoring.js";

/** Loads the rule sets compared; one that cannot be had stops the comparison, saying which. */
async function loadCompared(municipalities, draft, base) {
  const ids = municipalities.filter((id) => id !== draft?.metadata?.id);
  const loaded = await Promise.all([...ids, ...(base ? [base] : [])].map(loadMunicipality));
  const missing = loaded.find((l) => l.unavailable);
  if (missing) {
    const error = new Error(`${missing.id}: ${missing.unavailable.message}`);
    error.code = missing.unavailable.code;
    throw error;
  }
  if (draft && base) await loadCases(base);
}

self.onmessage = async ({ data }) => {
  const { municipalities, population, seed, draft, base } = data;
  try {
    await loadCompared(municipalities, draft, base);
  } catch (e) {
    self.postMessage({ error: { message: e.message, code: e.code } });
    return;
  }
  const start = performance.now();
  try {
    const { report, csv, html } = compareReports(municipalities, { population, seed, ...(draft && { draft }) }, (done, total) =>
      self.postMessage({ progress: [done, total] }));
    const ms = performance.now() - start;
    const cases = draft && base ? draftCases(draft, base) : null;
    self.postMessage({ report, csv, html, cases, ms });
  } catch (e) {
    self.postMessage({ error: { message: e.message, code: e.code, file: e.file, line: e.line, column: e.column } });
  }
};
self.postMessage({ ready: true });
