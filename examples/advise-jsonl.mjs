#!/usr/bin/env node
// For case systems: reads situations as JSON lines on stdin and writes one advice per line on
// stdout, byte for byte what `toegang advise --municipality ID --jsonl -` writes.
//
//   node examples/advise-jsonl.mjs lansingerland < situations.jsonl > advice.jsonl
//
// A line that fails becomes {"error": {...}, "line": N, "message": "..."}; the exit code is then 1.
import { createInterface } from "node:readline";
import { adviseLine } from "../pkg/node.js";

const municipality = process.argv[2];
if (!municipality) {
  console.error("usage: node examples/advise-jsonl.mjs MUNICIPALITY < situations.jsonl");
  process.exit(2);
}

let lineNumber = 0;
let failed = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  lineNumber += 1;
  if (!line.trim()) continue;
  // Text in, text out, written by the same code as the CLI's: no objects are built for the
  // situation or the advice, and a bad line gives the same error line.
  const answer = adviseLine(municipality, line, lineNumber);
  if (answer.failed) failed += 1;
  process.stdout.write(answer.json + "\n");
}
process.exitCode = failed ? 1 : 0;
