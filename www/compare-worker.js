// Runs a comparison off the main thread, so the compare page stays responsive. Messages in:
// { municipalities, population, seed, draft? }; out: { progress: [done, total] }, then
// { report, ms } or { error: { message, code, file, line, column } }.
import { compare } from "../pkg/index.js";

self.onmessage = ({ data }) => {
  const { municipalities, population, seed, draft } = data;
  const start = performance.now();
  try {
    const report = compare(municipalities, { population, seed, ...(draft && { draft }) }, (done, total) =>
      self.postMessage({ progress: [done, total] }));
    self.postMessage({ report, ms: performance.now() - start });
  } catch (e) {
    self.postMessage({ error: { message: e.message, code: e.code, file: e.file, line: e.line, column: e.column } });
  }
};
self.postMessage({ ready: true });
