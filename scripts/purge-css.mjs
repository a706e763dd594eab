// Keeps only the NL Design System CSS the pages use: PurgeCSS reads the pages and their scripts
// for class names, and drops the rules (and the design tokens) nothing uses. The full library is
// 594 KB; a phone downloads and parses what remains.
//   node scripts/purge-css.mjs OUT_DIR VENDOR_CSS...
import { PurgeCSS } from "purgecss";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [outDir, ...vendor] = process.argv.slice(2);
const results = await new PurgeCSS().purge({
  content: ["www/*.html", "www/*.js"],
  // The pages' own CSS and the example theme are read too, so the tokens they use are kept.
  css: [...vendor, "www/style.css", "www/compare.css", "www/themes/voorbeeldgemeente.css"],
  keyframes: true,
  fontFace: true,
});
for (const result of results.filter((r) => vendor.includes(r.file))) {
  const out = join(outDir, basename(result.file));
  // Unchanged output keeps its date, so its compressed copies stay valid.
  if (!existsSync(out) || readFileSync(out, "utf8") !== result.css) writeFileSync(out, result.css);
}
