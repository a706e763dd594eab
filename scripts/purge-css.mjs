// Keeps only the NL Design System CSS the pages use, in one file (one request on a slow phone):
// PurgeCSS reads the pages and their scripts for class names, and drops the rules nothing uses.
// The full library is 594 KB; a phone downloads and parses what remains. (PurgeCSS's `variables`
// option would also drop design tokens, but it drops ones the buttons still read: left off.)
//   node scripts/purge-css.mjs OUT_FILE VENDOR_CSS...
import { PurgeCSS } from "purgecss";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const [out, ...vendor] = process.argv.slice(2);
const results = await new PurgeCSS().purge({
  content: ["www/*.html", "www/*.js"],
  // The pages' own CSS and the example theme are read too, so the tokens they use are kept.
  css: [...vendor, "www/style.css", "www/compare.css", "www/themes/voorbeeldgemeente.css"],
  keyframes: true,
  fontFace: true,
});
const css = vendor.map((file) => results.find((r) => r.file === file).css).join("\n");
// Unchanged output keeps its date, so its compressed copies stay valid.
if (!existsSync(out) || readFileSync(out, "utf8") !== css) writeFileSync(out, css);
