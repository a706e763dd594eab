#!/usr/bin/env node
// For case systems: reads situations as JSON lines on stdin and writes one advice per line on
// stdout, byte for byte what `toegang advise --municipality ID --jsonl -` writes.
//
//   node examples/advise-jsonl.mjs lansingerland < situations.jsonl > advice.jsonl
//
// A line that fails becomes {"error": {...}, "line": N, "message": "..."}; the exit code is then 1.
//
// stdin is read as bytes and each line as the CLI reads it (src/api/input.rs, `line_text`): split
// only at "\n" and numbered from 1; a "\r" before the "\n" dropped; a line over 64 KiB (its "\r"
// counted) or not UTF-8 is that line's error, with the CLI's message; a blank line (Rust's
// whitespace) has no answer but keeps its number. (Node's readline would make U+FFFD of bad bytes
// and split at a lone "\r" too.) These byte checks are here, in JavaScript, because the same code
// in the wasm module would weigh 1.5 kB on its size budget; tests/js/package.test.mjs compares
// this example's lines with the CLI's byte for byte, bad bytes and long lines included. The text
// of a line is then advised by `adviseLine`, the same Rust code as the CLI's.
import { adviseLine } from "../pkg/node.js";

const municipality = process.argv[2];
if (!municipality) {
  console.error("usage: node examples/advise-jsonl.mjs MUNICIPALITY < situations.jsonl");
  process.exit(2);
}

const MAX_BYTES = 65536; // situation::MAX_INPUT_BYTES
const KEEP = MAX_BYTES + 1; // of a longer line only this much is kept: enough to call it too long
// Rust's `char::is_whitespace` (the Unicode White_Space property), which `str::trim` uses.
const BLANK = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }); // a BOM stays, as in Rust
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

let parts = []; // the bytes of the line being read, at most KEEP
let kept = 0;
let ended = false; // whether the line ended with "\n"
let lineNumber = 0;
let failed = 0;

function keep(bytes) {
  const piece = bytes.subarray(0, KEEP - kept);
  if (piece.length) parts.push(piece);
  kept += piece.length;
}

/** Where the bytes stop being UTF-8, as Rust's `Utf8Error::valid_up_to` says: the decoder puts
 *  U+FFFD where the first bad sequence starts, so the first byte that differs after encoding the
 *  decoded text again lies in that U+FFFD, whose first byte is the place. */
function validUpTo(bytes) {
  const again = new TextEncoder().encode(lenient.decode(bytes));
  let i = 0;
  while (i < bytes.length && bytes[i] === again[i]) i += 1;
  while (i > 0 && (again[i] & 0xc0) === 0x80) i -= 1;
  return i;
}

/** The line's text, or the CLI's error for it (src/api/input.rs). */
function lineText() {
  let bytes = Buffer.concat(parts, kept);
  if (bytes.length > MAX_BYTES) {
    return { error: `the situation is more than ${MAX_BYTES} bytes; at most ${MAX_BYTES} are accepted` };
  }
  if (ended && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, -1);
  try {
    return { text: strict.decode(bytes) };
  } catch {
    return { error: `not UTF-8 text (at byte ${validUpTo(bytes)}); save the file as UTF-8` };
  }
}

function answer() {
  lineNumber += 1;
  const line = lineText();
  parts = [];
  kept = 0;
  if (line.error !== undefined) {
    failed += 1;
    const error = { code: "input", message: line.error, path: "" };
    process.stdout.write(JSON.stringify({ error, line: lineNumber, message: line.error }) + "\n");
    return;
  }
  if (BLANK.test(line.text)) return;
  // Text in, text out, written by the same code as the CLI's: no objects are built for the
  // situation or the advice, and a bad situation gives the same error line.
  const answer = adviseLine(municipality, line.text, lineNumber);
  if (answer.failed) failed += 1;
  process.stdout.write(answer.json + "\n");
}

for await (const chunk of process.stdin) {
  let start = 0;
  for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
    keep(chunk.subarray(start, end)); // without its "\n"
    ended = true;
    answer();
    start = end + 1;
  }
  keep(chunk.subarray(start));
}
ended = false;
if (kept) answer(); // the last line, without "\n"
process.exitCode = failed ? 1 : 0;
