// Runs a comparison off the main thread, so the compare page stays responsive. Messages in:
// { municipalities, population, seed, draft?, base? }; out: { progress: [done, total] }, then
// { report, csv, html, cases, ms } or { error: { message, code, file, line, column } }.
// `cases` are the cases of the rule set the draft started from (`base`), run against the draft.
import { compareReports, draftCases } from "../pkg/authoring.js";

self.onmessage = ({ data }) => {
  const { municipalities, population, seed, draft, base } = data;
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
